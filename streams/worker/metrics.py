"""Every Prometheus metric figwatch exports, defined once; labels are bounded sets only."""

from __future__ import annotations

import platform
from typing import get_args

from prometheus_client import Counter, Gauge, Histogram, Info

from schemas.alert import AlertKind
from schemas.dead_letter import ErrorKind
from schemas.duplicate import DuplicateKind
from streams import __version__
from streams.figures.retention import UntrackedReason

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

DEAD_LETTER_STAGES = ("validate", "dedup", "claims", "figures", "produce")
"""Stages that set records aside (the ``stage`` label of dead letters)."""
TIMED_STAGES = ("validate", "dedup", "claims", "figures")
"""The ``stage`` label values of the processing-time histogram, one per agent (per record read)."""

ARTICLES_RECEIVED = Counter(
    "figwatch_articles_received", "Raw messages read from the input topic.", ["topic"]
)
ARTICLES_INVALID = Counter(
    "figwatch_articles_invalid", "Input messages rejected by validation.", ["reason"]
)
ARTICLES_DUPLICATE = Counter(
    "figwatch_articles_duplicate", "Articles recognised as duplicates.", ["kind"]
)
ARTICLES_UNIQUE = Counter("figwatch_articles_unique", "Articles passed on to claim extraction.")
CLAIMS_EXTRACTED = Counter(
    "figwatch_claims_extracted", "Numeric claims extracted.", ["language", "predicate"]
)
CLAIMS_TRACKED = Counter(
    "figwatch_claims_tracked",
    "Claims the figures stage has read, by outcome.",
    ["kind"],
)
ALERTS_EMITTED = Counter("figwatch_alerts_emitted", "Alert events sent.", ["kind"])
DEAD_LETTERS = Counter(
    "figwatch_dead_letters", "Records sent to the dead-letter topic.", ["stage", "kind"]
)
STAGE_SECONDS = Histogram(
    "figwatch_stage_seconds",
    "Processing time of one record in a stage.",
    ["stage"],
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0),
)
INGEST_TO_ALERT_SECONDS = Histogram(
    "figwatch_ingest_to_alert_seconds",
    "From the input message's Kafka timestamp to the alert's send.",
    buckets=_LATENCY_BUCKETS,
)
CONSUMER_LAG = Gauge(
    "figwatch_consumer_lag",
    "Messages between the committed offset and the end of a partition this worker consumes.",
    ["topic", "partition"],
)
TABLE_ENTRIES = Gauge(
    "figwatch_table_entries",
    "Keys a state table held on this worker at its retention sweep's last pass per partition.",
    ["table"],
)
ROCKSDB_MEMORY = Gauge(
    "figwatch_rocksdb_memory_bytes",
    "Memory RocksDB reports for a state table's open partitions on this worker, by kind.",
    ["table", "kind"],
)
HEAP_TRIM_SECONDS = Histogram(
    "figwatch_heap_trim_seconds",
    "Time of one return of the C heap's free pages to the OS, by whether any were released.",
    ["released"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5),
)
SENSOR_ERRORS = Counter(
    "figwatch_sensor_errors", "Periodic sensor runs that failed to read a value.", ["sensor"]
)
BUILD_INFO = Info("figwatch_build", "Version of figwatch and Python running this worker.")
BUILD_INFO.info({"version": __version__, "python": platform.python_version()})


def initialise_series(input_topic: str) -> None:
    """Export every known label set at zero before the first event.

    Prometheus cannot see the increase of a series whose first sample is already 1, so an
    alert on ``increase(...) > 0`` would miss the first dead letter without these zeros.
    """
    ARTICLES_RECEIVED.labels(topic=input_topic)
    for duplicate_kind in get_args(DuplicateKind):
        ARTICLES_DUPLICATE.labels(kind=duplicate_kind)
    for error_kind in get_args(ErrorKind):
        ARTICLES_INVALID.labels(reason=error_kind)
        for stage in DEAD_LETTER_STAGES:
            DEAD_LETTERS.labels(stage=stage, kind=error_kind)
    for alert_kind in get_args(AlertKind):
        ALERTS_EMITTED.labels(kind=alert_kind)
    for stage in TIMED_STAGES:
        STAGE_SECONDS.labels(stage=stage)
    for outcome in ("tracked", *get_args(UntrackedReason)):
        CLAIMS_TRACKED.labels(kind=outcome)
