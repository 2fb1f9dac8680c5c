"""Every topic the worker reads or writes; payloads are raw bytes encoded by ``schemas.codec``."""

from __future__ import annotations

import faust

from streams.app import app
from streams.settings import get_settings

_settings = get_settings()


def _topic(name: str, *, internal: bool = False) -> faust.TopicT:
    return app.topic(
        name,
        key_serializer="raw",
        value_serializer="raw",
        partitions=_settings.partitions,
        replicas=_settings.replication_factor,
        internal=internal,
    )


articles = _topic(_settings.topic_articles)
valid_articles = _topic(_settings.topic_valid)
unique_articles = _topic(_settings.topic_unique)
duplicates = _topic(_settings.topic_duplicates)
claims = _topic(_settings.topic_claims)
alerts = _topic(_settings.topic_alerts)
dead_letters = _topic(_settings.topic_dead_letters)

# Internal repartition topics of deduplication: each stage's state meets its key here.
dedup_digests = _topic(f"{_settings.app_id}-dedup-digests", internal=True)
dedup_bands = _topic(f"{_settings.app_id}-dedup-bands", internal=True)
dedup_pending = _topic(f"{_settings.app_id}-dedup-pending", internal=True)
dedup_replies = _topic(f"{_settings.app_id}-dedup-replies", internal=True)
