"""What every agent needs: the ingest record of an event, and dead letters for what fails.

Nothing vanishes: a record that fails becomes a dead letter that fits in Kafka, and the agent
waits until the broker has it before the record's offset can be committed. When even that
fails, the stage halts: the record stays unacknowledged, so its offset is never committed and
it is read again once the worker runs again, and the worker stops with the error logged.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from typing import Any, NoReturn, TypeVar

import faust
from faust.streams import _current_event
from pydantic import BaseModel

from schemas.article import IngestMeta
from schemas.codec import (
    DecodeError,
    dead_letter,
    dead_letter_budget,
    decode,
    encode,
    fit_dead_letter,
)
from schemas.dead_letter import DeadLetter, ErrorKind
from streams.event_time import ingest_time
from streams.logs import get_logger
from streams.settings import get_settings
from streams.worker import metrics, topics
from streams.worker.app import app

_settings = get_settings()
_budget = dead_letter_budget(_settings.max_message_bytes)
_log = get_logger()

KEPT_ERROR_CHARS = 2000
"""The logged error of a halted stage is cut to this many characters."""

ModelT = TypeVar("ModelT", bound=BaseModel)
ResultT = TypeVar("ResultT")


class StageHalted(Exception):
    """A record could neither be processed nor set aside: the stage stops rather than lose it."""


def ingest_of(event: faust.EventT) -> IngestMeta:
    """Coordinates and Kafka timestamp of the message behind ``event``."""
    message = event.message
    return IngestMeta(
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        timestamp=ingest_time(message.timestamp, datetime.now(UTC)),
    )


def headers_of(event: faust.EventT) -> list[tuple[str, bytes | None]]:
    """The Kafka headers of the message behind ``event``, in order, repeats included."""
    headers: Any = event.message.headers or ()
    pairs: Sequence[Any] = list(headers.items()) if isinstance(headers, Mapping) else headers
    return [(_text(name), value) for name, value in pairs]


def _text(name: str | bytes) -> str:
    return name.decode("utf-8", "replace") if isinstance(name, bytes) else name


async def publish_dead_letter(event: faust.EventT, letter: DeadLetter) -> None:
    """Send ``letter`` (cut to fit this worker's limits) and wait until the broker has it.

    Waiting matters: the event's offset is committed once the agent moves on, so a letter
    still in flight could otherwise be lost with the record it describes.
    """
    fitted = fit_dead_letter(letter, _budget)
    try:
        pending = await topics.dead_letters.send(key=fitted.key, value=encode(fitted))
        await pending
    except Exception as error:  # noqa: BLE001  (any failure here must halt, see halt_stage)
        await halt_stage(event, letter.stage, "dead_letter_failed", error)
    metrics.DEAD_LETTERS.labels(stage=letter.stage, kind=letter.error_kind).inc()


async def send_dead_letter(
    event: faust.EventT,
    stage: str,
    kind: ErrorKind,
    reason: str,
    article_id: str | None = None,
) -> DeadLetter:
    """Set the event's record aside on the dead-letter topic, with the reason, and count it."""
    raw = event.value if isinstance(event.value, bytes) else b""
    key = event.key if isinstance(event.key, bytes) else None
    letter = dead_letter(
        raw,
        DecodeError(kind, reason),
        stage=stage,
        ingest=ingest_of(event),
        key=key,
        headers=headers_of(event),
        article_id=article_id,
        max_bytes=_budget,
    )
    await publish_dead_letter(event, letter)
    return letter


async def halt_stage(event: faust.EventT, stage: str, what: str, error: BaseException) -> NoReturn:
    """Stop the worker over ``event`` without acknowledging it, so that it is read again."""
    # One reference more than the stream gives back: the record is never acknowledged, and
    # the offsets of its partition are committed only up to the one before it.
    event.message.incref()
    message = event.message
    _log.critical(
        what,
        stage=stage,
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        error=repr(error)[:KEPT_ERROR_CHARS],
    )
    halted = StageHalted(
        f"{stage}: {what} at {message.topic}[{message.partition}]@{message.offset}"
    )
    await app.crash(halted)
    raise halted from error


@asynccontextmanager
async def dead_letter_on_error(
    event: faust.EventT, stage: str, article_id: str | None = None
) -> AsyncIterator[None]:
    """Turn an exception of the enclosed processing into a processing-error dead letter."""
    try:
        yield
    except StageHalted:
        raise
    except Exception as error:  # noqa: BLE001  (one record must never stop the worker)
        _log.exception(
            "processing_failed",
            stage=stage,
            article_id=article_id,
            partition=event.message.partition,
            offset=event.message.offset,
        )
        await send_dead_letter(event, stage, "processing_error", repr(error), article_id)


async def decode_or_dead_letter(
    event: faust.EventT, model_cls: type[ModelT], stage: str
) -> ModelT | None:
    """The event's payload as ``model_cls``; None once a record that is not one is set aside."""
    try:
        # Payloads that carry an article are checked against the same body limit as input.
        return decode(model_cls, event.value, max_body_bytes=_settings.max_body_bytes)
    except DecodeError as error:
        await send_dead_letter(event, stage, error.kind, error.reason)
        return None


async def handle_record(
    event: faust.EventT,
    model_cls: type[ModelT],
    stage: str,
    handle: Callable[[faust.EventT, ModelT], Awaitable[ResultT]],
    article_id: Callable[[ModelT], str | None],
) -> ResultT | None:
    """What every stage does with a record: decode it, hand it to ``handle``, time it.

    A record that is not a ``model_cls`` and one that ``handle`` fails on become dead
    letters with the reason (None is returned); the stage goes on with the next record.
    """
    started = time.perf_counter()
    result = None
    value = await decode_or_dead_letter(event, model_cls, stage)
    if value is not None:
        async with dead_letter_on_error(event, stage, article_id(value)):
            result = await handle(event, value)
    metrics.STAGE_SECONDS.labels(stage=stage).observe(time.perf_counter() - started)
    return result


async def run_stage(
    stream: faust.StreamT,
    model_cls: type[ModelT],
    stage: str,
    handle: Callable[[faust.EventT, ModelT], Awaitable[None]],
    article_id: Callable[[ModelT], str | None],
) -> AsyncIterator[None]:
    """The loop of an agent that takes one record at a time, each by :func:`handle_record`."""
    async for event in stream.events():
        await handle_record(event, model_cls, stage, handle, article_id)
        yield None


@contextmanager
def in_partition_of(event: faust.EventT) -> Iterator[None]:
    """Table reads and writes in the block go to ``event``'s partition.

    Faust picks a table partition by the stream's current event; a batch taken with
    ``take_events`` has none of its own, and its events may come from several partitions.
    """
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


def by_partition(events: Sequence[faust.EventT]) -> dict[int, list[faust.EventT]]:
    """Events grouped by their partition, each group in the order it came."""
    groups: dict[int, list[faust.EventT]] = {}
    for event in events:
        groups.setdefault(int(event.message.partition), []).append(event)
    return groups


def batches(stream: faust.StreamT) -> AsyncIterator[Sequence[faust.EventT]]:
    """The stream's events in batches, acknowledged once the agent has handled each batch.

    At most ``FIGWATCH_BATCH_MAX`` events, waiting at most ``FIGWATCH_BATCH_WAIT_MS``.
    """
    if not isinstance(stream, faust.Stream):
        raise TypeError(f"not a Faust stream: {stream!r}")
    return stream.take_events(_settings.batch_max, within=_settings.batch_wait_ms / 1000)
