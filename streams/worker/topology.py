"""Names of the worker's topics and tables and where their records go, defined once.

The external topics are named by settings (``FIGWATCH_TOPIC_*``); the tables and their
changelog topics by the app id. ``streams.worker.topics``, ``streams.worker.tables``,
``kafka_admin`` and the bench read these, so no name is spelled twice.
"""

from __future__ import annotations

from streams.settings import Settings

DEDUP_PARTITION = 0
"""The one partition of the valid-articles topic that every valid article goes to: its agent
holds the whole dedup index, so a copy meets its original whichever partition it came in on."""

TABLES = {
    "dedup": "Article ref -> packed dedup entry (resend record, fingerprints, sketch, band keys).",
    "figures": "Metric key -> figure history (FigureHistory as JSON), fed by the claims topic.",
}
"""The worker's tables by name, with what each holds."""


def external_topic_names(settings: Settings) -> list[str]:
    """Every topic the worker reads or writes; all are named by settings."""
    return [
        settings.topic_articles,
        settings.topic_valid,
        settings.topic_unique,
        settings.topic_duplicates,
        settings.topic_claims,
        settings.topic_alerts,
        settings.topic_dead_letters,
    ]


def changelog_topic_name(settings: Settings, table: str) -> str:
    """The changelog topic Faust keeps ``table`` in (compacted: the latest value per key)."""
    return f"{settings.app_id}-{table}-changelog"


def changelog_topic_names(settings: Settings) -> list[str]:
    """Changelog topics of every table."""
    return [changelog_topic_name(settings, table) for table in TABLES]
