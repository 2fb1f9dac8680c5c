from __future__ import annotations

from streams.settings import get_settings
from streams.worker import registry  # noqa: F401  (registers every table and topic)
from streams.worker.app import app
from streams.worker.topology import changelog_topic_names, external_topic_names


def test_the_worker_creates_every_changelog_of_the_app_tables() -> None:
    changelogs = {table.changelog_topic.get_topic_name() for table in app.tables.values()}
    assert changelogs == set(changelog_topic_names(get_settings()))


def test_the_worker_creates_every_topic_its_agents_read() -> None:
    read = {name for agent in app.agents.values() for name in agent.channel.topics}
    created = set(external_topic_names(get_settings()))
    assert read <= created
