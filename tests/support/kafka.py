"""Fixtures for tests against a real local Kafka broker (a pytest plugin of tests/conftest.py).

The session broker comes from ``FIGWATCH_TEST_BROKER`` (host:port) when set; otherwise
``deploy/kafka/broker.sh`` starts one on a free port with a temporary data dir and stops it when
the session ends. Every test gets its own uuid-named topics and consumer groups.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.consumer.fetcher import ConsumerRecord

BROKER_SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "kafka" / "broker.sh"
# Covers a cold Maven fetch of the broker jars plus the JVM start on a busy two-core machine.
BROKER_COMMAND_TIMEOUT_S = 600

NewTopicFactory = Callable[..., str]
Produce = Callable[..., None]
ConsumeAll = Callable[..., list[ConsumerRecord]]


class BrokerProcess:
    """One broker run by ``deploy/kafka/broker.sh`` on its own data dir.

    ``restart()`` keeps the data dir and the port, so clients reconnect to the same address and
    find their topics and committed offsets again; that is what broker-outage tests need.
    """

    def __init__(self, data_dir: Path, port: str = "auto") -> None:
        self.data_dir = data_dir
        self._env = {**os.environ, "KAFKA_DATA_DIR": str(data_dir), "KAFKA_PORT": port}
        self.bootstrap = ""

    def _run(self, command: str) -> str:
        result = subprocess.run(
            ["bash", str(BROKER_SCRIPT), command],
            env=self._env,
            capture_output=True,
            text=True,
            timeout=BROKER_COMMAND_TIMEOUT_S,
            check=False,
        )
        if result.returncode != 0:
            log = self.data_dir / "broker.log"
            raise RuntimeError(
                f"broker.sh {command} failed ({result.returncode}):\n{result.stderr}\nlog: {log}"
            )
        return result.stdout

    def start(self) -> str:
        """Start the broker (formatting storage only the first time) and return host:port."""
        self.bootstrap = self._run("start").strip().splitlines()[-1]
        return self.bootstrap

    def stop(self) -> None:
        """Stop the broker and wait for its process to exit."""
        self._run("stop")

    def restart(self) -> str:
        """Stop and start again on the same data dir; return host:port (unchanged)."""
        self.stop()
        return self.start()


def _require_java() -> None:
    if shutil.which("java") is None:
        pytest.skip("java is not installed, so no local Kafka broker can run")


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """host:port of the session's broker: FIGWATCH_TEST_BROKER, or one started for the run."""
    external = os.environ.get("FIGWATCH_TEST_BROKER")
    if external:
        yield external
        return
    _require_java()
    broker = BrokerProcess(tmp_path_factory.mktemp("kafka"))
    broker.start()
    try:
        yield broker.bootstrap
    finally:
        broker.stop()


@pytest.fixture
def private_broker(tmp_path: Path) -> Iterator[BrokerProcess]:
    """A started broker of this test's own, which the test may stop and restart freely."""
    _require_java()
    broker = BrokerProcess(tmp_path / "kafka")
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def kafka_admin(kafka_bootstrap: str) -> Iterator[KafkaAdminClient]:
    """An admin client for the session broker."""
    admin = KafkaAdminClient(bootstrap_servers=kafka_bootstrap, client_id="figwatch-tests")
    try:
        yield admin
    finally:
        admin.close()


@pytest.fixture
def new_topic(kafka_admin: KafkaAdminClient) -> Iterator[NewTopicFactory]:
    """Create uuid-named topics (``new_topic(partitions=4)``); delete them after the test."""
    created: list[str] = []

    def create(partitions: int = 4, prefix: str = "figwatch-test") -> str:
        name = f"{prefix}-{uuid.uuid4().hex}"
        kafka_admin.create_topics(
            [NewTopic(name, num_partitions=partitions, replication_factor=1)],
            wait_for_metadata=True,
        )
        created.append(name)
        return name

    yield create
    if created:
        # Deleting keeps a shared FIGWATCH_TEST_BROKER tidy; a failure here is not the test's.
        kafka_admin.delete_topics(created, raise_errors=False)


def _session_bootstrap(request: pytest.FixtureRequest) -> Callable[[str | None], str]:
    # Resolved lazily so that a test talking only to its private broker starts no session one.
    def resolve(bootstrap: str | None) -> str:
        return bootstrap or str(request.getfixturevalue("kafka_bootstrap"))

    return resolve


@pytest.fixture
def produce(request: pytest.FixtureRequest) -> Produce:
    """Send byte values to a topic and wait until the broker acknowledged all of them.

    ``produce(topic, values, key=None, bootstrap=None)``; the producer is idempotent with
    ``acks="all"``; ``bootstrap`` defaults to the session broker.
    """
    resolve = _session_bootstrap(request)

    def send(
        topic: str, values: Iterable[bytes], key: bytes | None = None, bootstrap: str | None = None
    ) -> None:
        producer = KafkaProducer(
            bootstrap_servers=resolve(bootstrap), acks="all", enable_idempotence=True
        )
        try:
            futures = [producer.send(topic, value=value, key=key) for value in values]
            producer.flush()
            for future in futures:
                future.get(timeout=30)
        finally:
            producer.close()

    return send


def _wait_for_partitions(consumer: KafkaConsumer, topic: str, deadline: float) -> set[int]:
    while time.monotonic() < deadline:
        partitions = consumer.partitions_for_topic(topic)
        if partitions:
            return set(partitions)
        time.sleep(0.1)
    raise TimeoutError(f"topic {topic} has no partitions in the broker's metadata")


@pytest.fixture
def consume_all(request: pytest.FixtureRequest) -> ConsumeAll:
    """Read a topic from the beginning as a read_committed consumer with a fresh group id.

    ``consume_all(topic, count=None, timeout=30.0, bootstrap=None)`` returns the records read
    once ``count`` records arrived or, with ``count=None``, once every partition's end offset
    (the last stable offset, so open transactions hold it back) was reached; on timeout it
    returns what it has. ``bootstrap`` defaults to the session broker.
    """
    resolve = _session_bootstrap(request)

    def consume(
        topic: str, count: int | None = None, timeout: float = 30.0, bootstrap: str | None = None
    ) -> list[ConsumerRecord]:
        deadline = time.monotonic() + timeout
        consumer = KafkaConsumer(
            bootstrap_servers=resolve(bootstrap),
            group_id=f"figwatch-test-{uuid.uuid4().hex}",
            isolation_level="read_committed",
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        try:
            partitions = [
                TopicPartition(topic, p) for p in _wait_for_partitions(consumer, topic, deadline)
            ]
            consumer.assign(partitions)
            consumer.seek_to_beginning(*partitions)
            end_offsets = consumer.end_offsets(partitions)
            records: list[ConsumerRecord] = []
            while time.monotonic() < deadline:
                for batch in consumer.poll(timeout_ms=200).values():
                    records.extend(batch)
                if count is not None and len(records) >= count:
                    break
                if count is None and all(
                    consumer.position(tp) >= end_offsets[tp] for tp in partitions
                ):
                    break
            return records
        finally:
            consumer.close()

    return consume
