"""Any date, anywhere in the calendar, through validation and the whole embedded pipeline.

An article dated out of range (before 1900, or over a day after ingest) never raises, never
becomes a figure's value, and leaves the other articles' alerts and figures as they were.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.article import Article, ArticleEnvelope, IngestMeta
from schemas.dead_letter import DeadLetter
from streams.event_time import FLOOR, out_of_range
from streams.figures.tracker import FigureTracker
from streams.pipeline import EmbeddedPipeline, build_embedded_pipeline
from streams.settings import Settings
from streams.validation import Limits, validate_message

T0 = datetime(2023, 9, 8, 22, tzinfo=UTC)
INGESTED = T0 + timedelta(days=2, hours=1)
LAST = datetime.max.replace(tzinfo=UTC)
ASIDES = (
    "Rescue teams are still searching villages along the river for survivors.",
    "Aid agencies warned that clean water was running short in the camps.",
    "Roads to the south remain cut off and schools have been closed for a week.",
)
# Whole calendar, the edges and the boundaries of the rule, in UTC and in other zones.
EDGES = [
    datetime.min.replace(tzinfo=UTC),
    LAST,
    FLOOR - timedelta(microseconds=1),
    FLOOR,
    INGESTED + timedelta(days=1),
    INGESTED + timedelta(days=1, microseconds=1),
]
# Zones as feeds write them: whole minutes, up to a day either way.
ZONES = st.integers(min_value=-1439, max_value=1439).map(lambda m: timezone(timedelta(minutes=m)))
ANY_DATE = st.one_of(
    st.sampled_from(EDGES),
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(timezones=ZONES),
)


def report(number: int, day: int, figure: int) -> ArticleEnvelope:
    """One report of the Sudan floods, published ``day`` days after T0 and read an hour later."""
    published = T0 + timedelta(days=day)
    # Each report in its own words, or deduplication would take it for a reprint.
    body = (
        f"{ASIDES[number % 3]} The floods in Sudan have killed at least {figure} people, "
        f"the health ministry said. {ASIDES[(number + 1) % 3]}"
    )
    article: dict[str, Any] = {
        "id": f"flood-{number}",
        "source": f"Outlet {number}",
        "body": body,
        "language": "en",
        "published_at": published,
    }
    ingest = IngestMeta(
        topic="t", partition=0, offset=number, timestamp=published + timedelta(hours=1)
    )
    return ArticleEnvelope(article=Article.model_validate(article), ingest=ingest)


GOOD = [report(1, 0, 120), report(2, 1, 150), report(3, 2, 180)]


def hostile_message(published: datetime) -> bytes:
    body = (
        "Officials in Khartoum said the floods in Sudan have killed at least 9999 people, "
        "a figure no other outlet gave."
    )
    return json.dumps(
        {"id": "hostile", "source": "Bad Feed", "body": body, "published_at": published.isoformat()}
    ).encode()


def figures_of(pipeline: EmbeddedPipeline) -> dict[str, list[str]]:
    assert isinstance(pipeline.figures, FigureTracker)
    return {
        key: [o.claim_id for o in history.observations]
        for key in pipeline.figures.store
        if (history := pipeline.figures.history(key)) is not None
    }


@cache
def alone() -> tuple[list[str], dict[str, list[str]]]:
    """Alert ids and figures of the good reports replayed without the hostile one."""
    pipeline = build_embedded_pipeline(Settings())
    alerts = [a.alert_id for o in pipeline.run(GOOD) for a in o.alerts]
    return alerts, figures_of(pipeline)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(published=ANY_DATE, position=st.integers(min_value=0, max_value=len(GOOD)))
def test_no_date_raises_and_an_out_of_range_one_never_becomes_a_figure(
    published: datetime, position: int
) -> None:
    ingest = IngestMeta(topic="t", partition=0, offset=99, timestamp=INGESTED)
    checked = validate_message(hostile_message(published), ingest, Limits(65536, 65536))
    if isinstance(checked, DeadLetter):
        # Only a date that leaves the calendar once converted to UTC is refused, with a reason.
        assert checked.error_kind == "validation"
        assert "out of range" in checked.reason
        return
    stated = published.astimezone(UTC)
    envelopes = [*GOOD[:position], checked, *GOOD[position:]]

    for replayed in (True, False):
        pipeline = build_embedded_pipeline(Settings(figure_retention_days=30))
        # In event-time order (the replay), and in arrival order (as the worker meets them).
        outcomes = (
            list(pipeline.run(envelopes)) if replayed else list(map(pipeline.process, envelopes))
        )
        hostile = next(o for o in outcomes if o.envelope.article.id == "hostile")
        assert hostile.claims, "its figures are still read"
        if not out_of_range(stated, INGESTED):
            continue
        assert all(c.published_at_out_of_range == stated for c in hostile.claims)
        assert hostile.alerts == []
        alerts = [a.alert_id for o in outcomes for a in o.alerts]
        assert (alerts, figures_of(pipeline)) == alone()
