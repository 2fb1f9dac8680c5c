"""Hostile text never breaks the normalizer or the extractor, and offsets always slice the body."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.article import Article
from streams.claims.extract import extract_claims
from streams.text.normalize import normalize

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200d"
NEWS_WORDS = [
    "قتل", "شخصا", "على الأقل", "نحو", "ألف", "آلاف", "مليون", "الزلزال", "في", "سوريا",
    "داعش", "مقاتل", "أجنبي", "انضموا", "killed", "at least", "about", "people", "thousand",
    "million", "earthquake", "in", "Algeria", "ISIS", "fighters", "joined", "up to", "between",
    "and", "more than", "%", "$", "-", "–", ",", ".", "،", "؟", "\n",
]  # fmt: skip
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**15).map(str),
    st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:,}"),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳,.٫٬", min_size=1, max_size=40),
)
TOKENS = st.one_of(
    st.sampled_from(NEWS_WORDS),
    NUMBERS,
    st.text(alphabet=BIDI, min_size=1, max_size=3),
    st.text(max_size=8),
)
NOISE = st.text(alphabet=BIDI + "ـًٌٍَُِّْ😀中αб", max_size=3)
# Figure sentences with noise between the words, so that most examples do raise claims.
CLAIM_LIKE = st.tuples(
    st.sampled_from(["", "at least", "about", "up to", "نحو", "ما لا يقل عن", "أكثر من"]),
    NUMBERS,
    st.sampled_from(["", "thousand", "million", "ألف", "آلاف", "مليون"]),
    st.sampled_from(["people were killed", "fighters joined ISIS", "شخصا قتلوا", "مقاتل انضموا"]),
    st.sampled_from(["in the earthquake in Algeria", "في سوريا", "في الزلزال", ""]),
    NOISE,
    NOISE,
).map(lambda p: f"{p[0]}{p[5]} {p[1]} {p[2]}{p[6]} {p[3]} {p[4]}.")
HOSTILE_TEXT = st.lists(st.one_of(CLAIM_LIKE, TOKENS), min_size=1, max_size=40).map(" ".join)
BODIES = st.one_of(HOSTILE_TEXT, st.text(min_size=1, max_size=400))


def _article(body: str, language: str) -> Article | None:
    # Bodies the schema rejects (blank, NUL, lone surrogates) never reach the extractor.
    try:
        return Article.model_validate(
            {
                "source": "s",
                "body": body,
                "language": language,
                "published_at": datetime(2020, 1, 1, tzinfo=UTC),
            }
        )
    except ValueError:
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=BODIES, language=st.sampled_from(["ar", "en", "und"]))
def test_claim_offsets_slice_the_original_body(body: str, language: str) -> None:
    article = _article(body, language)
    if article is None:
        return
    for claim in extract_claims(article):
        assert article.body[claim.evidence_start : claim.evidence_end] == claim.evidence
        assert article.body[claim.value_start : claim.value_end] == claim.surface
        assert claim.evidence_start <= claim.value_start <= claim.value_end <= claim.evidence_end


@settings(max_examples=300, deadline=None)
@given(text=BODIES)
def test_normalized_spans_stay_inside_the_original(text: str) -> None:
    normalized = normalize(text)
    assert normalized.original == text
    size = len(normalized.text)
    for start, end in ((0, size), (0, size // 2), (size // 3, size)):
        begin, finish = normalized.span(start, end)
        assert 0 <= begin <= finish <= len(text)
        assert normalized.slice(start, end) == text[begin:finish]


@pytest.mark.parametrize(
    "body",
    [
        "9" * 100_000,
        "قتل " + "٩" * 100_000 + " شخصا",
        ("1," * 50_000) + "000 people were killed",
        BIDI * 5_000 + " 40 ألف مقاتل",
        "ألف " * 20_000,
        "between 1 and 2 " * 5_000,
    ],
    ids=["digits", "arabic_digits", "thousands_commas", "bidi", "scale_words", "ranges"],
)
def test_pathological_bodies_complete_and_keep_offsets(body: str) -> None:
    article = _article(body, "und")
    assert article is not None
    for claim in extract_claims(article):
        assert body[claim.evidence_start : claim.evidence_end] == claim.evidence
