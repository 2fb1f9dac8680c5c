"""Kafka client options from settings, and topic creation before the worker subscribes.

A consumer that subscribes to a topic that does not exist yet only sees it at its next
metadata refresh (minutes later), so the worker creates its topics first.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from streams.logs import get_logger
from streams.settings import Settings
from streams.worker.topology import changelog_topic_names, external_topic_names


def client_options(settings: Settings) -> dict[str, Any]:
    """kafka-python connection options: bootstrap servers and the configured security."""
    password = settings.kafka_sasl_password
    sasl = settings.kafka_security_protocol.startswith("SASL")
    return {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.kafka_security_protocol,
        "sasl_mechanism": settings.kafka_sasl_mechanism if sasl else None,
        "sasl_plain_username": settings.kafka_sasl_username,
        "sasl_plain_password": password.get_secret_value() if password else None,
        "ssl_cafile": str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None,
    }


def admin_client(settings: Settings) -> KafkaAdminClient:
    """An admin client with the configured servers and security settings."""
    return KafkaAdminClient(**client_options(settings), client_id=f"{settings.app_id}-admin")


def ensure_topics(settings: Settings) -> list[str]:
    """Create the topics that are missing; returns the names created.

    Faust creates its internal topics and changelogs itself, but on a fresh broker an agent
    can subscribe before they exist (and a changelog then has no partitions), so the worker
    creates all of them first, with the partition count every co-partitioned stage needs.
    """
    log = get_logger("startup")
    wanted: dict[str, dict[str, str]] = {name: {} for name in external_topic_names(settings)}
    wanted.update({name: {"cleanup.policy": "compact"} for name in changelog_topic_names(settings)})
    admin = admin_client(settings)
    try:
        existing = set(admin.list_topics())
        missing = [name for name in wanted if name not in existing]
        for name in missing:
            # Another worker starting at the same moment may create some of them first.
            with suppress(TopicAlreadyExistsError):
                admin.create_topics(
                    [
                        NewTopic(
                            name,
                            num_partitions=settings.partitions,
                            replication_factor=settings.replication_factor,
                            topic_configs=wanted[name],
                        )
                    ]
                )
        if missing:
            log.info("topics_created", topics=missing, partitions=settings.partitions)
        return missing
    finally:
        admin.close()
