"""The tunable parameters of deduplication, shared by every stage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Parameters of shingling, MinHash, LSH banding, the duplicate decision and retention.

    Every stage of one deployment must use the same values: band keys, sketches and
    fingerprints computed with other values never match.
    """

    threshold: float = 0.8
    """Similarity at or above which an article is a near duplicate."""
    retention_days: float = 30.0
    """Event-time window (by ``published_at``) an article stays in the dedup state."""
    num_perm: int = 128
    """MinHash permutations in the stored sketch."""
    sketch_bits: int = 2
    """Low bits kept of each MinHash value in the stored sketch (b-bit MinHash)."""
    bands: int = 8
    """LSH bands; each band hashes ``rows`` MinHash values into one band key."""
    rows: int = 2
    """MinHash values per band; few rows find truncated copies of lower Jaccard."""
    shingle_words: int = 3
    """Words per shingle."""
    min_length_ratio: float = 0.6
    """Containment of the shorter text counts only when it has this share of the longer's
    shingles: a truncated reprint is a duplicate, a short brief quoted in a long analysis is
    not."""
    seed: int = 1

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
        if self.bands > 256:
            raise ValueError(
                "bands must be at most 256: a band key starts with its number as a byte"
            )
        if self.shingle_words < 1:
            raise ValueError("shingle_words must be at least 1")
        if not 0 < self.min_length_ratio <= 1:
            raise ValueError("min_length_ratio must be in (0, 1]")
