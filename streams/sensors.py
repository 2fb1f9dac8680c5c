"""Periodic worker sensor: consumer lag per partition.

Keys per state table are counted by the retention sweeps as they pass over each partition
(``streams.agents.retention``): RocksDB's constant-time key estimate also counts overwritten
and deleted keys until compaction, and an exact count needs a scan.

Importing this module registers a Faust timer on the app; the lag is read from the worker's own
consumer (its assignment, committed offsets and end offsets), so every worker reports exactly
the partitions it owns and a revoked partition's series disappears with the next run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from faust.exceptions import ConsumerNotStarted
from faust.types import TP
from prometheus_client import Gauge

from streams import metrics
from streams.app import app
from streams.logs import get_logger
from streams.settings import get_settings

SENSOR_INTERVAL_S = 5.0

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
    """Refresh the lag gauge; a failed reading is logged, never fatal."""
    try:
        await _collect_lag()
    except Exception as error:  # noqa: BLE001  (a sensor must never stop the worker)
        metrics.SENSOR_ERRORS.labels(sensor="consumer_lag").inc()
        _log.warning("sensor_failed", sensor="consumer_lag", error=repr(error))
