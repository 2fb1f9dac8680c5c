from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas.claim import Claim
from streams.event_time import hour_of
from streams.figures.routing import by_figures_key, figures_key
from streams.figures.write_back import WriteBack
from streams.stage_rules import untracked_reason
from tests.unit.figures.test_figure_history import claim

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("metric_key", "key"),
    [
        ("syria|joined|foreign_fighter|isis|-", "syria"),
        ("-|killed|person", "-"),
        ("morocco", "morocco"),
    ],
)
def test_the_figures_key_of_a_metric_key_is_its_place(metric_key: str, key: str) -> None:
    assert figures_key(metric_key) == key


def test_claims_are_grouped_by_figures_key_in_their_order() -> None:
    claims = [claim(1, key="a|x", article="1"), claim(2, key="b|x"), claim(3, key="a|y")]
    groups = by_figures_key(claims)
    assert {key: [c.value_low for c in group] for key, group in groups.items()} == {
        "a": [1, 3],
        "b": [2],
    }


def test_a_write_back_writes_each_changed_key_once_when_flushed() -> None:
    writes: list[str] = []

    class Recording(dict[str, object]):
        def __setitem__(self, key: str, value: object) -> None:
            writes.append(key)
            super().__setitem__(key, value)

    store = Recording(kept=1, gone=2)
    held = WriteBack(store)
    held["new"] = 1
    held["new"] = 2
    held["kept"] = 3
    del held["gone"]
    assert held["new"] == 2 and "gone" not in held and sorted(held) == ["kept", "new"]
    assert store == {"kept": 1, "gone": 2}, "nothing reaches the store before the flush"
    assert held.flush() == 3
    assert store == {"kept": 3, "new": 2}
    assert sorted(writes) == ["kept", "new"]
    with pytest.raises(KeyError):
        del held["gone"]


class Clock:
    def __init__(self, cutoff: int | None) -> None:
        self.cutoff = cutoff
        self.hours: list[int] = []

    def __call__(self, hour: int) -> int | None:
        self.hours.append(hour)
        return self.cutoff


@pytest.mark.parametrize(
    ("published", "cutoff_days", "reason", "moves"),
    [
        (NOW - timedelta(hours=1), None, None, True),
        (NOW - timedelta(days=10), 5, "past_retention", True),
        (NOW + timedelta(days=3), None, "date_out_of_range", False),
        (datetime(1800, 1, 1, tzinfo=UTC), None, "date_out_of_range", False),
    ],
)
def test_a_claim_is_tracked_unless_its_date_is_not_believed_or_past_the_window(
    published: datetime, cutoff_days: int | None, reason: str | None, moves: bool
) -> None:
    one: Claim = claim(1, at=published)
    cutoff = None if cutoff_days is None else hour_of(NOW - timedelta(days=cutoff_days))
    clock = Clock(cutoff)
    assert untracked_reason(one, NOW, clock) == reason
    assert clock.hours == ([hour_of(published)] if moves else [])
