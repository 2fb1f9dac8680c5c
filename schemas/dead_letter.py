"""A record figwatch could not process, kept whole with the reason."""

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


class DeadLetter(FigwatchModel):
    """The original bytes and coordinates of a rejected record, with a readable reason."""

    stage: str
    """Pipeline stage that rejected it (`validate`, `dedup`, `claims`, `figures`, `produce`)."""
    error_kind: ErrorKind
    """Category of the failure."""
    reason: str
    """What was wrong, for a person: field names and limits included."""
    original: bytes
    """The record's bytes exactly as received (base64 in JSON)."""
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
    """Key of the original message, if any."""
    article_id: str | None = None
    """The article id when it could be read before the failure."""
    failed_at: AwareDatetime
    """When it was set aside."""
