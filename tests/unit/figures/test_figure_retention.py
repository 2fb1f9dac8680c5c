"""Event-time retention of figure histories: trimming, sweeping a store, the embedded purge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bench.embedded import JsonStore
from schemas.alert import Alert
from schemas.article import Article, ArticleEnvelope, IngestMeta
from streams.figures.retention import UntrackedReason, oldest_report, trim, why_untracked
from streams.figures.rules import ChangeRules
from streams.figures.tracker import FigureTracker
from streams.pipeline import EmbeddedPipeline, build_embedded_pipeline
from streams.settings import Settings
from tests.unit.figures.test_figure_history import KEY, T0, claim, run

CUTOFF = T0 + timedelta(days=10)


@pytest.mark.parametrize(
    ("days", "kept", "evicted"),
    [
        ([11, 12], [11, 12], 0),
        ([1, 2, 11], [11], 2),
        ([10, 12], [10, 12], 0),
        ([1, 9.9], None, None),
    ],
    ids=["all-recent", "old-ones-leave", "cutoff-instant-stays", "none-left"],
)
def test_trim_keeps_only_reports_from_the_cutoff_on(
    days: list[float], kept: list[float] | None, evicted: int | None
) -> None:
    history, _ = run(claim(100 + i, article=f"a{i}", days=d) for i, d in enumerate(days))
    assert history is not None
    trimmed = trim(history, CUTOFF)
    if kept is None:
        assert trimmed is None
        return
    assert trimmed is not None
    assert [(o.published_at - T0).days for o in trimmed.observations] == kept
    assert trimmed.evicted == evicted


def test_trim_keeps_the_alert_ids_so_a_redelivered_old_report_alerts_nothing() -> None:
    old, new = claim(100, article="a", days=1), claim(150, article="b", days=12)
    history, alerts = run([old, new])
    assert history is not None and len(alerts) == 1
    trimmed = trim(history, CUTOFF)
    assert trimmed is not None and trimmed.alerted == history.alerted
    _, again = run([old], history=trimmed)
    assert again == []


@pytest.mark.parametrize("as_json", [False, True], ids=["models", "json"])
def test_oldest_report_reads_the_first_report_of_a_stored_history(as_json: bool) -> None:
    tracker = FigureTracker(ChangeRules(), JsonStore() if as_json else None, as_json=as_json)
    tracker.observe(claim(100, article="b", days=5))
    tracker.observe(claim(90, article="a", days=2))
    assert oldest_report(tracker.store[KEY]) == T0 + timedelta(days=2)
    assert oldest_report(None) is None
    assert oldest_report({"metric_key": KEY, "observations": []}) is None


@pytest.mark.parametrize("as_json", [False, True], ids=["models", "json"])
def test_expire_drops_stale_figures_and_trims_the_others(as_json: bool) -> None:
    tracker = FigureTracker(ChangeRules(), JsonStore() if as_json else None, as_json=as_json)
    tracker.observe(claim(10, article="s1", days=1, key="stale"))
    tracker.observe(claim(20, article="m1", days=1, key="mixed"))
    tracker.observe(claim(30, article="m2", days=11, key="mixed"))
    tracker.observe(claim(40, article="f1", days=12, key="fresh"))
    before = dict(tracker.store)

    assert tracker.expire(["fresh", "missing"], CUTOFF) == 0
    assert dict(tracker.store) == before, "only stale reports change a stored value"
    assert tracker.expire(["stale", "mixed", "fresh"], CUTOFF) == 1

    assert set(tracker.store) == {"mixed", "fresh"}
    mixed = tracker.history("mixed")
    assert mixed is not None
    assert [o.article_id for o in mixed.observations] == ["m2"]
    assert mixed.evicted == 1
    # The tracker goes on from the trimmed value, not from the history it remembered.
    tracker.observe(claim(35, article="m3", days=12, key="mixed"))
    after = tracker.history("mixed")
    assert after is not None
    assert [o.article_id for o in after.observations] == ["m2", "m3"]


@pytest.mark.parametrize(
    ("published", "stated", "start", "expected"),
    [
        (T0, None, None, None),
        (T0, None, CUTOFF, "past_retention"),
        (CUTOFF, None, CUTOFF, None),
        (CUTOFF + timedelta(days=2), None, None, "date_out_of_range"),
        (datetime(1899, 12, 31, tzinfo=UTC), None, None, "date_out_of_range"),
        (T0, datetime(9999, 12, 31, tzinfo=UTC), None, "date_out_of_range"),
        (T0, datetime(1, 1, 1, tzinfo=UTC), CUTOFF, "date_out_of_range"),
    ],
    ids=[
        "tracked",
        "before-the-window",
        "at-the-window-start",
        "over-a-day-after-ingest",
        "before-1900",
        "settled-from-9999",
        "settled-from-year-1",
    ],
)
def test_a_claim_of_unknown_time_or_older_than_the_window_is_not_tracked(
    published: datetime,
    stated: datetime | None,
    start: datetime | None,
    expected: UntrackedReason | None,
) -> None:
    report = claim(100).model_copy(
        update={"published_at": published, "published_at_out_of_range": stated}
    )
    assert why_untracked(report, CUTOFF + timedelta(hours=1), start) == expected


ASIDES = (
    "Rescue teams are still searching villages along the river for survivors.",
    "Aid agencies warned that clean water was running short in the camps.",
    "Roads to the south remain cut off and schools have been closed for a week.",
    "Farmers said the water had destroyed most of this season's harvest.",
    "The army sent boats and helicopters to reach families stranded on rooftops.",
    "Forecasters expect more heavy rain over the highlands in the coming days.",
)


def _envelope(number: int, day: int, figure: int) -> ArticleEnvelope:
    published = T0 + timedelta(days=day)
    # Each report in its own words, or deduplication would take it for a reprint: reports one
    # to three share no aside, and four and five repeat the words of one and two.
    body = (
        f"{ASIDES[2 * number % 6]} The floods in Sudan have killed at least {figure} people, "
        f"the health ministry said. {ASIDES[(2 * number + 1) % 6]}"
    )
    article: dict[str, Any] = {
        "id": f"flood-{number}",
        "source": f"Outlet {number}",
        "title": f"Flood update {number}",
        "body": body,
        "language": "en",
        "published_at": published,
    }
    ingest = IngestMeta(topic="t", partition=0, offset=number, timestamp=published)
    return ArticleEnvelope(article=Article.model_validate(article), ingest=ingest)


def _forgotten_then_reported(
    pipeline: EmbeddedPipeline,
) -> tuple[str, list[Alert], list[Alert]]:
    """Reports on days 0 and 3, then one on day 43; the key and the alerts of days 3 and 43."""
    first = pipeline.process(_envelope(1, day=0, figure=120))
    [key] = {c.metric_key for c in first.claims}
    changed = pipeline.process(_envelope(2, day=3, figure=180)).alerts
    later = pipeline.process(_envelope(3, day=43, figure=400)).alerts
    return key, changed, later


def _history_ids(pipeline: EmbeddedPipeline, key: str) -> list[str]:
    assert isinstance(pipeline.figures, FigureTracker)
    history = pipeline.figures.history(key)
    assert history is not None
    return [o.article_id for o in history.observations]


def test_the_embedded_pipeline_forgets_figures_not_reported_within_the_window() -> None:
    pipeline = build_embedded_pipeline(Settings(figure_retention_days=30))
    key, changed, later = _forgotten_then_reported(pipeline)
    assert changed, "the figure changed"
    # Forty days on the report of day 3 has left the window with the whole figure: the next
    # report starts a new history and has nothing to be compared with.
    assert later == []
    assert _history_ids(pipeline, key) == ["flood-3"]


def test_the_embedded_pipeline_tracks_no_claim_older_than_the_window() -> None:
    pipeline = build_embedded_pipeline(Settings(figure_retention_days=30))
    key, _, _ = _forgotten_then_reported(pipeline)
    # Both early reports again, as a backfill would send them: their figure was forgotten, so
    # tracking them would rebuild it and send its day-3 alert a second time.
    late = [
        pipeline.process(_envelope(n, day=d, figure=f)) for n, d, f in [(4, 0, 120), (5, 3, 180)]
    ]
    assert [o.alerts for o in late] == [[], []]
    assert all(o.claims for o in late), "the claims are still extracted and reported"
    assert _history_ids(pipeline, key) == ["flood-3"]


def test_a_date_far_ahead_of_ingest_does_not_expire_the_embedded_state() -> None:
    pipeline = build_embedded_pipeline(Settings(figure_retention_days=30))
    first = pipeline.process(_envelope(1, day=0, figure=120))
    [key] = {c.metric_key for c in first.claims}
    typo = _envelope(2, day=3, figure=150)
    future = typo.article.model_copy(update={"published_at": T0 + timedelta(days=3650)})
    pipeline.process(typo.model_copy(update={"article": future}))
    assert pipeline.process(_envelope(3, day=4, figure=180)).alerts, "120 is still tracked"
    assert isinstance(pipeline.figures, FigureTracker)
    assert key in pipeline.figures.store
