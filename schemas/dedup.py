"""What deduplication computes of an article: its digest (hashes, sketch, band keys).

The digest never leaves the dedup stage: one dedup partition holds the whole index (see
``streams.dedup.index``), so no message carries it between stages.
"""

from __future__ import annotations

from pydantic import Field

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
