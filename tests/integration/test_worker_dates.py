"""Dates the worker does not believe, through the real broker: no crash, no figure, no clock.

An article dated 9999 is read but never tracked; a Kafka timestamp past the calendar (a
producer may set any) gives way to the time the worker read the message.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer

from schemas.alert import Alert
from schemas.article import ArticleEnvelope
from schemas.claim import ClaimBatch
from schemas.codec import decode
from tests.integration.test_figures_worker import wait_processed
from tests.support.worker import FigwatchDeployment, WorkerProcess

pytestmark = pytest.mark.kafka


def flood_report(article_id: str, published: datetime, toll: int, aside: str) -> bytes:
    body = f"{aside} The floods in Sudan have killed at least {toll} people, the ministry said."
    data = {"id": article_id, "source": f"outlet-{article_id}", "body": body}
    return json.dumps({**data, "published_at": published.isoformat()}).encode()


def figure(worker: WorkerProcess, metric_key: str) -> dict[str, Any]:
    url = f"http://127.0.0.1:{worker.port}/figures/{urllib.parse.quote(metric_key, safe='')}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return dict(json.load(response))


def test_an_article_dated_9999_is_no_figure_and_holds_no_clock_back(
    kafka_bootstrap: str, tmp_path: Path, produce: Any, consume_all: Any
) -> None:
    deployment = FigwatchDeployment(kafka_bootstrap, partitions=4)
    deployment.create_topics()
    # A 12-hour window: a clock set a day past ingest (as the capped date once set it) would
    # expire the first report and put the next real one before the window, untracked.
    worker = WorkerProcess(
        deployment, tmp_path / "worker", {"FIGWATCH_FIGURE_RETENTION_DAYS": "0.5"}
    )
    worker.start()
    now = datetime.now(UTC)
    # Asides longer than the shared toll sentence keep the three from reading as near copies.
    reports = [
        flood_report("first", now - timedelta(hours=2), 120,
                     "Rescuers in boats searched the flooded villages along the Nile for "
                     "families stranded on the roofs of their mud brick houses."),
        flood_report("typo", datetime(9999, 12, 31, tzinfo=UTC), 9999,
                     "Drinking water ran short in the camps, and aid workers warned that "
                     "cholera could spread among the children sleeping in the open."),
        flood_report("second", now - timedelta(hours=1), 180,
                     "Roads to the capital remain cut off, so trucks carrying food and "
                     "medicine wait at the bridges for the river to fall."),
    ]  # fmt: skip
    # One at a time, so that the figures stage meets them in this order.
    for done, report in enumerate(reports, start=1):
        produce(deployment.topic("articles"), [report])
        wait_processed(worker, done)
    records = consume_all(deployment.topic("claims"), count=3)
    claims = [c for r in records for c in decode(ClaimBatch, r.value).claims]
    view = figure(worker, claims[0].metric_key)
    worker.stop()
    alerts = [decode(Alert, r.value) for r in consume_all(deployment.topic("alerts"))]

    assert {c.metric_key for c in claims} == {claims[0].metric_key}
    [typo] = [c for c in claims if c.article_id == "typo"]
    assert typo.published_at_out_of_range == datetime(9999, 12, 31, tzinfo=UTC)
    assert typo.published_at < now + timedelta(minutes=5), "it counts at its ingest time"
    assert [(a.previous.value_low, a.current.value_low) for a in alerts] == [(120, 180)]
    assert [o["observation"]["article_id"] for o in view["observations"]] == ["first", "second"]
    assert view["current"]["observation"]["value_low"] == 180
    assert '"reason": "date_out_of_range"' in worker.log()
    assert '"past_retention"' not in worker.log()


def test_a_kafka_timestamp_past_the_calendar_gives_way_to_the_read_time(
    kafka_bootstrap: str, tmp_path: Path, consume_all: Any
) -> None:
    deployment = FigwatchDeployment(kafka_bootstrap, partitions=1)
    deployment.create_topics()
    worker = WorkerProcess(deployment, tmp_path / "worker")
    worker.start()
    before = datetime.now(UTC)
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    # Year 10000, year 33658, and an ordinary timestamp: the first two once crashed the
    # validation agent, and their messages went nowhere.
    stamps = {"year-10000": 253_402_304_400_000, "year-33658": 10**15, "now": None}
    try:
        for name, stamp in stamps.items():
            value = flood_report(name, before - timedelta(hours=1), 120, "Rescuers searched.")
            producer.send(deployment.topic("articles"), value=value, timestamp_ms=stamp).get(30)
    finally:
        producer.close()
    passed = consume_all(deployment.topic("valid"), count=len(stamps), timeout=90)
    worker.stop()

    envelopes = {e.article.id: e for e in (decode(ArticleEnvelope, r.value) for r in passed)}
    assert sorted(envelopes) == sorted(stamps)
    read = [e.ingest.timestamp for e in envelopes.values()]
    assert all(before - timedelta(minutes=1) <= at <= datetime.now(UTC) for at in read)
    assert "Crashed" not in worker.log()
