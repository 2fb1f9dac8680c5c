"""The bounded, numbered log of recent alerts behind the live feed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.alert import Alert
from streams.ui.recent import RecentAlerts, parse_since
from tests.unit.ui.test_shape import FOREIGN_FIGHTERS, tracked

_, (ALERT,) = tracked(*FOREIGN_FIGHTERS)


def numbered(n: int) -> Alert:
    return ALERT.model_copy(update={"alert_id": f"alert-{n}"})


@given(appended=st.integers(0, 30), capacity=st.integers(1, 10), since=st.integers(0, 40))
def test_since_returns_only_newer_kept_alerts_newest_first(
    appended: int, capacity: int, since: int
) -> None:
    recent = RecentAlerts(capacity)
    for n in range(1, appended + 1):
        recent.append(numbered(n))
    feed = recent.since(since)
    start = 0 if since > appended else since
    expected = list(range(appended, max(start, appended - capacity), -1))
    assert feed["latest"] == appended
    assert [item["seq"] for item in feed["alerts"]] == expected
    assert [item["alert_id"] for item in feed["alerts"]] == [f"alert-{n}" for n in expected]
    assert set(recent.by_id()) == {
        f"alert-{n}" for n in range(appended - min(capacity, appended) + 1, appended + 1)
    }


def test_since_caps_the_answer_to_the_newest_limit() -> None:
    recent = RecentAlerts(100)
    for n in range(1, 21):
        recent.append(numbered(n))
    assert [item["seq"] for item in recent.since(0, limit=3)["alerts"]] == [20, 19, 18]


def test_capacity_must_be_positive() -> None:
    with pytest.raises(ValueError, match="capacity"):
        RecentAlerts(0)


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, 0), ("", 0), ("12", 12), ("-3", 0), ("x", 0), ("1e3", 0)]
)
def test_parse_since_reads_unreadable_values_as_the_start(raw: str | None, expected: int) -> None:
    assert parse_since(raw) == expected
