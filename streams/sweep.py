"""Keyed state under retention: cutoffs of the event-time window and incremental sweeps.

State is kept for a window of event time (publication time, see :mod:`streams.event_time`)
ending at the newest event seen. A worker cannot scan a whole table on every event, so a
:class:`Sweep` hands out a few keys of one table partition at a time; the store's own module
decides which of them have expired.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

_SECONDS_PER_HOUR = 3600
_HOURS_PER_DAY = 24


def cutoff_hour(watermark: datetime, retention_days: float) -> int:
    """First event-time hour still retained when event time has reached ``watermark``."""
    return int(
        (watermark.timestamp() - retention_days * 24 * _SECONDS_PER_HOUR) // _SECONDS_PER_HOUR
    )


def cutoff_for(watermark_hour: int, retention_days: float) -> int:
    """First event-time hour still retained when event time has reached ``watermark_hour``."""
    return watermark_hour - int(retention_days * _HOURS_PER_DAY)


@dataclass(slots=True)
class Sweep:
    """Progress of one store partition's incremental retention sweep.

    ``watermark`` is the latest event hour seen in the partition; a step is due when it moves
    to a new hour or after ``every`` events. Each step examines the next ``budget`` keys from
    ``cursor`` (in key order, None: from the first key); ``size`` is the number of keys the
    last complete pass left.
    """

    every: int = 16
    budget: int = 128
    watermark: int | None = None
    swept_at: int | None = None
    since: int = 0
    cursor: bytes | None = None
    kept: int = 0
    size: int | None = None

    def observe(self, hour: int) -> bool:
        """Count one event of event time ``hour``; True when a sweep step is due."""
        self.since += 1
        if self.watermark is None or hour > self.watermark:
            self.watermark = hour
        return self.swept_at != self.watermark or self.since >= self.every

    def advance(self, examined: int, dropped: int, next_key: bytes | None) -> None:
        """Record a step that examined ``examined`` keys and dropped ``dropped`` of them."""
        self.since = 0
        self.swept_at = self.watermark
        self.kept += examined - dropped
        self.cursor = next_key
        if next_key is None:
            self.size, self.kept = self.kept, 0
