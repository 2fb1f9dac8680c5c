"""Send articles from files, feeds and URLs to the input topic, validated before they leave.

Reading (:func:`collect`) and checking (:func:`prepare`) are plain functions; only
:func:`build_producer` and :func:`send_all` touch Kafka.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kafka import KafkaProducer
from kafka.codec import has_lz4
from kafka.errors import KafkaError

from schemas.codec import DecodeError, validate_article
from streams.clients.feeds import (
    DEFAULT_FETCH_TIMEOUT_S,
    FEED_SUFFIXES,
    fetch_feed,
    is_url,
    local_path,
    read_feed,
)
from streams.clients.kafka_admin import client_options
from streams.ingest.files import Defaults, read_records
from streams.settings import Settings

Fetch = Callable[[str, float], tuple[bytes, dict[str, str]]]

# A record carries a little framing on top of its value; leave room for it in a request.
_REQUEST_OVERHEAD_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Pending:
    """One record read from an input, before validation."""

    where: str
    """``file``, ``file:line`` or ``feed entry N``, for messages to people."""
    data: dict[str, Any] | None = None
    """Its fields with the command-line defaults filled in, when it could be read."""
    error: DecodeError | None = None
    """Why it could not be read."""


@dataclass(frozen=True, slots=True)
class Ready:
    """A validated record, as it will be sent."""

    where: str
    article_id: str
    key: bytes
    value: bytes


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that will not be sent, and why."""

    where: str
    kind: str
    reason: str

    def describe(self) -> str:
        """One line for stderr: where, what kind of problem, and the reason."""
        return f"{self.where}: {self.kind}: {self.reason}"


@dataclass(slots=True)
class SendReport:
    """What a run of :func:`send_all` did."""

    sent: int = 0
    bytes: int = 0
    failed: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Records acknowledged per second."""
        return self.sent / self.seconds if self.seconds > 0 else 0.0


def collect(
    targets: Sequence[str],
    defaults: Defaults,
    *,
    max_message_bytes: int,
    fetch: Fetch = fetch_feed,
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT_S,
) -> Iterator[Pending]:
    """Every record of every target: article files, directories, feed files and feed URLs.

    A ``file://`` URL is read as the local path it names; another scheme is one error record.
    """
    for target in targets:
        if is_url(target):
            yield from _from_url(target, defaults, fetch, fetch_timeout)
            continue
        try:
            path = local_path(target)
        except ValueError as exc:
            yield Pending(target, error=DecodeError("validation", str(exc)))
            continue
        if path.suffix.lower() in FEED_SUFFIXES and not path.is_dir():
            yield from _from_feed_file(path, defaults)
            continue
        for record in read_records([path], defaults, max_message_bytes=max_message_bytes):
            yield Pending(record.where, record.data, record.error)
        if path.is_dir():
            # read_records walks article files only; feeds in the same tree are inputs too.
            for feed in sorted(p for p in path.rglob("*") if p.suffix.lower() in FEED_SUFFIXES):
                if feed.is_file():
                    yield from _from_feed_file(feed, defaults)


def prepare(
    pending: Pending, *, max_body_bytes: int, max_message_bytes: int, key_field: str | None = None
) -> Ready | Rejected:
    """Validate one record as an ``Article`` and encode what will be sent, or say why not.

    The value is the record's own fields plus what validation fills in (id, language, empty
    title); a record without ``published_at`` is sent without one, so that the worker uses
    the Kafka timestamp. The key is the article id, or the named field's value.
    """
    if pending.error is not None:
        return Rejected(pending.where, pending.error.kind, pending.error.reason)
    if pending.data is None:
        return Rejected(pending.where, "validation", "record has no fields")
    # The fallback only satisfies validation; it is dropped again below, never sent.
    fallback = datetime.now(UTC)
    try:
        article = validate_article(
            pending.data, fallback_published_at=fallback, max_body_bytes=max_body_bytes
        )
    except DecodeError as error:
        return Rejected(pending.where, error.kind, error.reason)
    payload = article.model_dump(mode="json", exclude_none=True)
    if not pending.data.get("published_at"):
        payload.pop("published_at", None)
    value = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(value) > max_message_bytes:
        reason = f"record is {len(value)} bytes, over the limit of {max_message_bytes}"
        return Rejected(pending.where, "too_large", reason)
    if key_field is None:
        key = article.id
    else:
        found = payload.get(key_field)
        if found is None or found == "":
            return Rejected(pending.where, "validation", f"no {key_field!r} field to key by")
        key = found if isinstance(found, str) else json.dumps(found, ensure_ascii=False)
    return Ready(pending.where, article.id, key.encode("utf-8"), value)


def compression_type() -> str:
    """``lz4`` when its library is installed, else ``gzip`` (always available)."""
    return "lz4" if has_lz4() else "gzip"


def build_producer(settings: Settings) -> KafkaProducer:
    """An idempotent, fully acknowledged, compressed producer for article records."""
    return KafkaProducer(
        **client_options(settings),
        client_id=f"{settings.app_id}-produce",
        acks="all",
        enable_idempotence=True,
        compression_type=compression_type(),
        linger_ms=20,
        max_request_size=settings.max_message_bytes + _REQUEST_OVERHEAD_BYTES,
    )


def send_all(
    producer: KafkaProducer,
    topic: str,
    records: Iterable[Ready],
    *,
    on_done: Callable[[Ready, Exception | None], None] | None = None,
    timeout: float = 60.0,
) -> SendReport:
    """Send every record, wait for the broker's acknowledgements, and report what happened."""
    report = SendReport()
    started = time.perf_counter()
    futures = []
    for record in records:
        future = producer.send(topic, key=record.key, value=record.value)
        if on_done is not None:
            # Called on the producer's I/O thread as each acknowledgement (or error) arrives.
            future.add_callback(lambda _meta, r=record: on_done(r, None))
            future.add_errback(lambda exc, r=record: on_done(r, exc))
        futures.append((record, future))
    # Records not acknowledged in time are each reported below by their future.
    with suppress(KafkaError):
        producer.flush(timeout=timeout)
    for record, future in futures:
        try:
            future.get(timeout=timeout)
        except Exception as exc:  # noqa: BLE001 (any send failure is reported per record)
            report.failed.append(Rejected(record.where, "send_failed", str(exc) or repr(exc)))
            continue
        report.sent += 1
        report.bytes += len(record.value)
    report.seconds = time.perf_counter() - started
    return report


def _from_feed_file(path: Path, defaults: Defaults) -> Iterator[Pending]:
    try:
        document = path.read_bytes()
    except OSError as exc:
        yield Pending(str(path), error=DecodeError("validation", f"cannot read: {exc.strerror}"))
        return
    for record in read_feed(document, str(path), defaults):
        yield Pending(record.where, record.data, record.error)


def _from_url(url: str, defaults: Defaults, fetch: Fetch, timeout: float) -> Iterator[Pending]:
    fetched_at = datetime.now(UTC)
    try:
        document, headers = fetch(url, timeout)
    except (OSError, ValueError) as exc:
        # urllib's errors (HTTP status, DNS, refused, timeout) are all OSErrors.
        yield Pending(url, error=DecodeError("validation", f"cannot fetch: {exc}"))
        return
    for record in read_feed(document, url, defaults, headers=headers, fetched_at=fetched_at):
        yield Pending(record.where, record.data, record.error)
