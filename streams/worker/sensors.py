"""Periodic worker sensors: consumer lag per partition, RocksDB memory per state table.

Keys per state table are counted by the retention sweeps as they pass over each partition
(``streams.worker.agents.retention``): RocksDB's constant-time key estimate also counts overwritten
and deleted keys until compaction, and an exact count needs a scan.

Importing this module registers a Faust timer on the app; the lag is read from the worker's own
consumer (its assignment, committed offsets and end offsets), so every worker reports exactly
the partitions it owns and a revoked partition's series disappears with the next run.

RocksDB allocates memtables, block cache and index blocks outside Python; their sizes, as
RocksDB reports them, tell state memory filling toward its configured bound from a leak.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from faust.exceptions import ConsumerNotStarted
from faust.types import TP
from prometheus_client import Gauge

from streams.logs import get_logger
from streams.settings import get_settings
from streams.worker import metrics
from streams.worker.app import app

SENSOR_INTERVAL_S = 5.0
ROCKSDB_MEMORY_PROPERTIES = {
    "memtables": "rocksdb.size-all-mem-tables",
    "block_cache": "rocksdb.block-cache-usage",
    "table_readers": "rocksdb.estimate-table-readers-mem",
}

_log = get_logger("sensors")
_lag_series: set[tuple[str, ...]] = set()


def partition_lags(
    ends: Mapping[TP, int | None],
    committed: Mapping[TP, int | None],
    earliest: Mapping[TP, int],
) -> dict[TP, int]:
    """Messages each partition's consumer has still to process.

    ``committed`` is the next offset to read; where nothing was committed yet the consumer
    starts at the earliest offset. A partition whose end is unknown is left out rather than
    reported as zero lag.
    """
    lags: dict[TP, int] = {}
    for tp, end in ends.items():
        start = committed.get(tp)
        if start is None:
            start = earliest.get(tp)
        if end is None or start is None:
            continue
        lags[tp] = max(end - start, 0)
    return lags


def set_series(
    gauge: Gauge, values: Mapping[tuple[str, ...], float], previous: Iterable[tuple[str, ...]]
) -> set[tuple[str, ...]]:
    """Set one child of ``gauge`` per label tuple, remove those no longer reported."""
    for labels, value in values.items():
        gauge.labels(*labels).set(value)
    current = set(values)
    for labels in set(previous) - current:
        gauge.remove(*labels)
    return current


def rocksdb_memory(databases: Iterable[Any]) -> dict[str, int]:
    """Bytes held in memory by these open RocksDB databases, per kind of memory.

    A property a database does not report counts as zero.
    """
    totals = dict.fromkeys(ROCKSDB_MEMORY_PROPERTIES, 0)
    for database in databases:
        for kind, name in ROCKSDB_MEMORY_PROPERTIES.items():
            totals[kind] += database.property_int_value(name) or 0
    return totals


def _collect_rocksdb_memory() -> None:
    for table in app.tables.values():
        # Faust's RocksDB store keeps one open database per partition it holds; the memory
        # store has none and reports nothing.
        databases = getattr(table.data, "_dbs", None)
        if databases is None:
            continue
        for kind, size in rocksdb_memory(list(databases.values())).items():
            metrics.ROCKSDB_MEMORY.labels(table.name, kind).set(size)


def _consumed_topics() -> set[str]:
    # The conductor also holds the tables' changelogs, replayed by table recovery rather than
    # committed by the group, and Faust's leader topic, which carries no records.
    names = {name for channel in app.topics for name in getattr(channel, "topics", ())}
    internal = set(app.tables.changelog_topics) | set(app.consumer.randomly_assigned_topics)
    return names - internal


async def _consumer_lags() -> dict[TP, int]:
    consumer: Any = app.consumer
    try:
        assigned = consumer.assignment()
    except ConsumerNotStarted:
        return {}  # still starting: nothing assigned, no lag to report yet
    consumed = _consumed_topics()
    tps = sorted(tp for tp in assigned if tp.topic in consumed)
    if not tps:
        return {}
    ends = await consumer.highwaters(*tps)
    # Faust keeps the offsets it committed (and those it found at assignment) here.
    committed = {tp: consumer._committed_offset.get(tp) for tp in tps}
    unknown = [tp for tp in tps if committed[tp] is None]
    earliest = await consumer.earliest_offsets(*unknown) if unknown else {}
    return partition_lags(ends, committed, earliest)


async def _collect_lag() -> None:
    global _lag_series
    lags = await _consumer_lags()
    values: dict[tuple[str, ...], float] = {
        (tp.topic, str(tp.partition)): float(lag) for tp, lag in lags.items()
    }
    _lag_series = set_series(metrics.CONSUMER_LAG, values, _lag_series)


metrics.initialise_series(get_settings().topic_articles)


@app.timer(interval=SENSOR_INTERVAL_S, name="figwatch.sensors")
async def collect() -> None:
    """Refresh the gauges; a failed reading is logged, never fatal."""
    try:
        await _collect_lag()
    except Exception as error:  # noqa: BLE001  (a sensor must never stop the worker)
        metrics.SENSOR_ERRORS.labels(sensor="consumer_lag").inc()
        _log.warning("sensor_failed", sensor="consumer_lag", error=repr(error))
    try:
        _collect_rocksdb_memory()
    except Exception as error:  # noqa: BLE001
        metrics.SENSOR_ERRORS.labels(sensor="rocksdb_memory").inc()
        _log.warning("sensor_failed", sensor="rocksdb_memory", error=repr(error))
