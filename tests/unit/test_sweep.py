"""The schedule of incremental retention sweeps and the window cutoffs they apply."""

from __future__ import annotations

from datetime import UTC, datetime

from streams.sweep import Sweep, cutoff_for, cutoff_hour


def test_a_step_is_due_on_a_new_watermark_hour_or_after_every_events() -> None:
    sweep = Sweep(every=3, budget=2)
    assert sweep.observe(10)
    sweep.advance(examined=2, dropped=1, next_key=b"k")
    assert [sweep.observe(9), sweep.observe(10), sweep.observe(10)] == [False, False, True]
    sweep.advance(examined=1, dropped=0, next_key=None)
    assert sweep.size == 2 and sweep.cursor is None
    assert sweep.observe(11)


def test_the_cutoff_is_the_window_length_before_the_watermark() -> None:
    assert cutoff_for(1000, 1.5) == 964
    assert cutoff_hour(datetime(1970, 1, 3, 12, 30, tzinfo=UTC), 1.5) == 24
