"""The one settings object: every knob of figwatch, read from ``FIGWATCH_*`` variables.

Every value is bounded (finite numbers, sane maxima, names Kafka accepts), so that a bad one
stops a command at start with one line naming the variable, instead of breaking it later.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

import annotated_types
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "FIGWATCH_"
MAX_DAYS = 36_500.0
"""A hundred years: longer windows are a typo, and `inf` overflows the hour arithmetic."""
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Allowed:
    """What a setting accepts, in words, where its bounds alone do not say it."""

    text: str


_KAFKA_NAME = r"^[A-Za-z0-9._-]+$"
TopicName = Annotated[
    str,
    Field(min_length=1, max_length=249, pattern=_KAFKA_NAME),
    Allowed("a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-'"),
]
# The app id prefixes internal topic and changelog names (up to 29 more characters).
AppId = Annotated[
    str,
    Field(min_length=1, max_length=200, pattern=_KAFKA_NAME),
    Allowed("1 to 200 letters, digits, '.', '_' or '-'"),
]
Days = Annotated[float, Field(gt=0, le=MAX_DAYS)]
Bytes = Annotated[int, Field(ge=1024, le=MAX_BYTES)]

_BROKER_SCHEMES = ("kafka", "aiokafka")


def broker_addresses(value: str) -> list[str]:
    """``host:port`` of each server in ``kafka://host:port;host2:port``; ValueError if malformed."""
    addresses = []
    for part in value.replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        scheme, sep, address = part.rpartition("://")
        if sep and scheme not in _BROKER_SCHEMES:
            raise ValueError(f"unknown scheme {scheme!r}")
        host, sep, port = address.rpartition(":")
        if not sep or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
            raise ValueError(f"{part!r} is not host:port")
        addresses.append(address)
    if not addresses:
        raise ValueError("no address")
    return addresses


