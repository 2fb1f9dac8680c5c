"""Runs the Faust worker: registers every agent, serves /metrics, and blocks until stopped."""

from __future__ import annotations

import faust
from faust.sensors.prometheus import setup_prometheus_sensors

from streams.clients.kafka_admin import ensure_topics
from streams.clients.startup import check_data_dir, wait_for_broker
from streams.logs import configure_logging, logging_config
from streams.settings import Settings


def run_worker(settings: Settings) -> None:
    """Start a worker process with this process's settings; returns when it stops.

    Raises StartupError, before anything starts, when the data directory cannot be written
    or no broker answers within FIGWATCH_BROKER_WAIT_SECONDS.
    """
    configure_logging(settings.log_format, settings.log_level)
    check_data_dir(settings.data_dir)
    wait_for_broker(settings.bootstrap_servers, settings.broker_wait_seconds)
    ensure_topics(settings)
    from streams.worker import registry  # noqa: F401  (importing registers the agents)
    from streams.worker.app import app

    setup_prometheus_sensors(app, name_prefix="figwatch_faust")
    worker = faust.Worker(
        app,
        loglevel=settings.log_level,
        logging_config=logging_config(settings.log_format, settings.log_level),
        quiet=True,
        redirect_stdouts=False,
    )
    worker.execute_from_commandline()
