"""Figure histories in event time, the alerts they raise, and the query helpers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.alert import Alert
from schemas.claim import Claim, Qualifier
from schemas.figure import FigureHistory
from schemas.observation import Status
from streams.figures import (
    ChangeRules,
    alert_id,
    current_figure,
    event_order,
    history_view,
    observe,
)
from streams.figures.history import MAX_ALERTED
from streams.figures.tracker import FigureTracker
from streams.settings import Settings

KEY = "foreign_fighter|joined|isis|syria"
LABEL = "foreign fighters joined ISIS (Syria)"
QUANTITY = "foreign fighters joined ISIS"
RULES = ChangeRules()
T0 = datetime(2018, 2, 5, 10, tzinfo=UTC)


def claim(
    value: float,
    qualifier: Qualifier = "exact",
    *,
    high: float | None = None,
    article: str = "a1",
    source: str | None = None,
    at: datetime | None = None,
    days: float = 0.0,
    claim_id: str | None = None,
    key: str = KEY,
    story: str | None = "isis|syria",
    window_days: int = 1095,
    status: Status = "current",
    primary: bool = True,
    evidence: str | None = None,
) -> Claim:
    evidence = evidence or f"The ministry put the number at a new level, {article} said."
    return Claim(
        claim_id=claim_id or f"{article}:{value}:{qualifier}",
        article_id=article,
        source=source or f"source-{article}",
        url=f"https://news.example/{article}",
        language="en",
        published_at=(at or T0) + timedelta(days=days),
        value_low=value,
        value_high=value if high is None else high,
        qualifier=qualifier,
        surface=str(value),
        evidence=evidence,
        evidence_start=0,
        evidence_end=len(evidence),
        metric_key=key,
        label=LABEL,
        concept="foreign_fighter",
        value_start=0,
        value_end=3,
        story_key=story,
        story_label="ISIS in Syria" if story else None,
        quantity_label=QUANTITY,
        story_window_days=window_days,
        status=status,
        primary=primary,
    )


def run(
    claims: Iterable[Claim], rules: ChangeRules = RULES, history: FigureHistory | None = None
) -> tuple[FigureHistory | None, list[Alert]]:
    alerts: list[Alert] = []
    for item in claims:
        history, raised = observe(history, item, rules)
        alerts.extend(raised)
    return history, alerts


def test_late_report_is_placed_by_event_time_not_arrival() -> None:
    history, _ = run([claim(100, article="b", days=2), claim(90, article="a", days=1)])
    assert history is not None
    assert [o.article_id for o in history.observations] == ["a", "b"]


def test_same_publication_time_is_ordered_by_article_then_claim_id() -> None:
    items = [
        claim(5, article="z", claim_id="z:2"),
        claim(5, article="m", claim_id="m:9"),
        claim(5, article="z", claim_id="z:1"),
    ]
    history, _ = run(items)
    assert history is not None
    assert [o.claim_id for o in history.observations] == ["m:9", "z:1", "z:2"]


def test_resent_claim_changes_nothing_and_repeats_its_alert_under_the_same_id() -> None:
    first = claim(30_000, "at_most", article="a")
    history, sent = run([first, claim(40_000, "approximately", article="b", days=300)])
    again, alerts = observe(history, first, RULES)
    assert again == history
    assert [a.alert_id for a in alerts] == [a.alert_id for a in sent]


def test_spec_example_raises_one_changed_alert_with_both_reports() -> None:
    earlier = claim(30_000, "at_most", article="a", at=datetime(2017, 4, 27, 12, tzinfo=UTC))
    later = claim(40_000, "approximately", article="b", at=datetime(2018, 2, 5, 10, tzinfo=UTC))
    _, alerts = run([earlier, later])
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.kind == "figure_changed"
    assert alert.previous == earlier.observation()
    assert alert.current == later.observation()
    assert alert.direction == "up"
    assert alert.contradicts
    assert alert.severity == "warning"
    assert alert.emitted_at is None
    assert alert.label == f"{QUANTITY} — ISIS in Syria, Apr 2017"
    assert (alert.story, alert.quantity) == ("ISIS in Syria, Apr 2017", QUANTITY)
    assert alert.summary == (
        f"{alert.label}: 30,000 (at most; 2017-04-27) -> 40,000 (about; 2018-02-05), +33%"
    )


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (claim(40_000, "approximately", article="a"), claim(41_000, article="b", days=1)),
        (
            claim(3_000, "vague", high=9_000, article="a"),
            claim(3_000, "vague", high=9_000, article="b", days=1),
        ),
        (
            claim(27_000, "range", high=31_000, article="a"),
            claim(30_000, article="b", days=1),
        ),
    ],
)
def test_corroborating_reports_raise_nothing_and_grow_support(earlier: Claim, later: Claim) -> None:
    history, alerts = run([earlier, later])
    assert alerts == []
    assert history is not None
    current = current_figure(history)
    assert current is not None
    assert current.support == 2


def test_claims_of_one_article_are_never_compared() -> None:
    items = [claim(237, "at_least", article="a"), claim(592, article="a", claim_id="a:other")]
    _, alerts = run(items)
    assert alerts == []


def test_a_change_already_alerted_is_not_alerted_again() -> None:
    earlier, later = claim(78, article="a"), claim(79, article="b", days=30)
    sent = alert_id(KEY, earlier.observation(), later.observation())
    seeded = FigureHistory(
        metric_key=KEY, label=LABEL, observations=[earlier.observation()], alerted=[sent]
    )
    history, alerts = observe(seeded, later, RULES)
    assert alerts == []
    assert history.alerted == [sent]


def test_the_same_change_carried_by_two_articles_alerts_once_in_any_order() -> None:
    first = claim(30_000, "at_most", article="a", source="wire")
    second = claim(40_000, "approximately", article="b", source="daily", days=280)
    third = claim(40_000, "approximately", article="c", source="post", days=281)
    _, in_order = run([first, second, third])
    _, late = run([first, third, second])
    assert len(in_order) == len(late) == 1
    assert in_order[0].alert_id == late[0].alert_id


def test_reprocessing_every_claim_again_repeats_only_the_alerts_already_sent() -> None:
    items = [
        claim(100, article="a"),
        claim(150, article="b", days=10),
        claim(90, article="c", days=20),
    ]
    history, first = run(items)
    assert len(first) == 2
    again, second = run(items, history=history)
    assert again == history
    assert {a.alert_id for a in second} == {a.alert_id for a in first}


def test_a_redelivered_claim_that_raised_nothing_raises_nothing() -> None:
    items = [claim(100, article="a"), claim(100, article="b", days=1)]
    history, first = run(items)
    assert first == []
    _, second = run(items[1:], history=history)
    assert second == []


def test_alert_id_is_sha256_of_key_and_both_figures_whatever_the_arrival_order() -> None:
    a, b = claim(2_012, article="a"), claim(2_122, article="b", days=1)
    _, in_order = run([a, b])
    _, late = run([b, a])
    expected = hashlib.sha256(
        f"{KEY}\nexact:2012:2012:count\nexact:2122:2122:count".encode()
    ).hexdigest()
    assert [x.alert_id for x in in_order] == [expected]
    assert [x.alert_id for x in late] == [expected]
    assert in_order == late
    assert alert_id(KEY, a.observation(), b.observation()) == expected


def test_late_report_that_differs_from_what_stood_before_it_alerts() -> None:
    items = [claim(100, article="a"), claim(100, article="c", days=10)]
    history, _ = run(items)
    _, alerts = observe(history, claim(150, article="b", days=5), RULES)
    pairs = [(x.previous.article_id, x.current.article_id) for x in alerts]
    # b changed the figure that stood (a), and c now changes it back from b.
    assert pairs == [("a", "b"), ("b", "c")]


@pytest.mark.parametrize(
    ("same_source", "days_apart", "kind"),
    [
        (False, 3.0, "figure_conflict"),
        (False, 7.0, "figure_conflict"),
        (False, 7.5, "figure_changed"),
        (False, 60.0, "figure_changed"),
        (True, 1.0, "figure_changed"),
    ],
)
def test_sources_that_differ_within_the_window_conflict(
    same_source: bool, days_apart: float, kind: str
) -> None:
    earlier = claim(1_000, article="a", source="wire")
    later = claim(1_500, article="b", source="wire" if same_source else "daily", days=days_apart)
    _, alerts = run([earlier, later])
    assert [x.kind for x in alerts] == [kind]


def test_a_refinement_from_another_source_within_the_window_is_a_change() -> None:
    earlier = claim(237, article="a", source="wire", qualifier="at_least")
    later = claim(592, article="b", source="daily", qualifier="at_least", days=1)
    _, alerts = run([earlier, later])
    assert [(x.kind, x.contradicts) for x in alerts] == [("figure_changed", False)]


def test_conflict_window_comes_from_settings() -> None:
    rules = ChangeRules.from_settings(Settings(conflict_window_days=1.0, min_change=0.2))
    assert rules.conflict_window == timedelta(days=1)
    _, alerts = run([claim(1_000, article="a"), claim(1_500, article="b", days=3)], rules)
    assert [x.kind for x in alerts] == ["figure_changed"]
    _, muted = run([claim(1_000, article="a"), claim(1_100, article="b", days=3)], rules)
    assert muted == []


def test_support_counts_distinct_articles_behind_each_side() -> None:
    items = [
        claim(40_000, "approximately", article="a"),
        claim(40_000, article="b", days=1),
        claim(41_000, article="b", days=1, claim_id="b:again"),
        claim(39_000, "approximately", article="c", days=2),
        claim(60_000, article="d", days=40),
    ]
    _, alerts = run(items)
    assert len(alerts) == 1
    assert (alerts[0].support_previous, alerts[0].support_current) == (3, 1)


def test_history_keeps_only_the_latest_reports_by_event_time() -> None:
    rules = ChangeRules(max_observations=5)
    history, _ = run([claim(100 + i, article=f"a{i}", days=i) for i in range(8)], rules)
    assert history is not None
    assert [o.article_id for o in history.observations] == ["a3", "a4", "a5", "a6", "a7"]
    assert history.evicted == 3
    older, alerts = observe(history, claim(1, article="old", days=-1), rules)
    assert alerts == []
    assert older.observations == history.observations
    assert older.evicted == 4


def test_alert_ids_remembered_per_key_are_bounded() -> None:
    items = [claim(float(n), article=f"a{n}", days=float(n)) for n in range(1, 1_104)]
    history, alerts = run(items, ChangeRules(max_observations=5))
    assert len(alerts) == 1_102
    assert history is not None
    assert history.alerted == [a.alert_id for a in alerts][-MAX_ALERTED:]


def test_history_of_another_key_is_refused() -> None:
    history, _ = run([claim(1, article="a")])
    with pytest.raises(ValueError, match="history of"):
        observe(history, claim(2, article="b", key="other"), RULES)


def test_history_survives_a_json_round_trip() -> None:
    history, _ = run([claim(100, article="a"), claim(150, article="b", days=1)])
    assert history is not None
    stored = json.loads(json.dumps(history.model_dump(mode="json")))
    assert FigureHistory.model_validate(stored) == history


_ARTICLES = [(f"art{i}", f"src{i % 3}", i * 2.5) for i in range(6)]
_VALUES = [
    (100.0, "exact", None),
    (100.0, "approximately", None),
    (120.0, "exact", None),
    (90.0, "at_least", None),
    (80.0, "range", 130.0),
    (3_000.0, "vague", 9_000.0),
]


@st.composite
def claim_sets(draw: st.DrawFn) -> list[Claim]:
    picks = draw(
        st.lists(
            st.tuples(st.sampled_from(_ARTICLES), st.sampled_from(_VALUES)),
            min_size=1,
            max_size=12,
            unique=True,
        )
    )
    return [
        claim(value, qualifier, high=high, article=article, source=source, days=days)  # type: ignore[arg-type]
        for (article, source, days), (value, qualifier, high) in picks
    ]


@settings(max_examples=60, deadline=None)
@given(st.data(), claim_sets(), st.sampled_from([3, 200]))
def test_any_arrival_order_ends_in_the_same_history(
    data: st.DataObject, items: list[Claim], bound: int
) -> None:
    rules = ChangeRules(max_observations=bound)
    shuffled = data.draw(st.permutations(items))
    expected, _ = run(sorted(items, key=lambda c: event_order(c.observation())), rules)
    actual, alerts = run(shuffled, rules)
    assert expected is not None and actual is not None
    assert actual.observations == expected.observations
    assert actual.evicted == expected.evicted
    assert current_figure(actual) == current_figure(expected)
    assert len({x.alert_id for x in alerts}) == len(alerts)
    for alert in alerts:
        assert alert.previous.article_id != alert.current.article_id
        assert event_order(alert.previous) < event_order(alert.current)


def test_current_figure_is_the_latest_report_with_its_support() -> None:
    history, _ = run([claim(100, article="a"), claim(150, article="b", days=1)])
    assert history is not None
    current = current_figure(history)
    assert current is not None
    assert current.observation.article_id == "b"
    assert (current.support, current.reports) == (1, 2)
    assert current.figure == "150 (2018-02-06)"
    assert current_figure(FigureHistory(metric_key=KEY, label=LABEL)) is None


def test_history_view_is_json_and_marks_agreement_with_current() -> None:
    items = [
        claim(100, article="a"),
        claim(40, article="b", days=1),
        claim(100, article="c", days=2),
    ]
    history, _ = run(items)
    assert history is not None
    view = history_view(history)
    assert json.loads(json.dumps(view)) == view
    assert [o["agrees_with_current"] for o in view["observations"]] == [True, False, True]
    assert view["current"]["support"] == 2
    assert view["alerts"] == 2


def _values(alerts: list[Alert]) -> list[tuple[float, float]]:
    return [(a.previous.value_low, a.current.value_low) for a in alerts]


def test_a_figure_that_moves_back_and_forth_alerts_at_every_move() -> None:
    toll = [claim(v, article=f"s{i}", days=i) for i, v in enumerate([100, 200, 100, 200])]
    _, alerts = run(toll)
    assert _values(alerts) == [(100, 200), (200, 100), (100, 200)]
    assert len({a.alert_id for a in alerts}) == 3


def test_redelivered_moves_send_their_alerts_again_under_the_same_ids() -> None:
    toll = [claim(v, article=f"s{i}", days=i) for i, v in enumerate([100, 200, 100, 200])]
    history, first = run(toll)
    _, again = run(toll, history=history)
    assert {a.alert_id for a in again} == {a.alert_id for a in first}


@pytest.mark.parametrize("status", ["past", "forecast", "increment", "combined"])
def test_a_figure_that_is_not_current_never_stands_nor_alerts(status: Status) -> None:
    items = [
        claim(100, article="a"),
        claim(135, article="b", days=1, status=status),
        claim(100, article="c", days=2),
    ]
    history, alerts = run(items)
    assert alerts == []
    assert history is not None and len(history.observations) == 3


def test_only_an_articles_stated_value_stands() -> None:
    items = [
        claim(100, article="a"),
        claim(21, article="b", days=1, primary=False),
        claim(100, article="c", days=2),
    ]
    assert run(items)[1] == []


def test_a_vague_count_corroborates_or_is_too_vague_to_compare() -> None:
    items = [
        claim(25_000, article="a"),
        claim(2_000, "vague", high=9_000, article="b", days=1),
        claim(25_000, article="c", days=2),
    ]
    assert run(items)[1] == []


def test_a_later_copy_of_a_reported_sentence_is_a_repeat_not_a_report() -> None:
    sentence = "The ministry said 100 people had died in the floods."
    items = [
        claim(100, article="a", evidence=sentence),
        claim(120, article="b", days=2),
        claim(100, article="reprint", days=200, evidence=sentence),
    ]
    history, alerts = run(items)
    assert _values(alerts) == [(100, 120)]
    assert history is not None
    assert [o.article_id for o in history.observations] == ["a", "b"]


def test_a_claim_tied_to_no_story_is_compared_with_nothing() -> None:
    tracker = FigureTracker(RULES)
    for item in [claim(100, article="a", story=None), claim(900, article="b", days=1, story=None)]:
        assert tracker.observe(item) == []
    assert dict(tracker.store) == {}


def test_reports_further_apart_than_the_story_window_are_two_stories() -> None:
    quakes = [
        claim(600, article="2004", window_days=365, story="earthquake|morocco"),
        claim(2_900, article="2023", days=19 * 365, window_days=365, story="earthquake|morocco"),
    ]
    assert run(quakes)[1] == []


def test_two_events_of_one_place_never_meet_but_an_unnamed_event_continues_either() -> None:
    flood = claim(77, article="flood", story="flood|saudi_arabia")
    fire = claim(3, article="fire", days=1, story="fire|saudi_arabia")
    toll = claim(85, article="toll", days=2, story="-|saudi_arabia")
    _, alerts = run([flood, fire, toll])
    assert _values(alerts) == [(3, 85)]
    _, alerts = run([flood, fire])
    assert alerts == []


def test_a_later_bound_that_the_earlier_count_satisfies_corroborates_it() -> None:
    items = [claim(101_820, article="a"), claim(100_000, "at_least", article="b", days=7)]
    assert run(items)[1] == []


def test_a_precise_count_after_a_bound_that_only_confirmed_the_last_one_compares_with_it() -> None:
    items = [
        claim(101_820, article="a"),
        claim(100_000, "at_least", article="b", days=7),
        claim(384_719, article="c", days=37),
    ]
    assert _values(run(items)[1]) == [(101_820, 384_719)]
