"""The worker validates input from the real broker: valid articles pass, bad ones dead-letter."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType

from schemas.article import ArticleEnvelope
from schemas.codec import DEAD_LETTER_MAX_BYTES, KEPT_KEY_BYTES, decode
from schemas.dead_letter import DeadLetter
from scripts.reliability.common import TopicTail
from scripts.reliability.common import produce as produce_keyed
from tests.conftest import make_article_data
from tests.support.worker import FigwatchDeployment, WorkerProcess

pytestmark = pytest.mark.kafka


@pytest.fixture
def deployment(kafka_bootstrap: str) -> FigwatchDeployment:
    deployment = FigwatchDeployment(kafka_bootstrap)
    deployment.create_topics()
    return deployment


@pytest.fixture
def worker(deployment: FigwatchDeployment, tmp_path: Path) -> Iterator[WorkerProcess]:
    process = WorkerProcess(deployment, tmp_path / "worker")
    process.start()
    yield process
    process.stop()


def _article(n: int) -> bytes:
    data = make_article_data(url=f"https://example.com/{n}", body=f"خبر رقم {n}: نحو 40 ألف مقاتل.")
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


BAD_MESSAGES = {
    b"{broken": "invalid_json",
    b"\xff\xfe": "invalid_encoding",
    b"[1, 2]": "not_an_object",
    json.dumps({"source": "s"}).encode(): "validation",
    json.dumps(make_article_data(body="   ")).encode(): "validation",
}


def test_worker_passes_valid_articles_and_dead_letters_bad_ones(
    deployment: FigwatchDeployment, worker: WorkerProcess, produce, consume_all
) -> None:
    valid = [_article(n) for n in range(5)]
    produce(deployment.topic("articles"), [valid[0], *BAD_MESSAGES, *valid[1:]])

    passed = consume_all(deployment.topic("valid"), count=5, timeout=90)
    envelopes = [decode(ArticleEnvelope, record.value) for record in passed]
    assert sorted(e.article.url or "" for e in envelopes) == sorted(
        f"https://example.com/{n}" for n in range(5)
    )
    assert all(
        record.key == e.article.id.encode() for record, e in zip(passed, envelopes, strict=True)
    )

    dead = consume_all(deployment.topic("dead_letters"), count=len(BAD_MESSAGES), timeout=60)
    letters = [decode(DeadLetter, record.value) for record in dead]
    assert {letter.original: letter.error_kind for letter in letters} == BAD_MESSAGES
    assert all(letter.reason and letter.topic == deployment.topic("articles") for letter in letters)

    assert worker.running(), "a bad message must never stop the worker"
    metrics = worker.metrics()
    assert 'figwatch_articles_invalid_total{reason="invalid_json"} 1.0' in metrics


OVERSIZED_KEY = b"k" * 2_500_000


def test_a_malformed_record_with_an_oversized_key_ends_as_a_dead_letter_that_fits(
    deployment: FigwatchDeployment, worker: WorkerProcess
) -> None:
    produce_keyed(deployment.bootstrap, deployment.topic("articles"), [(OVERSIZED_KEY, b"{bad")])
    tail = TopicTail(deployment.bootstrap, deployment.topic("dead_letters"))
    try:
        deadline = time.monotonic() + 90
        while not tail.records and time.monotonic() < deadline:
            tail.poll()
    finally:
        tail.close()

    [record] = tail.records
    letter = decode(DeadLetter, record.value)
    assert (letter.error_kind, letter.original) == ("invalid_json", b"{bad")
    assert letter.key == record.key == OVERSIZED_KEY[:KEPT_KEY_BYTES]
    assert (letter.key_size, letter.key_truncated) == (len(OVERSIZED_KEY), True)
    assert len(record.value) <= DEAD_LETTER_MAX_BYTES
    assert worker.running()


def _set_topic_limit(bootstrap: str, topic: str, max_message_bytes: int) -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        resource = ConfigResource(
            ConfigResourceType.TOPIC, topic, configs={"max.message.bytes": str(max_message_bytes)}
        )
        admin.alter_configs([resource])
    finally:
        admin.close()


def _committed(deployment: FigwatchDeployment, partition: int) -> int | None:
    consumer = KafkaConsumer(bootstrap_servers=deployment.bootstrap, group_id=deployment.app_id)
    try:
        committed = consumer.committed(TopicPartition(deployment.topic("articles"), partition))
        return None if committed is None else int(committed)
    finally:
        consumer.close()


def test_a_record_whose_dead_letter_the_broker_refuses_stops_the_worker_and_is_read_again(
    deployment: FigwatchDeployment, tmp_path: Path, consume_all
) -> None:
    # A broker that takes no dead letter at all: the topic's limit is below the smallest one.
    _set_topic_limit(deployment.bootstrap, deployment.topic("dead_letters"), 600)
    first = WorkerProcess(deployment, tmp_path / "first")
    first.start()
    try:
        # The same key: one partition, the valid article first.
        [(partition, _), (_, offset)] = produce_keyed(
            deployment.bootstrap,
            deployment.topic("articles"),
            [(b"same", _article(1)), (b"same", b"{bad" + b"x" * 5000)],
        )
        deadline = time.monotonic() + 90
        while first.running() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not first.running(), "the worker must stop rather than drop the record"
    finally:
        first.stop()
    assert first.process is not None and first.process.returncode != 0
    events = [json.loads(line) for line in first.log().splitlines() if line.startswith("{")]
    failures = [e for e in events if e["event"] == "dead_letter_failed"]
    assert [(e["level"], e["partition"], e["offset"]) for e in failures] == [
        ("critical", partition, offset)
    ]
    committed = _committed(deployment, partition)
    assert committed is None or committed <= offset

    _set_topic_limit(deployment.bootstrap, deployment.topic("dead_letters"), 4 * 1024 * 1024)
    second = WorkerProcess(deployment, tmp_path / "second")
    second.start()
    try:
        dead = consume_all(deployment.topic("dead_letters"), count=1, timeout=90)
    finally:
        second.stop()
    # At least once: a rebalance while the second worker starts (the first one's membership
    # expiring) may hand it the record again before its offset is committed.
    assert {(d.partition, d.offset) for d in (decode(DeadLetter, r.value) for r in dead)} == {
        (partition, offset)
    }
