"""The embedded deduplicator: every dedup stage in sequence over in-memory stores."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from schemas.article import ArticleEnvelope
from schemas.dedup import DigestedArticle
from schemas.duplicate import DuplicateRecord
from streams.dedup.config import DedupConfig
from streams.dedup.retention import purge_bands, purge_fingerprints, purge_ids
from streams.dedup.stages import (
    Verdict,
    check_exact,
    check_resend,
    collect_reply,
    digest_article,
    fan_out,
    open_pending,
    probe_bands,
)
from streams.sweep import cutoff_hour

_DEFAULTS = DedupConfig()


class Deduplicator:
    """Runs the same stage functions as the Faust agents, for ``figwatch replay`` and tests.

    ``partitions`` band partitions each get their own band and sketch stores, as the
    partitions of the Faust tables do, so the embedded run exercises the same routing. A
    ``config``, when given, replaces ``threshold``, ``retention_days`` and ``num_perm``.

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
        partitions: int = 1,
        config: DedupConfig | None = None,
    ) -> None:
        if partitions < 1:
            raise ValueError("partitions must be at least 1")
        self.config = config or DedupConfig(
            threshold=threshold, retention_days=retention_days, num_perm=num_perm
        )
        self.partitions = partitions
        self.ids: dict[str, Any] = {}
        self.fingerprints: dict[str, Any] = {}
        self.pending: dict[str, Any] = {}
        self.bands: list[dict[str, Any]] = [{} for _ in range(partitions)]
        self.sketches: list[dict[str, Any]] = [{} for _ in range(partitions)]
        self._checked = 0

    def check(self, envelope: ArticleEnvelope) -> DuplicateRecord | None:
        """Classify one article and remember it; None means unique (pass it on)."""
        passed = self.screen(envelope)
        return passed if isinstance(passed, DuplicateRecord) else None

    def screen(self, envelope: ArticleEnvelope) -> DuplicateRecord | ArticleEnvelope:
        """Classify one article and remember it: its duplicate record, or the envelope to pass on.

        An update (same id, new content) comes back timed at the update.
        """
        passed = check_resend(self.ids, envelope)
        if isinstance(passed, DuplicateRecord):
            return passed
        envelope = passed
        self._checked += 1
        order = (0, 0, self._checked)
        digest = digest_article(envelope, self.config, order)
        digested = DigestedArticle(envelope=envelope, digest=digest)
        exact = check_exact(self.fingerprints, digested)
        if exact is not None:
            return exact
        pending, probes = fan_out(digested, self.partitions)
        verdict: Verdict | None = open_pending(self.pending, pending)
        for probe in probes:
            reply = probe_bands(
                self.bands[probe.partition], self.sketches[probe.partition], probe, self.config
            )
            verdict = collect_reply(self.pending, reply)
        if verdict is None:
            raise RuntimeError(f"no verdict for {envelope.article.id}: a band reply is missing")
        return verdict.duplicate or envelope

    def purge(self, watermark: datetime) -> int:
        """Drop state published before the retention window ending at ``watermark``."""
        return self.purge_before(cutoff_hour(watermark, self.config.retention_days))

    def purge_before(self, cutoff: int) -> int:
        """Drop state published before event hour ``cutoff``; returns the ids dropped."""
        dropped = purge_ids(self.ids, cutoff)
        purge_fingerprints(self.fingerprints, cutoff)
        for bands, sketches in zip(self.bands, self.sketches, strict=True):
            purge_bands(bands, sketches, cutoff)
        return dropped

    def state_bytes(self) -> dict[str, int]:
        """Return the serialised JSON size of each store, as a table changelog carries it."""
        stores: dict[str, Any] = {
            "ids": self.ids,
            "fingerprints": self.fingerprints,
            "pending": self.pending,
            "bands": self.bands,
            "sketches": self.sketches,
        }
        return {
            name: len(json.dumps(store, ensure_ascii=False, separators=(",", ":")).encode())
            for name, store in stores.items()
        }

    def retained(self) -> int:
        """Return how many articles have their ids in the state."""
        return len(self.ids)