class Settings(BaseSettings):
    """figwatch configuration; each field is set by ``FIGWATCH_<FIELD NAME IN CAPITALS>``."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, frozen=True, extra="ignore", allow_inf_nan=False
    )

    broker: Annotated[
        str, Allowed("host:port addresses, each may start with kafka://, separated by ; or ,")
    ] = Field(
        "kafka://127.0.0.1:9092",
        description="FIGWATCH_BROKER: Kafka bootstrap servers, `kafka://host:port;host2:port`.",
    )
    broker_wait_seconds: float = Field(
        10.0,
        ge=0.5,
        le=300,
        description=(
            "FIGWATCH_BROKER_WAIT_SECONDS: how long the Kafka commands wait at start for a "
            "broker to accept a connection before they give up."
        ),
    )
    app_id: AppId = Field("figwatch", description="FIGWATCH_APP_ID: Faust app id and group id.")
    topic_articles: TopicName = Field(
        "figwatch-articles", description="FIGWATCH_TOPIC_ARTICLES: input topic of raw articles."
    )
    topic_valid: TopicName = Field(
        "figwatch-articles-valid",
        description="FIGWATCH_TOPIC_VALID: validated articles keyed by article id.",
    )
    topic_unique: TopicName = Field(
        "figwatch-articles-unique",
        description="FIGWATCH_TOPIC_UNIQUE: articles that passed deduplication.",
    )
    topic_duplicates: TopicName = Field(
        "figwatch-duplicates", description="FIGWATCH_TOPIC_DUPLICATES: duplicate records."
    )
    topic_claims: TopicName = Field(
        "figwatch-claims", description="FIGWATCH_TOPIC_CLAIMS: claims keyed by metric key."
    )
    topic_alerts: TopicName = Field(
        "figwatch-alerts", description="FIGWATCH_TOPIC_ALERTS: alert events keyed by metric key."
    )
    topic_dead_letters: TopicName = Field(
        "figwatch-dead-letters",
        description="FIGWATCH_TOPIC_DEAD_LETTERS: records that could not be processed, with why.",
    )
    partitions: int = Field(
        4,
        ge=1,
        le=1024,
        description="FIGWATCH_PARTITIONS: partitions of every topic figwatch creates.",
    )
    replication_factor: int = Field(
        1, ge=1, le=32, description="FIGWATCH_REPLICATION_FACTOR: replicas of created topics."
    )
    processing_guarantee: Literal["at_least_once", "exactly_once"] = Field(
        "at_least_once",
        description="FIGWATCH_PROCESSING_GUARANTEE: Faust processing guarantee (see README).",
    )
    data_dir: Annotated[Path, Allowed("a directory path")] = Field(
        Path("./var/figwatch"),
        description="FIGWATCH_DATA_DIR: where the worker keeps its table state.",
    )
    store: Literal["rocksdb", "memory"] = Field(
        "rocksdb", description="FIGWATCH_STORE: table store, RocksDB (rocksdict) or in memory."
    )
    web_bind: Annotated[
        str, Field(min_length=1, max_length=255, pattern=r"^\S+$"), Allowed("a host or address")
    ] = Field(
        "127.0.0.1", description="FIGWATCH_WEB_BIND: address the worker's web server binds to."
    )
    web_port: int = Field(
        6066, ge=0, le=65535, description="FIGWATCH_WEB_PORT: web and /metrics port."
    )
    debug_routes: bool = Field(
        False,
        description=(
            "FIGWATCH_DEBUG_ROUTES: also serve Faust's own views (/table/, /router/, /graph/, "
            "statistics), which show raw table values and the cluster's layout."
        ),
    )
    log_format: Literal["json", "console"] = Field(
        "json", description="FIGWATCH_LOG_FORMAT: JSON lines or a readable console format."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="FIGWATCH_LOG_LEVEL: lowest level logged."
    )
    max_body_bytes: Bytes = Field(
        2 * 1024 * 1024,
        description="FIGWATCH_MAX_BODY_BYTES: largest article body accepted, in UTF-8 bytes.",
    )
    max_message_bytes: Bytes = Field(
        4 * 1024 * 1024,
        description="FIGWATCH_MAX_MESSAGE_BYTES: largest raw input message parsed at all.",
    )
    dedup_threshold: float = Field(
        0.6,
        gt=0,
        le=1,
        description=(
            "FIGWATCH_DEDUP_THRESHOLD: share of a later article's word 3-grams found in an"
            " earlier one that makes it a near duplicate (the sketches' estimate must pass it"
            " by 1.5 standard errors)."
        ),
    )
    retention_days: Days = Field(
        30.0, description="FIGWATCH_RETENTION_DAYS: event-time window of dedup state."
    )
    figure_retention_days: Days = Field(
        1095.0,
        description=(
            "FIGWATCH_FIGURE_RETENTION_DAYS: event-time window of figure histories; older "
            "reports leave and a figure with none left is forgotten."
        ),
    )
    dedup_bands: int = Field(
        6,
        ge=1,
        le=64,
        description=(
            "FIGWATCH_DEDUP_BANDS: LSH bands of an article's whole-text MinHash (more find"
            " copies of lower similarity, at more index entries per article)."
        ),
    )
    dedup_rows: int = Field(
        2, ge=1, le=8, description="FIGWATCH_DEDUP_ROWS: MinHash values hashed into each band."
    )
    figure_history_size: int = Field(
        200,
        ge=1,
        le=10_000,
        description="FIGWATCH_FIGURE_HISTORY_SIZE: reports kept per figure, the latest by date.",
    )
    sweep_every: int = Field(
        16,
        ge=1,
        le=100_000,
        description=(
            "FIGWATCH_SWEEP_EVERY: dedup events between two retention steps of its table"
            " (a step is also due when event time reaches a new hour)."
        ),
    )
    sweep_budget: int = Field(
        128,
        ge=1,
        le=100_000,
        description="FIGWATCH_SWEEP_BUDGET: dedup table keys examined per retention step.",
    )
    figure_sweep_every: int = Field(
        64,
        ge=1,
        le=100_000,
        description="FIGWATCH_FIGURE_SWEEP_EVERY: figures events between two retention steps.",
    )
    figure_sweep_budget: int = Field(
        16,
        ge=1,
        le=100_000,
        description=(
            "FIGWATCH_FIGURE_SWEEP_BUDGET: figure histories examined per retention step (a"
            " history is a large value: fewer than the dedup stage's keys)."
        ),
    )
    producer_linger_ms: int = Field(
        5,
        ge=0,
        le=1000,
        description=(
            "FIGWATCH_PRODUCER_LINGER_MS: how long the worker's producer waits to fill a"
            " request with more records (fewer requests, less CPU, this much more latency)."
        ),
    )
    batch_max: int = Field(
        256,
        ge=1,
        le=10_000,
        description=(
            "FIGWATCH_BATCH_MAX: most records the claims and figures stages take at once: the"
            " claims of a batch leave as one record per figures partition, and each figure's"
            " history is written once per batch."
        ),
    )
    batch_wait_ms: int = Field(
        20,
        ge=0,
        le=1000,
        description=(
            "FIGWATCH_BATCH_WAIT_MS: longest the claims and figures stages wait to fill a"
            " batch: adds at most twice this to the produce-to-alert latency."
        ),
    )
    approx_tolerance: float = Field(
        0.10,
        ge=0,
        le=1,
        description="FIGWATCH_APPROX_TOLERANCE: relative tolerance when a figure is approximate.",
    )
    min_change: float = Field(
        0.0,
        ge=0,
        le=10,
        description="FIGWATCH_MIN_CHANGE: relative change below which no alert is sent.",
    )
    conflict_window_days: Days = Field(
        7.0, description="FIGWATCH_CONFLICT_WINDOW_DAYS: window for source conflicts."
    )
    heap_trim_seconds: Annotated[
        float, Field(ge=0, le=86_400), Allowed("0 (off) or a number of seconds from 1 to 86400")
    ] = Field(
        60.0,
        description=(
            "FIGWATCH_HEAP_TRIM_SECONDS: interval at which the worker hands the C heap's free "
            "pages back to the OS (glibc only); 0 turns it off."
        ),
    )
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", description="FIGWATCH_KAFKA_SECURITY_PROTOCOL: how to talk to Kafka."
    )
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = Field(
        "PLAIN", description="FIGWATCH_KAFKA_SASL_MECHANISM: SASL mechanism when SASL is used."
    )
    kafka_sasl_username: str | None = Field(
        None, description="FIGWATCH_KAFKA_SASL_USERNAME: SASL user."
    )
    kafka_sasl_password: SecretStr | None = Field(
        None, description="FIGWATCH_KAFKA_SASL_PASSWORD: SASL password (never logged)."
    )
    kafka_ssl_cafile: Annotated[Path | None, Allowed("the path of an existing CA bundle file")] = (
        Field(None, description="FIGWATCH_KAFKA_SSL_CAFILE: CA bundle for SSL.")
    )

    @field_validator("broker")
    @classmethod
    def _check_broker(cls, value: str) -> str:
        broker_addresses(value)
        return value

    @field_validator("heap_trim_seconds")
    @classmethod
    def _check_heap_trim(cls, value: float) -> float:
        # Faust's timer would spin on a sub-second interval (1e-9 took a core and logged 57 MB
        # of drift warnings in 25 s); trimming more than once a second has no use.
        if 0 < value < 1:
            raise ValueError("below 1 second")
        return value

    @field_validator("kafka_ssl_cafile")
    @classmethod
    def _check_cafile(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError("no such file")
        return value

    @property
    def bootstrap_servers(self) -> list[str]:
        """Broker addresses as ``host:port`` strings, for kafka-python and aiokafka clients."""
        return broker_addresses(self.broker)


class SettingsError(ValueError):
    """Some ``FIGWATCH_*`` values are not allowed; ``problems`` says which, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def env_name(field: str) -> str:
    """The environment variable that sets ``field``."""
    return f"{ENV_PREFIX}{field.upper()}"


