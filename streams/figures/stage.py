"""The figures stage's rule for one claim: tracked or left out, and the clock it moves.

The worker's figures agent calls it with its partition's retention clock; the embedded
pipeline keeps its own clock (``streams.pipeline``) under the same ``why_untracked`` rule.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from schemas.claim import Claim
from streams.event_time import hour_of, hour_start
from streams.figures.retention import UntrackedReason, why_untracked

Clock = Callable[[int], int | None]
"""Moves a partition's event clock to an hour; returns the first hour its window retains."""


def track_rule(claim: Claim, ingested_at: datetime, clock: Clock) -> UntrackedReason | None:
    """Why ``claim`` is left out of its figure's history; None when it is tracked.

    A claim of known time moves the clock (and retention sweeps when due) before the window
    it must fall in is read; one whose date is not believed moves nothing.
    """
    reason = why_untracked(claim, ingested_at, None)
    if reason is not None:
        return reason
    cutoff = clock(hour_of(claim.published_at))
    return why_untracked(claim, ingested_at, None if cutoff is None else hour_start(cutoff))
