"""The embedded pipeline: the same pure stages the Faust agents call, run in one process.

``figwatch replay`` uses it: validated articles go through deduplication, claim extraction
and figure tracking in order of ``published_at``, with in-memory state. Each article is
settled as the worker's validation stage settles it (see :mod:`streams.event_time`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from schemas.alert import Alert
from schemas.article import Article, ArticleEnvelope, IngestMeta
from schemas.claim import Claim
from schemas.codec import DecodeError, dead_letter, validate_article
from schemas.dead_letter import DeadLetter
from schemas.duplicate import DuplicateRecord
from streams.event_time import clock_time, settle, window_start
from streams.figures.retention import why_untracked
from streams.ingest.files import SourceRecord
from streams.settings import Settings
from streams.validation import Limits


class DuplicateCheck(Protocol):
    """Deduplication as the pipeline sees it: a duplicate record, or the article to pass on."""

    def screen(self, envelope: ArticleEnvelope) -> DuplicateRecord | ArticleEnvelope:
        """The duplicate record of ``envelope``, or the envelope to pass on.

        An update (same id, new content) comes back timed at the update.
        """
        ...

    def purge(self, watermark: datetime) -> int:
        """Forget articles published before the retention window ending at ``watermark``."""
        ...


class FigureTracking(Protocol):
    """Figure tracking as the pipeline sees it: claims in, alerts out."""

    def observe(self, claim: Claim) -> list[Alert]:
        """Record ``claim`` in its figure's history; the alerts it raises."""
        ...

    def purge(self, cutoff: datetime) -> int:
        """Forget reports published before ``cutoff``; returns the figures forgotten whole."""
        ...


Extractor = Callable[[Article], list[Claim]]


def claims_of(envelope: ArticleEnvelope, extract: Extractor) -> list[Claim]:
    """The claims of a unique article, stamped with its ingest time for latency tracking.

    A claim also carries the article's out-of-range publication date, if it had one.
    """
    stamp = {
        "ingested_at": envelope.ingest.timestamp,
        "published_at_out_of_range": envelope.published_at_out_of_range,
    }
    return [claim.model_copy(update=stamp) for claim in extract(envelope.article)]


@dataclass(slots=True)
class Outcome:
    """What one article produced."""

    envelope: ArticleEnvelope
    duplicate: DuplicateRecord | None = None
    claims: list[Claim] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)


@dataclass(slots=True)
class EmbeddedPipeline:
    """Dedup, extraction and figure tracking over in-memory state, one article at a time."""

    dedup: DuplicateCheck
    extract: Extractor
    figures: FigureTracking
    figure_retention: timedelta = timedelta(days=1095)
    purge_every: timedelta = timedelta(days=1)
    _watermark: datetime | None = None
    _purged_at: datetime | None = None

    def process(self, envelope: ArticleEnvelope) -> Outcome:
        """Run one validated article through every stage."""
        envelope = settle(envelope)
        self._advance(envelope)
        passed = self.dedup.screen(envelope)
        if isinstance(passed, DuplicateRecord):
            return Outcome(envelope, duplicate=passed)
        envelope = passed
        claims = claims_of(envelope, self.extract)
        start, ingested_at = self._window_start(), envelope.ingest.timestamp
        alerts = [
            alert
            for claim in claims
            if why_untracked(claim, ingested_at, start) is None
            for alert in self.figures.observe(claim)
        ]
        return Outcome(envelope, claims=claims, alerts=alerts)

    def _advance(self, envelope: ArticleEnvelope) -> None:
        # Retention follows event time: the newest publication time seen is the watermark.
        moment = clock_time(envelope)
        if moment is None:
            return
        if self._watermark is None or moment > self._watermark:
            self._watermark = moment
        if self._purged_at is None or self._watermark - self._purged_at >= self.purge_every:
            self.dedup.purge(self._watermark)
            self.figures.purge(window_start(self._watermark, self.figure_retention))
            self._purged_at = self._watermark

    def _window_start(self) -> datetime | None:
        """First publication time of the figure window; None before any clock time."""
        if self._watermark is None:
            return None
        return window_start(self._watermark, self.figure_retention)

    def run(self, envelopes: Iterable[ArticleEnvelope]) -> Iterator[Outcome]:
        """Process articles in event-time order (``published_at``, then ingest order)."""
        ordered = sorted(map(settle, envelopes), key=_event_order)
        for envelope in ordered:
            yield self.process(envelope)


def _event_order(envelope: ArticleEnvelope) -> tuple[datetime, int]:
    published = envelope.article.published_at or envelope.ingest.timestamp
    return published, envelope.ingest.offset


def envelopes_from_records(
    records: Iterable[SourceRecord], limits: Limits, read_at: datetime | None = None
) -> Iterator[ArticleEnvelope | DeadLetter]:
    """Validate records read from files; each becomes an envelope or a dead letter."""
    read_at = read_at or datetime.now(UTC)
    for sequence, record in enumerate(records):
        ingest = IngestMeta(
            topic=str(record.origin), partition=-1, offset=sequence, timestamp=read_at
        )
        # A dead letter from a file points at its line, not at the replay sequence.
        where = ingest.model_copy(update={"offset": record.line})
        if record.error is not None or record.data is None:
            error = record.error or DecodeError("validation", "record has no data")
            yield dead_letter(record.raw, error, stage="replay", ingest=where)
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
                stage="replay",
                ingest=where,
                article_id=article_id if isinstance(article_id, str) else None,
            )
            continue
        yield ArticleEnvelope(article=article, ingest=ingest)


def build_embedded_pipeline(settings: Settings) -> EmbeddedPipeline:
    """The embedded pipeline with the real stages, configured like the worker."""
    from streams.claims.extract import extract_claims
    from streams.dedup.config import DedupConfig
    from streams.dedup.deduplicator import Deduplicator
    from streams.figures.rules import ChangeRules
    from streams.figures.tracker import FigureTracker

    return EmbeddedPipeline(
        dedup=Deduplicator(config=DedupConfig.from_settings(settings)),
        extract=extract_claims,
        figures=FigureTracker(ChangeRules.from_settings(settings)),
        figure_retention=timedelta(days=settings.figure_retention_days),
    )
