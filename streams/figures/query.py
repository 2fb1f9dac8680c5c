"""Read-only views of figure histories for the query endpoint: names, current figure, search."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from schemas.figure import (
    CurrentFigure,
    FigureEntry,
    FigureHistory,
    FigureView,
    KeyMatch,
    ObservationView,
)
from streams.figures.history import story_name, story_start, support
from streams.figures.rules import ChangeRules, agree
from streams.figures.summary import format_figure

_WORD = re.compile(r"\w+")


def figure_entry(history: FigureHistory) -> FigureEntry:
    """Name a history for readers: its quantity, and the story of its latest report.

    One metric key may hold reports of several stories of its place (two earthquakes years
    apart); the figure now belongs to the latest one, named as its alerts name it.
    """
    entry = FigureEntry(
        metric_key=history.metric_key, label=history.label, quantity=history.quantity_label
    )
    last = len(history.observations) - 1
    if last < 0 or history.observations[last].story_key is None:
        return entry
    return entry.model_copy(
        update={
            "story_key": history.observations[last].story_key,
            "story": story_name(history.observations, last),
            "story_began": story_start(history.observations, last),
        }
    )


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
        **dict(figure_entry(history)),
        current=current,
        observations=views,
        alerts=len(history.alerted),
        evicted=history.evicted,
    )
    return view.model_dump(mode="json")


def search_figures(
    entries: Iterable[FigureEntry], q: str = "", story: str | None = None, limit: int = 50
) -> list[KeyMatch]:
    """Find figures whose key, label, quantity or story holds every word of ``q``, best first.

    Case-insensitive: a query word matching a whole word scores 2, a part of one scores 1;
    figures missing any query word are left out. An empty query matches every figure, in key
    order. ``story`` keeps only the figures of that story key (``earthquake|morocco``).
    """
    terms = _words(q)
    matches = []
    for entry in entries:
        if story is not None and entry.story_key != story:
            continue
        words = _words(f"{entry.metric_key} {entry.label} {entry.quantity} {entry.story}")
        score = 0
        for term in terms:
            if term in words:
                score += 2
            elif any(term in word for word in words):
                score += 1
            else:
                break
        else:
            matches.append(KeyMatch(**dict(entry), score=score))
    matches.sort(key=lambda m: (-m.score, m.metric_key))
    return matches[:limit]


def _words(text: str) -> list[str]:
    # `\w` splits snake_case keys only at other separators, so split underscores too.
    return [w for w in _WORD.findall(text.casefold().replace("_", " ")) if w]
