"""Agent of the claims stage: unique articles to claims keyed by metric key."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import faust

from schemas.article import ArticleEnvelope
from schemas.codec import encode
from streams import metrics, topics
from streams.agents.common import decode_or_dead_letter, send_dead_letter
from streams.app import app
from streams.claims.extract import extract_claims
from streams.logs import get_logger
from streams.pipeline import claims_of

STAGE = "claims"
_log = get_logger(STAGE)


@app.agent(topics.unique_articles, name="figwatch.claims")
async def extract(stream: faust.StreamT) -> AsyncIterator[None]:
    """Extract the numeric claims of every unique article."""
    async for event in stream.events():
        started = time.perf_counter()
        envelope = await decode_or_dead_letter(event, ArticleEnvelope, STAGE)
        if envelope is None:
            yield None
            continue
        article_id = envelope.article.id
        try:
            claims = claims_of(envelope, extract_claims)
        except Exception as error:  # noqa: BLE001  (a bug on one article must not stop the worker)
            _log.exception("extraction_failed", article_id=article_id)
            await send_dead_letter(event, STAGE, "processing_error", repr(error), article_id)
            yield None
            continue
        for claim in claims:
            metrics.CLAIMS_EXTRACTED.labels(
                language=claim.language, predicate=claim.predicate or "none"
            ).inc()
            await topics.claims.send(key=claim.metric_key.encode(), value=encode(claim))
        elapsed = time.perf_counter() - started
        _log.info(
            "claims_extracted",
            article_id=article_id,
            claims=len(claims),
            duration_ms=round(elapsed * 1000, 3),
        )
        metrics.STAGE_SECONDS.labels(stage=STAGE).observe(elapsed)
        yield None
