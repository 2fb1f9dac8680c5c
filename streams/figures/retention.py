"""Event-time retention of figure histories: reports published before the window leave.

A figure nobody has reported within the window is dropped whole, so the figures state is
bounded by the news of the window, not by everything ever read. The alert ids of a trimmed
history stay, so a late redelivery of a dropped report cannot send its alert twice. Which
claims are tracked at all is decided here too, for the worker and the replay alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from schemas.claim import Claim
from schemas.figure import FigureHistory
from streams.event_time import out_of_range

UntrackedReason = Literal["date_out_of_range", "past_retention"]
"""Why a claim is not tracked: its own date was not believed, or it is older than the window."""


def why_untracked(
    claim: Claim, ingested_at: datetime, window_start: datetime | None
) -> UntrackedReason | None:
    """Why figure tracking leaves ``claim`` out; None when it is tracked.

    A claim whose article's date was out of range (see :mod:`streams.event_time`) is never a
    figure's value: its time is not known. A claim published before ``window_start`` (the
    window's first instant; None: no window yet) would rebuild a figure already forgotten,
    with its alert ids, and send its old alerts again.
    """
    if claim.published_at_out_of_range is not None or out_of_range(claim.published_at, ingested_at):
        return "date_out_of_range"
    if window_start is not None and claim.published_at < window_start:
        return "past_retention"
    return None


def trim(history: FigureHistory, cutoff: datetime) -> FigureHistory | None:
    """``history`` without the reports published before ``cutoff``; None when none is left."""
    kept = [o for o in history.observations if o.published_at >= cutoff]
    if not kept:
        return None
    if len(kept) == len(history.observations):
        return history
    return history.model_copy(
        update={
            "observations": kept,
            "evicted": history.evicted + len(history.observations) - len(kept),
        }
    )


def oldest_report(value: Any) -> datetime | None:
    """Publication time of the oldest report of a stored history: a model or its JSON dict.

    Reports are kept in event-time order, so only the first is read: a sweep need not
    validate whole histories to find that most of them are still in the window.
    """
    if isinstance(value, FigureHistory):
        return value.observations[0].published_at if value.observations else None
    if not isinstance(value, dict) or not value.get("observations"):
        return None
    return datetime.fromisoformat(value["observations"][0]["published_at"])
