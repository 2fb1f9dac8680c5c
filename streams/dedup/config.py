"""The tunable parameters of deduplication, shared by every stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streams.settings import Settings


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Parameters of shingling, MinHash, LSH banding, the duplicate decision and retention.

    Every stage of one deployment must use the same values: band keys, sketches and
    fingerprints computed with other values never match.
    """

    threshold: float = 0.6
    """Share of a later article's shingles found in an earlier one at which it is a near
    duplicate of it, once the estimate passes it by ``margin``: about 0.67 for articles of
    like length, so cut copies and most copies under a new lead are caught and write-ups
    sharing a third of their text with it stay apart (docs/dedup.md says why not 0.4)."""
    margin: float = 1.5
    """Standard errors of the sketches' estimate by which it must pass ``threshold``; the
    error grows as the later article is shorter than the earlier one (see
    ``sketch.required_share``)."""
    min_size_ratio: float = 0.15
    """A later article with fewer shingles than this share of an earlier one is never its near
    duplicate: the sketches share too few values to tell a cut copy from a brief quoting it."""
    retention_days: float = 30.0
    """Event-time window (by ``published_at``) an article stays in the dedup state."""
    num_perm: int = 128
    """MinHash permutations in the stored sketch."""
    sketch_bits: int = 4
    """Low bits kept of each MinHash value in the stored sketch (b-bit MinHash). Four bits
    agree by chance once in 16, which keeps the low Jaccard of a short copy and a long
    original apart from noise better than twice as many 2-bit values."""
    bands: int = 6
    """LSH bands of the whole text; each band hashes ``rows`` MinHash values into one key."""
    rows: int = 2
    """MinHash values per band; few rows find copies of lower Jaccard."""
    shingle_words: int = 3
    """Words per shingle."""
    openings: int = 3
    """Openings looked up per article: one at each of its first paragraphs. A copy under a
    site's own lead paragraph finds its original's opening at its second paragraph."""
    stored_openings: int = 2
    """Openings of an article kept in the band index: the first paragraph's, and the second's
    for a later plain copy of an article that carried a site's own lead."""
    opening_shingles: int = 12
    """Shingles of an opening: a copy cut to its first paragraphs keeps its original's."""
    paragraph_words: int = 8
    """Words of the shortest line an opening starts at or runs over: shorter lines are
    datelines, captions and repeated headlines, which copies add or drop."""
    opening_bands: int = 2
    """Band keys per opening, of ``rows`` MinHash values of its shingles each."""
    seed: int = 1

    @classmethod
    def from_settings(cls, settings: Settings) -> DedupConfig:
        """The parameters a deployment's ``FIGWATCH_DEDUP_*`` and retention settings give."""
        return cls(
            threshold=settings.dedup_threshold,
            retention_days=settings.retention_days,
            bands=settings.dedup_bands,
            rows=settings.dedup_rows,
        )

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        if self.retention_days <= 0:
            raise ValueError("retention_days must be positive")
        if self.sketch_bits not in (1, 2, 4, 8):
            raise ValueError("sketch_bits must be 1, 2, 4 or 8")
        if self.num_perm * self.sketch_bits % 8:
            raise ValueError("num_perm * sketch_bits must fill whole bytes")
        if self.bands < 1 or self.rows < 1 or self.bands * self.rows > self.num_perm:
            raise ValueError("bands * rows must be between 1 and num_perm")
        if self.bands + self.opening_bands > 256:
            raise ValueError(
                "bands + opening_bands must be at most 256: a band key starts with its number"
            )
        if self.shingle_words < 1:
            raise ValueError("shingle_words must be at least 1")
        if self.margin < 0:
            raise ValueError("margin must not be negative")
        if not 0 <= self.min_size_ratio <= 1:
            raise ValueError("min_size_ratio must be in [0, 1]")
        if not 0 <= self.stored_openings <= self.openings:
            raise ValueError("stored_openings must be between 0 and openings")
        if self.opening_shingles < 1 or self.opening_bands < 0 or self.paragraph_words < 1:
            raise ValueError(
                "opening_shingles and paragraph_words must be positive, opening_bands not negative"
            )
