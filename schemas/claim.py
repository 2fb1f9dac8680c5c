"""A numeric claim extracted from an article: the figure and the frame around it."""

from __future__ import annotations

from pydantic import Field

from schemas.base import AwareDatetime, FigwatchModel
from schemas.observation import Observation, Qualifier

__all__ = ["Claim", "Qualifier"]


class Claim(Observation):
    """A figure with what it counts, what happened, to whom, where, and its metric key."""

    metric_key: str = Field(min_length=1)
    """The figure's key: the story's place and the quantity, `place|quantity`, canonical and
    language-independent, so an Arabic and an English report of one figure share it. It is
    the figures stage's partition key; within one key, only reports of one story (see
    `story_key`) are compared."""
    label: str
    """Readable English name of the figure: `people killed — earthquake in Morocco`."""
    frame_key: str = ""
    """What the figure's own sentence says, `predicate|concept|group|place|event`, before
    the article's story fills its gaps."""
    quantity: str = ""
    """What is counted within the story, `predicate|concept|group|scope`
    (`killed|person|-|-`, `fled|person|-|to:poland`)."""
    quantity_label: str = ""
    """The quantity in words, e.g. `people killed`."""
    concept: str
    """What is counted, a lexicon concept such as `foreign_fighter`, `person`, `usd`."""
    concept_text: str = ""
    """The words the article used for what is counted."""
    predicate: str | None = None
    """What happened to it, a lexicon predicate such as `joined`, `killed`, `returned`."""
    group: str | None = None
    """The organisation involved, canonical (e.g. `isis`), if any."""
    place: str | None = None
    """Where, canonical place id (e.g. `syria`), if any."""
    event: str | None = None
    """The event or cause (e.g. `earthquake`, `air_strike`), if any."""
    relative: bool = False
    """True for percentages and fractions: a share, not a count."""
    value_start: int = Field(ge=0)
    """Offset of the figure's text in the article body."""
    value_end: int = Field(ge=0)
    """End offset of the figure's text in the article body."""
    title: str = ""
    """Headline of the article, for readers of the claim."""
    ingested_at: AwareDatetime | None = None
    """Kafka timestamp of the article's input message: where ingest-to-alert latency starts."""
    published_at_out_of_range: AwareDatetime | None = None
    """The article's own `published_at` when it was out of range (before 1900, or more than a
    day after ingest): `published_at` then holds the ingest time, and the figures stage does
    not track the claim, so it never becomes a figure's value."""

    def observation(self) -> Observation:
        """The part of this claim the figure history keeps."""
        return Observation.model_validate(self.model_dump(include=set(Observation.model_fields)))


class ClaimBatch(FigwatchModel):
    """Claims that one figures partition tracks: a record of the claims topic.

    The claims stage sends the claims of the articles it extracted at once (one article, or a
    batch under load) as one record per figures partition, keyed by the figures key of its
    first claim (``streams.figures.routing``): a figure's claims always reach one partition.
    """

    claims: list[Claim] = Field(min_length=1)
    """The claims, by article in the order the articles came, each article's in its order."""

    @property
    def article_ids(self) -> list[str]:
        """The articles of the claims, each once, in order."""
        return list(dict.fromkeys(claim.article_id for claim in self.claims))
