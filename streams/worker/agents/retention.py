"""Incremental event-time retention of worker tables, one partition step at a time.

Faust lets an event change only its own partition of a table, so each event of a stage may
sweep a few keys of that partition; the pure ``expire`` function of each store decides which
of them have left the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from faust.stores.memory import Store as MemoryStore
from faust.stores.rocksdb import Store as RocksDBStore
from faust.types import TP, TableT
from kafka.partitioner.default import murmur2

from streams.logs import get_logger
from streams.sweep import Sweep, cutoff_for
from streams.worker import metrics
from streams.worker.app import app

_log = get_logger("retention")
_retentions: list[Retention] = []


def partition_keys(table: TableT, partition: int, start: bytes | None, limit: int) -> list[bytes]:
    """Up to ``limit`` keys of one partition of a table, in key order from ``start`` on."""
    store = table.data
    if isinstance(store, RocksDBStore):
        # Inside an event Faust reads and writes the RocksDB database of that event's
        # partition, while iterating a table walks every partition's: read the one swept.
        db = store._db_for_partition(partition)
        keys = db.keys(from_key=start) if start is not None else db.keys()
        return list(islice((key for key in keys if key != store.offset_key), limit))
    # The memory store keeps every partition in one dict, small enough to sort; a key belongs
    # to the partition its message key hashes to, as the producer's partitioner placed it.
    assert isinstance(store, MemoryStore)  # noqa: S101  (settings allow only these two)
    count = table.partitions or 1
    return sorted(
        key
        for key in store.data
        if (start is None or key >= start) and (murmur2(key) & 0x7FFFFFFF) % count == partition
    )[:limit]


@dataclass(frozen=True, slots=True)
class SweptTable:
    """A table under retention and the pure function that expires some of its keys."""

    name: str
    table: TableT
    expire: Callable[[list[str], int], int]
    """Drops those of the given keys that are older than the cutoff hour; returns how many."""
    flush: Callable[[], object] | None = None
    """Writes held back from the table, made before a step lists its keys so it sees them."""


class Retention:
    """Incremental event-time retention of some tables, per partition of the stage's events.

    Each event moves its partition's watermark (latest event hour); every ``every`` events or
    when the watermark reaches a new hour, the next ``budget`` keys of each table's partition
    of that event are examined and expired ones deleted, so the changelog tombstones go to the
    partition that holds the keys and the cost per event stays bounded.
    """

    def __init__(
        self, *tables: SweptTable, retention_days: float, every: int = 16, budget: int = 128
    ) -> None:
        self.tables = tables
        self.retention_days = retention_days
        self.every = every
        self.budget = budget
        self.sweeps: dict[tuple[str, int], Sweep] = {}
        _retentions.append(self)

    def cutoff(self, partition: int) -> int | None:
        """First event hour retained in ``partition``; None before its first event."""
        sweep = self.sweeps.get((self.tables[0].name, partition))
        if sweep is None or sweep.watermark is None:
            return None
        return cutoff_for(sweep.watermark, self.retention_days)

    def forget(self, partitions: set[int]) -> None:
        """Drop the sweeps of partitions this worker no longer owns, and their key counts."""
        for name, partition in list(self.sweeps):
            if partition in partitions:
                del self.sweeps[name, partition]
        for swept in self.tables:
            self._report_size(swept.name)

    def on_event(self, partition: int, hour: int) -> None:
        """Count an event of a partition and run a sweep step when one is due."""
        for swept in self.tables:
            sweep = self.sweeps.get((swept.name, partition))
            if sweep is None:
                sweep = self.sweeps[swept.name, partition] = Sweep(self.every, self.budget)
            if not sweep.observe(hour):
                continue
            assert sweep.watermark is not None  # noqa: S101  (observe has just set it)
            cutoff = cutoff_for(sweep.watermark, self.retention_days)
            if swept.flush is not None:
                swept.flush()
            keys = partition_keys(swept.table, partition, sweep.cursor, sweep.budget + 1)
            examined = keys[: sweep.budget]
            try:
                dropped = swept.expire([key.decode("utf-8") for key in examined], cutoff)
            except Exception:  # noqa: BLE001  (one unreadable value must not stall the sweep)
                _log.exception("retention_failed", table=swept.name, partition=partition)
                dropped = 0
            sweep.advance(len(examined), dropped, keys[-1] if len(keys) > sweep.budget else None)
            if dropped:
                _log.info(
                    "state_expired",
                    table=swept.name,
                    partition=partition,
                    dropped=dropped,
                    cutoff_hour=cutoff,
                )
            if sweep.cursor is None:
                self._report_size(swept.name)

    def _report_size(self, name: str) -> None:
        sizes = [s.size for (table, _), s in self.sweeps.items() if table == name and s.size]
        metrics.TABLE_ENTRIES.labels(table=name).set(sum(sizes))


# mode types handlers as mypy_extensions callables that no plain function signature matches.
@app.on_partitions_revoked.connect  # type: ignore[arg-type]
def _forget_revoked(sender: Any, *args: Any, signal: Any, **kwargs: Any) -> None:
    # The signal's one argument is the set of revoked topic partitions. Every topic and table
    # has the same partition count, so Faust assigns a partition number of all of them to one
    # worker: a revoked number is revoked for every table.
    revoked: set[TP] = args[0]
    partitions = {tp.partition for tp in revoked}
    for retention in _retentions:
        retention.forget(partitions)
