"""Deduplication through the real broker: copies on other partitions, restarts, lost state."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer
from kafka.partitioner.default import murmur2
from rocksdict import AccessType, Rdict

from schemas.article import ArticleEnvelope
from schemas.codec import decode
from schemas.duplicate import DuplicateRecord
from streams.dedup.content import article_ref
from streams.dedup.index import Entry
from streams.ingest.files import read_records
from streams.worker.topology import TABLES
from tests.conftest import REPO, SHARED_SEEDS, make_article_data
from tests.support.worker import FigwatchDeployment, WorkerProcess

pytestmark = pytest.mark.kafka

# faust 0.15.3 sends under exactly_once through the transactional producer of the DESTINATION
# partition, and commits only producers whose source partition has offsets to commit, so with a
# handful of messages outputs can stay in open transactions; these tests check deduplication.
AT_LEAST_ONCE = {"FIGWATCH_PROCESSING_GUARANTEE": "at_least_once"}

SENTENCES = (REPO / "tests" / "data" / "dedup" / "sentences_en.txt").read_text("utf-8").splitlines()


def story(first: int, count: int = 12) -> str:
    """A news-like body of ``count`` sentences in paragraphs of two."""
    picked = SENTENCES[first : first + count]
    return "\n\n".join(" ".join(picked[i : i + 2]) for i in range(0, len(picked), 2))


def trimmed(text: str, share: float) -> str:
    """The first ``share`` of a text, cut at a word boundary."""
    return text[: text.rfind(" ", 0, int(len(text) * share))]


BODY = story(0)
TITLE = "Foreign fighters return home"


def article(article_id: str, title: str = TITLE, body: str = BODY, **fields: Any) -> bytes:
    data = make_article_data(
        id=article_id, url=f"https://example.com/{article_id}", title=title, body=body, **fields
    )
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


COPIES: list[tuple[str, bytes, str, str]] = [
    # (name, message, expected kind, expected duplicate_of)
    ("exact copy under another id", article("copy-exact"), "exact", "orig"),
    (
        "reprint under another headline with boilerplate",
        article("copy-reprint", title="Thousands return", body=f"By Staff\n{BODY}\nShare this"),
        "near",
        "orig",
    ),
    ("trimmed to 75%", article("copy-trimmed", body=trimmed(BODY, 0.75)), "near", "orig"),
    ("resend of the same id", article("orig"), "resend", "orig"),
]


def send_to_partitions(bootstrap: str, topic: str, messages: list[tuple[bytes, int]]) -> None:
    """Send each value to the given partition and wait until the broker acknowledged all."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    try:
        futures = [producer.send(topic, value, partition=p) for value, p in messages]
        producer.flush()
        for future in futures:
            future.get(timeout=30)
    finally:
        producer.close()


@pytest.fixture
def deployment(kafka_bootstrap: str) -> FigwatchDeployment:
    deployment = FigwatchDeployment(kafka_bootstrap, partitions=4)
    deployment.create_topics()
    return deployment


@pytest.fixture
def worker(deployment: FigwatchDeployment, tmp_path: Path) -> Iterator[WorkerProcess]:
    process = WorkerProcess(deployment, tmp_path / "worker", AT_LEAST_ONCE)
    process.start()
    yield process
    process.stop()


class Outputs:
    """Reads what the worker passed on and set aside so far."""

    def __init__(self, deployment: FigwatchDeployment, consume_all: Any) -> None:
        self.deployment = deployment
        self.consume_all = consume_all

    def unique(self, count: int) -> list[str]:
        records = self.consume_all(self.deployment.topic("unique"), count=count, timeout=120)
        return [decode(ArticleEnvelope, r.value).article.id for r in records]

    def duplicates(self, count: int) -> list[DuplicateRecord]:
        records = self.consume_all(self.deployment.topic("duplicates"), count=count, timeout=120)
        return [decode(DuplicateRecord, r.value) for r in records]


def send_original_then_copies(deployment: FigwatchDeployment, outputs: Outputs) -> None:
    """The original on partition 0, processed first; then every copy on another partition."""
    topic = deployment.topic("articles")
    send_to_partitions(deployment.bootstrap, topic, [(article("orig"), 0)])
    assert outputs.unique(1) == ["orig"]
    other = article("other", title="Fuel prices", body=story(30))
    copies = [(message, 1 + n % 3) for n, (_, message, _, _) in enumerate(COPIES)]
    send_to_partitions(deployment.bootstrap, topic, [*copies, (other, 0)])


def verdicts(records: list[DuplicateRecord]) -> dict[tuple[str, str], str]:
    return {(r.article_id, r.kind): r.duplicate_of for r in records}


