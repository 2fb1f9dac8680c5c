"""Alert construction: deterministic ids, severity ranking and the alert event itself."""

from __future__ import annotations

import hashlib

from schemas.alert import Alert, AlertKind, Severity
from schemas.observation import Observation
from streams.figures.rules import Comparison
from streams.figures.summary import summarize

LARGE_CHANGE = 0.5
"""A relative change of at least this size (50%) counts as large for severity."""


def pair_of(a: Observation, b: Observation) -> tuple[str, str]:
    """Return the order-free pair of two reports' claim ids, as histories keep alerted pairs."""
    first, second = sorted((a.claim_id, b.claim_id))
    return first, second


def alert_id(metric_key: str, a: Observation, b: Observation) -> str:
    """sha256 of the metric key and the two claim ids (order-free): reprocessing repeats it."""
    first, second = pair_of(a, b)
    return hashlib.sha256(f"{metric_key}\n{first}\n{second}".encode()).hexdigest()


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
    previous: Observation,
    current: Observation,
    comparison: Comparison,
    support_previous: int,
    support_current: int,
) -> Alert:
    """Build the alert for one differing pair of reports; `emitted_at` is left to the sender."""
    return Alert(
        alert_id=alert_id(metric_key, previous, current),
        kind=kind,
        metric_key=metric_key,
        label=label,
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
