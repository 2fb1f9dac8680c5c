"""Kafka measurements: a real broker, `figwatch worker` subprocesses, and a bare consumer."""

from __future__ import annotations

import asyncio
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition
from kafka import KafkaConsumer, KafkaProducer
from rocksdict import AccessType, Rdict

from bench.corpus import ROOT
from schemas.alert import Alert
from schemas.article import IngestMeta
from schemas.claim import ClaimBatch
from schemas.codec import decode, decode_article
from streams.worker.topology import TABLES
from tests.support.worker import FigwatchDeployment, WorkerProcess

BROKER_SCRIPT = ROOT / "deploy" / "kafka" / "broker.sh"
ASSIGNMENT_LOG = "Setting newly assigned partitions"
MISSING_TOPIC_LOG = "Ignoring missing topic"
_SAMPLE = re.compile(r"^(?P<name>[a-z_]+)(?:\{(?P<labels>[^}]*)\})? (?P<value>\S+)$")


@contextmanager
def private_broker(data_dir: Path) -> Iterator[str]:
    """Start a broker of our own with ``deploy/kafka/broker.sh``; yield ``host:port``."""
    env = {**os.environ, "KAFKA_DATA_DIR": str(data_dir), "KAFKA_PORT": "auto"}
    command = [shutil.which("bash") or "/bin/bash", str(BROKER_SCRIPT)]
    started = subprocess.run(  # noqa: S603  (our own script, fixed arguments)
        [*command, "start"], env=env, capture_output=True, text=True, check=True
    )
    bootstrap = started.stdout.strip().splitlines()[-1]
    try:
        yield bootstrap
    finally:
        subprocess.run(  # noqa: S603  (our own script, fixed arguments)
            [*command, "stop"], env=env, capture_output=True, check=False
        )


def counters(metrics_text: str) -> dict[str, float]:
    """Prometheus samples summed over their labels, keyed by name and the ``stage`` label."""
    totals: dict[str, float] = {}
    for line in metrics_text.splitlines():
        match = _SAMPLE.match(line)
        if not match:
            continue
        name = match["name"]
        stage = re.search(r'stage="([^"]+)"', match["labels"] or "")
        key = f"{name}:{stage.group(1)}" if stage and name.startswith("figwatch_stage") else name
        totals[key] = totals.get(key, 0.0) + float(match["value"])
    return totals


def _finished(totals: dict[str, float], articles: int) -> bool:
    get = totals.get
    verdicts = (
        get("figwatch_articles_unique_total", 0)
        + get("figwatch_articles_duplicate_total", 0)
        + get("figwatch_articles_invalid_total", 0)
    )
    unique = get("figwatch_articles_unique_total", 0)
    claims = get("figwatch_claims_extracted_total", 0)
    return (
        verdicts >= articles
        and get("figwatch_stage_seconds_count:claims", 0) >= unique
        and get("figwatch_claims_tracked_total", 0) >= claims
    )


