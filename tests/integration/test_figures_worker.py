"""The worker's figures stage over the real broker: retention of figure histories."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from schemas.claim import Claim, ClaimBatch
from schemas.codec import encode
from tests.integration.test_dedup_worker import send_to_partitions, table_entries
from tests.support.worker import FigwatchDeployment, WorkerProcess

pytestmark = pytest.mark.kafka

DAY1 = datetime(2018, 1, 1, tzinfo=UTC)
EVIDENCE = "Officials said the toll had reached a new figure."
PROCESSED = re.compile(r'^figwatch_stage_seconds_count\{stage="figures"\} ([0-9.]+)$', re.M)


def claim(key: str, article: str, published: datetime, value: int) -> Claim:
    return Claim(
        claim_id=f"{article}:0",
        article_id=article,
        source=f"outlet-{article}",
        language="en",
        published_at=published,
        value_low=value,
        value_high=value,
        qualifier="exact",
        surface=str(value),
        evidence=f"{EVIDENCE} ({article})",
        evidence_start=0,
        evidence_end=len(EVIDENCE) + len(article) + 3,
        metric_key=key,
        label=f"people killed ({key})",
        concept="person",
        value_start=0,
        value_end=3,
        story_key=f"flood|{key}",
        story_label=f"flood in {key}",
    )


def record(one: Claim) -> bytes:
    """A claims-topic record holding one claim."""
    return encode(ClaimBatch(claims=[one]))


def wait_processed(worker: WorkerProcess, count: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = PROCESSED.search(worker.metrics())
        if found and float(found.group(1)) >= count:
            return
        time.sleep(0.5)
    raise TimeoutError(f"the figures stage did not process {count} claims:\n{worker.log()}")


def test_figures_not_reported_within_the_window_leave_the_figures_table(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    deployment = FigwatchDeployment(kafka_bootstrap, partitions=4)
    deployment.create_topics()
    worker = WorkerProcess(deployment, tmp_path / "worker", {"FIGWATCH_FIGURE_RETENTION_DAYS": "1"})
    worker.start()
    hour = timedelta(hours=1)
    # One partition, in this order: each new event hour sweeps the partition, with the window
    # ending at that hour, before its claim is tracked. "stale" leaves when "m2" arrives; the
    # first report of "mixed" leaves when "f1" arrives.
    claims = [
        claim("stale", "s1", DAY1, 100),
        claim("mixed", "m1", DAY1 + 12 * hour, 100),
        claim("mixed", "m2", DAY1 + 30 * hour, 150),
        claim("fresh", "f1", DAY1 + 42 * hour, 40),
    ]
    send_to_partitions(
        kafka_bootstrap, deployment.topic("claims"), [(record(c), 0) for c in claims]
    )
    wait_processed(worker, len(claims))
    # A late report of the forgotten figure would rebuild it: it is logged and not tracked.
    send_to_partitions(
        kafka_bootstrap, deployment.topic("claims"), [(record(claim("stale", "s2", DAY1, 90)), 0)]
    )
    wait_processed(worker, len(claims) + 1)
    assert 'figwatch_table_entries{table="figures"}' in worker.metrics()
    worker.stop()

    histories = table_entries(worker.data_dir, "figures")
    assert set(histories) == {"mixed", "fresh"}
    assert [o["article_id"] for o in histories["mixed"]["observations"]] == ["m2"]
    assert histories["mixed"]["evicted"] == 1
    assert '"state_expired"' in worker.log()
    assert '"reason": "past_retention"' in worker.log()
