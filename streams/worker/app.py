"""Builds the Faust app from settings; importing this starts nothing and opens no connection."""

from __future__ import annotations

import ssl

import faust

from streams.settings import Settings, get_settings
from streams.worker import rocksdb_store


def _credentials(settings: Settings) -> faust.types.auth.CredentialsT | None:
    protocol = settings.kafka_security_protocol
    ssl_context = None
    if protocol in ("SSL", "SASL_SSL"):
        ssl_context = ssl.create_default_context(
            cafile=str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None
        )
    if protocol.startswith("SASL"):
        password = settings.kafka_sasl_password
        return faust.SASLCredentials(
            username=settings.kafka_sasl_username,
            password=password.get_secret_value() if password else None,
            mechanism=settings.kafka_sasl_mechanism,
            ssl_context=ssl_context,
        )
    if ssl_context is not None:
        return faust.SSLCredentials(ssl_context)
    return None


def create_app(settings: Settings) -> faust.App:
    """A configured, not yet started, Faust app."""
    return faust.App(
        settings.app_id,
        broker=settings.broker,
        broker_credentials=_credentials(settings),
        store=rocksdb_store.STORE_URL if settings.store == "rocksdb" else "memory://",
        datadir=str(settings.data_dir),
        processing_guarantee=settings.processing_guarantee,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        web_enabled=True,
        web_bind=settings.web_bind,
        web_port=settings.web_port,
        web_in_thread=False,
        # Faust's own views show raw table values and the cluster's layout: off unless asked.
        # (@app.table_route forwards requests itself and does not need /router/.)
        web_tables_enabled=settings.debug_routes,
        web_router_enabled=settings.debug_routes,
        web_graph_enabled=settings.debug_routes,
        web_stats_enabled=settings.debug_routes,
        autodiscover=False,
        consumer_auto_offset_reset="earliest",
        # Article bodies may be up to max_body_bytes; let messages that large through.
        producer_max_request_size=settings.max_message_bytes + 64 * 1024,
        consumer_max_fetch_size=settings.max_message_bytes + 64 * 1024,
        stream_wait_empty=False,
        # Records sent within the linger share a produce request: fewer socket writes, which
        # were the worker's largest cost after claim extraction.
        producer_linger=settings.producer_linger_ms / 1000,
        key_serializer="raw",
        value_serializer="raw",
    )


app = create_app(get_settings())
