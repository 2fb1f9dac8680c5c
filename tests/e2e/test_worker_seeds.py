"""The sample feed through a real worker on real Kafka, driven by the commands a user runs.

`figwatch produce` sends the seeds to a `figwatch worker`; `figwatch alerts` must then print
exactly the alerts that `figwatch replay seeds` computes (same alert ids, same summaries), and
`figwatch figures` must show the tracked figure. After a worker restart on the same data dir a
fresh reprint of a seed is still caught as a duplicate and no alert is sent again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka import KafkaConsumer, TopicPartition

from schemas.alert import Alert
from schemas.article import Article
from schemas.codec import decode
from schemas.duplicate import DuplicateRecord
from streams.ingest.files import read_records
from tests.conftest import REPO
from tests.support.worker import FigwatchDeployment, WorkerProcess

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

SEEDS = REPO / "seeds"
# After an article is through deduplication its claims still cross two transactional hops
# (claims, figures); waiting this long lets them land before the next article goes in.
SETTLE_S = 1.5
ARTICLE_TIMEOUT_S = 120.0


def figwatch(
    *args: str, env: dict[str, str], timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "streams", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "FIGWATCH_LOG_LEVEL": "WARNING"},
        cwd=REPO,
        timeout=timeout,
        check=False,
    )


def seed_inputs(tmp: Path) -> list[tuple[str, str]]:
    """(article id, path to produce) for every seed article, in order of published_at.

    Arabic seeds are produced from their own .txt files (the manifest is found above them);
    each English line is written to a .json file of its own so it can be sent alone.
    """
    inputs = []
    for record in read_records([SEEDS]):
        assert record.data is not None, record.where
        article = Article.model_validate(record.data)
        if record.origin.suffix == ".txt":
            path = record.origin
        else:
            path = tmp / f"{article.id}.json"
            path.write_text(json.dumps(record.data, ensure_ascii=False), encoding="utf-8")
        inputs.append((article.published_at, article.id, str(path)))
    inputs.sort()
    return [(article_id, path) for _, article_id, path in inputs]


class Verdicts:
    """Follows the unique and duplicates topics: which article ids went through dedup."""

    def __init__(self, deployment: FigwatchDeployment) -> None:
        self.consumer = KafkaConsumer(
            bootstrap_servers=deployment.bootstrap,
            group_id=None,
            isolation_level="read_committed",
            enable_auto_commit=False,
        )
        self.partitions = [
            TopicPartition(deployment.topic(name), p)
            for name in ("unique", "duplicates")
            for p in range(deployment.partitions)
        ]
        self.consumer.assign(self.partitions)
        self.consumer.seek_to_beginning(*self.partitions)
        self.duplicates_topic = deployment.topic("duplicates")
        self.unique: set[str] = set()
        self.duplicates: dict[str, DuplicateRecord] = {}

    def wait_for(self, article_id: str, timeout: float = ARTICLE_TIMEOUT_S) -> str:
        """``unique`` or ``duplicate`` once the article's verdict is committed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if article_id in self.unique:
                return "unique"
            if article_id in self.duplicates:
                return "duplicate"
            for records in self.consumer.poll(timeout_ms=200).values():
                for record in records:
                    key = record.key.decode()
                    if record.topic == self.duplicates_topic:
                        self.duplicates[key] = decode(DuplicateRecord, record.value)
                    else:
                        self.unique.add(key)
        raise TimeoutError(f"article {article_id} never left deduplication")

    def close(self) -> None:
        self.consumer.close()


@pytest.fixture
def deployment(kafka_bootstrap: str) -> FigwatchDeployment:
    deployment = FigwatchDeployment(kafka_bootstrap)
    deployment.create_topics()
    return deployment


@pytest.fixture
def verdicts(deployment: FigwatchDeployment) -> Iterator[Verdicts]:
    follower = Verdicts(deployment)
    yield follower
    follower.close()


def replayed_alerts() -> list[Alert]:
    result = figwatch("replay", str(SEEDS), env={})
    assert result.returncode == 0, result.stderr
    return [Alert.model_validate_json(line) for line in result.stdout.splitlines() if line]


