"""One reported figure as the figure history keeps it: value, qualifier, who, when, evidence."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from schemas.base import AwareDatetime, FigwatchModel

Qualifier = Literal["exact", "approximately", "at_least", "at_most", "range", "vague"]
"""How a figure was stated: exactly, about, a lower or upper bound, a range, a vague count."""


class Observation(FigwatchModel):
    """A figure as one article reported it."""

    claim_id: str
    """Deterministic id of the claim this observation comes from."""
    article_id: str
    """Id of the article that reported it."""
    source: str
    """Publisher of that article."""
    url: str | None = None
    """Link to that article."""
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

    @model_validator(mode="after")
    def _ordered(self) -> Observation:
        if self.value_low > self.value_high:
            raise ValueError("value_low is greater than value_high")
        if self.evidence_start > self.evidence_end:
            raise ValueError("evidence_start is after evidence_end")
        return self

    @property
    def representative(self) -> float | None:
        """The single value that stands for this figure; a vague count has none."""
        if self.qualifier == "vague":
            return None
        if self.qualifier == "range":
            return (self.value_low + self.value_high) / 2
        return self.value_low
