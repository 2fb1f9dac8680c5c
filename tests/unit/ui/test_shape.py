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
from streams.figures.tracker import FigureTracker
from streams.ui.shape import (
    alert_item,
    alert_markers,
    article_words,
    evidence_parts,
    figure_detail,
    figure_index,
    text_direction,
)

RULES = ChangeRules()
T0 = datetime(2017, 4, 27, 12, tzinfo=UTC)
KEY = "joined|foreign_fighter|isis|syria_iraq|-"
LABEL = "foreign fighters joined ISIS (Syria and Iraq)"


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
    assert marker["summary"] == alert.summary
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


def test_index_lists_changed_figures_newest_change_first_then_the_rest_by_key() -> None:
    quake = [claim(v, "at_least", article=f"q{v}", days=300 + v / 100, key="killed|quake")
             for v in (237, 592)]  # fmt: skip
    steady = [claim(9, article="s1", key="dead|flood"), claim(9, article="s2", key="dead|flood")]
    tracker, alerts = tracked(*FOREIGN_FIGHTERS, *quake, *steady)
    histories = [h for key in tracker.store if (h := tracker.history(key)) is not None]
    empty = FigureHistory(metric_key="empty", label="no reports")
    rows = figure_index([*histories, empty], RULES, {a.alert_id: a for a in alerts})["figures"]
    assert [row["metric_key"] for row in rows] == ["killed|quake", KEY, "dead|flood"]
    fighters = rows[1]
    assert fighters["current"]["figure"] == "40,000 (about; 2018-02-06)"
    assert fighters["current"]["number"] == 40000
    assert (fighters["sources"], fighters["reports"], fighters["alerts"]) == (4, 4, 1)
    assert fighters["last_change"]["kind"] == "figure_changed"
    assert rows[2]["last_change"] is None


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
    assert item["published_at"].startswith("2018-02-05")
