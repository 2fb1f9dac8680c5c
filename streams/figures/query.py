"""Read-only views of figure histories for the query endpoint: current figure, history, search."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from schemas.figure import CurrentFigure, FigureHistory, FigureView, KeyMatch, ObservationView
from streams.figures.history import support
from streams.figures.rules import ChangeRules, agree
from streams.figures.summary import format_figure

_WORD = re.compile(r"\w+")


def current_figure(
    history: FigureHistory, rules: ChangeRules | None = None
) -> CurrentFigure | None:
    """Return the latest report in event time and the number of articles agreeing with it."""
    if not history.observations:
        return None
    rules = rules or ChangeRules()
    last = len(history.observations) - 1
    latest = history.observations[last]
    return CurrentFigure(
        metric_key=history.metric_key,
        label=history.label,
        figure=format_figure(latest),
        observation=latest,
        support=support(history.observations, last, last, rules),
        reports=len(history.observations),
    )


def history_view(history: FigureHistory, rules: ChangeRules | None = None) -> dict[str, Any]:
    """Return a JSON-able view of a history: current figure and every report, oldest first."""
    rules = rules or ChangeRules()
    current = current_figure(history, rules)
    views = [
        ObservationView(
            figure=format_figure(obs),
            agrees_with_current=current is not None and agree(obs, current.observation, rules),
            observation=obs,
        )
        for obs in history.observations
    ]
    view = FigureView(
        metric_key=history.metric_key,
        label=history.label,
        current=current,
        observations=views,
        alerts=len(history.alerted),
        evicted=history.evicted,
    )
    return view.model_dump(mode="json")


def search_keys(
    keys_and_labels: Iterable[tuple[str, str]], q: str, limit: int = 50
) -> list[KeyMatch]:
    """Find metric keys whose key or label holds every word of ``q`` (case-insensitive), best first.

    A query word matching a whole word of the key or label scores 2, a part of one scores 1;
    keys missing any query word are left out. An empty query lists keys in key order.
    """
    terms = _words(q)
    matches = []
    for key, label in keys_and_labels:
        words = _words(f"{key} {label}")
        score = 0
        for term in terms:
            if term in words:
                score += 2
            elif any(term in word for word in words):
                score += 1
            else:
                break
        else:
            matches.append(KeyMatch(metric_key=key, label=label, score=score))
    matches.sort(key=lambda m: (-m.score, m.metric_key))
    return matches[:limit]


def _words(text: str) -> list[str]:
    # `\w` splits snake_case keys only at other separators, so split underscores too.
    return [w for w in _WORD.findall(text.casefold().replace("_", " ")) if w]
