"""Figure tracking over a key-value store: the embedded mode's state and the agent's table."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from schemas.alert import Alert
from schemas.claim import Claim
from schemas.figure import FigureHistory
from streams.figures.history import observe
from streams.figures.rules import ChangeRules


def load_history(value: Any) -> FigureHistory | None:
    """A history from what a store holds: a model, its JSON dict, or nothing."""
    if value is None or isinstance(value, FigureHistory):
        return value
    return FigureHistory.model_validate(value)


class FigureTracker:
    """Keeps one history per metric key in ``store`` and returns the alerts each claim raises.

    The store may hold models (the embedded mode's dict) or their JSON dicts (a Faust table,
    with ``as_json=True``).
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

    def observe(self, claim: Claim) -> list[Alert]:
        """Record ``claim`` in its metric key's history; the alerts it raises."""
        history, alerts = observe(load_history(self.store.get(claim.metric_key)), claim, self.rules)
        self.store[claim.metric_key] = history.model_dump(mode="json") if self._as_json else history
        return alerts

    def history(self, metric_key: str) -> FigureHistory | None:
        """The history of ``metric_key``, if it was ever observed."""
        return load_history(self.store.get(metric_key))
