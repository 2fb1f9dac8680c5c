"""Alert construction: deterministic ids, severity ranking and the alert event itself."""

from __future__ import annotations

import hashlib

from schemas.alert import Alert, AlertKind, Severity
from schemas.observation import Observation
from streams.figures.rules import Comparison
from streams.figures.summary import summarize

LARGE_CHANGE = 0.5
"""A relative change of at least this size (50%) counts as large for severity."""


def figure_signature(obs: Observation) -> str:
    """The figure a report states, whoever states it: qualifier, value range and unit."""
    return f"{obs.qualifier}:{obs.value_low:g}:{obs.value_high:g}:{obs.unit}"


def alert_id(
    metric_key: str, previous: Observation, current: Observation, occurrence: int = 0
) -> str:
    """sha256 of the metric key, the two figures (earlier first) and the change's occurrence.

    The id names the change (from one figure to another), not the articles that carried it:
    when two articles report the same new figure, whichever arrives first raises the alert and
    the other repeats its id, so reprocessing, late arrivals and the embedded replay all agree.
    ``occurrence`` counts the times the same change happened before in the figure's history:
    a figure that moves back (200 then 100) and forth again (200) raises a new alert.
    """
    material = f"{metric_key}\n{figure_signature(previous)}\n{figure_signature(current)}"
    if occurrence:
        material += f"\n{occurrence}"
    return hashlib.sha256(material.encode()).hexdigest()


def severity(comparison: Comparison) -> Severity:
    """Rank a difference: ``critical``, ``warning`` or ``info``.

    A contradiction (the later report outside the earlier one's own bounds) or a large move
    (|change| >= 50%) each raise a difference to ``warning``; both together make it
    ``critical``. A contradiction whose size cannot be measured (a vague count) counts as
    large. Refinements that stay within the earlier bounds and move less are ``info``.
    """
    change = comparison.relative_change
    large = change is None or abs(change) >= LARGE_CHANGE
    if comparison.contradicts and large:
        return "critical"
    if comparison.contradicts or (change is not None and abs(change) >= LARGE_CHANGE):
        return "warning"
    return "info"


def build_alert(
    *,
    kind: AlertKind,
    metric_key: str,
    label: str,
    story_key: str | None = None,
    story: str = "",
    quantity: str = "",
    previous: Observation,
    current: Observation,
    comparison: Comparison,
    support_previous: int,
    support_current: int,
    occurrence: int = 0,
) -> Alert:
    """Build the alert for one differing pair of reports; `emitted_at` is left to the sender."""
    return Alert(
        alert_id=alert_id(metric_key, previous, current, occurrence),
        kind=kind,
        metric_key=metric_key,
        label=label,
        story_key=story_key,
        story=story,
        quantity=quantity,
        previous=previous,
        current=current,
        direction=comparison.direction,
        relative_change=comparison.relative_change,
        contradicts=comparison.contradicts,
        support_previous=support_previous,
        support_current=support_current,
        severity=severity(comparison),
        summary=summarize(
            label, previous, current, comparison.relative_change, comparison.direction
        ),
    )
