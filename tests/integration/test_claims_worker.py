"""Claims through the real broker: the worker extracts what the embedded pipeline extracts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemas.claim import Claim, ClaimBatch
from schemas.codec import decode
from streams.figures.routing import figures_key
from streams.ingest.files import read_records
from tests.conftest import SHARED_SEEDS
from tests.integration.test_dedup_worker import key_partition
from tests.support.worker import FigwatchDeployment, WorkerProcess

pytestmark = [
    pytest.mark.kafka,
    pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside the repo"),
]


@pytest.fixture
def worker(kafka_bootstrap: str, tmp_path: Path) -> Iterator[WorkerProcess]:
    deployment = FigwatchDeployment(kafka_bootstrap)
    deployment.create_topics()
    process = WorkerProcess(deployment, tmp_path / "worker")
    process.start()
    yield process
    process.stop()


def test_worker_extracts_the_seed_figures_onto_shared_metric_keys(
    worker: WorkerProcess, produce, consume_all
) -> None:
    records = [r.data for r in read_records([SHARED_SEEDS]) if r.data is not None]
    assert len(records) == 5
    deployment = worker.deployment
    produce(
        deployment.topic("articles"),
        [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in records],
    )
    unique = consume_all(deployment.topic("unique"), count=5, timeout=120)
    assert len(unique) == 5, "000 and 004 are different write-ups, both unique"

    consumed = consume_all(deployment.topic("claims"), timeout=60)
    batches = [decode(ClaimBatch, record.value) for record in consumed]
    # One record per figures partition of a batch of articles: its claims' keys hash there.
    assert all(
        key_partition(figures_key(c.metric_key)) == record.partition
        for record, batch in zip(consumed, batches, strict=True)
        for c in batch.claims
    )
    claims = [c for batch in batches for c in batch.claims]

    def find(value: float, qualifier: str) -> list[Claim]:
        return [c for c in claims if c.value_low == value and c.qualifier == qualifier]

    [at_most_30k] = find(30_000, "at_most")
    [about_40k] = find(40_000, "approximately")
    assert at_most_30k.metric_key == about_40k.metric_key
    assert at_most_30k.concept == "foreign_fighter"

    ranges = [c for c in claims if (c.value_low, c.value_high) == (20_000, 30_000)]
    assert len({c.article_id for c in ranges}) == 2
    assert len({c.metric_key for c in ranges}) == 1
    assert {c.predicate for c in find(1_500, "approximately") + find(550, "exact")} == {"returned"}

    years_durations_ages = {2013, 2014, 2015, 2016, 2017, 2018, 2019, 2024, 7, 15, 46}
    assert not [c.surface for c in claims if c.value_low in years_durations_ages]
    assert not [c.surface for c in claims if c.value_low == 18 and "إف-18" in c.evidence]
    for claim in claims:
        body = next(r["body"] for r in records if claim.title == r["title"])
        assert body[claim.evidence_start : claim.evidence_end] == claim.evidence
