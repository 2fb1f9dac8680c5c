"""The validation stage: raw input messages to article envelopes or dead letters."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.article import ArticleEnvelope, IngestMeta
from schemas.codec import DecodeError, dead_letter, decode_article
from schemas.dead_letter import DeadLetter
from streams.event_time import settle
from streams.settings import Settings

STAGE = "validate"


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits enforced before and during parsing."""

    max_message_bytes: int
    max_body_bytes: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits configured for this process."""
        return cls(settings.max_message_bytes, settings.max_body_bytes)


def validate_message(
    raw: bytes | None, ingest: IngestMeta, limits: Limits, key: bytes | None = None
) -> ArticleEnvelope | DeadLetter:
    """Validate one input message; anything wrong with it becomes a dead letter.

    A valid article leaves settled: a date out of range is set aside (see
    :mod:`streams.event_time`).
    """
    if raw is None:
        error = DecodeError("validation", "message has no value (a tombstone or empty record)")
        return dead_letter(b"", error, stage=STAGE, ingest=ingest, key=key)
    try:
        envelope = decode_article(
            raw,
            ingest,
            max_message_bytes=limits.max_message_bytes,
            max_body_bytes=limits.max_body_bytes,
        )
    except DecodeError as error:
        return dead_letter(raw, error, stage=STAGE, ingest=ingest, key=key)
    return settle(envelope)