def read_alerts(env: dict[str, str], *args: str) -> list[Alert]:
    result = figwatch("alerts", "--json", "--from-beginning", *args, env=env)
    assert result.returncode == 0, result.stderr
    assert "skipped" not in result.stderr
    return [Alert.model_validate_json(line) for line in result.stdout.splitlines() if line]


@pytest.mark.timeout(1200)
def test_worker_alerts_on_the_sample_feed_exactly_as_replay_and_keeps_state_across_restart(
    deployment: FigwatchDeployment, verdicts: Verdicts, tmp_path: Path
) -> None:
    """Articles go in one at a time, in order of published_at, each after the last is through.

    The input topic has four partitions and every stage runs concurrently, so a burst of
    articles reaches the figures stage in an order that depends on timing, and a later report
    could be compared before an earlier one. Replay processes in order of published_at; pacing
    the input the same way makes the worker's alerts comparable with replay's, exactly.
    """
    expected = replayed_alerts()
    assert expected, "the sample feed raises alerts"
    env = deployment.env()
    worker = WorkerProcess(deployment, tmp_path / "worker")
    worker.start()
    try:
        outcomes = {}
        for article_id, path in seed_inputs(tmp_path):
            sent = figwatch("produce", path, env=env)
            assert sent.returncode == 0, sent.stderr
            outcomes[article_id] = verdicts.wait_for(article_id)
            time.sleep(SETTLE_S)
        assert sorted(verdicts.duplicates) == sorted(
            a for a, outcome in outcomes.items() if outcome == "duplicate"
        )
        assert len(verdicts.duplicates) == 3, verdicts.duplicates

        alerts = read_alerts(env, "--max", str(len(expected)), "--timeout", "120")
        assert sorted(a.alert_id for a in alerts) == sorted(a.alert_id for a in expected)
        assert sorted((a.kind, a.summary) for a in alerts) == sorted(
            (a.kind, a.summary) for a in expected
        )

        url = f"http://127.0.0.1:{worker.port}"
        shown = figwatch("figures", "foreign fighters joined", "--url", url, env=env)
        assert shown.returncode == 0, shown.stderr
        assert "40,000" in shown.stdout and "30,000" in shown.stdout
        raw = figwatch("figures", "--json", "--url", url, env=env)
        keys = {m["metric_key"] for m in json.loads(raw.stdout)["figures"]}
        assert {a.metric_key for a in expected} <= keys

        worker.stop()
        worker = WorkerProcess(deployment, tmp_path / "worker")
        worker.start()

        reprint = reprint_of_a_seed(tmp_path)
        sent = figwatch("produce", str(reprint), env=env)
        assert sent.returncode == 0, sent.stderr
        assert verdicts.wait_for("e2e-reprint-after-restart") == "duplicate"
        assert verdicts.duplicates["e2e-reprint-after-restart"].duplicate_of == (
            "en-2019-12-21-frontline-herald-after-baghouz"
        )
        time.sleep(SETTLE_S)
        again = read_alerts(env, "--timeout", "10")
        assert sorted(a.alert_id for a in again) == sorted(a.alert_id for a in expected)
    finally:
        worker.stop()
    stopped = figwatch("figures", "--url", f"http://127.0.0.1:{worker.port}", env=env)
    assert stopped.returncode == 1
    assert "no figwatch worker answers" in stopped.stderr


def reprint_of_a_seed(tmp: Path) -> Path:
    """A new outlet's copy of the feed's latest article: new id, headline, byline and links.

    The latest, because dedup state keeps 30 days of event time: copies of the 2018 articles
    have left the state once the feed reached December 2019, as they should.
    """
    lines = (SEEDS / "en" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    original = next(json.loads(line) for line in lines if "frontline-herald" in line)
    copy = {
        **original,
        "id": "e2e-reprint-after-restart",
        "source": "Restart Gazette",
        "url": "https://example.net/restart-gazette/foreign-fighters",
        "title": "Where did the ISIS commanders go after Baghouz?",
        "body": "By a staff writer\n\n" + original["body"] + "\n\nRead more: world news",
        "published_at": "2019-12-22T09:00:00Z",
    }
    path = tmp / "reprint.json"
    path.write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")
    return path
