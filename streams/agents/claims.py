"""Agent of the claims stage: unique articles to claim records, one per figures partition."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import faust

from schemas.article import ArticleEnvelope
from schemas.claim import ClaimBatch
from schemas.codec import encode
from streams import metrics, topics
from streams.agents.common import run_stage
from streams.app import app
from streams.claims.extract import extract_claims
from streams.figures.routing import by_figures_key
from streams.logs import get_logger
from streams.pipeline import claims_of

STAGE = "claims"
_log = get_logger(STAGE)


async def _extract(event: faust.EventT, envelope: ArticleEnvelope) -> None:
    started = time.perf_counter()
    article_id = envelope.article.id
    claims = claims_of(envelope, extract_claims)
    for claim in claims:
        metrics.CLAIMS_EXTRACTED.labels(
            language=claim.language, predicate=claim.predicate or "none"
        ).inc()
    # The key picks the figures partition, as it picks the worker that answers for a figure.
    for key, group in by_figures_key(claims).items():
        batch = ClaimBatch(article_id=article_id, claims=group)
        await topics.claims.send(key=key.encode(), value=encode(batch))
    _log.info(
        "claims_extracted",
        article_id=article_id,
        claims=len(claims),
        duration_ms=round((time.perf_counter() - started) * 1000, 3),
    )


@app.agent(topics.unique_articles, name="figwatch.claims")
async def extract(stream: faust.StreamT) -> AsyncIterator[None]:
    """Extract the numeric claims of every unique article."""
    async for _ in run_stage(stream, ArticleEnvelope, STAGE, _extract, _article_id):
        yield None


def _article_id(envelope: ArticleEnvelope) -> str:
    return envelope.article.id
