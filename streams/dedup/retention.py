"""Event-time retention of the dedup stores: entries published before the window leave."""

from __future__ import annotations

from datetime import datetime

from streams.dedup.stages import Store

_SECONDS_PER_HOUR = 3600


def cutoff_hour(watermark: datetime, retention_days: float) -> int:
    """First event-time hour still retained when event time has reached ``watermark``."""
    return int(
        (watermark.timestamp() - retention_days * 24 * _SECONDS_PER_HOUR) // _SECONDS_PER_HOUR
    )


def purge_ids(ids: Store, cutoff: int) -> int:
    """Drop resend entries (``ref -> hour``) older than ``cutoff``; returns how many."""
    return _drop(ids, [key for key, hour in ids.items() if hour < cutoff])


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


def _drop(store: Store, keys: list[str]) -> int:
    for key in keys:
        del store[key]
    return len(keys)
