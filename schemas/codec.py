"""The one serialisation boundary: bytes to validated models and back, errors as dead letters."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from schemas.article import DEFAULT_MAX_BODY_BYTES, Article, ArticleEnvelope, IngestMeta
from schemas.dead_letter import DeadLetter, DeadLetterHeader, ErrorKind

ModelT = TypeVar("ModelT", bound=BaseModel)

DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024
"""Raw messages larger than this are not parsed at all."""

KEPT_BYTES_OF_HUGE_RECORD = 64 * 1024
"""A dead letter for an oversized record keeps only this many leading bytes."""

DEAD_LETTER_MAX_BYTES = 1_000_000
"""No dead letter's JSON is longer, whatever the record: with its key and the batch overhead it
fits a broker left at Kafka's default message.max.bytes (1048588)."""

KEPT_KEY_BYTES = 1024
"""A dead letter keeps this many leading bytes of the original key (article ids are shorter)."""

KEPT_REASON_CHARS = 2000
"""A dead letter keeps this many leading characters of the reason."""

KEPT_HEADER_BYTES = 2048
"""A dead letter keeps whole headers, in order, while their names and values fit in this."""


def dead_letter_budget(max_message_bytes: int) -> int:
    """Largest dead letter a process may send, in bytes of JSON.

    It must also fit the producer's request limit, which figwatch sets a little above
    ``max_message_bytes``.
    """
    return min(DEAD_LETTER_MAX_BYTES, max_message_bytes)


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
    headers: Sequence[tuple[str, bytes | None]] = (),
    article_id: str | None = None,
    max_bytes: int = DEAD_LETTER_MAX_BYTES,
) -> DeadLetter:
    """The dead letter for a record that failed, at most ``max_bytes`` of JSON.

    It keeps the record's bytes (the head of huge ones), and the heads of a long key, reason
    and headers, each with its full size, so that nothing about the record is lost silently.
    """
    kept = KEPT_BYTES_OF_HUGE_RECORD if error.kind == "too_large" else len(raw)
    letter = DeadLetter(
        stage=stage,
        error_kind=error.kind,
        reason=_writable(error.reason[:KEPT_REASON_CHARS]),
        reason_size=len(error.reason),
        original=raw[:kept],
        original_size=len(raw),
        truncated=len(raw) > kept,
        topic=ingest.topic,
        partition=ingest.partition,
        offset=ingest.offset,
        kafka_timestamp=ingest.timestamp,
        key=key[:KEPT_KEY_BYTES] if key is not None else None,
        key_size=len(key) if key is not None else None,
        key_truncated=key is not None and len(key) > KEPT_KEY_BYTES,
        article_id=article_id,
        failed_at=datetime.now(UTC),
    )
    return fit_dead_letter(with_headers(letter, headers), max_bytes)


def with_headers(letter: DeadLetter, headers: Sequence[tuple[str, bytes | None]]) -> DeadLetter:
    """The letter carrying the original message's headers: the whole ones that fit, in order."""
    kept: list[DeadLetterHeader] = []
    room = KEPT_HEADER_BYTES
    for name, value in headers:
        room -= _header_bytes(name, value)
        if room < 0:
            break
        kept.append(DeadLetterHeader(name=_writable(name), value=value))
    return letter.model_copy(
        update={
            "headers": tuple(kept),
            "headers_size": sum(_header_bytes(name, value) for name, value in headers),
            "headers_truncated": len(kept) < len(headers),
        }
    )


def fit_dead_letter(letter: DeadLetter, max_bytes: int) -> DeadLetter:
    """The letter with its original bytes cut so that its JSON takes at most ``max_bytes``.

    Only the original is cut here (the other parts are bounded when the letter is built), so
    a letter whose other fields alone exceed ``max_bytes`` keeps no original bytes at all.
    """
    # "false" is one character longer than "true": measure the longer spelling.
    shell = len(encode(letter.model_copy(update={"original": b"", "truncated": False})))
    # Base64 turns every 3 bytes into 4 characters.
    room = max(0, max_bytes - shell) // 4 * 3
    if len(letter.original) <= room:
        return letter
    return letter.model_copy(update={"original": letter.original[:room], "truncated": True})


def _header_bytes(name: str, value: bytes | None) -> int:
    return len(name.encode("utf-8", "surrogatepass")) + len(value or b"")


def _writable(text: str) -> str:
    # A lone surrogate (from a JSON escape) cannot be written as UTF-8: show it escaped.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


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
