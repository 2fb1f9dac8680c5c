"""Every topic the worker reads or writes; payloads are raw bytes encoded by ``schemas.codec``."""

from __future__ import annotations

import faust

from streams.settings import get_settings
from streams.worker.app import app

_settings = get_settings()


def _topic(name: str) -> faust.TopicT:
    return app.topic(
        name,
        key_serializer="raw",
        value_serializer="raw",
        partitions=_settings.partitions,
        replicas=_settings.replication_factor,
    )


articles = _topic(_settings.topic_articles)
valid_articles = _topic(_settings.topic_valid)
unique_articles = _topic(_settings.topic_unique)
duplicates = _topic(_settings.topic_duplicates)
claims = _topic(_settings.topic_claims)
alerts = _topic(_settings.topic_alerts)
dead_letters = _topic(_settings.topic_dead_letters)
