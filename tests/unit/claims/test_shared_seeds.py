"""The extractor over the project's real seed articles: the figures their manifest names."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from schemas.article import Article
from schemas.claim import Claim

SEEDS = Path(__file__).parents[3].parent / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not (SEEDS / "manifest.json").exists(), reason="no seeds")


@pytest.fixture(scope="module")
def claims() -> dict[str, list[Claim]]:
    from streams.claims.extract import extract_claims

    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    found = {}
    for entry in manifest["articles"]:
        title, _, body = (SEEDS / entry["file"]).read_text(encoding="utf-8").partition("\n")
        article = Article(
            source=entry["source"],
            title=title,
            body=body,
            language=entry["language"],
            published_at=datetime.fromisoformat(entry["published_at"].replace("Z", "+00:00")),
        )
        found[entry["file"][:3]] = extract_claims(article)
    return found


def _one(claims: list[Claim], low: float, high: float | None = None) -> Claim:
    matching = [c for c in claims if c.value_low == low and c.value_high == (high or low)]
    assert matching, f"no claim of {low}-{high or low}"
    return matching[0]


def test_at_most_30000_and_about_40000_foreign_fighters_share_one_key(claims: dict) -> None:
    up_to = _one(claims["001"], 30000)
    about = _one(claims["000"], 40000)
    assert (up_to.qualifier, about.qualifier) == ("at_most", "approximately")
    assert up_to.concept == "foreign_fighter"
    assert up_to.metric_key == about.metric_key


def test_bribes_of_20000_to_30000_dollars_share_one_key_in_both_reports(claims: dict) -> None:
    first = _one(claims["000"], 20000, 30000)
    second = _one(claims["004"], 20000, 30000)
    assert first.concept == second.concept == "usd"
    assert first.unit == "USD"
    assert first.metric_key == second.metric_key


def test_returned_figures_are_found(claims: dict) -> None:
    assert _one(claims["000"], 1500).predicate == "returned"
    assert _one(claims["002"], 550).predicate == "returned"


def test_more_than_a_thousand_joined_the_sdf(claims: dict) -> None:
    joined = [c for c in claims["002"] if c.value_low == 1000 and c.group == "sdf"]
    assert joined and joined[0].predicate == "joined"


def test_killed_cumulative_is_apart_from_killed_in_one_strike(claims: dict) -> None:
    cumulative = _one(claims["001"], 25000)
    strike = _one(claims["000"], 150)
    assert cumulative.predicate == strike.predicate == "killed"
    assert cumulative.metric_key != strike.metric_key


def test_british_european_and_all_foreign_fighters_have_different_keys(claims: dict) -> None:
    british = _one(claims["001"], 850)
    european = _one(claims["000"], 5000)
    foreign = _one(claims["001"], 30000)
    assert british.concept == "british_fighter"
    assert len({british.metric_key, european.metric_key, foreign.metric_key}) == 3


@pytest.mark.parametrize(("seed", "value"), [("001", 7), ("001", 15), ("001", 46), ("000", 18)])
def test_durations_ages_and_model_names_are_not_claims(
    claims: dict, seed: str, value: float
) -> None:
    assert not [c for c in claims[seed] if c.value_low == value and c.value_high == value]


def test_years_are_not_claims(claims: dict) -> None:
    every = [c for found in claims.values() for c in found]
    assert not [c for c in every if 1900 <= c.value_low <= 2100 and c.qualifier == "exact"]
