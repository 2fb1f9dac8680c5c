"""Agent of deduplication: every valid article against the one dedup index.

Validation sends every valid article to one partition (``topology.DEDUP_PARTITION``), whose
agent holds the whole index: a copy meets its original whichever input partition either came
in on, at one table write per article. The index's buckets live in memory and are rebuilt from
the table whenever this worker is (re)assigned partitions, once the table is recovered.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import faust

from schemas.article import ArticleEnvelope
from schemas.codec import encode
from schemas.duplicate import DuplicateRecord
from streams.dedup.config import DedupConfig
from streams.dedup.index import DedupIndex
from streams.logs import get_logger
from streams.settings import get_settings
from streams.stage_rules import clock_hour_of
from streams.worker import metrics, tables, topics
from streams.worker.agents.common import run_stage
from streams.worker.agents.retention import Retention, SweptTable
from streams.worker.app import app
from streams.worker.topology import DEDUP_PARTITION

STAGE = "dedup"
_log = get_logger(STAGE)
_settings = get_settings()
_index = DedupIndex(tables.dedup, DedupConfig.from_settings(_settings))
_retention = Retention(
    SweptTable("dedup", tables.dedup_table, _index.expire),
    retention_days=_settings.retention_days,
    every=_settings.sweep_every,
    budget=_settings.sweep_budget,
)


# mode types handlers as mypy_extensions callables that no plain function signature matches.
@app.on_partitions_assigned.connect  # type: ignore[arg-type]
def _index_stale(sender: Any, *args: Any, signal: Any, **kwargs: Any) -> None:
    # Another worker may have written the table while this one did not own it.
    _index.built = False


async def _send_duplicate(record: DuplicateRecord) -> None:
    metrics.ARTICLES_DUPLICATE.labels(kind=record.kind).inc()
    await topics.duplicates.send(key=record.article_id.encode(), value=encode(record))
    _log.info(
        "article_duplicate",
        article_id=record.article_id,
        duplicate_of=record.duplicate_of,
        kind=record.kind,
        similarity=record.similarity,
    )


async def _screen(event: faust.EventT, envelope: ArticleEnvelope) -> None:
    partition = int(event.message.partition)
    if partition != DEDUP_PARTITION:
        # Written by something other than this worker's validation: join the one index.
        await topics.valid_articles.send(
            key=event.key, value=event.value, partition=DEDUP_PARTITION
        )
        return
    if not _index.built:
        _log.info("dedup_index_built", entries=_index.rebuild())
    hour = clock_hour_of(envelope)
    if hour is not None:
        _retention.on_event(partition, hour)
    passed = _index.screen(envelope)
    if isinstance(passed, DuplicateRecord):
        await _send_duplicate(passed)
        return
    metrics.ARTICLES_UNIQUE.inc()
    await topics.unique_articles.send(key=passed.article.id.encode(), value=encode(passed))
    _log.info("article_unique", article_id=passed.article.id)


@app.agent(topics.valid_articles, name="figwatch.dedup")
async def deduplicate(stream: faust.StreamT) -> AsyncIterator[None]:
    """Resends, exact copies and near copies of every valid article, in arrival order."""
    async for _ in run_stage(stream, ArticleEnvelope, STAGE, _screen, _article_id):
        yield None


def _article_id(envelope: ArticleEnvelope) -> str:
    return envelope.article.id
