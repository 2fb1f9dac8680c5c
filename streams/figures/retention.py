"""Event-time retention of figure histories: reports published before the window leave.

A figure nobody has reported within the window is dropped whole, so the figures state is
bounded by the news of the window, not by everything ever read. The alert ids of a trimmed
history stay, so a late redelivery of a dropped report cannot send its alert twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from schemas.figure import FigureHistory


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
