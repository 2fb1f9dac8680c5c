"""Event time: the date a record counts at, the hour it moves a clock to, and dates not believed.

Records are placed, and state is kept, by event time: an article's ``published_at``. A date
before :data:`FLOOR` or more than :data:`SLACK` after the record's ingest time is out of range
(a typo, a bad feed, a zero epoch). :func:`settle` sets such a date aside as each article
enters, in the worker's validation stage and in ``figwatch replay`` alike: the ingest time
stands in, as for an article that gives no date, and the stated date is kept beside it. The
worker's clocks and figure tracking test every record again, so a record nobody settled (one
written before this rule) moves a clock no further than its ingest time and is no figure.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from schemas.article import ArticleEnvelope

FLOOR = datetime(1900, 1, 1, tzinfo=UTC)
"""Dates before this are out of range: no news figwatch reads was published earlier."""
SLACK = timedelta(days=1)
"""Dates more than this after their ingest time are out of range: clocks and time zones of
sources disagree by less."""
EARLIEST = datetime.min.replace(tzinfo=UTC)
"""The earliest instant there is; a window reaching further back starts here."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_HOUR = timedelta(hours=1)
_FLOOR_SECONDS = (FLOOR - _EPOCH).total_seconds()


def out_of_range(moment: datetime, ingested_at: datetime) -> bool:
    """True when ``moment`` is before :data:`FLOOR` or more than :data:`SLACK` after ingest."""
    # A difference of two datetimes always exists; ingested_at + SLACK may not (year 9999).
    return moment < FLOOR or moment - ingested_at > SLACK


def ingest_time(seconds: float, received_at: datetime) -> datetime:
    """When a message entered figwatch: its Kafka timestamp, in seconds since the epoch.

    A producer sets that timestamp: when it is out of range against ``received_at`` (the
    worker's clock as it reads the message), or past the calendar, ``received_at`` stands in.
    """
    latest = (received_at - _EPOCH + SLACK).total_seconds()
    if not _FLOOR_SECONDS <= seconds <= latest:
        return received_at
    return _EPOCH + timedelta(seconds=seconds)


def settle(envelope: ArticleEnvelope) -> ArticleEnvelope:
    """``envelope`` with its article's out-of-range dates set aside.

    An out-of-range ``published_at`` gives way to the ingest time and an out-of-range
    ``fetched_at`` to none; the stated dates are kept in the envelope's ``*_out_of_range``
    fields. An envelope settled before comes back unchanged.
    """
    article, ingested_at = envelope.article, envelope.ingest.timestamp
    dates: dict[str, datetime | None] = {}
    stated: dict[str, datetime] = {}
    published, fetched = article.published_at, article.fetched_at
    if (
        published is not None
        and envelope.published_at_out_of_range is None
        and out_of_range(published, ingested_at)
    ):
        dates["published_at"] = ingested_at
        stated["published_at_out_of_range"] = published
    if fetched is not None and out_of_range(fetched, ingested_at):
        dates["fetched_at"] = None
        stated["fetched_at_out_of_range"] = fetched
    if not stated:
        return envelope
    return envelope.model_copy(update={"article": article.model_copy(update=dates), **stated})


def clock_time(envelope: ArticleEnvelope) -> datetime | None:
    """The time a settled article moves the replay's clock to; None: it does not move it.

    Its publication time, unless that was out of range: the ingest time standing in is, in a
    replay, only the time the files were read, and would age every figure read from them.
    """
    if envelope.published_at_out_of_range is not None:
        return None
    return envelope.article.published_at or envelope.ingest.timestamp


def hour_of(moment: datetime) -> int:
    """The event-time hour (hours since the epoch) that ``moment`` falls in."""
    return (moment - _EPOCH) // _HOUR


_FIRST_HOUR = hour_of(EARLIEST)
_LAST_HOUR = hour_of(datetime.max.replace(tzinfo=UTC))


def hour_start(hour: int) -> datetime:
    """The first instant of event-time hour ``hour``, held within the years 1 to 9999."""
    return _EPOCH + _HOUR * min(max(hour, _FIRST_HOUR), _LAST_HOUR)


def window_start(watermark: datetime, window: timedelta) -> datetime:
    """First instant kept by a window of length ``window`` ending at ``watermark``."""
    try:
        return watermark - window
    except OverflowError:
        return EARLIEST
