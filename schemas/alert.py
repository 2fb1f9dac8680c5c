"""An alert event: a tracked figure changed, or two sources disagree."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.base import AwareDatetime, FigwatchModel
from schemas.observation import Observation

AlertKind = Literal["figure_changed", "figure_conflict"]
"""`figure_changed`: a later report differs from the figure that stood before it;
`figure_conflict`: two sources contradict each other within the conflict window."""

Severity = Literal["info", "warning", "critical"]
"""How much an analyst should care: contradictions and large moves rank higher."""


class Alert(FigwatchModel):
    """What alert subscribers receive, with both reports and their evidence."""

    alert_id: str
    """Deterministic id from the metric key and the two reports' claim ids: reprocessing
    repeats it, and a figure that moves back and forth again raises a new one."""
    kind: AlertKind
    """Which rule fired."""
    metric_key: str
    """The figure's metric key."""
    label: str
    """Readable English name of the figure, with its story and when it began: `people killed —
    earthquake in Morocco, Sep 2023`."""
    story_key: str | None = None
    """The story key of the figure (`earthquake|morocco`)."""
    story: str = ""
    """The story in words a reader recognises, with the month its reports began: `earthquake
    in Morocco, Sep 2023`."""
    quantity: str = ""
    """The quantity in words: `people killed`."""
    previous: Observation
    """The earlier report (the figure that stood, or the other source)."""
    current: Observation
    """The later report."""
    direction: Literal["up", "down", "mixed"]
    """Which way the figure moved; `mixed` when ranges cross."""
    relative_change: float | None
    """(current - previous) / previous on representative values; None when undefined."""
    contradicts: bool
    """True when no value satisfies both reports' own bounds (up to 30,000, then about 40,000);
    False for a refinement (more than 60, then 78)."""
    support_previous: int = Field(ge=1)
    """How many distinct articles reported the earlier figure."""
    support_current: int = Field(ge=1)
    """How many distinct articles reported the later figure."""
    severity: Severity
    """Ranking for readers."""
    summary: str
    """One line in English, e.g. `foreign fighters joined ISIS — ISIS in Syria and Iraq, Apr
    2017: 30,000 (at most; 2017-04-27) -> 40,000 (about; 2018-02-05), +33%`."""
    emitted_at: AwareDatetime | None = None
    """When the alert was sent (not part of its identity)."""
