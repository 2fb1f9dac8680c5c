"""Shared fixtures: article factories and paths."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from schemas.article import Article, ArticleEnvelope, IngestMeta

pytest_plugins = ("tests.support.kafka",)

REPO = Path(__file__).resolve().parents[1]
SHARED_SEEDS = REPO.parent / "shared" / "seeds"


def make_article_data(**overrides: Any) -> dict[str, Any]:
    """A valid article as a producer would send it."""
    data: dict[str, Any] = {
        "source": "Levant Wire",
        "url": "https://example.com/news/1",
        "title": "عنوان تجريبي",
        "body": "قال مسؤولون إن نحو 40 ألف مقاتل أجنبي انضموا إلى التنظيم.",
        "language": "ar",
        "published_at": "2018-02-05T10:00:00Z",
    }
    data.update(overrides)
    return data


@pytest.fixture
def article_factory() -> Callable[..., Article]:
    """Build valid articles, overriding any field."""

    def build(**overrides: Any) -> Article:
        return Article.model_validate(make_article_data(**overrides))

    return build


@pytest.fixture
def article(article_factory: Callable[..., Article]) -> Article:
    """One valid Arabic article."""
    return article_factory()


@pytest.fixture
def envelope_factory(article_factory: Callable[..., Article]) -> Callable[..., ArticleEnvelope]:
    """Build envelopes as the validation stage emits them."""

    def build(offset: int = 0, partition: int = 0, **overrides: Any) -> ArticleEnvelope:
        return ArticleEnvelope(
            article=article_factory(**overrides),
            ingest=IngestMeta(
                topic="figwatch-articles",
                partition=partition,
                offset=offset,
                timestamp=datetime(2026, 1, 1, tzinfo=UTC),
            ),
        )

    return build