def allowed(field: str) -> str:
    """What ``field`` accepts, in words: its type and bounds, or its own description."""
    info = Settings.model_fields[field]
    for item in info.metadata:
        if isinstance(item, Allowed):
            return item.text
    annotation = info.annotation
    if get_origin(annotation) is Literal:
        return "one of " + ", ".join(str(choice) for choice in get_args(annotation))
    if annotation is int:
        return "a whole number" + _range(info.metadata)
    if annotation is float:
        return "a finite number" + _range(info.metadata)
    return "text"


def load_settings(**values: Any) -> Settings:
    """Settings from the environment (``values`` override it); SettingsError when any is bad."""
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise SettingsError(_problems(exc.errors())) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings built once per process from the environment; SettingsError when any is bad."""
    return load_settings()


def _range(metadata: Iterable[object]) -> str:
    low = high = ""
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            low = _number(item.ge)
        elif isinstance(item, annotated_types.Gt):
            low = f"above {_number(item.gt)}"
        elif isinstance(item, annotated_types.Le):
            high = _number(item.le)
        elif isinstance(item, annotated_types.Lt):
            high = f"below {_number(item.lt)}"
    if low and high:
        if low.startswith("above"):
            return f" {low} and at most {high}"
        return f" from {low} to {high}"
    if low:
        return f" {low}" if low.startswith("above") else f" of at least {low}"
    return f" of at most {high}" if high else ""


def _number(value: object) -> str:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value)


def _problems(errors: Iterable[Any]) -> list[str]:
    problems: dict[str, str] = {}
    for error in errors:
        field = str(error["loc"][0]) if error["loc"] else ""
        if field in problems or field not in Settings.model_fields:
            continue
        value = error.get("input")
        if Settings.model_fields[field].annotation == SecretStr | None:
            shown = "(hidden)"
        else:
            text = value if isinstance(value, str) else str(value)
            shown = repr(text if len(text) <= 60 else text[:57] + "...")
        problems[field] = f"{env_name(field)}={shown} is not allowed: expected {allowed(field)}"
    return list(problems.values()) or ["the settings are not valid"]
