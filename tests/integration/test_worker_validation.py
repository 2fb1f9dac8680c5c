"""The worker validates input from the real broker: valid articles pass, bad ones dead-letter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemas.article import ArticleEnvelope
from schemas.codec import decode
from schemas.dead_letter import DeadLetter
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
