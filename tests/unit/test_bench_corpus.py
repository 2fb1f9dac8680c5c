"""The benchmark's synthetic corpus: valid, varied, sized, with the asked share of reprints."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.corpus import CorpusSpec, encode_records, generate, load_seeds, scale_figures
from schemas.article import IngestMeta
from schemas.codec import decode_article

INGEST = IngestMeta(topic="t", partition=0, offset=0, timestamp=datetime(2018, 1, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def records() -> list[dict[str, str]]:
    return generate(CorpusSpec(400))


def test_seeds_cover_both_languages() -> None:
    languages = Counter(seed.language for seed in load_seeds())
    assert languages["ar"] >= 10
    assert languages["en"] >= 5


def test_every_record_is_a_valid_article_with_a_unique_id(records: list[dict[str, str]]) -> None:
    ids = [decode_article(raw, INGEST).article.id for raw in encode_records(records)]
    assert len(set(ids)) == len(records)


def test_bodies_stay_within_the_asked_sizes(records: list[dict[str, str]]) -> None:
    originals = {r["body"] for r in records}
    sizes = [len(body.encode("utf-8")) for body in originals]
    assert max(sizes) <= 8192
    # Trimmed reprints are three quarters of an original of at least 1 KB.
    assert min(sizes) >= 1024 * 3 // 4 - 200


def test_about_a_tenth_are_reprints() -> None:
    bodies = [r["body"] for r in generate(CorpusSpec(1000))]
    exact = len(bodies) - len(set(bodies))
    trimmed = sum(
        1
        for i, body in enumerate(bodies)
        if any(other != body and other.startswith(body) for other in bodies[:i])
    )
    assert 0.07 <= (exact + trimmed) / len(bodies) <= 0.13


def test_languages_follow_the_asked_share() -> None:
    arabic = generate(CorpusSpec(200, arabic_share=1.0))
    mixed = Counter(r["language"] for r in generate(CorpusSpec(400)))
    assert {r["language"] for r in arabic} == {"ar"}
    assert 0.35 <= mixed["ar"] / 400 <= 0.65


def test_the_same_seed_gives_the_same_corpus() -> None:
    assert generate(CorpusSpec(50)) == generate(CorpusSpec(50))
    assert generate(CorpusSpec(50)) != generate(CorpusSpec(50, seed=10))


@pytest.mark.parametrize(
    ("text", "factor", "expected"),
    [
        ("about 30,000 fighters", 1.5, "about 45,000 fighters"),
        ("592 dead", 0.5, "300 dead"),
        ("in 2017 and 1998", 3.0, "in 2017 and 1998"),
        ("3 days, 7 people", 10.0, "3 days, 7 people"),
        ("25 killed", 0.1, "10 killed"),
    ],
)
def test_scale_figures(text: str, factor: float, expected: str) -> None:
    assert scale_figures(text, factor) == expected


@given(
    st.lists(
        st.one_of(st.integers(0, 10**7).map(str), st.sampled_from(["قتيلا ", " people ", " "]))
    ),
    st.floats(0.5, 1.6),
)
def test_scaling_changes_only_figures(parts: list[str], factor: float) -> None:
    text = " ".join(parts)
    scaled = scale_figures(text, factor)
    assert re.sub(r"[\d,]", "", scaled) == re.sub(r"[\d,]", "", text)
    assert len(re.findall(r"\d+", scaled)) == len(re.findall(r"\d+", text))
