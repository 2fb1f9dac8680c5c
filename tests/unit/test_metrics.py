"""Metric definitions stay bounded, and the sensors compute lag and keep gauges in step."""

from __future__ import annotations

from pathlib import Path

import rocksdict
from faust.types import TP
from hypothesis import given
from hypothesis import strategies as st
from prometheus_client import CollectorRegistry, Gauge, generate_latest

from streams.validation import STAGE as VALIDATE_STAGE
from streams.worker import metrics
from streams.worker.sensors import partition_lags, rocksdb_memory, set_series

A0, A1, B0 = TP("a", 0), TP("a", 1), TP("b", 0)


def test_metric_labels_are_bounded_sets() -> None:
    allowed = {"topic", "partition", "reason", "kind", "stage", "language", "predicate", "table"}
    allowed |= {"sensor", "released"}
    for collector in vars(metrics).values():
        labels = getattr(collector, "_labelnames", None)
        if labels is not None:
            assert set(labels) <= allowed, collector


def test_initialised_series_are_exported_at_zero() -> None:
    metrics.initialise_series("figwatch-articles")
    text = generate_latest().decode()
    assert 'figwatch_articles_received_total{topic="figwatch-articles"}' in text
    assert 'figwatch_dead_letters_total{kind="invalid_json",stage="validate"}' in text
    assert 'figwatch_alerts_emitted_total{kind="figure_conflict"}' in text
    assert VALIDATE_STAGE in metrics.DEAD_LETTER_STAGES
    assert VALIDATE_STAGE in metrics.TIMED_STAGES


LAG_CASES = [
    # ends, committed, earliest, expected
    ({A0: 10}, {A0: 4}, {}, {A0: 6}),
    ({A0: 10}, {A0: 10}, {}, {A0: 0}),
    ({A0: 10}, {A0: None}, {A0: 3}, {A0: 7}),  # nothing committed: starts at the earliest
    ({A0: None}, {A0: 4}, {}, {}),  # end unknown: no reading rather than a false zero
    ({A0: 10}, {A0: None}, {}, {}),
    ({A0: 5}, {A0: 9}, {}, {A0: 0}),  # a stale end never gives negative lag
    ({A0: 3, A1: 8, B0: 1}, {A0: 3, A1: 2, B0: 0}, {}, {A0: 0, A1: 6, B0: 1}),
]


def test_partition_lags() -> None:
    for ends, committed, earliest, expected in LAG_CASES:
        assert partition_lags(ends, committed, earliest) == expected, (ends, committed)


@given(
    st.dictionaries(
        st.integers(0, 7), st.tuples(st.integers(0, 10**9), st.integers(0, 10**9)), max_size=8
    )
)
def test_lag_is_end_minus_committed_and_never_negative(offsets: dict[int, tuple[int, int]]) -> None:
    ends = {TP("t", p): end for p, (end, _) in offsets.items()}
    committed = {TP("t", p): start for p, (_, start) in offsets.items()}
    lags = partition_lags(ends, committed, {})
    assert set(lags) == set(ends)
    for tp, lag in lags.items():
        assert lag == max(ends[tp] - committed[tp], 0)


def test_set_series_removes_what_is_no_longer_reported() -> None:
    registry = CollectorRegistry()
    gauge = Gauge("lag", "test gauge", ["topic", "partition"], registry=registry)
    first = set_series(gauge, {("a", "0"): 5.0, ("a", "1"): 2.0}, set())
    second = set_series(gauge, {("a", "1"): 1.0}, first)
    assert second == {("a", "1")}
    assert registry.get_sample_value("lag", {"topic": "a", "partition": "1"}) == 1.0
    assert registry.get_sample_value("lag", {"topic": "a", "partition": "0"}) is None


def test_rocksdb_memory_sums_what_each_open_database_reports(tmp_path: Path) -> None:
    databases = [rocksdict.Rdict(str(tmp_path / str(n))) for n in range(2)]
    try:
        empty = rocksdb_memory(databases)
        for number in range(2_000):
            databases[0][f"key-{number}".encode()] = b"v" * 200
        filled = rocksdb_memory(databases)
        alone = rocksdb_memory(databases[:1])
    finally:
        for database in databases:
            database.close()
    assert set(filled) == {"memtables", "block_cache", "table_readers"}
    # 400 kB written to the first database sit in its memtable until a flush.
    assert filled["memtables"] - empty["memtables"] >= 400_000
    assert filled["memtables"] > alone["memtables"] > 0
