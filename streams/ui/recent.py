"""A bounded, numbered log of the latest alerts, for the page's live feed."""

from __future__ import annotations

from collections import deque
from typing import Any

from schemas.alert import Alert
from streams.ui.shape import alert_item

DEFAULT_CAPACITY = 200
"""Alerts kept; older ones are dropped first."""


class RecentAlerts:
    """The last ``capacity`` alerts, each numbered in arrival order from 1.

    Readers poll with the last number they saw and get only what came after it, so a page
    never shows an alert twice. Not thread-safe: the worker's agents and web views share one
    event loop.
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._entries: deque[tuple[int, Alert]] = deque(maxlen=capacity)
        self._by_id: dict[str, Alert] = {}
        self.latest = 0
        """Number of the newest alert; 0 before the first."""

    def append(self, alert: Alert) -> None:
        """Record an alert as the newest."""
        if len(self._entries) == self._entries.maxlen:
            _, dropped = self._entries[0]
            if self._by_id.get(dropped.alert_id) is dropped:
                del self._by_id[dropped.alert_id]
        self.latest += 1
        self._entries.append((self.latest, alert))
        self._by_id[alert.alert_id] = alert

    def by_id(self) -> dict[str, Alert]:
        """The alerts kept, by alert id (the newest when an id was sent twice)."""
        return dict(self._by_id)

    def since(self, sequence: int, limit: int = 50) -> dict[str, Any]:
        """The feed after alert number ``sequence``: at most ``limit`` of the newest, newest first.

        A ``sequence`` ahead of ``latest`` (the server restarted) is read as 0, so the page
        starts over instead of waiting for numbers that will not come.
        """
        if sequence > self.latest:
            sequence = 0
        newer = [(seq, alert) for seq, alert in self._entries if seq > sequence]
        items = [alert_item(seq, alert) for seq, alert in reversed(newer[-limit:])]
        return {"latest": self.latest, "alerts": items}


def parse_since(raw: str | None) -> int:
    """The ``since`` query parameter as a number; anything unreadable or negative means 0."""
    try:
        value = int(raw or 0)
    except ValueError:
        return 0
    return max(value, 0)