def test_copies_on_other_partitions_are_caught_and_a_restart_does_not_forget(
    deployment: FigwatchDeployment, worker: WorkerProcess, consume_all
) -> None:
    outputs = Outputs(deployment, consume_all)
    send_original_then_copies(deployment, outputs)

    duplicates = outputs.duplicates(len(COPIES))
    expected = {(article_id(m), kind): of for _, m, kind, of in COPIES}
    assert verdicts(duplicates) == expected
    unique = outputs.unique(2)
    assert sorted(unique) == ["orig", "other"]
    # Every input message is accounted for exactly once: 1 original + copies + 1 other.
    assert len(unique) + len(duplicates) == 2 + len(COPIES)

    worker.stop()
    assert not worker.running()
    worker.start()
    send_to_partitions(
        deployment.bootstrap,
        deployment.topic("articles"),
        [(article("after-restart"), 3), (article("orig"), 2)],
    )
    later = verdicts(outputs.duplicates(len(COPIES) + 2))
    assert later[("after-restart", "exact")] == "orig"
    assert later[("orig", "resend")] == "orig"


def test_state_is_recovered_from_the_changelogs_when_the_data_dir_is_lost(
    deployment: FigwatchDeployment, worker: WorkerProcess, consume_all
) -> None:
    outputs = Outputs(deployment, consume_all)
    send_original_then_copies(deployment, outputs)
    assert len(outputs.duplicates(len(COPIES))) == len(COPIES)

    worker.stop()
    shutil.rmtree(worker.data_dir)
    worker.start()
    reprint = article("reprint-after-loss", title="Returnees", body=trimmed(BODY, 0.9))
    send_to_partitions(
        deployment.bootstrap,
        deployment.topic("articles"),
        [(article("exact-after-loss"), 1), (reprint, 2), (article("orig"), 3)],
    )
    later = verdicts(outputs.duplicates(len(COPIES) + 3))
    assert later[("exact-after-loss", "exact")] == "orig"
    assert later[("reprint-after-loss", "near")] == "orig"
    assert later[("orig", "resend")] == "orig"
    assert sorted(outputs.unique(2)) == ["orig", "other"]


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")
def test_seed_000_and_its_shorter_rewrite_004_both_pass_as_unique(
    deployment: FigwatchDeployment, worker: WorkerProcess, consume_all
) -> None:
    records = {
        r.origin.name[:3]: r.data for r in read_records([SHARED_SEEDS]) if r.data is not None
    }
    messages = [
        (json.dumps(records[name], ensure_ascii=False).encode("utf-8"), partition)
        for partition, name in enumerate(("004", "000"))
    ]
    send_to_partitions(deployment.bootstrap, deployment.topic("articles"), messages)
    outputs = Outputs(deployment, consume_all)
    assert len(outputs.unique(2)) == 2
    assert consume_all(deployment.topic("duplicates"), timeout=10) == []


def article_id(message: bytes) -> str:
    return str(json.loads(message)["id"])


def key_partition(key: str, partitions: int = 4) -> int:
    """Partition of a message key, as Kafka's default partitioner (murmur2) places it."""
    return (murmur2(key.encode()) & 0x7FFFFFFF) % partitions


def index_entries(data_dir: Path) -> dict[str, Entry]:
    """Every entry of a stopped worker's dedup index table, over all its partitions."""
    entries: dict[str, Entry] = {}
    for path in sorted(data_dir.glob("v1/tables/dedup-*.db")):
        db = Rdict(str(path), access_type=AccessType.read_only())
        try:
            for key, value in db.items():
                if not key.startswith(b"__faust"):
                    entries[key.decode()] = Entry.unpack(value)
        finally:
            db.close()
    return entries


def table_entries(data_dir: Path, table: str) -> dict[str, Any]:
    """Every entry of a stopped worker's RocksDB table, over all its partitions."""
    entries: dict[str, Any] = {}
    for path in sorted(data_dir.glob(f"v1/tables/{table}-*.db")):
        db = Rdict(str(path), access_type=AccessType.read_only())
        try:
            for key, value in db.items():
                if not key.startswith(b"__faust"):
                    entries[key.decode()] = json.loads(value)
        finally:
            db.close()
    return entries