def _summed(workers: Sequence[WorkerProcess]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for worker in workers:
        for key, value in counters(worker.metrics()).items():
            totals[key] = totals.get(key, 0.0) + value
    return totals


def wait_until_done(
    workers: Sequence[WorkerProcess], articles: int, timeout: float
) -> dict[str, float]:
    """Poll the workers' /metrics until every article has a verdict and every claim is tracked."""
    deadline = time.monotonic() + timeout
    while True:
        totals = _summed(workers)
        if _finished(totals, articles):
            return totals
        if time.monotonic() > deadline:
            raise TimeoutError(f"pipeline not done after {timeout:.0f}s: {totals}")
        # Scraping /metrics costs the worker CPU (Faust's per-partition series): poll gently.
        time.sleep(1.0)


def produce(
    bootstrap: str, topic: str, messages: Sequence[tuple[bytes, bytes]], rate: float | None = None
) -> list[int]:
    """Send ``(key, value)`` messages, at ``rate`` per second when given; their Kafka timestamps."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    futures = []
    started = time.monotonic()
    try:
        for number, (key, value) in enumerate(messages):
            if rate is not None:
                delay = started + number / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            futures.append(producer.send(topic, key=key, value=value))
        producer.flush()
    finally:
        producer.close()
    return [future.get().timestamp for future in futures]


@dataclass
class PipelineRun:
    """One run of the whole pipeline through Kafka, the bare consumer on its input, and state."""

    articles: int
    seconds: float
    bare_seconds: float
    totals: dict[str, float]
    tables: dict[str, tuple[int, int]]
    """Keys and key+value bytes of every table, read after the workers stopped."""

    @property
    def articles_per_second(self) -> float:
        """Articles from first send to last claim tracked, per second."""
        return self.articles / self.seconds

    @property
    def bare_per_second(self) -> float:
        """Articles per second the bare consumer read and decoded."""
        return self.articles / self.bare_seconds


@contextmanager
def deployment_with_workers(
    bootstrap: str, workers: int, partitions: int, extra_env: dict[str, str]
) -> Iterator[tuple[FigwatchDeployment, list[WorkerProcess]]]:
    """A fresh deployment and ``workers`` ready workers; stopped on exit."""
    deployment = FigwatchDeployment(bootstrap, partitions=partitions)
    deployment.create_topics()
    with tempfile.TemporaryDirectory(prefix="figwatch-bench-") as tmp:
        processes = [
            WorkerProcess(deployment, Path(tmp) / f"worker-{n}", extra_env) for n in range(workers)
        ]
        try:
            for process in processes:
                _start_with_every_topic(process)
            if workers > 1:
                _wait_for_assignment(processes)
            yield deployment, processes
        finally:
            for process in processes:
                process.stop()


def _start_with_every_topic(process: WorkerProcess, attempts: int = 3) -> None:
    # On a broker started moments ago a worker's first assignment can miss an internal topic
    # that is still being created; that agent then never consumes and articles never get a
    # verdict. Start such a worker again: the topic exists by then.
    for _ in range(attempts):
        process.start()
        if MISSING_TOPIC_LOG not in process.log():
            return
        process.stop()
        process.log_path.unlink()
    raise RuntimeError(f"worker assigned without every topic after {attempts} starts")


def _wait_for_assignment(processes: Sequence[WorkerProcess], timeout: float = 120.0) -> None:
    # A worker joining makes the group rebalance; wait until no worker has logged a new
    # assignment for a few seconds, so the timed run starts with the partitions spread.
    deadline = time.monotonic() + timeout
    previous = None
    while time.monotonic() < deadline:
        time.sleep(3.0)
        now = [process.log().count(ASSIGNMENT_LOG) for process in processes]
        if now == previous and all(now):
            return
        previous = now


def run_pipeline(
    bootstrap: str,
    messages: Sequence[tuple[bytes, bytes]],
    *,
    workers: int = 1,
    partitions: int = 4,
    extra_env: dict[str, str] | None = None,
    timeout: float = 300.0,
) -> PipelineRun:
    """Send every message to a fresh deployment with ready workers; time until all is done."""
    env = dict(extra_env or {})
    with deployment_with_workers(bootstrap, workers, partitions, env) as (deployment, processes):
        # Counters since the worker started include its start (imports, recovery): subtract.
        before = _summed(processes)
        started = time.monotonic()
        produce(bootstrap, deployment.topic("articles"), messages)
        after = wait_until_done(processes, len(messages), timeout)
        seconds = time.monotonic() - started
        totals = {key: value - before.get(key, 0.0) for key, value in after.items()}
        for process in processes:
            process.stop()
        dirs = [process.data_dir for process in processes]
        tables = {name: table_bytes(dirs, name) for name in TABLES}
        topic = deployment.topic("articles")
        bare = asyncio.run(bare_consumer(bootstrap, topic, partitions, len(messages)))
    return PipelineRun(len(messages), seconds, bare, totals, tables)


async def bare_consumer(bootstrap: str, topic: str, partition_count: int, expected: int) -> float:
    """Seconds for an aiokafka consumer to read and ``decode_article`` ``expected`` messages."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=8 * 1024 * 1024,
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(partition_count)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        seen = 0
        started = time.perf_counter()
        while seen < expected:
            batches = await consumer.getmany(timeout_ms=1000, max_records=2000)
            for batch in batches.values():
                for record in batch:
                    ingest = IngestMeta(
                        topic=record.topic,
                        partition=record.partition,
                        offset=record.offset,
                        timestamp=datetime.fromtimestamp(record.timestamp / 1000, UTC),
                    )
                    decode_article(record.value, ingest)
                    seen += 1
        return time.perf_counter() - started
    finally:
        await consumer.stop()


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of ``values`` (``share`` in 0..1)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered))))
    return ordered[rank - 1]


@dataclass
class Latencies:
    """Produce-to-alert and produce-to-claim milliseconds of one fixed-rate run."""

    rate: float
    alerts: list[float]
    claims: list[float]


def _read_topic(bootstrap: str, topic: str) -> list[tuple[int, bytes]]:
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
        consumer_timeout_ms=3000,
    )
    try:
        return [(record.timestamp, record.value) for record in consumer]
    finally:
        consumer.close()


def measure_latency(
    bootstrap: str, messages: Sequence[tuple[bytes, bytes]], rate: float, timeout: float = 300.0
) -> Latencies:
    """Send at a fixed rate to one ready worker; alert and claim record times minus input's."""
    with deployment_with_workers(bootstrap, 1, 4, {}) as (deployment, processes):
        stamps = produce(bootstrap, deployment.topic("articles"), messages, rate)
        wait_until_done(processes, len(messages), timeout)
        sent = {key.decode(): stamp for (key, _), stamp in zip(messages, stamps, strict=True)}
        alerts = []
        for stamp, value in _read_topic(bootstrap, deployment.topic("alerts")):
            alert = decode(Alert, value)
            cause = max(sent[alert.previous.article_id], sent[alert.current.article_id])
            alerts.append(float(stamp - cause))
        claims = [
            float(stamp - sent[claim.article_id])
            for stamp, value in _read_topic(bootstrap, deployment.topic("claims"))
            for claim in decode(ClaimBatch, value).claims
        ]
    return Latencies(rate, alerts, claims)


def table_bytes(data_dirs: Sequence[Path], table: str) -> tuple[int, int]:
    """Keys and key+value bytes of one worker table over all partitions and workers."""
    keys = size = 0
    for data_dir in data_dirs:
        for path in sorted(data_dir.glob(f"**/tables/{table}-*.db")):
            db = Rdict(str(path), access_type=AccessType.read_only())
            try:
                for key, value in db.items():
                    # Faust keeps its offsets in the same database under __faust keys.
                    if (
                        isinstance(key, bytes)
                        and isinstance(value, bytes)
                        and not key.startswith(b"__faust")
                    ):
                        keys += 1
                        size += len(key) + len(value)
            finally:
                db.close()
    return keys, size
