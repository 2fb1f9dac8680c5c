"""What every agent needs: the ingest record of an event, and dead letters for what fails."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar

import faust
from pydantic import BaseModel

from schemas.article import IngestMeta
from schemas.codec import DecodeError, dead_letter, decode, encode
from schemas.dead_letter import DeadLetter, ErrorKind
from streams import metrics, topics
from streams.event_time import ingest_time
from streams.settings import get_settings

_settings = get_settings()

ModelT = TypeVar("ModelT", bound=BaseModel)


def ingest_of(event: faust.EventT) -> IngestMeta:
    """Coordinates and Kafka timestamp of the message behind ``event``."""
    message = event.message
    return IngestMeta(
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        timestamp=ingest_time(message.timestamp, datetime.now(UTC)),
    )


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
        article_id=article_id,
    )
    metrics.DEAD_LETTERS.labels(stage=stage, kind=kind).inc()
    await topics.dead_letters.send(key=key, value=encode(letter))
    return letter


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
