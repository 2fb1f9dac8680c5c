"""The replay driver: raw records in, each one's dead letter or outcome out, in one process.

``figwatch replay`` and ``figwatch ui`` both run their files through :func:`replay`; they only
read the files and write or show what comes out. Each record is validated as the worker's
validation stage validates a message, then run through the embedded pipeline, whose rules
around the stages are the worker's (see :mod:`streams.pipeline`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from schemas.article import ArticleEnvelope, IngestMeta
from schemas.codec import DecodeError, dead_letter, validate_article
from schemas.dead_letter import DeadLetter
from streams.pipeline import EmbeddedPipeline, Outcome
from streams.validation import Limits

STAGE = "replay"

Order = Literal["published", "input"]
"""``published``: in event-time order, as a worker fed the records sorted by ``published_at``
meets them; ``input``: in the order given, as a worker fed them in that order meets them."""


class RawRecord(Protocol):
    """One record as a reader found it: its fields, or why they could not be read."""

    @property
    def origin(self) -> object:
        """Where it came from (a file); its text names the record's topic."""
        ...

    @property
    def line(self) -> int:
        """Its place there; a dead letter points at it."""
        ...

    @property
    def raw(self) -> bytes:
        """Its bytes as stored."""
        ...

    @property
    def data(self) -> dict[str, Any] | None:
        """Its parsed fields, when it could be read."""
        ...

    @property
    def error(self) -> DecodeError | None:
        """Why it could not be read."""
        ...


def envelopes_from_records(
    records: Iterable[RawRecord], limits: Limits, read_at: datetime | None = None
) -> Iterator[ArticleEnvelope | DeadLetter]:
    """Validate records; each becomes an envelope, ingested at ``read_at``, or a dead letter."""
    read_at = read_at or datetime.now(UTC)
    for sequence, record in enumerate(records):
        ingest = IngestMeta(
            topic=str(record.origin), partition=-1, offset=sequence, timestamp=read_at
        )
        # A dead letter from a file points at its line, not at the replay sequence.
        where = ingest.model_copy(update={"offset": record.line})
        if record.error is not None or record.data is None:
            error = record.error or DecodeError("validation", "record has no data")
            yield dead_letter(record.raw, error, stage=STAGE, ingest=where)
            continue
        try:
            article = validate_article(
                record.data, fallback_published_at=read_at, max_body_bytes=limits.max_body_bytes
            )
        except DecodeError as error:
            article_id = record.data.get("id")
            yield dead_letter(
                record.raw,
                error,
                stage=STAGE,
                ingest=where,
                article_id=article_id if isinstance(article_id, str) else None,
            )
            continue
        yield ArticleEnvelope(article=article, ingest=ingest)


def replay(
    records: Iterable[RawRecord],
    pipeline: EmbeddedPipeline,
    limits: Limits,
    order: Order = "published",
    read_at: datetime | None = None,
) -> Iterator[DeadLetter | Outcome]:
    """Every record's dead letter or outcome: dead letters as they are found, outcomes in ``order``.

    In ``input`` order each record is run as soon as it is read; in ``published`` order every
    record is read first.
    """
    waiting: list[ArticleEnvelope] = []
    for item in envelopes_from_records(records, limits, read_at):
        if isinstance(item, DeadLetter):
            yield item
        elif order == "input":
            yield pipeline.process(item)
        else:
            waiting.append(item)
    yield from pipeline.run(waiting)
