"""Figure tracking over a key-value store: the embedded mode's state and the agent's table."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, MutableMapping
from datetime import datetime
from typing import Any

from schemas.alert import Alert
from schemas.claim import Claim
from schemas.figure import FigureHistory
from streams.figures.history import observe
from streams.figures.retention import oldest_report, trim
from streams.figures.rules import ChangeRules

KNOWN_HISTORIES = 256
"""Histories a JSON-backed tracker keeps as models beside what it last wrote, most recent first."""


def load_history(value: Any) -> FigureHistory | None:
    """A history from what a store holds: a model, its JSON dict, or nothing."""
    if value is None or isinstance(value, FigureHistory):
        return value
    return FigureHistory.model_validate(value)


def _dump(history: FigureHistory, previous: dict[str, Any] | None) -> dict[str, Any]:
    """``history.model_dump(mode="json")``, reusing the dumped reports of the previous value.

    A report never changes once in a history (its claim id identifies it), so only the new
    report needs dumping: this keeps a claim's cost from growing with its history's length.
    """
    dumped = {o["claim_id"]: o for o in previous["observations"]} if previous else {}
    head = history.model_dump(mode="json", exclude={"observations"})
    observations = [
        dumped.get(o.claim_id) or o.model_dump(mode="json") for o in history.observations
    ]
    return {name: observations if name == "observations" else head[name] for name in _FIELDS}


_FIELDS = tuple(FigureHistory.model_fields)


class FigureTracker:
    """Keeps one history per metric key in ``store`` and returns the alerts each claim raises.

    The store may hold models (the embedded mode's dict) or their JSON dicts (a Faust table,
    with ``as_json=True``). Validating a long history from JSON costs far more than the rest of
    a claim's tracking, so a JSON-backed tracker remembers the model of each value it wrote
    lately and reuses it while the store still holds an equal value.
    """

    def __init__(
        self,
        rules: ChangeRules,
        store: MutableMapping[str, Any] | None = None,
        *,
        as_json: bool = False,
    ) -> None:
        self.rules = rules
        self.store: MutableMapping[str, Any] = {} if store is None else store
        self._as_json = as_json
        self._known: OrderedDict[str, tuple[Any, FigureHistory]] = OrderedDict()

    def observe(self, claim: Claim) -> list[Alert]:
        """Record ``claim`` in its metric key's history; the alerts it raises.

        A claim tied to no story is compared with nothing and not kept.
        """
        if not claim.tracked:
            return []
        key = claim.metric_key
        known = self._load(key)
        history, alerts = observe(known, claim, self.rules)
        # A redelivered claim or a repeated report leaves the history as it was: a table write
        # (a changelog record) would change nothing.
        if history is not known:
            self._write(key, history)
        return alerts

    def expire(self, keys: Iterable[str], cutoff: datetime) -> int:
        """Drop the reports published before ``cutoff`` from the histories of ``keys``.

        Returns how many figures were dropped whole, having no report left.
        """
        dropped = 0
        for key in keys:
            oldest = oldest_report(self.store.get(key))
            if oldest is None or oldest >= cutoff:
                continue
            history = self._load(key)
            kept = trim(history, cutoff) if history is not None else None
            if kept is None:
                del self.store[key]
                self._known.pop(key, None)
                dropped += 1
            else:
                self._write(key, kept)
        return dropped

    def purge(self, cutoff: datetime) -> int:
        """:meth:`expire` over every figure in the store."""
        return self.expire(list(self.store), cutoff)

    def history(self, metric_key: str) -> FigureHistory | None:
        """The history of ``metric_key``, if it was ever observed."""
        return self._load(metric_key)

    def _write(self, key: str, history: FigureHistory) -> None:
        if not self._as_json:
            self.store[key] = history
            return
        known = self._known.get(key)
        value = _dump(history, known[0] if known is not None else None)
        self.store[key] = value
        self._known[key] = (value, history)
        self._known.move_to_end(key)
        if len(self._known) > KNOWN_HISTORIES:
            self._known.popitem(last=False)

    def _load(self, key: str) -> FigureHistory | None:
        value = self.store.get(key)
        known = self._known.get(key)
        # Another writer (a previous owner of the table partition) may have changed the value:
        # the remembered model stands only for an equal value.
        if known is not None and value is not None and (value is known[0] or value == known[0]):
            return known[1]
        return load_history(value)
