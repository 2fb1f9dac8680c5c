"""One feed through the real worker and through ``figwatch replay``: the same outcome.

``tests/data/parity/feed.jsonl`` holds English and Arabic reports of two tolls that change,
an exact copy, a near copy, a resend, an update (the same id with a new body), a report that
arrives out of order, one dated in 2999, a copy after it, a record without a body and one of
broken JSON, then a clock move past the dedup window (a reprint of an expired article is new
again) and a report older than the figures window (late: never tracked). The worker (one
partition, so it meets the records in the file's order) and ``figwatch replay --order input``
run with the same windows; each record's verdict (by its place in the feed, which is its
Kafka offset and its replay sequence), the claims and the alerts (by id) must agree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from tests.conftest import REPO
from tests.integration.test_figures_worker import wait_processed
from tests.support.worker import FigwatchDeployment, WorkerProcess

pytestmark = pytest.mark.kafka

FEED = REPO / "tests" / "data" / "parity" / "feed.jsonl"
WINDOWS = {"FIGWATCH_RETENTION_DAYS": "2", "FIGWATCH_FIGURE_RETENTION_DAYS": "4"}
AFTER_FAR_FUTURE = 10
"""The feed's place of ``ar-2-reprint``, an exact copy sent right after the article of 2999."""

Verdict = tuple[str, str | None]
"""``unique``, a duplicate kind or ``invalid``; with the original's id or the error kind."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one deployment made of the feed."""

    verdicts: dict[int, Verdict]
    claims: dict[str, tuple[Any, ...]]
    alerts: dict[str, tuple[str, str, str]]


def _claim(data: dict[str, Any]) -> tuple[Any, ...]:
    # A date out of range counts at the ingest time: the worker's Kafka timestamp, the
    # replay's read time. The stated date is kept and compared.
    stated = data["published_at_out_of_range"]
    published = None if stated else data["published_at"]
    fields = ("article_id", "metric_key", "value_low", "value_high", "qualifier")
    return (*(data[name] for name in fields), published, stated)


def _alert(data: dict[str, Any]) -> tuple[str, str, str]:
    return data["kind"], data["metric_key"], data["summary"]


def _lines() -> list[bytes]:
    return FEED.read_bytes().splitlines()


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _replayed(out: Path) -> Outcome:
    paths = {name: out / f"{name}.jsonl" for name in ("alerts", "claims", "dups", "dead")}
    env = {**os.environ, **WINDOWS, "FIGWATCH_LOG_LEVEL": "WARNING"}
    outputs = {
        "--alerts-out": paths["alerts"],
        "--claims-out": paths["claims"],
        "--duplicates-out": paths["dups"],
        "--dead-letters-out": paths["dead"],
    }
    options = [part for option, path in outputs.items() for part in (option, str(path))]
    done = subprocess.run(
        [sys.executable, "-m", "streams", "replay", str(FEED), "--order", "input", *options],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    verdicts: dict[int, Verdict] = {}
    # A dead letter of a .jsonl file names its line; the replay numbers records from 0.
    for letter in _read(paths["dead"]):
        verdicts[letter["offset"] - 1] = ("invalid", letter["error_kind"])
    for record in _read(paths["dups"]):
        verdicts[record["ingest_offset"]] = (record["kind"], record["duplicate_of"])
    for place in range(len(_lines())):
        verdicts.setdefault(place, ("unique", None))
    return Outcome(
        verdicts,
        {c["claim_id"]: _claim(c) for c in _read(paths["claims"])},
        {a["alert_id"]: _alert(a) for a in _read(paths["alerts"])},
    )


def _consume(bootstrap: str, topics: list[str], until: Any, timeout: float) -> list[Any]:
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level="read_committed",
    )
    try:
        consumer.assign([TopicPartition(topic, 0) for topic in topics])
        records: list[Any] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not until(records):
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
        return records
    finally:
        consumer.close()


def _worked(bootstrap: str, data_dir: Path) -> Outcome:
    deployment = FigwatchDeployment(bootstrap, partitions=1)
    deployment.create_topics()
    worker = WorkerProcess(deployment, data_dir, WINDOWS)
    worker.start()
    lines = _lines()
    try:
        producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
        try:
            for line in lines:
                producer.send(deployment.topic("articles"), value=line).get(30)
        finally:
            producer.close()
        verdict_topics = [deployment.topic(t) for t in ("unique", "duplicates", "dead_letters")]
        records = _consume(bootstrap, verdict_topics, lambda r: len(r) >= len(lines), 180)
        unique = [r for r in records if r.topic == deployment.topic("unique")]
        claims = _consume(bootstrap, [deployment.topic("claims")], lambda r: False, 5)
        if claims:
            wait_processed(worker, len(claims))
        alerts = _consume(bootstrap, [deployment.topic("alerts")], lambda r: False, 5)
    finally:
        worker.stop()
    verdicts: dict[int, Verdict] = {}
    for record in records:
        value = json.loads(record.value)
        if record.topic == deployment.topic("dead_letters"):
            verdicts[value["offset"]] = ("invalid", value["error_kind"])
        elif record.topic == deployment.topic("duplicates"):
            verdicts[value["ingest_offset"]] = (value["kind"], value["duplicate_of"])
    for record in unique:
        verdicts.setdefault(json.loads(record.value)["ingest"]["offset"], ("unique", None))
    return Outcome(
        verdicts,
        {
            c["claim_id"]: _claim(c)
            for batch in (json.loads(r.value) for r in claims)
            for c in batch["claims"]
        },
        {a["alert_id"]: _alert(a) for a in (json.loads(r.value) for r in alerts)},
    )


@pytest.fixture(scope="module")
def both(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    base = tmp_path_factory.mktemp("parity")
    yield _worked(kafka_bootstrap, base / "worker"), _replayed(base)


def test_the_feed_exercises_every_kind_of_verdict(both: tuple[Outcome, Outcome]) -> None:
    _worker, replayed = both
    kinds = {kind for kind, _ in replayed.verdicts.values()}
    assert kinds == {"unique", "exact", "near", "resend", "invalid"}
    assert len(replayed.verdicts) == len(_lines())
    assert len(replayed.alerts) >= 5


def test_worker_and_replay_give_each_record_the_same_verdict(
    both: tuple[Outcome, Outcome],
) -> None:
    worker, replayed = both
    assert sorted(worker.verdicts) == list(range(len(_lines()))), "every record came out once"
    assert worker.verdicts == replayed.verdicts


def test_an_article_dated_2999_expires_nothing_in_the_worker_either(
    both: tuple[Outcome, Outcome],
) -> None:
    worker, replayed = both
    assert replayed.verdicts[AFTER_FAR_FUTURE] == ("exact", "ar-2")
    assert worker.verdicts[AFTER_FAR_FUTURE] == replayed.verdicts[AFTER_FAR_FUTURE]


def test_worker_and_replay_extract_the_same_claims(both: tuple[Outcome, Outcome]) -> None:
    worker, replayed = both
    assert worker.claims == replayed.claims


def test_worker_and_replay_send_the_same_alerts(both: tuple[Outcome, Outcome]) -> None:
    worker, replayed = both
    assert worker.alerts == replayed.alerts
