"""The JSON views of the timeline page: wording, evidence highlight, alert markers, index order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.alert import Alert
from schemas.claim import Claim, Qualifier
from schemas.figure import FigureHistory
from schemas.observation import Observation
from streams.figures.rules import ChangeRules
from streams.figures.summary import alert_summary
from streams.figures.tracker import FigureTracker
from streams.ui.shape import (
    alert_item,
    alert_markers,
    article_words,
    evidence_parts,
    figure_detail,
    figure_index,
    story_groups,
    text_direction,
)

RULES = ChangeRules()
T0 = datetime(2017, 4, 27, 12, tzinfo=UTC)
KEY = "syria_iraq|joined|foreign_fighter|-|-"
LABEL = "foreign fighters joined ISIS: ISIS in Syria and Iraq"
ISIS = ("isis|syria_iraq", "ISIS in Syria and Iraq")


def claim(
    value: float,
    qualifier: Qualifier = "exact",
    *,
    article: str,
    days: float = 0,
    language: str = "en",
    surface: str | None = None,
    evidence: str | None = None,
    key: str = KEY,
    concept_text: str = "fighters",
    story: tuple[str, str] | None = ISIS,
    quantity: str = "foreign fighters joined ISIS",
    window_days: int = 1095,
) -> Claim:
    surface = surface or f"{value:,.0f}"
    evidence = evidence or f"Officials said {surface} foreign fighters joined."
    return Claim(
        claim_id=f"{article}:{value}",
        article_id=article,
        source=f"source-{article}",
        url=f"https://news.example/{article}",
        language=language,
        published_at=T0 + timedelta(days=days),
        value_low=value,
        value_high=value,
        qualifier=qualifier,
        surface=surface,
        evidence=evidence,
        evidence_start=0,
        evidence_end=len(evidence),
        metric_key=key,
        label=LABEL if key == KEY else key,
        concept="foreign_fighter",
        concept_text=concept_text,
        value_start=0,
        value_end=len(surface),
        story_key=story[0] if story else None,
        story_label=story[1] if story else None,
        story_window_days=window_days,
        quantity_label=quantity,
    )


def tracked(*claims: Claim) -> tuple[FigureTracker, list[Alert]]:
    tracker = FigureTracker(RULES)
    alerts = [alert for c in claims for alert in tracker.observe(c)]
    return tracker, alerts


AR_30000 = "وتشير تقديرات إلى أن ما يصل إلى 30 ألف مقاتل أجنبي عبروا."
FOREIGN_FIGHTERS = (
    claim(30000, "at_most", article="ar1", language="ar", surface="ما يصل إلى 30 ألف",
          evidence=AR_30000, concept_text="مقاتل"),
    claim(30000, "at_most", article="en1", days=1, surface="as many as 30,000"),
    claim(40000, "approximately", article="ar2", days=284, language="ar", surface="نحو 40 ألف",
          evidence="إن نحو 40 ألف مقاتل أجنبي التحقوا بتنظيم داعش.", concept_text="مقاتل"),
    claim(40000, "approximately", article="en2", days=285, surface="about 40,000"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ar", "rtl"), ("AR-eg", "rtl"), ("fa", "rtl"), ("he", "rtl"), ("en", "ltr"), ("fr", "ltr")],
)
def test_text_direction_follows_the_script_of_the_language(language: str, expected: str) -> None:
    assert text_direction(language) == expected


@given(
    before=st.text(max_size=30),
    surface=st.text(min_size=1, max_size=15),
    after=st.text(max_size=30),
)
def test_evidence_parts_rebuild_the_sentence_and_highlight_the_figure(
    before: str, surface: str, after: str
) -> None:
    obs = claim(5, article="a", surface=surface, evidence=before + surface + after).observation()
    parts = evidence_parts(obs)
    assert parts["before"] + parts["figure"] + parts["after"] == obs.evidence
    assert parts["figure"] == surface
    assert surface not in parts["before"]


def test_evidence_without_the_surface_is_shown_whole_and_unhighlighted() -> None:
    obs = claim(5, article="a", surface="five", evidence="Officials counted 5 of them.")
    parts = evidence_parts(obs.observation())
    assert parts == {"before": "Officials counted 5 of them.", "figure": "", "after": ""}


def test_article_words_give_the_latest_wording_per_language_with_what_is_counted() -> None:
    tracker, _ = tracked(*FOREIGN_FIGHTERS)
    history = tracker.history(KEY)
    assert history is not None
    concepts = {c.claim_id: c.concept_text for c in FOREIGN_FIGHTERS}
    assert article_words(history, concepts) == [
        {"language": "ar", "dir": "rtl", "text": "نحو 40 ألف مقاتل"},
        {"language": "en", "dir": "ltr", "text": "about 40,000 fighters"},
    ]
    assert [w["text"] for w in article_words(history)] == ["نحو 40 ألف", "about 40,000"]


def test_alert_markers_point_at_the_reports_each_alert_compared() -> None:
    tracker, alerts = tracked(*FOREIGN_FIGHTERS)
    history = tracker.history(KEY)
    assert history is not None
    (alert,) = alerts
    known = {alert.alert_id: alert}
    (marker,) = alert_markers(history, RULES, known)
    previous = history.observations[marker["previous_index"]]
    current = history.observations[marker["current_index"]]
    assert (previous.claim_id, current.claim_id) == (
        alert.previous.claim_id,
        alert.current.claim_id,
    )
    assert marker["summary"] == alert_summary(alert)
    assert marker["summary"].startswith(
        "foreign fighters joined ISIS — ISIS in Syria and Iraq, Apr 2017: "
    )
    assert (marker["kind"], marker["change"], marker["direction"]) == (alert.kind, "+33%", "up")
    unseen = alert_markers(history, RULES)
    assert [m["alert_id"] for m in unseen] == [alert.alert_id]
    assert unseen[0]["kind"] is None


@pytest.mark.parametrize(
    ("values", "expected_changes"),
    [
        ([(237, "at_least"), (237, "at_least"), (592, "at_least"), (1034, "exact")], 2),
        ([(5000, "exact"), (5000, "exact")], 0),
        ([(100, "exact")], 0),
    ],
)
def test_markers_match_the_alerts_the_tracker_raised(
    values: list[tuple[float, Qualifier]], expected_changes: int
) -> None:
    claims = [claim(v, q, article=f"a{i}", days=i) for i, (v, q) in enumerate(values)]
    tracker, alerts = tracked(*claims)
    history = tracker.history(KEY)
    assert history is not None
    markers = alert_markers(history, RULES, {a.alert_id: a for a in alerts})
    assert [m["alert_id"] for m in markers] == [a.alert_id for a in alerts]
    assert len(markers) == expected_changes


QUAKE = ("earthquake|algeria", "earthquake in Algeria")
FLOOD = ("flood|sudan", "flood in Sudan")


def test_index_groups_figures_by_story_newest_change_first() -> None:
    killed = [
        claim(v, "at_least", article=f"k{v}", days=320 + v / 100, key="algeria|killed",
              story=QUAKE, quantity="people killed")
        for v in (237, 592)
    ]  # fmt: skip
    injured = [claim(400, article="i1", days=321, key="algeria|injured", story=QUAKE,
                     quantity="people injured")]  # fmt: skip
    flood = [claim(9, article=f"f{i}", days=10 + i, key="sudan|dead", story=FLOOD,
                   quantity="people dead") for i in (1, 2)]  # fmt: skip
    tracker, alerts = tracked(*FOREIGN_FIGHTERS, *killed, *injured, *flood)
    histories = [h for key in tracker.store if (h := tracker.history(key)) is not None]
    empty = FigureHistory(metric_key="empty", label="no reports")
    index = figure_index([*histories, empty], RULES, {a.alert_id: a for a in alerts})
    stories = [
        (story["story_key"], story["story"], [row["quantity"] for row in story["figures"]])
        for story in index["stories"]
    ]
    assert stories == [
        ("earthquake|algeria", "earthquake in Algeria, Mar 2018",
         ["people killed", "people injured"]),
        ("isis|syria_iraq", "ISIS in Syria and Iraq, Apr 2017", ["foreign fighters joined ISIS"]),
        ("flood|sudan", "flood in Sudan, May 2017", ["people dead"]),
    ]  # fmt: skip
    fighters = index["stories"][1]["figures"][0]
    assert fighters["name"] == "foreign fighters joined ISIS — ISIS in Syria and Iraq, Apr 2017"
    assert fighters["current"]["figure"] == "40,000 (about; 2018-02-06)"
    assert fighters["current"]["number"] == 40000
    assert (fighters["sources"], fighters["reports"], fighters["alerts"]) == (4, 4, 1)
    assert fighters["last_change"]["kind"] == "figure_changed"
    assert index["stories"][2]["figures"][0]["last_change"] is None


def history_of(key: str, story: tuple[str, str] | None, *days: float) -> FigureHistory:
    reports = [claim(7, article=f"{key}-{d}", days=d, key=key, story=story, window_days=365)
               for d in days]  # fmt: skip
    return FigureHistory(
        metric_key=key,
        label=key,
        quantity_label=key,
        observations=[r.observation() for r in reports],
    )


MOROCCO = ("earthquake|morocco", "earthquake in Morocco")


@pytest.mark.parametrize(
    ("histories", "expected"),
    [
        pytest.param(
            [history_of("killed", MOROCCO, 0, 2), history_of("injured", MOROCCO, 1)],
            [("earthquake in Morocco, Apr 2017", ["killed", "injured"])],
            id="one story's figures together, the earliest first",
        ),
        pytest.param(
            [history_of("killed", MOROCCO, 0, 3), history_of("killed later", MOROCCO, 2400)],
            [("earthquake in Morocco, Apr 2017", ["killed"]),
             ("earthquake in Morocco, Nov 2023", ["killed later"])],
            id="a quake years later in the same place is another story",
        ),
        pytest.param(
            [history_of("killed", MOROCCO, 0, 200), history_of("homeless", MOROCCO, 500)],
            [("earthquake in Morocco, Apr 2017", ["killed", "homeless"])],
            id="within the window of the story's latest report",
        ),
        pytest.param(
            [history_of("killed", MOROCCO, 0), history_of("dead", FLOOD, 1),
             history_of("counted", None, 2)],
            [("earthquake in Morocco, Apr 2017", ["killed"]),
             ("flood in Sudan, Apr 2017", ["dead"]), ("", ["counted"])],
            id="other stories, and figures with no story, apart",
        ),
    ],
)  # fmt: skip
def test_story_groups_keep_a_story_together_and_apart_from_others(
    histories: list[FigureHistory], expected: list[tuple[str, list[str]]]
) -> None:
    groups = [
        (members[0][0].story, [entry.metric_key for entry, _ in members])
        for members in story_groups(histories)
    ]
    assert groups == expected


def test_index_lists_figures_with_no_story_last() -> None:
    histories = [history_of("counted", None, 0), history_of("dead", FLOOD, 1)]
    index = figure_index(histories, RULES)
    assert [(s["story_key"], s["story"]) for s in index["stories"]] == [
        ("flood|sudan", "flood in Sudan, Apr 2017"),
        (None, ""),
    ]
    assert index["stories"][1]["figures"][0]["name"] == "counted"


def test_figure_detail_carries_what_the_plot_and_table_draw() -> None:
    tracker, alerts = tracked(*FOREIGN_FIGHTERS)
    history = tracker.history(KEY)
    assert history is not None
    view = figure_detail(history, RULES, {a.alert_id: a for a in alerts})
    assert view["sources"] == ["source-ar1", "source-en1", "source-ar2", "source-en2"]
    assert view["tolerance"] == RULES.approx_tolerance
    assert [o["dir"] for o in view["observations"]] == ["rtl", "ltr", "rtl", "ltr"]
    assert view["observations"][0]["evidence_parts"]["figure"] == "ما يصل إلى 30 ألف"
    assert len(view["markers"]) == 1
    Observation.model_validate(view["observations"][2]["observation"])


def test_alert_item_links_the_feed_entry_to_its_figure() -> None:
    _, (alert,) = tracked(*FOREIGN_FIGHTERS)
    item = alert_item(7, alert)
    assert (item["seq"], item["metric_key"], item["change"]) == (7, KEY, "+33%")
    assert item["name"] == "foreign fighters joined ISIS — ISIS in Syria and Iraq, Apr 2017"
    assert item["story_key"] == "isis|syria_iraq"
    assert item["published_at"].startswith("2018-02-05")
