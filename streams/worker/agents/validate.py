"""Agent of the validation stage: input topic to the dedup partition, or dead letters."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import faust

from schemas.codec import encode, with_headers
from schemas.dead_letter import DeadLetter
from streams.logs import get_logger
from streams.settings import get_settings
from streams.validation import STAGE, Limits, validate_message
from streams.worker import metrics, topics
from streams.worker.agents.common import (
    dead_letter_on_error,
    headers_of,
    ingest_of,
    publish_dead_letter,
    send_dead_letter,
)
from streams.worker.app import app
from streams.worker.topology import DEDUP_PARTITION

_log = get_logger(STAGE)
_limits = Limits.from_settings(get_settings())


@app.agent(topics.articles, name="figwatch.validate")
async def validate(stream: faust.StreamT) -> AsyncIterator[None]:
    """Validate every raw input message exactly once."""
    async for event in stream.events():
        started = time.perf_counter()
        ingest = ingest_of(event)
        metrics.ARTICLES_RECEIVED.labels(topic=ingest.topic).inc()
        raw = event.value
        key = event.key if isinstance(event.key, bytes) else None
        try:
            outcome = validate_message(raw, ingest, _limits, key=key)
        except Exception as error:  # noqa: BLE001  (one record must never stop the worker)
            _log.exception("validation_failed", partition=ingest.partition, offset=ingest.offset)
            metrics.ARTICLES_INVALID.labels(reason="processing_error").inc()
            await send_dead_letter(event, STAGE, "processing_error", repr(error))
            yield None
            continue
        if isinstance(outcome, DeadLetter):
            metrics.ARTICLES_INVALID.labels(reason=outcome.error_kind).inc()
            await publish_dead_letter(event, with_headers(outcome, headers_of(event)))
            _log.warning(
                "article_rejected",
                article_id=outcome.article_id,
                error_kind=outcome.error_kind,
                reason=outcome.reason,
                partition=ingest.partition,
                offset=ingest.offset,
                duration_ms=round((time.perf_counter() - started) * 1000, 3),
            )
        else:
            article_id = outcome.article.id
            # An envelope the producer cannot send (too large once wrapped) is set aside too.
            async with dead_letter_on_error(event, STAGE, article_id):
                await topics.valid_articles.send(
                    key=article_id.encode(), value=encode(outcome), partition=DEDUP_PARTITION
                )
            _log.debug(
                "article_valid",
                article_id=article_id,
                offset=ingest.offset,
                duration_ms=round((time.perf_counter() - started) * 1000, 3),
            )
        metrics.STAGE_SECONDS.labels(stage=STAGE).observe(time.perf_counter() - started)
        yield None
