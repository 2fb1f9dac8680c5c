"""The record of an article recognised as a copy of one seen before."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.base import AwareDatetime, FigwatchModel

DuplicateKind = Literal["resend", "exact", "near"]
"""`resend`: same id again; `exact`: same normalized content; `near`: MinHash similarity."""


class DuplicateRecord(FigwatchModel):
    """Sent to the duplicates topic for every article that is not passed on to extraction."""

    article_id: str
    """The duplicate's id."""
    duplicate_of: str
    """Id of the earlier article it copies."""
    kind: DuplicateKind
    """How it was recognised."""
    similarity: float = Field(ge=0, le=1)
    """Estimated similarity that decided it: containment of the shorter article's word
    shingles in the longer one, or their Jaccard similarity when the lengths differ a lot
    (1.0 for resends and exact copies)."""
    source: str
    """Publisher of the duplicate."""
    published_at: AwareDatetime
    """Publication time of the duplicate."""
    ingest_offset: int = Field(default=-1, ge=-1)
    """Offset of the duplicate's input message, for accounting."""
