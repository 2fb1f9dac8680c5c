"""What the reliability scripts and tests share: producing, tailing topics, accounting, figures.

Outputs are read as a ``read_committed`` consumer, as an alert subscriber would read them, so
aborted transactions of a killed worker never count.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from schemas.alert import Alert
from schemas.article import ArticleEnvelope
from schemas.claim import ClaimBatch
from schemas.codec import decode
from schemas.dead_letter import DeadLetter
from schemas.duplicate import DuplicateRecord
from scripts.reliability.corpus import Feed, encode_article
from streams.clients.kafka_admin import ensure_topics
from streams.settings import Settings
from tests.support.worker import FigwatchDeployment, WorkerProcess

FAST_GROUP_ENV = {
    # Faust reads these from the environment: a killed worker's partitions move to the live
    # one after 10 s instead of the default 60 s.
    "BROKER_SESSION_TIMEOUT": "10",
    "BROKER_HEARTBEAT_INTERVAL": "1",
    "BROKER_REBALANCE_TIMEOUT": "30",
}

BIG_MESSAGE_BYTES = 8 * 1024 * 1024


def create_topics(deployment: FigwatchDeployment) -> None:
    """Create every topic of a deployment, as its worker does at start, before any traffic.

    Scripts produce before the worker starts, so they create the topics with the worker's own
    ``ensure_topics`` (input, outputs, dedup repartition topics and table changelogs).
    """
    fields = {name.removeprefix("FIGWATCH_").lower(): v for name, v in deployment.env().items()}
    ensure_topics(Settings.model_validate(fields))


def producer(bootstrap: str) -> KafkaProducer:
    """An idempotent producer that waits for every replica and may send large messages."""
    return KafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=True,
        max_request_size=BIG_MESSAGE_BYTES,
        linger_ms=5,
        retries=1_000_000,
        request_timeout_ms=30_000,
    )


Headers = list[tuple[str, bytes]]
"""Kafka headers of a message: (name, value) pairs, in order."""


def produce(
    bootstrap: str,
    topic: str,
    messages: Iterable[
        tuple[bytes | None, bytes | None] | tuple[bytes | None, bytes | None, Headers]
    ],
    pace: float = 0,
) -> list[tuple[int, int]]:
    """Send ``(key, value[, headers])`` messages, wait for every ack; their (partition, offset)."""
    client = producer(bootstrap)
    try:
        futures = []
        for key, value, *headers in messages:
            futures.append(
                client.send(topic, key=key, value=value, headers=headers[0] if headers else None)
            )
            if pace:
                time.sleep(pace)
        client.flush()
        coordinates = []
        for future in futures:
            metadata = future.get(timeout=120)
            coordinates.append((metadata.partition, metadata.offset))
        return coordinates
    finally:
        client.close()


class TopicTail:
    """Reads every committed record of a topic from the beginning, a little more each poll."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.topic = topic
        self.records: list[ConsumerRecord] = []
        self._consumer = KafkaConsumer(
            bootstrap_servers=bootstrap,
            group_id=f"reliability-{uuid.uuid4().hex}",
            isolation_level="read_committed",
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            max_partition_fetch_bytes=BIG_MESSAGE_BYTES,
            fetch_max_bytes=BIG_MESSAGE_BYTES,
        )
        partitions: set[int] | None = None
        deadline = time.monotonic() + 60
        while not partitions and time.monotonic() < deadline:
            partitions = self._consumer.partitions_for_topic(topic)
            time.sleep(0.1)
        if not partitions:
            raise TimeoutError(f"topic {topic} has no partitions")
        self._partitions = [TopicPartition(topic, p) for p in sorted(partitions)]
        self._consumer.assign(self._partitions)
        self._consumer.seek_to_beginning(*self._partitions)

    def poll(self, rounds: int = 20) -> list[ConsumerRecord]:
        """Records that arrived since the last poll (all of them are also kept in ``records``)."""
        new: list[ConsumerRecord] = []
        for _ in range(rounds):
            batches = self._consumer.poll(timeout_ms=100, max_records=5000)
            if not batches:
                break
            for batch in batches.values():
                new.extend(batch)
        self.records.extend(new)
        return new

    def close(self) -> None:
        """Leave the broker."""
        self._consumer.close()


