"""A record figwatch could not process, kept with the reason (huge parts cut, their sizes kept)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.base import AwareDatetime, FigwatchModel

ErrorKind = Literal[
    "too_large",
    "invalid_encoding",
    "invalid_json",
    "not_an_object",
    "validation",
    "processing_error",
]
"""Why a record was set aside; a bounded set, so it can label metrics."""


class DeadLetterHeader(FigwatchModel):
    """One Kafka header of the original message."""

    name: str
    """Header name."""
    value: bytes | None = None
    """Header value (base64 in JSON), None when the header had none."""


class DeadLetter(FigwatchModel):
    """The original bytes and coordinates of a rejected record, with a readable reason.

    A dead letter must itself fit in a Kafka message whatever the record was, so the key, the
    reason, the headers and the original bytes are cut when long; each keeps its full size.
    """

    stage: str
    """Pipeline stage that rejected it (`validate`, `dedup`, `claims`, `figures`, `produce`)."""
    error_kind: ErrorKind
    """Category of the failure."""
    reason: str
    """What was wrong, for a person: field names and limits included (its head when long)."""
    reason_size: int | None = Field(default=None, ge=0)
    """Length of the whole reason in characters."""
    original: bytes
    """The record's bytes exactly as received (base64 in JSON), or their head when huge."""
    original_size: int = Field(ge=0)
    """Size of the original in bytes (the original may be truncated when huge)."""
    truncated: bool = False
    """True when `original` holds only the first bytes of a record over the size limit."""
    topic: str
    """Topic it was read from (or the file path for producers and replay)."""
    partition: int = Field(ge=-1)
    """Partition it was read from (-1 outside Kafka)."""
    offset: int = Field(ge=-1)
    """Offset it was read from (line number outside Kafka)."""
    kafka_timestamp: AwareDatetime | None = None
    """Timestamp of the original message, if any."""
    key: bytes | None = None
    """Key of the original message, if any (its first bytes when long)."""
    key_size: int | None = Field(default=None, ge=0)
    """Size of the original key in bytes, when there was a key."""
    key_truncated: bool = False
    """True when `key` holds only the first bytes of a longer key."""
    headers: tuple[DeadLetterHeader, ...] = ()
    """Headers of the original message, in order, as many whole ones as fit."""
    headers_size: int = Field(default=0, ge=0)
    """Bytes of all the original's header names and values."""
    headers_truncated: bool = False
    """True when `headers` holds only the first headers of the original."""
    article_id: str | None = None
    """The article id when it could be read before the failure."""
    failed_at: AwareDatetime
    """When it was set aside."""