def test_articles_older_than_the_retention_window_leave_the_dedup_tables(
    deployment: FigwatchDeployment, tmp_path: Path, consume_all
) -> None:
    worker = WorkerProcess(
        deployment, tmp_path / "worker", {**AT_LEAST_ONCE, "FIGWATCH_RETENTION_DAYS": "1"}
    )
    worker.start()
    outputs = Outputs(deployment, consume_all)
    topic = deployment.topic("articles")
    old_day, new_day = "2018-01-01T00:00:00Z", "2018-01-10T00:00:00Z"
    send_to_partitions(deployment.bootstrap, topic, [(article("old", published_at=old_day), 0)])
    assert outputs.unique(1) == ["old"]
    # A new article on the resend stage's partition of "old" moves that partition's time on.
    fresh = next(
        f"fresh-{n}" for n in range(100) if key_partition(f"fresh-{n}") == key_partition("old")
    )
    later = [
        (article(fresh, title="Fuel prices", body=story(30), published_at=new_day), 1),
        (article("fresh-copy", title="Fuel prices", body=story(30), published_at=new_day), 2),
        (article("old-copy", published_at=new_day), 3),
    ]
    send_to_partitions(deployment.bootstrap, topic, later[:1])
    assert sorted(outputs.unique(2)) == sorted(["old", fresh])
    send_to_partitions(deployment.bootstrap, topic, later[1:])

    [duplicate] = outputs.duplicates(1)
    assert (duplicate.article_id, duplicate.kind, duplicate.duplicate_of) == (
        "fresh-copy",
        "exact",
        fresh,
    )
    assert sorted(outputs.unique(3)) == sorted(["old", fresh, "old-copy"]), (
        "a copy of an article older than the window is not caught any more"
    )
    assert 'figwatch_table_entries{table="dedup"}' in worker.metrics()
    worker.stop()

    entries = index_entries(worker.data_dir)
    assert article_ref("old") not in entries
    assert {entry.article_id for entry in entries.values()} == {fresh, "fresh-copy", "old-copy"}
    # An exact copy keeps only its resend record: its content is its original's.
    with_sketch = {entry.article_id for entry in entries.values() if entry.near is not None}
    assert with_sketch == {fresh, "old-copy"}


def rocksdb_option(db_dir: Path, name: str) -> str:
    """An option RocksDB wrote to the latest OPTIONS file of a database."""
    latest = max(db_dir.glob("OPTIONS-*"), key=lambda path: int(path.name.split("-")[1]))
    for line in latest.read_text().splitlines():
        key, _, value = line.strip().partition("=")
        if key == name:
            return value
    raise KeyError(name)


def _check_memory_series(
    worker: WorkerProcess, outputs: Outputs, deployment: FigwatchDeployment
) -> None:
    send_to_partitions(deployment.bootstrap, deployment.topic("articles"), [(article("orig"), 0)])
    assert outputs.unique(1) == ["orig"]

    tables = set(TABLES)
    pattern = re.compile(
        r'^figwatch_rocksdb_memory_bytes\{kind="(\w+)",table="([\w-]+)"\} (\S+)$', re.M
    )
    reported: dict[tuple[str, str], float] = {}
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(reported) < 3 * len(tables):
        reported = {(t, k): float(v) for k, t, v in pattern.findall(worker.metrics())}
        time.sleep(1)
    assert set(reported) == {
        (t, k) for t in tables for k in ("memtables", "block_cache", "table_readers")
    }
    assert all(reported[(t, "memtables")] > 0 for t in tables)
    trims = re.compile(
        r'^figwatch_heap_trim_seconds_count\{released="(?:true|false)"\} (\S+)$', re.M
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and sum(map(float, trims.findall(worker.metrics()))) < 2:
        time.sleep(0.5)
    assert sum(map(float, trims.findall(worker.metrics()))) >= 2


def test_state_tables_open_with_small_memtables_and_logs_and_report_their_memory_and_trim_the_heap(
    deployment: FigwatchDeployment, tmp_path: Path, consume_all
) -> None:
    worker = WorkerProcess(
        deployment, tmp_path / "worker", {**AT_LEAST_ONCE, "FIGWATCH_HEAP_TRIM_SECONDS": "1"}
    )
    worker.start()
    try:
        _check_memory_series(worker, Outputs(deployment, consume_all), deployment)
    finally:
        worker.stop()

    for db_dir in sorted(worker.data_dir.glob("v1/tables/*-[0-9].db")):
        table = db_dir.name.rsplit("-", 1)[0]
        small = table == "dedup"
        assert rocksdb_option(db_dir, "write_buffer_size") == str(512 * 1024 if small else 2 << 20)
        assert rocksdb_option(db_dir, "max_write_buffer_number") == "2"
        assert rocksdb_option(db_dir, "max_log_file_size") == str(256 * 1024)
        assert rocksdb_option(db_dir, "keep_log_file_num") == "2"