@dataclass(slots=True)
class Outputs:
    """What a deployment's output topics hold, decoded, for accounting."""

    unique: Counter[str] = field(default_factory=Counter)
    duplicates: Counter[str] = field(default_factory=Counter)
    dead_letters: list[DeadLetter] = field(default_factory=list)
    claim_articles: set[str] = field(default_factory=set)
    alerts: Counter[str] = field(default_factory=Counter)
    alert_summaries: dict[str, str] = field(default_factory=dict)
    """Alert id to the summary it arrived with, to show what an unexpected alert said."""

    def add_unique(self, records: Iterable[ConsumerRecord]) -> None:
        """Count the article ids of records of the unique topic."""
        for record in records:
            self.unique[decode(ArticleEnvelope, record.value).article.id] += 1

    def add_duplicates(self, records: Iterable[ConsumerRecord]) -> None:
        """Count the article ids of records of the duplicates topic."""
        for record in records:
            self.duplicates[decode(DuplicateRecord, record.value).article_id] += 1

    def add_dead_letters(self, records: Iterable[ConsumerRecord]) -> None:
        """Keep the dead letters."""
        self.dead_letters.extend(decode(DeadLetter, record.value) for record in records)

    def add_claims(self, records: Iterable[ConsumerRecord]) -> None:
        """Note which articles' claims arrived."""
        self.claim_articles.update(
            article_id
            for record in records
            for article_id in decode(ClaimBatch, record.value).article_ids
        )

    def add_alerts(self, records: Iterable[ConsumerRecord]) -> None:
        """Count alert ids and keep their summaries."""
        for record in records:
            alert = decode(Alert, record.value)
            self.alerts[alert.alert_id] += 1
            self.alert_summaries.setdefault(alert.alert_id, alert.summary)

    def accounted(self) -> Counter[str]:
        """How many times each article id came out: unique, duplicate or dead letter."""
        total = self.unique + self.duplicates
        total.update(letter.article_id for letter in self.dead_letters if letter.article_id)
        return total


class DeploymentOutputs:
    """Tails every output topic of a deployment and decodes what arrives into ``Outputs``."""

    def __init__(self, bootstrap: str, topic: Callable[[str], str]) -> None:
        self.outputs = Outputs()
        self._tails = {
            "unique": (TopicTail(bootstrap, topic("unique")), self.outputs.add_unique),
            "duplicates": (TopicTail(bootstrap, topic("duplicates")), self.outputs.add_duplicates),
            "dead_letters": (
                TopicTail(bootstrap, topic("dead_letters")),
                self.outputs.add_dead_letters,
            ),
            "claims": (TopicTail(bootstrap, topic("claims")), self.outputs.add_claims),
            "alerts": (TopicTail(bootstrap, topic("alerts")), self.outputs.add_alerts),
        }

    def poll(self) -> Outputs:
        """Read what arrived on every output topic since the last poll."""
        for tail, add in self._tails.values():
            add(tail.poll())
        return self.outputs

    def wait_for(
        self,
        done: Callable[[Outputs], bool],
        timeout: float,
        between: Callable[[], None] | None = None,
    ) -> bool:
        """Poll until ``done(outputs)`` or ``timeout`` seconds; ``between`` runs each round."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if done(self.poll()):
                return True
            if between is not None:
                between()
            time.sleep(0.5)
        return done(self.poll())

    def close(self) -> None:
        """Close every consumer."""
        for tail, _ in self._tails.values():
            tail.close()


@dataclass(frozen=True, slots=True)
class Accounting:
    """Input ids against output ids: each must come out exactly once."""

    articles_in: int
    accounted_once: int
    missing: list[str]
    repeated: dict[str, int]
    verdicts_differ: list[str]
    """Ids that came out under more than one kind (unique and duplicate, or a dead letter)."""

    @property
    def exact(self) -> bool:
        """Every input id came out exactly once."""
        return not self.missing and not self.repeated


def account(input_ids: Iterable[str], outputs: Outputs) -> Accounting:
    """Compare the ids sent with the ids that came out (unique, duplicate, dead letter)."""
    ids = list(dict.fromkeys(input_ids))
    seen = outputs.accounted()
    lettered = {letter.article_id for letter in outputs.dead_letters}
    return Accounting(
        articles_in=len(ids),
        accounted_once=sum(1 for i in ids if seen[i] == 1),
        missing=[i for i in ids if seen[i] == 0],
        repeated={i: seen[i] for i in ids if seen[i] > 1},
        verdicts_differ=[
            i
            for i in ids
            if (outputs.unique[i] > 0) + (outputs.duplicates[i] > 0) + (i in lettered) > 1
        ],
    )


@dataclass(frozen=True, slots=True)
class AlertCheck:
    """Alert ids seen against those expected."""

    expected: int
    seen: int
    distinct_seen: int
    missing: list[str]
    unexpected: list[str]
    repeats: int

    @property
    def exact(self) -> bool:
        """Each expected alert once, nothing else."""
        return not self.missing and not self.unexpected and not self.repeats


def check_alerts(expected: Iterable[str], seen: Counter[str]) -> AlertCheck:
    """Compare expected alert ids with the ids on the alerts topic."""
    wanted = set(expected)
    return AlertCheck(
        expected=len(wanted),
        seen=sum(seen.values()),
        distinct_seen=len(seen),
        missing=sorted(wanted - set(seen)),
        unexpected=sorted(set(seen) - wanted),
        repeats=sum(count - 1 for count in seen.values() if count > 1),
    )


def outcome_figures(accounting: Accounting, alerts: AlertCheck) -> dict[str, object]:
    """The figures every scenario prints: articles accounted for, alerts expected and seen."""
    return {
        "accounted_once": accounting.accounted_once,
        "missing": len(accounting.missing),
        "duplicate_outputs": sum(n - 1 for n in accounting.repeated.values()),
        "ids_with_differing_verdicts": len(accounting.verdicts_differ),
        "alerts_expected": alerts.expected,
        "alerts_seen": alerts.seen,
        "alerts_missing": len(alerts.missing),
        "alerts_unexpected": len(alerts.unexpected),
        "alert_repeats": alerts.repeats,
        "articles_exact": accounting.exact,
        "alerts_exact": alerts.exact,
    }


def alert_details(
    alerts: AlertCheck, expected: dict[str, str], outputs: Outputs, limit: int = 10
) -> dict[str, object]:
    """What the missing and the unexpected alerts said (the first ``limit`` of each)."""
    return {
        "alerts_missing_detail": [expected[i] for i in alerts.missing[:limit]],
        "alerts_unexpected_detail": [
            outputs.alert_summaries.get(i, i) for i in alerts.unexpected[:limit]
        ],
    }


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def print_figures(title: str, figures: dict[str, object]) -> None:
    """Print a script's figures as ``name: value`` lines under a title."""
    print(f"== {title}")
    for name, value in figures.items():
        print(f"{name}: {value}")


