"""Run articles through the embedded pipeline as ``figwatch replay`` does, for tests."""

from __future__ import annotations

from datetime import UTC, datetime

from schemas.alert import Alert
from schemas.article import Article, ArticleEnvelope, IngestMeta
from streams.pipeline import build_embedded_pipeline
from streams.settings import Settings


def replay_alerts(*articles: Article) -> list[Alert]:
    """The alerts the articles raise, fed in this order with one ingest time."""
    pipeline = build_embedded_pipeline(Settings())
    now = datetime.now(UTC)
    envelopes = [
        ArticleEnvelope(
            article=a, ingest=IngestMeta(topic="t", partition=0, offset=n, timestamp=now)
        )
        for n, a in enumerate(articles)
    ]
    return [alert for outcome in pipeline.run(envelopes) for alert in outcome.alerts]
