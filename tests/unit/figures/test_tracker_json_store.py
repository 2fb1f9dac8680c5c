"""A JSON-backed figure tracker (the worker's) gives what the embedded models one gives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bench.corpus import CorpusSpec, encode_records, generate
from bench.embedded import JsonStore
from schemas.article import IngestMeta
from schemas.claim import Claim
from schemas.codec import decode_article
from streams.claims.extract import extract_claims
from streams.figures.rules import ChangeRules
from streams.figures.tracker import FigureTracker
from streams.pipeline import claims_of

INGEST = IngestMeta(topic="t", partition=0, offset=0, timestamp=datetime(2018, 1, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def claims() -> list[Claim]:
    raws = encode_records(generate(CorpusSpec(60, seed=3)))
    return [c for raw in raws for c in claims_of(decode_article(raw, INGEST), extract_claims)]


def test_json_store_gives_the_same_alerts_and_histories(claims: list[Claim]) -> None:
    rules = ChangeRules(max_observations=20)
    models = FigureTracker(rules)
    stored = FigureTracker(rules, JsonStore(), as_json=True)
    for claim in claims:
        assert stored.observe(claim) == models.observe(claim)
    assert stored.store.keys() == models.store.keys()
    for key, history in models.store.items():
        assert stored.store[key] == history.model_dump(mode="json")
        assert stored.history(key) == history


def test_a_value_changed_by_another_writer_is_read_again(claims: list[Claim]) -> None:
    rules = ChangeRules()
    store = JsonStore()
    tracker = FigureTracker(rules, store, as_json=True)
    tracker.observe(claims[0])
    key = claims[0].metric_key
    # Another worker that owned the partition meanwhile wrote its own history for the key.
    other = FigureTracker(rules, store, as_json=True)
    other.observe(claims[0].model_copy(update={"claim_id": "other-claim"}))
    history = tracker.history(key)
    assert history is not None
    assert {o.claim_id for o in history.observations} == {claims[0].claim_id, "other-claim"}
