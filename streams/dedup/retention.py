"""Event-time retention of the dedup stores: entries published before the window leave.

Two ways to purge: the whole store at once (``purge_*``, for the embedded deduplicator), or a
few keys at a time (``expire_*`` over keys a :class:`streams.sweep.Sweep` hands out), so that
a worker's per-event cost stays bounded however large its tables grow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from streams.dedup.stages import Store


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
