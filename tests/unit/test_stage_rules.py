"""The rules shared by the worker's agents and the embedded pipeline: clocks and late claims."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas.article import Article, ArticleEnvelope, IngestMeta
from streams.event_time import hour_of
from streams.stage_rules import StoreClock, clock_hour_of

INGESTED = datetime(2024, 5, 1, 12, tzinfo=UTC)


def _envelope(published: datetime | None) -> ArticleEnvelope:
    article = Article(id="a", source="s", body="b", published_at=published)
    ingest = IngestMeta(topic="t", partition=0, offset=0, timestamp=INGESTED)
    return ArticleEnvelope(article=article, ingest=ingest)


@pytest.mark.parametrize(
    ("published", "hour"),
    [
        (INGESTED - timedelta(days=400), hour_of(INGESTED - timedelta(days=400))),
        (INGESTED + timedelta(hours=23), hour_of(INGESTED + timedelta(hours=23))),
        (datetime(2999, 1, 1, tzinfo=UTC), None),
        (datetime(1899, 12, 31, tzinfo=UTC), None),
    ],
    ids=["old-news", "within-a-day-ahead", "far-future", "before-1900"],
)
def test_an_article_moves_the_dedup_clock_to_its_hour_unless_its_date_is_out_of_range(
    published: datetime, hour: int | None
) -> None:
    assert clock_hour_of(_envelope(published)) == hour


def test_a_store_clock_purges_at_each_new_hour_and_after_every_events_never_going_back() -> None:
    purged: list[int] = []
    clock = StoreClock(retention_days=1, purge=lambda cutoff: purged.append(cutoff) or 0, every=3)

    cutoffs = [clock.advance(hour) for hour in (100, 100, 90, 101, 101, 101, 101)]

    assert cutoffs == [76, 76, 76, 77, 77, 77, 77]
    assert purged == [76, 77, 77], "a new hour, then the third event at that hour"
