"""What the commands share: input paths, datetime and timeout options, the Kafka settings."""

from __future__ import annotations

import logging
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from streams.clients.feeds import local_path
from streams.clients.startup import StartupError, wait_for_broker
from streams.settings import Settings, broker_addresses

MAX_TIMEOUT_S = 3600.0


class InputPath(click.Path):
    """An existing path, given as a path or as a ``file://`` URL."""

    def __init__(self) -> None:
        super().__init__(exists=True, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The path itself, checked to exist."""
        if isinstance(value, str):
            try:
                value = str(local_path(value))
            except ValueError as exc:
                self.fail(str(exc), param, ctx)
        return super().convert(value, param, ctx)


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


def parse_timeout(_ctx: click.Context, _param: click.Parameter, value: float) -> float:
    """Click callback: seconds from 0.1 to an hour (click's ranges let ``nan`` through)."""
    if not math.isfinite(value) or not 0.1 <= value <= MAX_TIMEOUT_S:
        raise click.BadParameter(f"give seconds from 0.1 to {MAX_TIMEOUT_S:g}, not {value}")
    return value


def with_broker(settings: Settings, broker: str | None) -> Settings:
    """The settings a Kafka command runs with, once a broker answers at their address.

    ``--broker`` replaces FIGWATCH_BROKER when given, checked like it. The wait is
    FIGWATCH_BROKER_WAIT_SECONDS; after it, one line says which address did not answer.
    """
    if broker:
        try:
            broker_addresses(broker)
        except ValueError as exc:
            message = f"{exc}: give host:port[,host:port]"
            raise click.BadParameter(message, param_hint="--broker") from None
        settings = settings.model_copy(update={"broker": broker})
    try:
        wait_for_broker(settings.bootstrap_servers, settings.broker_wait_seconds)
    except StartupError as exc:
        raise click.ClickException(str(exc)) from None
    return settings


def quiet_kafka_client() -> None:
    """Keep kafka-python's per-connection INFO lines out of a command's stderr."""
    kafka_logger = logging.getLogger("kafka")
    kafka_logger.setLevel(max(logging.WARNING, kafka_logger.getEffectiveLevel()))
    # It logs passing metadata states (a topic not created yet, a refresh cut short by close)
    # as errors; the commands report real failures themselves.
    logging.getLogger("kafka.cluster").setLevel(logging.CRITICAL)
