"""The rules around the stage functions, once for the worker's agents and the embedded pipeline.

Each stage keeps its state for a window of event time that ends at the newest event hour its
clock has reached (one clock per stage partition in a worker, one per store in the embedded
pipeline; see :mod:`streams.sweep`). Decided here: which hour a record moves a clock to, when a
clock's store is due a sweep, and which claims figure tracking leaves out as too late.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from schemas.article import ArticleEnvelope
from schemas.claim import Claim
from streams.event_time import clock_time, hour_of, hour_start, settle
from streams.figures.retention import UntrackedReason, why_untracked
from streams.sweep import Sweep, cutoff_for

Advance = Callable[[int], int | None]
"""Moves a stage partition's clock to an event hour, sweeping its state when a sweep is due,
and returns the first event hour the partition retains (None: it has no clock yet)."""


def clock_hour_of(envelope: ArticleEnvelope) -> int | None:
    """The event hour an article moves a dedup clock to; None: it moves none.

    Its publication hour. An article whose date was out of range (see
    :mod:`streams.event_time`) moves no clock: the ingest time standing in for its date is the
    time it was read, which in a backfill or a replay is years past the news, and would expire
    every article retained.
    """
    moment = clock_time(settle(envelope))
    return None if moment is None else hour_of(moment)


def untracked_reason(
    claim: Claim, ingested_at: datetime, advance: Advance
) -> UntrackedReason | None:
    """Why figure tracking leaves ``claim`` out (None: it is tracked), moving the clock first.

    A claim whose date is believed moves its figures partition's clock (``advance``), and
    sweeps it when due, before the window it must fall in is read: a claim published before
    that window is late (``past_retention``). A claim of unknown time moves nothing.
    """
    reason = why_untracked(claim, ingested_at, None)
    if reason is not None:
        return reason
    cutoff = advance(hour_of(claim.published_at))
    return why_untracked(claim, ingested_at, None if cutoff is None else hour_start(cutoff))


@dataclass(slots=True)
class StoreClock:
    """The clock of a whole store in one process, swept whole when a worker would sweep it.

    ``purge`` drops the entries published before a cutoff hour. A worker sweeps a few keys of
    a partition at a time; with fewer keys than its budget, each of its steps is this purge.
    """

    retention_days: float
    purge: Callable[[int], int]
    every: int
    """Events after which the store is swept again at one hour (``FIGWATCH_SWEEP_EVERY``)."""
    _sweep: Sweep = field(init=False)

    def __post_init__(self) -> None:
        self._sweep = Sweep(every=self.every)

    def advance(self, hour: int) -> int:
        """Move the clock to ``hour`` (it never goes back); the first hour retained."""
        due = self._sweep.observe(hour)
        assert self._sweep.watermark is not None  # noqa: S101  (observe has just set it)
        cutoff = cutoff_for(self._sweep.watermark, self.retention_days)
        if due:
            self.purge(cutoff)
            self._sweep.advance(0, 0, None)
        return cutoff
