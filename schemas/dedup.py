"""Messages between the deduplication stages, each stage on its own repartitioned topic.

Flow: valid articles keyed by id (resend check, then digest) -> :class:`DigestedArticle`
keyed by content fingerprint (exact check) -> one :class:`BandProbe` per band partition
(near check) and one :class:`DedupPending` keyed by article id -> :class:`BandReply` keyed by
article id -> the verdict, decided where the pending article and all its replies meet.
"""

from __future__ import annotations

from pydantic import Field

from schemas.article import ArticleEnvelope
from schemas.base import FigwatchModel

OrderKey = tuple[int, int, int]
"""Total order of articles: (ingest timestamp in ms, input partition, input offset)."""


class ArticleDigest(FigwatchModel):
    """What deduplication keeps of an article: hashes and a compact MinHash sketch."""

    article_id: str
    """Id of the article."""
    ref: str
    """Short hash of the id, the article's key in the dedup stores."""
    fingerprint: str
    """Hash of the folded content; equal for exact copies."""
    sketch: str
    """b-bit MinHash sketch, base64; empty when the content has no words."""
    size: int = Field(ge=0)
    """Number of distinct shingles, for the containment estimate."""
    hour: int
    """Event time: hours since the epoch of `published_at`, for retention."""
    order: OrderKey
    """Position in the total order that decides which of two copies came first."""
    band_keys: list[str]
    """LSH band keys of the sketch and of the first openings, inserted in the band index."""
    lookup_keys: list[str] = Field(default_factory=list)
    """LSH band keys of further openings: looked up, never inserted."""


class DigestedArticle(FigwatchModel):
    """An article that is not a resend, on its way to the exact-copy check."""

    envelope: ArticleEnvelope
    """The article and its ingest record."""
    digest: ArticleDigest
    """Its dedup digest."""


class BandProbe(FigwatchModel):
    """Check-and-insert of an article's band keys owned by one band partition."""

    partition: int = Field(ge=0)
    """Band partition that owns `band_keys`."""
    article_id: str
    """Id of the probing article."""
    ref: str
    """Its store key."""
    sketch: str
    """Its sketch, stored in the band partition so matches are verified there."""
    size: int = Field(ge=0)
    """Its shingle count."""
    hour: int
    """Its event-time hour."""
    order: OrderKey
    """Its position in the total order."""
    band_keys: list[str]
    """Its band keys owned by `partition`, looked up and inserted."""
    lookup_keys: list[str] = Field(default_factory=list)
    """Its lookup-only band keys owned by `partition`."""


class BandMatch(FigwatchModel):
    """An earlier-inserted article that shares a band and passed verification."""

    article_id: str
    """Id of the similar article."""
    similarity: float = Field(ge=0, le=1)
    """Estimated share of the probing article's shingles in it (``sketch.containment``)."""
    order: OrderKey
    """Position of the similar article in the total order."""


class BandReply(FigwatchModel):
    """The answer of one band partition to a probe."""

    article_id: str
    """Id of the probing article."""
    partition: int = Field(ge=0)
    """Band partition that answers."""
    matches: list[BandMatch]
    """Verified similar articles found in that partition."""


class DedupPending(FigwatchModel):
    """An article waiting for the replies of its band partitions."""

    envelope: ArticleEnvelope
    """The article and its ingest record."""
    order: OrderKey
    """Its position in the total order."""
    partitions: list[int]
    """Band partitions whose replies decide it (empty: unique at once)."""