class Cluster:
    """Named worker processes of one deployment; a restart is a new process on the same state."""

    def __init__(self, deployment: FigwatchDeployment, base_dir: Path, env: dict[str, str]) -> None:
        self.deployment = deployment
        self.base_dir = base_dir
        self.env = env
        self.workers: dict[str, WorkerProcess] = {}
        self.logs: list[Path] = []
        self.kills = 0

    def start(self, name: str) -> WorkerProcess:
        """Start worker ``name`` (again) and wait until it is ready."""
        worker = WorkerProcess(self.deployment, self.base_dir / name, self.env)
        self.workers[name] = worker
        self.logs.append(worker.log_path)
        worker.start(timeout=180)
        return worker

    def kill(self, name: str) -> None:
        """SIGKILL worker ``name``: no shutdown, no commit, no goodbye to the group."""
        self.workers[name].kill()
        self.kills += 1

    def stop(self, name: str) -> None:
        """Stop worker ``name`` the polite way (SIGTERM)."""
        self.workers.pop(name).stop()

    def stop_all(self) -> None:
        """Stop every worker still running."""
        for name in list(self.workers):
            self.stop(name)

    def running(self) -> list[str]:
        """Names of the workers alive now."""
        return [name for name, worker in self.workers.items() if worker.running()]

    def log_text(self) -> str:
        """Every log of every process this cluster started."""
        return "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in self.logs)


def wave_done(wave_ids: set[str], claim_ids: set[str]) -> Callable[[Outputs], bool]:
    """True once every article of a wave came out and its claims reached the claims topic."""

    def done(outputs: Outputs) -> bool:
        seen = outputs.accounted()
        return all(seen[i] for i in wave_ids) and claim_ids <= outputs.claim_articles

    return done


def feed_waves(
    bootstrap: str,
    articles_topic: str,
    feed: Feed,
    watch: DeploymentOutputs,
    wave_timeout: float,
    before_wave: Callable[[int], None] | None = None,
    between: Callable[[], None] | None = None,
    pace: float = 0,
) -> list[float]:
    """Produce the feed wave by wave, each once the one before is through; seconds per wave."""
    seconds = []
    for number, wave in enumerate(feed.waves):
        if before_wave is not None:
            before_wave(number)
        started = time.monotonic()
        messages = ((a["id"].encode(), encode_article(a)) for a in wave)
        produce(bootstrap, articles_topic, messages, pace=pace)
        ids = {article["id"] for article in wave}
        if not watch.wait_for(wave_done(ids, feed.claim_articles[number]), wave_timeout, between):
            outputs = watch.outputs
            missing = len([i for i in ids if not outputs.accounted()[i]])
            raise TimeoutError(f"wave {number}: {missing} of {len(ids)} articles never came out")
        seconds.append(time.monotonic() - started)
    return seconds


@contextmanager
def scenario_broker(name: str, bootstrap: str | None) -> Iterator[tuple[Path, str]]:
    """A kept work dir for a scenario, and ``bootstrap`` or a private broker started in it.

    The work dir stays after the run: worker logs and state are the evidence when something
    is off.
    """
    from tests.support.kafka import BrokerProcess

    tmp = Path(tempfile.mkdtemp(prefix=f"figwatch-{name}-"))
    print(f"work dir: {tmp}")
    if bootstrap:
        yield tmp, bootstrap
        return
    broker = BrokerProcess(tmp / "kafka")
    try:
        yield tmp, broker.start()
    finally:
        broker.stop()
