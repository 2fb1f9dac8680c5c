"""Readable English renderings of figures and of one-line alert summaries."""

from __future__ import annotations

from schemas.alert import Alert
from schemas.observation import Observation

_QUALIFIER_WORDS = {"approximately": "about", "at_least": "at least", "at_most": "at most"}


def format_number(value: float) -> str:
    """Format a number with thousands separators: ``40000`` -> ``40,000``, ``12.5`` -> ``12.5``."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_value(obs: Observation) -> str:
    """Format the stated figure alone: ``40,000``, ``20,000-30,000`` or ``vague 3,000-9,000``."""
    if obs.qualifier in ("range", "vague"):
        text = f"{format_number(obs.value_low)}-{format_number(obs.value_high)}"
        if obs.qualifier == "vague":
            text = f"vague {text}"
    else:
        text = format_number(obs.value_low)
    if obs.unit == "percent":
        return f"{text}%"
    if obs.unit not in ("count", "fraction"):
        return f"{text} {obs.unit}"
    return text


def format_figure(obs: Observation) -> str:
    """Format a report as readers see it: ``30,000 (at most; 2017-04-27)``, ``78 (2018-02-05)``."""
    day = obs.published_at.date().isoformat()
    word = _QUALIFIER_WORDS.get(obs.qualifier)
    return f"{format_value(obs)} ({word}; {day})" if word else f"{format_value(obs)} ({day})"


def format_change(change: float | None, direction: str) -> str:
    """Format a relative change as a signed whole percent (``+33%``), else the direction."""
    if change is None:
        return direction
    return f"{round(change * 100):+d}%"


def summarize(
    label: str, previous: Observation, current: Observation, change: float | None, direction: str
) -> str:
    """Write one line: ``label: 30,000 (at most; 2017-04-27) -> 40,000 (about; ...), +33%``."""
    return (
        f"{label}: {format_figure(previous)} -> {format_figure(current)}, "
        f"{format_change(change, direction)}"
    )


def figure_name(quantity: str, story: str, label: str = "") -> str:
    """Name a figure for readers: ``people killed — earthquake in Morocco, Sep 2023``.

    Either part alone when the other is unknown; ``label`` when both are (a history kept
    before figures had stories).
    """
    return " — ".join(part for part in (quantity, story) if part) or label


def alert_summary(alert: Alert) -> str:
    """The change an alert reports, under the figure's name.

    ``people killed — earthquake in Morocco, Sep 2023: 2,012 (2023-09-10) -> 2,122
    (2023-09-11), +5%``.
    """
    name = figure_name(alert.quantity, alert.story, alert.label)
    return summarize(name, alert.previous, alert.current, alert.relative_change, alert.direction)


def alert_line(alert: Alert) -> str:
    """One readable line: the alert's kind, then its summary (see ``alert_summary``)."""
    return f"{alert.kind:<16} {alert_summary(alert)}"
