"""What the Kafka commands share: datetime options, broker overrides, a quiet client log."""

from __future__ import annotations

import logging
from datetime import datetime

import click

from streams.settings import Settings


def parse_aware_datetime(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> datetime | None:
    """Click callback: an ISO 8601 datetime that must carry a timezone."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 datetime: {value!r}") from None
    if parsed.tzinfo is None:
        raise click.BadParameter("give a timezone, e.g. 2018-02-05T10:00:00Z")
    return parsed


def with_broker(settings: Settings, broker: str | None) -> Settings:
    """``settings`` with the bootstrap servers replaced when ``--broker`` was given."""
    if not broker:
        return settings
    return settings.model_copy(update={"broker": broker})


def quiet_kafka_client() -> None:
    """Keep kafka-python's per-connection INFO lines out of a command's stderr."""
    kafka_logger = logging.getLogger("kafka")
    kafka_logger.setLevel(max(logging.WARNING, kafka_logger.getEffectiveLevel()))
    # It logs passing metadata states (a topic not created yet, a refresh cut short by close)
    # as errors; the commands report real failures themselves.
    logging.getLogger("kafka.cluster").setLevel(logging.CRITICAL)
