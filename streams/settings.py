"""The one settings object: every knob of figwatch, read from ``FIGWATCH_*`` variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """figwatch configuration; each field is set by ``FIGWATCH_<FIELD NAME IN CAPITALS>``."""

    model_config = SettingsConfigDict(env_prefix="FIGWATCH_", frozen=True, extra="ignore")

    broker: str = Field(
        "kafka://127.0.0.1:9092",
        description="FIGWATCH_BROKER: Kafka bootstrap servers, `kafka://host:port;host2:port`.",
    )
    app_id: str = Field("figwatch", description="FIGWATCH_APP_ID: Faust app id and group id.")
    topic_articles: str = Field(
        "figwatch-articles", description="FIGWATCH_TOPIC_ARTICLES: input topic of raw articles."
    )
    topic_valid: str = Field(
        "figwatch-articles-valid",
        description="FIGWATCH_TOPIC_VALID: validated articles keyed by article id.",
    )
    topic_unique: str = Field(
        "figwatch-articles-unique",
        description="FIGWATCH_TOPIC_UNIQUE: articles that passed deduplication.",
    )
    topic_duplicates: str = Field(
        "figwatch-duplicates", description="FIGWATCH_TOPIC_DUPLICATES: duplicate records."
    )
    topic_claims: str = Field(
        "figwatch-claims", description="FIGWATCH_TOPIC_CLAIMS: claims keyed by metric key."
    )
    topic_alerts: str = Field(
        "figwatch-alerts", description="FIGWATCH_TOPIC_ALERTS: alert events keyed by metric key."
    )
    topic_dead_letters: str = Field(
        "figwatch-dead-letters",
        description="FIGWATCH_TOPIC_DEAD_LETTERS: records that could not be processed, with why.",
    )
    partitions: int = Field(
        4, ge=1, description="FIGWATCH_PARTITIONS: partitions of every topic figwatch creates."
    )
    replication_factor: int = Field(
        1, ge=1, description="FIGWATCH_REPLICATION_FACTOR: replicas of created topics."
    )
    processing_guarantee: Literal["at_least_once", "exactly_once"] = Field(
        "at_least_once",
        description="FIGWATCH_PROCESSING_GUARANTEE: Faust processing guarantee (see README).",
    )
    data_dir: Path = Field(
        Path("./var/figwatch"),
        description="FIGWATCH_DATA_DIR: where the worker keeps its table state.",
    )
    store: Literal["rocksdb", "memory"] = Field(
        "rocksdb", description="FIGWATCH_STORE: table store, RocksDB (rocksdict) or in memory."
    )
    web_bind: str = Field(
        "127.0.0.1", description="FIGWATCH_WEB_BIND: address the worker's web server binds to."
    )
    web_port: int = Field(
        6066, ge=0, le=65535, description="FIGWATCH_WEB_PORT: web and /metrics port."
    )
    log_format: Literal["json", "console"] = Field(
        "json", description="FIGWATCH_LOG_FORMAT: JSON lines or a readable console format."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="FIGWATCH_LOG_LEVEL: lowest level logged."
    )
    max_body_bytes: int = Field(
        2 * 1024 * 1024,
        ge=1,
        description="FIGWATCH_MAX_BODY_BYTES: largest article body accepted, in UTF-8 bytes.",
    )
    max_message_bytes: int = Field(
        4 * 1024 * 1024,
        ge=1,
        description="FIGWATCH_MAX_MESSAGE_BYTES: largest raw input message parsed at all.",
    )
    dedup_threshold: float = Field(
        0.4,
        gt=0,
        le=1,
        description=(
            "FIGWATCH_DEDUP_THRESHOLD: share of a later article's word 3-grams found in an"
            " earlier one that makes it a near duplicate (the sketches' estimate must pass it"
            " by 1.5 standard errors)."
        ),
    )
    retention_days: float = Field(
        30.0, gt=0, description="FIGWATCH_RETENTION_DAYS: event-time window of dedup state."
    )
    figure_retention_days: float = Field(
        1095.0,
        gt=0,
        description=(
            "FIGWATCH_FIGURE_RETENTION_DAYS: event-time window of figure histories; older "
            "reports leave and a figure with none left is forgotten."
        ),
    )
    approx_tolerance: float = Field(
        0.10,
        ge=0,
        description="FIGWATCH_APPROX_TOLERANCE: relative tolerance when a figure is approximate.",
    )
    min_change: float = Field(
        0.0, ge=0, description="FIGWATCH_MIN_CHANGE: relative change below which no alert is sent."
    )
    conflict_window_days: float = Field(
        7.0, gt=0, description="FIGWATCH_CONFLICT_WINDOW_DAYS: window for source conflicts."
    )
    heap_trim_seconds: float = Field(
        60.0,
        ge=0,
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
    kafka_ssl_cafile: Path | None = Field(
        None, description="FIGWATCH_KAFKA_SSL_CAFILE: CA bundle for SSL."
    )

    @property
    def bootstrap_servers(self) -> list[str]:
        """Broker addresses as ``host:port`` strings, for kafka-python and aiokafka clients."""
        servers = []
        for part in self.broker.replace(",", ";").split(";"):
            part = part.strip()
            if part:
                servers.append(part.split("://", 1)[-1])
        return servers


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings built once per process from the environment."""
    return Settings()
