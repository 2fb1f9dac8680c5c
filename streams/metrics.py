"""Every Prometheus metric figwatch exports, defined once; labels are bounded sets only."""

from __future__ import annotations

import platform

from prometheus_client import Counter, Gauge, Histogram, Info

from streams import __version__

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

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
    "figwatch_consumer_lag", "Messages behind the end of a partition.", ["topic", "partition"]
)
TABLE_ENTRIES = Gauge("figwatch_table_entries", "Keys held in a state table.", ["table"])
BUILD_INFO = Info("figwatch_build", "Version of figwatch and Python running this worker.")
BUILD_INFO.info({"version": __version__, "python": platform.python_version()})
