"""The embedded deduplicator: the dedup index over an in-memory store."""

from __future__ import annotations

from datetime import datetime

from schemas.article import ArticleEnvelope
from schemas.duplicate import DuplicateRecord
from streams.dedup.config import DedupConfig
from streams.dedup.index import DedupIndex
from streams.sweep import cutoff_hour

_DEFAULTS = DedupConfig()


class Deduplicator:
    """The same index the worker's dedup stage keeps, for ``figwatch replay`` and tests.

    A ``config``, when given, replaces ``threshold``, ``retention_days`` and ``num_perm``.

    Articles are placed in the total order of articles in the order they are checked, not by
    their ingest times: each was judged before the next, so any article met earlier may be the
    original of a later one, as in a worker, whose ingest times follow the order articles were
    sent in. Ordered by ingest time, an article met later but ingested earlier would pass both
    ways: its original was not earlier, and the original never met it.
    """

    def __init__(
        self,
        threshold: float = _DEFAULTS.threshold,
        retention_days: float = _DEFAULTS.retention_days,
        num_perm: int = _DEFAULTS.num_perm,
        config: DedupConfig | None = None,
    ) -> None:
        self.config = config or DedupConfig(
            threshold=threshold, retention_days=retention_days, num_perm=num_perm
        )
        self.entries: dict[str, bytes] = {}
        self.index = DedupIndex(self.entries, self.config)
        self._checked = 0

    def check(self, envelope: ArticleEnvelope) -> DuplicateRecord | None:
        """Classify one article and remember it; None means unique (pass it on)."""
        passed = self.screen(envelope)
        return passed if isinstance(passed, DuplicateRecord) else None

    def screen(self, envelope: ArticleEnvelope) -> DuplicateRecord | ArticleEnvelope:
        """Classify one article and remember it: its duplicate record, or the envelope to pass on.

        An update (same id, new content) comes back timed at the update.
        """
        self._checked += 1
        return self.index.screen(envelope, (0, 0, self._checked))

    def purge(self, watermark: datetime) -> int:
        """Drop articles published before the retention window ending at ``watermark``."""
        return self.purge_before(cutoff_hour(watermark, self.config.retention_days))

    def purge_before(self, cutoff: int) -> int:
        """Drop articles published before event hour ``cutoff``; returns how many."""
        return self.index.expire(list(self.entries), cutoff)

    def state_bytes(self) -> dict[str, int]:
        """Key and value bytes of the stored entries, as the worker's dedup table holds them."""
        return {"index": sum(len(ref) + len(value) for ref, value in self.entries.items())}

    def retained(self) -> int:
        """Return how many articles have an entry in the index."""
        return len(self.entries)
