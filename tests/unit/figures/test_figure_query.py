"""Figures named for readers: quantity and story words, the figure search, the alert line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.alert import Alert, AlertKind
from schemas.figure import FigureEntry, FigureHistory
from schemas.observation import Observation
from streams.figures.history import story_name
from streams.figures.query import figure_entry, search_figures
from streams.figures.summary import alert_line, figure_name

MOROCCO = ("earthquake|morocco", "earthquake in Morocco")
NEPAL = ("-|nepal", "Nepal")


def report(
    day: str,
    value: float,
    story: tuple[str, str] | None = MOROCCO,
    *,
    article: str | None = None,
    window_days: int = 365,
) -> Observation:
    sentence = f"Rescuers said {value:,.0f} people had died."
    return Observation(
        claim_id=f"{day}:{value}",
        article_id=article or f"article-{day}",
        source=f"source-{day}",
        language="en",
        published_at=datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC),
        value_low=value,
        value_high=value,
        qualifier="exact",
        surface=f"{value:,.0f}",
        evidence=sentence,
        evidence_start=0,
        evidence_end=len(sentence),
        story_key=story[0] if story else None,
        story_label=story[1] if story else None,
        story_window_days=window_days,
    )


def history(*observations: Observation, quantity: str = "people killed") -> FigureHistory:
    return FigureHistory(
        metric_key="morocco|killed|person|-|-",
        label="people killed: earthquake in Morocco",
        quantity_label=quantity,
        observations=list(observations),
    )


@pytest.mark.parametrize(
    ("quantity", "story", "label", "expected"),
    [
        ("people killed", "earthquake in Morocco, Sep 2023", "x",
         "people killed — earthquake in Morocco, Sep 2023"),
        ("people killed", "", "x", "people killed"),
        ("", "flood in Sudan, Aug 2018", "x", "flood in Sudan, Aug 2018"),
        ("", "", "foreign fighters joined ISIS (Syria)", "foreign fighters joined ISIS (Syria)"),
    ],
)  # fmt: skip
def test_a_figure_is_named_by_its_quantity_and_story(
    quantity: str, story: str, label: str, expected: str
) -> None:
    assert figure_name(quantity, story, label) == expected


@pytest.mark.parametrize(
    ("reports", "story_key", "story", "began"),
    [
        pytest.param([], None, "", None, id="no reports"),
        pytest.param(
            [report("2023-09-09", 820)],
            "earthquake|morocco", "earthquake in Morocco, Sep 2023", "2023-09-09", id="one report",
        ),
        pytest.param(
            [report("2023-08-30", 12), report("2023-09-09", 820), report("2023-10-02", 2960)],
            "earthquake|morocco", "earthquake in Morocco, Aug 2023", "2023-08-30",
            id="the story began with its first report",
        ),
        pytest.param(
            [report("2004-02-24", 628), report("2023-09-09", 820), report("2023-09-11", 2122)],
            "earthquake|morocco", "earthquake in Morocco, Sep 2023", "2023-09-09",
            id="an earlier quake in the same place is another story",
        ),
        pytest.param(
            [report("2023-09-09", 820), report("2024-01-15", 3, NEPAL)],
            "-|nepal", "Nepal, Sep 2023", "2023-09-09",
            id="the latest report's story, which no event word names",
        ),
    ],
)  # fmt: skip
def test_a_figure_belongs_to_the_story_of_its_latest_report(
    reports: list[Observation], story_key: str | None, story: str, began: str | None
) -> None:
    entry = figure_entry(history(*reports))
    assert (entry.quantity, entry.story_key, entry.story) == ("people killed", story_key, story)
    assert (entry.story_began.date().isoformat() if entry.story_began else None) == began


def test_story_name_names_each_report_by_its_own_story() -> None:
    reports = [report("2004-02-24", 628), report("2023-09-09", 820), report("2023-09-10", 5, None)]
    assert [story_name(reports, i) for i in range(3)] == [
        "earthquake in Morocco, Feb 2004",
        "earthquake in Morocco, Sep 2023",
        "",
    ]


ENTRIES = [
    FigureEntry(
        metric_key="morocco|killed|person|-|-", label="people killed: earthquake in Morocco",
        quantity="people killed", story_key="earthquake|morocco",
        story="earthquake in Morocco, Sep 2023",
    ),
    FigureEntry(
        metric_key="morocco|injured|person|-|-", label="people injured: earthquake in Morocco",
        quantity="people injured", story_key="earthquake|morocco",
        story="earthquake in Morocco, Sep 2023",
    ),
    FigureEntry(
        metric_key="sudan|displaced|person|-|-", label="people displaced: flood in Sudan",
        quantity="people displaced", story_key="flood|sudan", story="flood in Sudan, Aug 2018",
    ),
    FigureEntry(metric_key="old|key", label="foreign fighters joined ISIS (Syria)"),
]  # fmt: skip
QUAKE_KILLED, QUAKE_INJURED, FLOOD, OLD = (e.metric_key for e in ENTRIES)


@pytest.mark.parametrize(
    ("query", "story", "expected"),
    [
        ("injured", None, [QUAKE_INJURED]),
        ("Morocco people", None, [QUAKE_INJURED, QUAKE_KILLED]),
        ("quake", None, [QUAKE_INJURED, QUAKE_KILLED]),
        ("2018 displaced", None, [FLOOD]),
        ("fighters", None, [OLD]),
        ("killed sudan", None, []),
        ("", "earthquake|morocco", [QUAKE_INJURED, QUAKE_KILLED]),
        ("killed", "earthquake|morocco", [QUAKE_KILLED]),
        ("displaced", "earthquake|morocco", []),
        ("", "earthquake|nepal", []),
        ("", None, sorted(e.metric_key for e in ENTRIES)),
    ],
)
def test_search_matches_quantity_and_story_words_and_keeps_one_story(
    query: str, story: str | None, expected: list[str]
) -> None:
    matches = search_figures(ENTRIES, query, story)
    assert [m.metric_key for m in matches] == expected
    for match in matches:
        source = next(e for e in ENTRIES if e.metric_key == match.metric_key)
        assert (match.quantity, match.story_key, match.story) == (
            source.quantity,
            source.story_key,
            source.story,
        )


def test_search_ranks_whole_words_first_and_honours_the_limit() -> None:
    entries = [
        FigureEntry(metric_key="b|fighters", label="x"),
        FigureEntry(metric_key="a|fighter", label="y"),
    ]
    assert [m.metric_key for m in search_figures(entries, "fighter")] == ["a|fighter", "b|fighters"]
    assert len(search_figures(entries, "fight", limit=1)) == 1


def alert(kind: AlertKind, quantity: str, story: str, label: str) -> Alert:
    previous, current = report("2023-09-10", 2012), report("2023-09-11", 2122)
    return Alert(
        alert_id="id",
        kind=kind,
        metric_key="morocco|killed|person|-|-",
        label=label,
        story_key="earthquake|morocco",
        story=story,
        quantity=quantity,
        previous=previous,
        current=current,
        direction="up",
        relative_change=110 / 2012,
        contradicts=False,
        support_previous=1,
        support_current=1,
        severity="info",
        summary="as the figures stage wrote it",
    )


@pytest.mark.parametrize(
    ("kind", "quantity", "story", "expected"),
    [
        (
            "figure_changed", "people killed", "earthquake in Morocco, Sep 2023",
            "figure_changed   people killed — earthquake in Morocco, Sep 2023: "
            "2,012 (2023-09-10) -> 2,122 (2023-09-11), +5%",
        ),
        (
            "figure_conflict", "", "",
            "figure_conflict  people killed: earthquake in Morocco: "
            "2,012 (2023-09-10) -> 2,122 (2023-09-11), +5%",
        ),
    ],
)  # fmt: skip
def test_an_alert_line_names_the_quantity_and_the_story(
    kind: AlertKind, quantity: str, story: str, expected: str
) -> None:
    assert alert_line(alert(kind, quantity, story, "people killed: earthquake in Morocco")) == (
        expected
    )
