"""The embedded deduplicator judges articles in the order it is given them, as a worker does.

A worker orders articles by their Kafka timestamps, which follow the order they were sent in.
An embedded run may be given envelopes whose ingest times follow another order (the crash
scenario's expectation dates each read at its ``published_at``): a copy met second must still
be the copy, or a worker and the embedded run part on its verdict.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from schemas.article import Article, ArticleEnvelope, IngestMeta
from streams.dedup.deduplicator import Deduplicator

DATA = Path(__file__).resolve().parents[2] / "data" / "dedup"
START = datetime(2021, 3, 1, tzinfo=UTC)


def _story(lang: str, first: int, count: int) -> str:
    lines = (DATA / f"sentences_{lang}.txt").read_text(encoding="utf-8").splitlines()
    return "\n\n".join(lines[first : first + count])


ORIGINAL = _story("en", 0, 12)
COPY = ORIGINAL.rsplit("\n\n", 2)[0]


def _envelope(article_id: str, body: str, offset: int, ingested: datetime) -> ArticleEnvelope:
    article = Article(id=article_id, source="s", body=body, published_at=START)
    ingest = IngestMeta(topic="in", partition=0, offset=offset, timestamp=ingested)
    return ArticleEnvelope(article=article, ingest=ingest)


@pytest.mark.parametrize(
    ("original_ingest", "copy_ingest"),
    [
        (START, START + timedelta(minutes=11)),
        # Dated later than the copy it is met before: still the original.
        (START + timedelta(minutes=11), START),
        (START, START),
    ],
    ids=["ingest-in-order", "ingest-against-order", "same-ingest-time"],
)
def test_the_article_met_second_is_the_copy_whatever_its_ingest_time(
    original_ingest: datetime, copy_ingest: datetime
) -> None:
    dedup = Deduplicator()

    first = dedup.check(_envelope("original", ORIGINAL, 7, original_ingest))
    second = dedup.check(_envelope("copy", COPY, 3, copy_ingest))

    assert first is None
    assert second is not None
    assert (second.kind, second.duplicate_of) == ("near", "original")
