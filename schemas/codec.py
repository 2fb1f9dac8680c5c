"""The one serialisation boundary: bytes to validated models and back, errors as dead letters."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from schemas.article import DEFAULT_MAX_BODY_BYTES, Article, ArticleEnvelope, IngestMeta
from schemas.dead_letter import DeadLetter, ErrorKind

ModelT = TypeVar("ModelT", bound=BaseModel)

DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024
"""Raw messages larger than this are not parsed at all."""

KEPT_BYTES_OF_HUGE_RECORD = 64 * 1024
"""A dead letter for an oversized record keeps only this many leading bytes."""

KEPT_BYTES_OF_ANY_RECORD = 1024 * 1024
"""No dead letter keeps more than this: base64 grows it by a third, and the dead letter must
itself fit in a Kafka message."""


class DecodeError(Exception):
    """A record that is not a valid payload; carries the error kind and a readable reason."""

    def __init__(self, kind: ErrorKind, reason: str) -> None:
        super().__init__(reason)
        self.kind: ErrorKind = kind
        self.reason = reason


def encode(model: BaseModel) -> bytes:
    """JSON bytes of a model, as every figwatch topic carries them."""
    return model.model_dump_json(exclude_none=False).encode("utf-8")


def decode(model_cls: type[ModelT], raw: bytes, **context: object) -> ModelT:
    """Validate JSON bytes into ``model_cls`` or raise :class:`DecodeError`."""
    try:
        return model_cls.model_validate_json(raw, context=context or None)
    except ValidationError as exc:
        raise DecodeError(_kind_of(exc), _describe(exc)) from None


def parse_json_object(raw: bytes, max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES) -> dict:
    """Parse an untrusted record into a JSON object, checking size and encoding first."""
    if len(raw) > max_message_bytes:
        raise DecodeError(
            "too_large", f"record is {len(raw)} bytes, over the limit of {max_message_bytes}"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            "invalid_encoding", f"not UTF-8: byte {raw[exc.start]:#04x} at offset {exc.start}"
        ) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DecodeError(
            "invalid_json", f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise DecodeError("invalid_json", "invalid JSON: nested too deeply") from None
    except ValueError as exc:
        # json.loads refuses integers longer than Python's digit limit with a plain ValueError.
        raise DecodeError("invalid_json", f"invalid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise DecodeError("not_an_object", f"expected a JSON object, got {type(value).__name__}")
    return value


def validate_article(
    data: dict,
    *,
    fallback_published_at: datetime,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> Article:
    """Validate a parsed article; a missing ``published_at`` takes the fallback time."""
    try:
        article = Article.model_validate(data, context={"max_body_bytes": max_body_bytes})
    except ValidationError as exc:
        raise DecodeError("validation", _describe(exc)) from None
    if article.published_at is None:
        article = article.model_copy(update={"published_at": fallback_published_at})
    return article


def decode_article(
    raw: bytes,
    ingest: IngestMeta,
    *,
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> ArticleEnvelope:
    """Turn a raw input message into an envelope, or raise :class:`DecodeError`."""
    data = parse_json_object(raw, max_message_bytes)
    article = validate_article(
        data, fallback_published_at=ingest.timestamp, max_body_bytes=max_body_bytes
    )
    return ArticleEnvelope(article=article, ingest=ingest)


def dead_letter(
    raw: bytes,
    error: DecodeError,
    *,
    stage: str,
    ingest: IngestMeta,
    key: bytes | None = None,
    article_id: str | None = None,
) -> DeadLetter:
    """The dead letter for a record that failed, keeping its bytes (the head of huge ones)."""
    kept = KEPT_BYTES_OF_HUGE_RECORD if error.kind == "too_large" else KEPT_BYTES_OF_ANY_RECORD
    truncated = len(raw) > kept
    return DeadLetter(
        stage=stage,
        error_kind=error.kind,
        reason=error.reason,
        original=raw[:kept],
        original_size=len(raw),
        truncated=truncated,
        topic=ingest.topic,
        partition=ingest.partition,
        offset=ingest.offset,
        kafka_timestamp=ingest.timestamp,
        key=key,
        article_id=article_id,
        failed_at=datetime.now(UTC),
    )


def _kind_of(exc: ValidationError) -> ErrorKind:
    if any(err["type"] == "json_invalid" for err in exc.errors()):
        return "invalid_json"
    return "validation"


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:10]:
        where = ".".join(str(p) for p in err["loc"]) or "record"
        parts.append(f"{where}: {err['msg']}")
    more = exc.error_count() - len(parts)
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts)
