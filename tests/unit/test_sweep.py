"""The schedule of incremental retention sweeps and the event-time clock they follow."""

from __future__ import annotations

from datetime import UTC, datetime

from streams.sweep import Sweep, clock_hour, cutoff_for, hour_start


def test_a_step_is_due_on_a_new_watermark_hour_or_after_every_events() -> None:
    sweep = Sweep(every=3, budget=2)
    assert sweep.observe(10)
    sweep.advance(examined=2, dropped=1, next_key=b"k")
    assert [sweep.observe(9), sweep.observe(10), sweep.observe(10)] == [False, False, True]
    sweep.advance(examined=1, dropped=0, next_key=None)
    assert sweep.size == 2 and sweep.cursor is None
    assert sweep.observe(11)


def test_cutoff_and_a_date_far_ahead_of_ingest_does_not_move_time_on() -> None:
    assert cutoff_for(1000, 1.5) == 964
    ingest_ms = 500 * 3_600_000
    assert clock_hour(400, ingest_ms) == 400
    assert clock_hour(10_000, ingest_ms) == 524


def test_hour_start_is_the_first_instant_of_an_epoch_hour() -> None:
    assert hour_start(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert hour_start(24 * 365 + 5) == datetime(1971, 1, 1, 5, tzinfo=UTC)
