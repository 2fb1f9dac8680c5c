"""Read alerts from the alerts topic: committed records only, decoded by the one codec.

Without a consumer group nothing is committed (as with kcat): the reader assigns itself every
partition and starts at the beginning or at the end. With a group, Kafka assigns partitions and
the reader resumes from the group's committed offsets.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata

from schemas.alert import Alert
from schemas.codec import DecodeError, decode
from streams.clients.kafka_admin import client_options
from streams.figures.summary import alert_line
from streams.logs import get_logger
from streams.settings import Settings

_POLL_MS = 200


@dataclass(frozen=True, slots=True)
class Received:
    """One record of the alerts topic: the alert, or why it did not decode."""

    topic: str
    partition: int
    offset: int
    raw: bytes
    alert: Alert | None = None
    error: DecodeError | None = None

    @property
    def where(self) -> str:
        """``topic/partition@offset`` for messages to people."""
        return f"{self.topic}/{self.partition}@{self.offset}"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """When to start and when to stop reading."""

    from_beginning: bool = False
    group: str | None = None
    follow: bool = False
    max_alerts: int | None = None
    timeout: float = 10.0
    """Without ``follow``: stop after this many seconds with no new record."""


def format_alert(alert: Alert) -> str:
    """One readable line, as ``figwatch replay --format text`` writes it, then both sources.

    ``figure_changed   people killed — earthquake in Morocco, Sep 2023: 2,012 (2023-09-10)
    -> 2,122 (2023-09-11), +5% | Reuters -> AP``; the dates are the reports' own.
    """
    return f"{alert_line(alert)} | {alert.previous.source} -> {alert.current.source}"


def decode_record(topic: str, partition: int, offset: int, raw: bytes | None) -> Received:
    """The alert in a record's value, or the reason it is not one."""
    if raw is None:
        error = DecodeError("validation", "record has no value")
        return Received(topic, partition, offset, b"", error=error)
    try:
        return Received(topic, partition, offset, raw, alert=decode(Alert, raw))
    except DecodeError as error:
        return Received(topic, partition, offset, raw, error=error)


def read_alerts(settings: Settings, topic: str, options: ReadOptions) -> Iterator[Received]:
    """Every record of ``topic`` from the chosen start until the stop rule says enough.

    Without ``follow``: up to ``max_alerts`` alerts, waiting at most ``timeout`` seconds of
    quiet for them; from the beginning with no ``max_alerts`` and no group, only up to the
    end offsets seen at the start (a group's partitions are assigned later, so with a group
    it stops after ``timeout`` seconds of quiet). With ``follow``: until ``max_alerts``
    alerts (or forever).
    """
    log = get_logger("alerts", topic=topic)
    consumer = KafkaConsumer(
        **client_options(settings),
        client_id=f"{settings.app_id}-alerts",
        group_id=options.group,
        # Offsets are committed by hand, only for records handed out (see below).
        enable_auto_commit=False,
        auto_offset_reset="earliest" if options.from_beginning else "latest",
        isolation_level="read_committed",
    )
    done: dict[TopicPartition, int] = {}
    try:
        partitions = _start(consumer, topic, options)
        log.info(
            "alerts_subscribed",
            partitions=len(partitions),
            group=options.group,
            from_beginning=options.from_beginning,
        )
        end = consumer.end_offsets(partitions) if partitions else {}
        read = 0
        quiet_since = time.monotonic()
        while True:
            batches = consumer.poll(timeout_ms=_POLL_MS)
            for records in batches.values():
                for record in records:
                    received = decode_record(
                        record.topic, record.partition, record.offset, record.value
                    )
                    done[TopicPartition(record.topic, record.partition)] = record.offset + 1
                    yield received
                    if received.alert is not None:
                        read += 1
                        if options.max_alerts is not None and read >= options.max_alerts:
                            return
            if batches:
                quiet_since = time.monotonic()
            if options.follow:
                continue
            if options.from_beginning and options.max_alerts is None and _caught_up(consumer, end):
                return
            if time.monotonic() - quiet_since >= options.timeout:
                return
    finally:
        if options.group is not None and done:
            # A poll returns whole batches; committing the position would skip unread records.
            consumer.commit({tp: OffsetAndMetadata(offset, "", -1) for tp, offset in done.items()})
        consumer.close(autocommit=False)


def _start(consumer: KafkaConsumer, topic: str, options: ReadOptions) -> list[TopicPartition]:
    if options.group is not None:
        consumer.subscribe([topic])
        return []
    deadline = time.monotonic() + options.timeout
    ids = consumer.partitions_for_topic(topic)
    while not ids:
        if not options.follow and time.monotonic() >= deadline:
            raise LookupError(f"topic {topic!r} does not exist (or has no partitions yet)")
        time.sleep(0.2)
        ids = consumer.partitions_for_topic(topic)
    partitions = [TopicPartition(topic, p) for p in sorted(ids)]
    consumer.assign(partitions)
    if options.from_beginning:
        consumer.seek_to_beginning(*partitions)
    else:
        consumer.seek_to_end(*partitions)
    # Resolve the positions now, so that "only new alerts" means new from this moment on.
    for partition in partitions:
        consumer.position(partition)
    return partitions


def _caught_up(consumer: KafkaConsumer, end: dict[Any, int]) -> bool:
    return bool(end) and all(consumer.position(tp) >= offset for tp, offset in end.items())
