"""Change rules, severity and summary wording of figure alerts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.observation import Observation, Qualifier
from streams.figures import ChangeRules, agree, compare, contradicts, severity, summarize
from streams.figures.summary import format_figure, format_number

RULES = ChangeRules()
LABEL = "foreign fighters joined ISIS (Syria)"


def obs(
    value: float,
    qualifier: Qualifier = "exact",
    *,
    high: float | None = None,
    day: str = "2018-02-05",
    article: str = "a1",
    unit: str = "count",
) -> Observation:
    return Observation(
        claim_id=f"{article}-{value}-{qualifier}",
        article_id=article,
        source="Example Wire",
        language="en",
        published_at=datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC),
        value_low=value,
        value_high=value if high is None else high,
        qualifier=qualifier,
        unit=unit,
        surface=str(value),
        evidence="Officials gave a new figure on Monday.",
        evidence_start=0,
        evidence_end=38,
    )


def about(value: float) -> Observation:
    return obs(value, "approximately")


def least(value: float) -> Observation:
    return obs(value, "at_least")


def most(value: float) -> Observation:
    return obs(value, "at_most")


def span(low: float, high: float) -> Observation:
    return obs(low, "range", high=high)


def vague(low: float, high: float) -> Observation:
    return obs(low, "vague", high=high)


# name, earlier, later, agree, contradicts, change in whole percent (None: undefined)
RULE_EXAMPLES = [
    ("at least 237 then at least 592", least(237), least(592), False, False, 150),
    ("more than 60 then 78", least(60), obs(78), False, False, 30),
    ("up to 30,000 then about 40,000", most(30_000), about(40_000), False, True, 33),
    ("about 40,000 then 41,000", about(40_000), obs(41_000), True, False, 2),
    ("41,000 then about 40,000", obs(41_000), about(40_000), True, False, -2),
    ("a few thousand twice", vague(3_000, 9_000), vague(3_000, 9_000), True, False, None),
    ("20,000-30,000 twice", span(20_000, 30_000), span(20_000, 30_000), True, False, 0),
    ("27,000-31,000 then 30,000", span(27_000, 31_000), obs(30_000), True, False, 3),
    ("30,000 then 27,000-31,000", obs(30_000), span(27_000, 31_000), True, False, -3),
    ("2,012 dead then 2,122", obs(2_012), obs(2_122), False, True, 5),
    ("78 then 79", obs(78), obs(79), False, True, 1),
    ("equal exact values", obs(550), obs(550), True, False, 0),
    ("about 100 then about 120", about(100), about(120), False, False, 20),
    ("range then about 32,000", span(27_000, 31_000), about(32_000), True, False, 10),
    ("ranges that do not overlap", span(1_000, 2_000), span(3_000, 4_000), False, True, 133),
    ("a few thousand then 20,000", vague(3_000, 9_000), obs(20_000), False, True, None),
    ("a few thousand then 5,000", vague(3_000, 9_000), obs(5_000), True, False, None),
    ("at most 500 then 400", most(500), obs(400), False, False, -20),
]


@pytest.mark.parametrize(
    ("earlier", "later", "agrees", "contradiction", "percent"),
    [pytest.param(*row[1:], id=row[0]) for row in RULE_EXAMPLES],
)
def test_rule_examples_agree_or_differ_as_documented(
    earlier: Observation,
    later: Observation,
    agrees: bool,
    contradiction: bool,
    percent: int | None,
) -> None:
    result = compare(earlier, later, RULES)
    assert result.agree is agrees
    assert result.alertable is not agrees
    assert result.contradicts is contradiction
    if percent is None:
        assert result.relative_change is None
    else:
        assert result.relative_change is not None
        assert round(result.relative_change * 100) == percent


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (obs(30_000, "at_most"), obs(40_000, "approximately"), "up"),
        (obs(2_122), obs(2_012), "down"),
        (obs(3_000, "vague", high=9_000), obs(20_000), "up"),
        (obs(20_000), obs(3_000, "vague", high=9_000), "down"),
    ],
)
def test_direction_follows_the_move(
    earlier: Observation, later: Observation, expected: str
) -> None:
    assert compare(earlier, later, RULES).direction == expected


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (obs(100), obs(200), "critical"),  # contradiction and +100%
        (obs(3_000, "vague", high=9_000), obs(20_000), "critical"),  # unmeasurable contradiction
        (obs(30_000, "at_most"), obs(40_000, "approximately"), "warning"),  # contradiction, +33%
        (obs(2_012), obs(2_122), "warning"),  # contradiction, +5%
        (obs(237, "at_least"), obs(592, "at_least"), "warning"),  # refinement, +150%
        (obs(60, "at_least"), obs(78), "info"),  # refinement, +30%
    ],
)
def test_severity_ranks_contradictions_and_large_moves(
    earlier: Observation, later: Observation, expected: str
) -> None:
    assert severity(compare(earlier, later, RULES)) == expected


@pytest.mark.parametrize(
    ("min_change", "earlier", "later", "muted"),
    [
        (0.0, obs(78), obs(79), False),
        (0.10, obs(2_012), obs(2_122), True),
        (0.10, obs(100), obs(200), False),
        (0.10, obs(3_000, "vague", high=9_000), obs(20_000), False),
    ],
)
def test_min_change_mutes_only_small_measurable_moves(
    min_change: float, earlier: Observation, later: Observation, muted: bool
) -> None:
    result = compare(earlier, later, ChangeRules(min_change=min_change))
    assert result.muted is muted
    assert result.alertable is not muted


def test_tolerance_is_configurable() -> None:
    earlier, later = obs(40_000, "approximately"), obs(45_000)
    assert not agree(earlier, later, ChangeRules(approx_tolerance=0.10))
    assert agree(earlier, later, ChangeRules(approx_tolerance=0.15))


_qualifiers: st.SearchStrategy[Qualifier] = st.sampled_from(
    ["exact", "approximately", "at_least", "at_most", "range", "vague"]
)


@st.composite
def observations(draw: st.DrawFn) -> Observation:
    qualifier = draw(_qualifiers)
    low = draw(st.integers(min_value=0, max_value=50_000))
    high = low
    if qualifier in ("range", "vague"):
        high = low + draw(st.integers(min_value=1, max_value=20_000))
    return obs(low, qualifier, high=high)


@given(observations(), observations())
def test_agreement_and_contradiction_do_not_depend_on_order(a: Observation, b: Observation) -> None:
    assert agree(a, b, RULES) == agree(b, a, RULES)
    assert contradicts(a, b, RULES) == contradicts(b, a, RULES)


@given(observations())
def test_a_report_agrees_with_itself(a: Observation) -> None:
    assert agree(a, a, RULES)
    assert not contradicts(a, a, RULES)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(40_000, "40,000"), (78, "78"), (1_250_000.0, "1,250,000"), (12.5, "12.5"), (0.25, "0.25")],
)
def test_numbers_have_thousands_separators(value: float, expected: str) -> None:
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        (obs(78, day="2018-02-05"), "78 (2018-02-05)"),
        (obs(40_000, "approximately", day="2018-02-05"), "40,000 (about; 2018-02-05)"),
        (obs(5_000, "at_least", day="2018-02-05"), "5,000 (at least; 2018-02-05)"),
        (obs(30_000, "at_most", day="2017-04-27"), "30,000 (at most; 2017-04-27)"),
        (obs(20_000, "range", high=30_000, day="2017-04-27"), "20,000-30,000 (2017-04-27)"),
        (obs(3_000, "vague", high=9_000, day="2019-01-02"), "vague 3,000-9,000 (2019-01-02)"),
        (obs(12.5, unit="percent", day="2019-01-02"), "12.5% (2019-01-02)"),
    ],
)
def test_figures_are_worded_with_qualifier_and_day(report: Observation, expected: str) -> None:
    assert format_figure(report) == expected


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (
            obs(30_000, "at_most", day="2017-04-27"),
            obs(40_000, "approximately", day="2018-02-05"),
            f"{LABEL}: 30,000 (at most; 2017-04-27) -> 40,000 (about; 2018-02-05), +33%",
        ),
        (
            obs(2_122, day="2018-03-01"),
            obs(2_012, day="2018-03-02"),
            f"{LABEL}: 2,122 (2018-03-01) -> 2,012 (2018-03-02), -5%",
        ),
        (
            obs(3_000, "vague", high=9_000, day="2018-03-01"),
            obs(20_000, day="2018-03-02"),
            f"{LABEL}: vague 3,000-9,000 (2018-03-01) -> 20,000 (2018-03-02), up",
        ),
    ],
)
def test_summary_line_matches_the_documented_style(
    earlier: Observation, later: Observation, expected: str
) -> None:
    result = compare(earlier, later, RULES)
    assert summarize(LABEL, earlier, later, result.relative_change, result.direction) == expected


@pytest.mark.parametrize(
    "kwargs",
    [
        {"approx_tolerance": -0.1},
        {"min_change": -1.0},
        {"conflict_window_days": 0},
        {"max_observations": 0},
    ],
)
def test_rules_reject_nonsense_thresholds(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        ChangeRules(**kwargs)  # type: ignore[arg-type]
