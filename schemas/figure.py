"""The figure history of one metric key, and the views the query endpoint returns."""

from __future__ import annotations

from pydantic import Field

from schemas.base import AwareDatetime, FigwatchModel
from schemas.observation import Observation


class FigureHistory(FigwatchModel):
    """Every retained report of one metric key, in event-time order, with the pairs alerted.

    This is the value of the figures table (stored as ``model_dump(mode="json")``).
    """

    metric_key: str = Field(min_length=1)
    """The metric key this history tracks (the table key)."""
    label: str
    """Readable English label of the figure, from the first claim seen."""
    quantity_label: str = ""
    """The quantity in words (`people killed`)."""
    observations: list[Observation] = Field(default_factory=list)
    """Reports ordered by `published_at`, then `article_id`, then `claim_id`; the latest N kept."""
    alerted: list[str] = Field(default_factory=list)
    """Ids of the alerts already sent for this key, oldest first: a change is sent once."""
    evicted: int = Field(default=0, ge=0)
    """How many reports were dropped, oldest first: over the count limit or out of retention."""


class CurrentFigure(FigwatchModel):
    """The figure a history stands at now: its latest report and how many articles agree."""

    metric_key: str
    """The metric key."""
    label: str
    """Readable English label of the figure."""
    figure: str
    """The figure as readers see it, e.g. `40,000 (about; 2018-02-05)`."""
    observation: Observation
    """The latest report in event time."""
    support: int = Field(ge=1)
    """Distinct articles in the history whose report agrees with the latest one."""
    reports: int = Field(ge=1)
    """Reports retained in the history."""


class ObservationView(FigwatchModel):
    """One report of a history as the query endpoint shows it."""

    figure: str
    """The figure as readers see it, e.g. `30,000 (at most; 2017-04-27)`."""
    agrees_with_current: bool
    """True when this report agrees with the current figure under the change rules."""
    observation: Observation
    """The report itself, with source, link and evidence."""


class FigureEntry(FigwatchModel):
    """A tracked figure named for readers: the quantity, and the story of its latest report."""

    metric_key: str
    """The metric key."""
    label: str
    """Readable English label of the figure, from the first claim seen."""
    quantity: str = ""
    """The quantity in words: `people killed`."""
    story_key: str | None = None
    """The story key of the latest report (`earthquake|morocco`); None when it names no story."""
    story: str = ""
    """That story in words with the month its reports began, as alerts name it: `earthquake
    in Morocco, Sep 2023`; empty when there is no story."""
    story_began: AwareDatetime | None = None
    """When that story's first retained report of this figure was published."""


class FigureView(FigureEntry):
    """A whole history as the query endpoint returns it."""

    current: CurrentFigure | None
    """The figure now; None for an empty history."""
    observations: list[ObservationView]
    """Every retained report, oldest first."""
    alerts: int = Field(ge=0)
    """How many report pairs have been alerted on (among the retained reports)."""
    evicted: int = Field(ge=0)
    """How many older reports were dropped to keep the history bounded."""


class KeyMatch(FigureEntry):
    """A figure found by a search of its key, label, quantity and story words."""

    score: int = Field(ge=0)
    """How well it matched: whole-word hits count more than partial ones."""
