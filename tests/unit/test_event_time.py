"""Event time: which dates are believed, how an article is settled, and the clocks' arithmetic."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.article import ArticleEnvelope, IngestMeta
from streams.event_time import (
    EARLIEST,
    FLOOR,
    clock_time,
    hour_of,
    hour_start,
    ingest_time,
    out_of_range,
    settle,
    window_start,
)
from streams.validation import Limits, validate_message

INGEST = datetime(2024, 3, 1, 12, tzinfo=UTC)
LAST = datetime.max.replace(tzinfo=UTC)
ANY_MOMENT = st.datetimes(timezones=st.just(UTC))


@pytest.mark.parametrize(
    ("moment", "ingested_at", "expected"),
    [
        (INGEST, INGEST, False),
        (INGEST - timedelta(days=3000), INGEST, False),
        (INGEST + timedelta(days=1), INGEST, False),
        (INGEST + timedelta(days=1, seconds=1), INGEST, True),
        (FLOOR, INGEST, False),
        (FLOOR - timedelta(seconds=1), INGEST, True),
        (EARLIEST, INGEST, True),
        (LAST, INGEST, True),
        (LAST, LAST, False),
        (EARLIEST, LAST, True),
    ],
    ids=[
        "at-ingest",
        "years-back",
        "a-day-ahead",
        "over-a-day-ahead",
        "the-floor",
        "before-the-floor",
        "year-1",
        "year-9999",
        "year-9999-ingested-then",
        "year-1-ingested-in-9999",
    ],
)
def test_a_date_is_out_of_range_before_1900_or_over_a_day_after_ingest(
    moment: datetime, ingested_at: datetime, expected: bool
) -> None:
    assert out_of_range(moment, ingested_at) is expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (INGEST.timestamp() - 3600, INGEST - timedelta(hours=1)),
        (0.001, datetime(1970, 1, 1, 0, 0, 0, 1000, tzinfo=UTC)),
        (INGEST.timestamp() + 86400, INGEST + timedelta(days=1)),
        (INGEST.timestamp() + 86401, INGEST),
        (253_402_304_400.0, INGEST),
        (1e300, INGEST),
        (float("inf"), INGEST),
        (float("nan"), INGEST),
        (FLOOR.timestamp() - 1, INGEST),
    ],
    ids=[
        "an-hour-before",
        "the-epoch",
        "a-day-ahead",
        "over-a-day-ahead",
        "year-10000",
        "beyond-any-calendar",
        "infinite",
        "not-a-number",
        "before-the-floor",
    ],
)
def test_a_kafka_timestamp_out_of_range_gives_way_to_the_time_it_was_read(
    seconds: float, expected: datetime
) -> None:
    assert ingest_time(seconds, INGEST) == expected


@pytest.fixture
def dated(envelope_factory: Callable[..., ArticleEnvelope]) -> Callable[..., ArticleEnvelope]:
    """Envelopes ingested at INGEST, with the dates given."""

    def build(**dates: Any) -> ArticleEnvelope:
        envelope = envelope_factory(**dates)
        return envelope.model_copy(
            update={"ingest": envelope.ingest.model_copy(update={"timestamp": INGEST})}
        )

    return build


def test_an_article_dated_in_range_is_left_as_it_is(dated: Callable[..., ArticleEnvelope]) -> None:
    envelope = dated(published_at="2024-02-29T08:00:00Z", fetched_at="2024-03-01T11:00:00Z")
    assert settle(envelope) is envelope


@pytest.mark.parametrize("stated", ["9999-12-31T00:00:00Z", "0001-01-01T00:00:00Z"])
def test_an_out_of_range_publication_date_gives_way_to_the_ingest_time(
    dated: Callable[..., ArticleEnvelope], stated: str
) -> None:
    settled = settle(dated(published_at=stated, fetched_at="2024-03-01T11:00:00Z"))
    assert settled.article.published_at == INGEST
    assert settled.published_at_out_of_range == datetime.fromisoformat(stated)
    assert settled.article.fetched_at == datetime(2024, 3, 1, 11, tzinfo=UTC)
    assert settled.fetched_at_out_of_range is None
    assert clock_time(settled) is None, "the ingest time standing in moves no replay clock"
    assert settle(settled) == settled


def test_an_out_of_range_fetch_date_is_set_aside(dated: Callable[..., ArticleEnvelope]) -> None:
    settled = settle(dated(fetched_at="9999-12-31T00:00:00Z"))
    assert settled.article.fetched_at is None
    assert settled.fetched_at_out_of_range == datetime(9999, 12, 31, tzinfo=UTC)
    assert settled.article.published_at == datetime(2018, 2, 5, 10, tzinfo=UTC)
    assert settled.published_at_out_of_range is None
    assert clock_time(settled) == settled.article.published_at


@given(published=ANY_MOMENT, fetched=st.none() | ANY_MOMENT, ingested_at=ANY_MOMENT)
def test_settling_never_raises_leaves_no_date_out_of_range_and_is_idempotent(
    published: datetime, fetched: datetime | None, ingested_at: datetime
) -> None:
    article: dict[str, Any] = {"source": "s", "body": "b", "published_at": published}
    if fetched is not None:
        article["fetched_at"] = fetched
    envelope = ArticleEnvelope.model_validate(
        {
            "article": article,
            "ingest": IngestMeta(topic="t", partition=0, offset=0, timestamp=ingested_at),
        }
    )
    settled = settle(envelope)
    kept = settled.article
    if settled.published_at_out_of_range is None:
        assert kept.published_at == published
    else:
        assert (kept.published_at, settled.published_at_out_of_range) == (ingested_at, published)
    if ingested_at >= FLOOR:
        assert kept.published_at is not None
        assert not out_of_range(kept.published_at, ingested_at)
    assert kept.fetched_at is None or not out_of_range(kept.fetched_at, ingested_at)
    assert settle(settled) == settled


def test_the_validation_stage_passes_articles_on_settled() -> None:
    raw = json.dumps(
        {"source": "s", "body": "Floods killed 40 people.", "published_at": "9999-12-31T00:00:00Z"}
    ).encode()
    ingest = IngestMeta(topic="t", partition=0, offset=0, timestamp=INGEST)
    envelope = validate_message(raw, ingest, Limits(4096, 4096))
    assert isinstance(envelope, ArticleEnvelope)
    assert envelope.article.published_at == INGEST
    assert envelope.published_at_out_of_range == datetime(9999, 12, 31, tzinfo=UTC)


@pytest.mark.parametrize(
    ("hour", "expected"),
    [
        (0, datetime(1970, 1, 1, tzinfo=UTC)),
        (24 * 365 + 5, datetime(1971, 1, 1, 5, tzinfo=UTC)),
        (hour_of(LAST), datetime(9999, 12, 31, 23, tzinfo=UTC)),
        (hour_of(LAST) + 1, datetime(9999, 12, 31, 23, tzinfo=UTC)),
        (-(10**12), EARLIEST),
    ],
    ids=["epoch", "a-year-on", "the-last-hour", "past-the-last-hour", "before-year-1"],
)
def test_hour_start_is_the_first_instant_of_an_epoch_hour_within_years_1_to_9999(
    hour: int, expected: datetime
) -> None:
    assert hour_start(hour) == expected


@given(ANY_MOMENT)
def test_every_moment_falls_in_the_hour_hour_of_names(moment: datetime) -> None:
    start = hour_start(hour_of(moment))
    assert start <= moment
    assert moment - start < timedelta(hours=1)


@pytest.mark.parametrize(
    ("watermark", "window", "expected"),
    [
        (INGEST, timedelta(days=30), INGEST - timedelta(days=30)),
        (datetime(1, 1, 2, tzinfo=UTC), timedelta(days=30), EARLIEST),
        (INGEST, timedelta.max, EARLIEST),
    ],
    ids=["within-the-calendar", "before-year-1", "the-longest-window"],
)
def test_a_window_reaching_before_year_1_starts_at_the_earliest_instant(
    watermark: datetime, window: timedelta, expected: datetime
) -> None:
    assert window_start(watermark, window) == expected
