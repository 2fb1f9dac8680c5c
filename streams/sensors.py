"""Periodic worker sensors: consumer lag per partition and keys per state table.

Importing this module registers a Faust timer on the app; the lag is read from the worker's own
consumer (its assignment, committed offsets and end offsets), so every worker reports exactly
the partitions it owns and a revoked partition's series disappears with the next run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from faust.exceptions import ConsumerNotStarted
from faust.types import TP, TableT
from prometheus_client import Gauge

from streams import metrics
from streams.app import app
from streams.logs import get_logger
from streams.settings import get_settings

SENSOR_INTERVAL_S = 5.0
_ROCKSDB_KEYS_PROPERTY = "rocksdb.estimate-num-keys"

_log = get_logger("sensors")
_lag_series: set[tuple[str, ...]] = set()
_table_series: set[tuple[str, ...]] = set()


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


def table_keys(table: TableT) -> int:
    """Keys in the table's active partitions, without scanning RocksDB.

    ``len()`` on a RocksDB-backed Faust table iterates every key, which stalls the event loop
    on big dedup tables, so RocksDB stores report its constant-time key estimate instead.
    """
    store: Any = table.data
    active_dbs = getattr(store, "_dbs_for_actives", None)
    if active_dbs is None or not getattr(store, "use_rocksdict", False):
        return len(table)
    return sum(int(db.property_int_value(_ROCKSDB_KEYS_PROPERTY) or 0) for db in active_dbs())


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


async def _collect_tables() -> None:
    global _table_series
    values: dict[tuple[str, ...], float] = {
        (name,): float(table_keys(table)) for name, table in app.tables.items()
    }
    _table_series = set_series(metrics.TABLE_ENTRIES, values, _table_series)


metrics.initialise_series(get_settings().topic_articles)


@app.timer(interval=SENSOR_INTERVAL_S, name="figwatch.sensors")
async def collect() -> None:
    """Refresh the lag and table gauges; a failed reading is logged, never fatal."""
    for sensor, read in (("consumer_lag", _collect_lag), ("table_entries", _collect_tables)):
        try:
            await read()
        except Exception as error:  # noqa: BLE001  (a sensor must never stop the worker)
            metrics.SENSOR_ERRORS.labels(sensor=sensor).inc()
            _log.warning("sensor_failed", sensor=sensor, error=repr(error))
