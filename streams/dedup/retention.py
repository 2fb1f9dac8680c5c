"""Event-time retention of the dedup stores: entries published before the window leave.

Two ways to purge: the whole store at once (``purge_*``, for the embedded deduplicator), or a
few keys at a time (``expire_*`` over keys a :class:`Sweep` hands out), so that a worker's
per-event cost stays bounded however large its tables grow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from streams.dedup.stages import Store

_SECONDS_PER_HOUR = 3600
_HOURS_PER_DAY = 24


def cutoff_hour(watermark: datetime, retention_days: float) -> int:
    """First event-time hour still retained when event time has reached ``watermark``."""
    return int(
        (watermark.timestamp() - retention_days * 24 * _SECONDS_PER_HOUR) // _SECONDS_PER_HOUR
    )


def cutoff_for(watermark_hour: int, retention_days: float) -> int:
    """First event-time hour still retained when event time has reached ``watermark_hour``."""
    return watermark_hour - int(retention_days * _HOURS_PER_DAY)


def clock_hour(hour: int, ingest_ms: int) -> int:
    """Event hour for the watermark: a date beyond a day after ingest does not move time on.

    One article dated years ahead (a typo, a bad feed) would otherwise expire all state.
    """
    return min(hour, ingest_ms // (_SECONDS_PER_HOUR * 1000) + _HOURS_PER_DAY)


def purge_ids(ids: Store, cutoff: int) -> int:
    """Drop resend entries (``ref -> [hour, partition, offset]``) older than ``cutoff``."""
    return _drop(ids, [key for key, entry in ids.items() if entry[0] < cutoff])


def purge_fingerprints(fingerprints: Store, cutoff: int) -> int:
    """Drop exact-copy entries (``fingerprint -> [id, hour]``) older than ``cutoff``."""
    return _drop(fingerprints, [key for key, entry in fingerprints.items() if entry[1] < cutoff])


def purge_bands(bands: Store, sketches: Store, cutoff: int) -> int:
    """Drop sketches older than ``cutoff`` and their refs from the band buckets of a partition.

    Returns the number of sketches dropped.
    """
    expired = {ref for ref, entry in sketches.items() if entry[3] < cutoff}
    if not expired:
        return 0
    for key, refs in list(bands.items()):
        kept = [ref for ref in refs if ref not in expired]
        if not kept:
            del bands[key]
        elif len(kept) != len(refs):
            bands[key] = kept
    return _drop(sketches, list(expired))


def expire_ids(ids: Store, keys: Iterable[str], cutoff: int) -> int:
    """Drop those of ``keys`` whose resend entry is older than ``cutoff``; returns how many."""
    return _expire(ids, keys, lambda entry: entry[0] < cutoff)


def expire_fingerprints(fingerprints: Store, keys: Iterable[str], cutoff: int) -> int:
    """Drop those of ``keys`` whose exact-copy entry is older than ``cutoff``."""
    return _expire(fingerprints, keys, lambda entry: entry[1] < cutoff)


def expire_sketches(sketches: Store, keys: Iterable[str], cutoff: int) -> int:
    """Drop those of ``keys`` whose sketch is older than ``cutoff``."""
    return _expire(sketches, keys, lambda entry: entry[3] < cutoff)


def expire_pending(pending: Store, keys: Iterable[str], cutoff: int) -> int:
    """Drop pending articles older than ``cutoff``: their band replies never all came."""
    return _expire(pending, keys, lambda entry: entry.get("hour", cutoff) < cutoff)


def expire_bands(bands: Store, sketches: Store, keys: Iterable[str], cutoff: int) -> int:
    """Keep in the buckets of ``keys`` only refs whose sketch is retained; drop empty buckets.

    A ref without a sketch is one whose sketch was already expired (a probe writes both in
    one step), so sketches and buckets may be swept independently. Returns buckets dropped.
    """
    dropped = 0
    for key in keys:
        refs = bands.get(key)
        if refs is None:
            continue
        kept = [ref for ref in refs if _retained(sketches.get(ref), cutoff)]
        if not kept:
            del bands[key]
            dropped += 1
        elif len(kept) != len(refs):
            bands[key] = kept
    return dropped


@dataclass(slots=True)
class Sweep:
    """Progress of one store partition's incremental retention sweep.

    ``watermark`` is the latest event hour seen in the partition; a step is due when it moves
    to a new hour or after ``every`` events. Each step examines the next ``budget`` keys from
    ``cursor`` (in key order, None: from the first key); ``size`` is the number of keys the
    last complete pass left.
    """

    every: int = 16
    budget: int = 128
    watermark: int | None = None
    swept_at: int | None = None
    since: int = 0
    cursor: bytes | None = None
    kept: int = 0
    size: int | None = None

    def observe(self, hour: int) -> bool:
        """Count one event of event time ``hour``; True when a sweep step is due."""
        self.since += 1
        if self.watermark is None or hour > self.watermark:
            self.watermark = hour
        return self.swept_at != self.watermark or self.since >= self.every

    def advance(self, examined: int, dropped: int, next_key: bytes | None) -> None:
        """Record a step that examined ``examined`` keys and dropped ``dropped`` of them."""
        self.since = 0
        self.swept_at = self.watermark
        self.kept += examined - dropped
        self.cursor = next_key
        if next_key is None:
            self.size, self.kept = self.kept, 0


def _retained(sketch: Any, cutoff: int) -> bool:
    return sketch is not None and sketch[3] >= cutoff


def _expire(store: Store, keys: Iterable[str], expired: Callable[[Any], bool]) -> int:
    stale = []
    for key in keys:
        entry = store.get(key)
        if entry is not None and expired(entry):
            stale.append(key)
    return _drop(store, stale)


def _drop(store: Store, keys: list[str]) -> int:
    for key in keys:
        del store[key]
    return len(keys)
