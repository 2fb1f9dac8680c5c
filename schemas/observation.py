"""One reported figure as the figure history keeps it: value, qualifier, who, when, evidence."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from schemas.base import AwareDatetime, FigwatchModel

Qualifier = Literal["exact", "approximately", "at_least", "at_most", "range", "vague"]
"""How a figure was stated: exactly, about, a lower or upper bound, a range, a vague count."""

Status = Literal["current", "past", "forecast", "increment", "combined"]
"""What time a figure speaks for: the article's own current value, an earlier value it quotes
("the previous toll was 135"), a forecast ("could rise to 10,000"), an increment ("nine more
bodies") or a total that adds two quantities ("100 dead and injured")."""


class Observation(FigwatchModel):
    """A figure as one article reported it."""

    claim_id: str
    """Deterministic id of the claim this observation comes from."""
    article_id: str
    """Id of the article that reported it."""
    source: str
    """Publisher of that article."""
    url: str | None = None
    """Link to that article, as the article gave it. Untrusted: it may be any string
    (`javascript:`, `data:`); only an absolute http(s) URL with a host may be made a link."""
    language: str
    """Language of the evidence sentence."""
    published_at: AwareDatetime
    """Event time: when the article was published."""
    value_low: float
    """Lower end of a range or vague count; the stated value itself for any other qualifier."""
    value_high: float
    """Upper end of a range or vague count; equal to `value_low` for any other qualifier."""
    qualifier: Qualifier
    """How the figure was stated."""
    unit: str = "count"
    """What the number measures: `count`, `percent`, `fraction` or a currency code."""
    attribution: str | None = None
    """Who said so, as worded in the article (a person, agency or outlet), if stated."""
    surface: str
    """The figure exactly as written, e.g. `ما يصل إلى 30 ألف`."""
    evidence: str
    """The sentence that states the figure, an exact slice of the article body."""
    evidence_start: int = Field(ge=0)
    """Offset of the evidence sentence in the article body (`body[start:end]`)."""
    evidence_end: int = Field(ge=0)
    """End offset of the evidence sentence in the article body."""
    status: Status = "current"
    """What time the figure speaks for; only current figures stand as a new report."""
    story_key: str | None = None
    """The story the figure belongs to, `event|place` (`earthquake|morocco`,
    `displacement|sudan`, `-|nepal` when no word names the event); None when neither the
    sentence nor its article names a place: such a claim is kept but compared with nothing.
    Two reports of one place belong to one story when their events agree (or one is `-`)
    and they are within the story's window of each other."""
    story_label: str | None = None
    """The story in words, e.g. `earthquake in Morocco`."""
    story_window_days: int = Field(default=365, ge=1)
    """Reports of one story further apart than this are two stories (a quake in Morocco in
    2004 and one in 2023): disasters are short, standing situations long."""
    event_day: date | None = None
    """The day the article's headline or lead dates its event to ("Saturday's truck
    bombing", "the Oct 14 attack"), if it does. Reports dated to days further apart than
    their margins are of two events (two attacks in one city a fortnight apart); reports
    dated to one day are of one event, however long after it they come."""
    event_day_margin: int = Field(default=0, ge=0)
    """Days either side of `event_day` the event may be: 1 for a written date, 7 for a
    weekday ("Saturday's"), read as the last one before publication."""
    version: str = ""
    """Hash of the article text the figure was read from: an update of an article (same id,
    new body) is a new version, whose figures stand against the version they replace."""
    primary: bool = True
    """True for the article's stated value of this figure: its first current claim of the
    figure. Other mentions (a later recap, a part of the whole) only corroborate."""

    @model_validator(mode="after")
    def _ordered(self) -> Observation:
        if self.value_low > self.value_high:
            raise ValueError("value_low is greater than value_high")
        if self.evidence_start > self.evidence_end:
            raise ValueError("evidence_start is after evidence_end")
        return self

    @property
    def tracked(self) -> bool:
        """True when the report belongs to a story, so its figure is tracked and compared."""
        return self.story_key is not None

    @property
    def story_kind(self) -> str:
        """The story's event or situation (`earthquake`), `-` when no word named it."""
        return (self.story_key or "-").split("|", 1)[0]

    @property
    def stands(self) -> bool:
        """True when this report can stand as the figure and raise an alert.

        Only an article's own current value does; a vague count ("thousands") corroborates
        or is too vague to compare, and never stands against an exact figure.
        """
        return self.status == "current" and self.primary and self.qualifier != "vague"

    @property
    def representative(self) -> float | None:
        """The single value that stands for this figure; a vague count has none."""
        if self.qualifier == "vague":
            return None
        if self.qualifier == "range":
            return (self.value_low + self.value_high) / 2
        return self.value_low
