"""The embedded pipeline: the same pure stages the Faust agents call, run in one process.

``figwatch replay`` drives it (see :mod:`streams.replay`): validated articles go through
deduplication, claim extraction and figure tracking one at a time, with in-memory state. The
rules around the stages (each article settled as the worker's validation stage settles it, the
clocks of retention, the late-claim rule) are the worker's own, from :mod:`streams.stage_rules`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from schemas.alert import Alert
from schemas.article import Article, ArticleEnvelope
from schemas.claim import Claim
from schemas.duplicate import DuplicateRecord
from streams.event_time import hour_start, settle
from streams.settings import Settings
from streams.stage_rules import StoreClock, clock_hour_of, untracked_reason


class DuplicateCheck(Protocol):
    """Deduplication as the pipeline sees it: a duplicate record, or the article to pass on."""

    def screen(self, envelope: ArticleEnvelope) -> DuplicateRecord | ArticleEnvelope:
        """The duplicate record of ``envelope``, or the envelope to pass on.

        An update (same id, new content) comes back timed at the update.
        """
        ...

    def purge_before(self, cutoff: int) -> int:
        """Forget articles published before event hour ``cutoff``."""
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
    """Dedup, extraction and figure tracking over in-memory state, one article at a time.

    One clock per store, as one partition of each stage has in a worker: the dedup state's,
    moved by every article, and the figures', moved by every claim; each sweeps its store
    whole when a worker's partition would sweep it.
    """

    dedup: DuplicateCheck
    extract: Extractor
    figures: FigureTracking
    retention_days: float = 30.0
    figure_retention_days: float = 1095.0
    sweep_every: int = 16
    """Articles after which the dedup state is swept again at one hour, as a worker does."""
    figure_sweep_every: int = 64
    """Claims after which the figure histories are swept again at one hour."""
    _dedup_clock: StoreClock = field(init=False)
    _figures_clock: StoreClock = field(init=False)

    def __post_init__(self) -> None:
        self._dedup_clock = StoreClock(
            self.retention_days, self.dedup.purge_before, every=self.sweep_every
        )
        self._figures_clock = StoreClock(
            self.figure_retention_days,
            lambda cutoff: self.figures.purge(hour_start(cutoff)),
            every=self.figure_sweep_every,
        )

    def process(self, envelope: ArticleEnvelope) -> Outcome:
        """Run one validated article through every stage."""
        envelope = settle(envelope)
        hour = clock_hour_of(envelope)
        if hour is not None:
            self._dedup_clock.advance(hour)
        passed = self.dedup.screen(envelope)
        if isinstance(passed, DuplicateRecord):
            return Outcome(envelope, duplicate=passed)
        envelope = passed
        claims = claims_of(envelope, self.extract)
        ingested_at, advance = envelope.ingest.timestamp, self._figures_clock.advance
        alerts = [
            alert
            for claim in claims
            if untracked_reason(claim, ingested_at, advance) is None
            for alert in self.figures.observe(claim)
        ]
        return Outcome(envelope, claims=claims, alerts=alerts)

    def run(self, envelopes: Iterable[ArticleEnvelope]) -> Iterator[Outcome]:
        """Process articles in event-time order (see :func:`in_event_order`)."""
        for envelope in in_event_order(envelopes):
            yield self.process(envelope)


def in_event_order(envelopes: Iterable[ArticleEnvelope]) -> list[ArticleEnvelope]:
    """Settled articles in event-time order: ``published_at``, then ingest order."""
    return sorted(map(settle, envelopes), key=_event_order)


def _event_order(envelope: ArticleEnvelope) -> tuple[datetime, int]:
    published = envelope.article.published_at or envelope.ingest.timestamp
    return published, envelope.ingest.offset


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
        retention_days=settings.retention_days,
        figure_retention_days=settings.figure_retention_days,
        sweep_every=settings.sweep_every,
        figure_sweep_every=settings.figure_sweep_every,
    )
