"""`figwatch alerts` against real topics: JSON exactly as sent, readable lines, start and stop.

The alerts are the ones `figwatch replay seeds` computes, the same Alert JSON a worker sends
(the worker itself is exercised end to end in tests/e2e/test_worker_seeds.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from schemas.alert import Alert
from streams.figures.summary import format_change, format_figure
from tests.conftest import REPO

pytestmark = pytest.mark.kafka

NOT_AN_ALERT = b'{"kind": "figure_changed"}'


def _env(broker: str, topic: str) -> dict[str, str]:
    return {
        **os.environ,
        "FIGWATCH_BROKER": broker,
        "FIGWATCH_TOPIC_ALERTS": topic,
        "FIGWATCH_LOG_LEVEL": "INFO",
    }


def alerts_cli(*args: str, broker: str, topic: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "streams", "alerts", *args],
        capture_output=True,
        text=True,
        env=_env(broker, topic),
        cwd=REPO,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def replayed_alerts() -> list[bytes]:
    result = subprocess.run(
        [sys.executable, "-m", "streams", "replay", "seeds"],
        capture_output=True,
        env={**os.environ, "FIGWATCH_LOG_LEVEL": "WARNING"},
        cwd=REPO,
        timeout=300,
        check=True,
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) >= 2, "the sample feed raises alerts"
    return lines


@pytest.fixture
def alerts_topic(new_topic, produce, replayed_alerts: list[bytes]) -> str:
    """A one-partition topic holding the replayed alerts with a record that is no alert."""
    topic = new_topic(partitions=1)
    values = [*replayed_alerts[:1], NOT_AN_ALERT, *replayed_alerts[1:]]
    produce(topic, values)
    return topic


def test_json_prints_each_alert_exactly_as_sent_and_skips_what_is_not_one(
    alerts_topic: str, kafka_bootstrap: str, replayed_alerts: list[bytes]
) -> None:
    result = alerts_cli(
        "--json",
        "--from-beginning",
        "--max",
        str(len(replayed_alerts)),
        broker=kafka_bootstrap,
        topic=alerts_topic,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.encode().splitlines() == replayed_alerts
    assert f"skipped {alerts_topic}/0@1: " in result.stderr


def test_text_lines_name_quantity_and_story_then_the_change_and_both_sources(
    alerts_topic: str, kafka_bootstrap: str, replayed_alerts: list[bytes]
) -> None:
    result = alerts_cli("--from-beginning", broker=kafka_bootstrap, topic=alerts_topic)
    assert result.returncode == 0, result.stderr
    expected = []
    for raw in replayed_alerts:
        alert = Alert.model_validate_json(raw)
        prev, cur = alert.previous, alert.current
        expected.append(
            f"{alert.kind:<16} {alert.quantity} — {alert.story}: {format_figure(prev)} -> "
            f"{format_figure(cur)}, {format_change(alert.relative_change, alert.direction)}"
            f" | {prev.source} -> {cur.source}"
        )
    assert result.stdout.splitlines() == expected


def test_max_stops_early_and_a_group_resumes_where_it_stopped(
    alerts_topic: str, kafka_bootstrap: str, replayed_alerts: list[bytes]
) -> None:
    first = alerts_cli(
        "--json", "--from-beginning", "--group", f"g-{alerts_topic}", "--max", "1",
        broker=kafka_bootstrap, topic=alerts_topic,
    )  # fmt: skip
    rest = alerts_cli(
        "--json", "--from-beginning", "--group", f"g-{alerts_topic}", "--timeout", "3",
        broker=kafka_bootstrap, topic=alerts_topic,
    )  # fmt: skip
    assert first.stdout.encode().splitlines() == replayed_alerts[:1]
    assert rest.stdout.encode().splitlines() == replayed_alerts[1:]


def test_without_from_beginning_only_new_alerts_are_printed(
    alerts_topic: str, kafka_bootstrap: str, produce, replayed_alerts: list[bytes]
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "streams", "alerts", "--json", "--max", "1", "--timeout", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(kafka_bootstrap, alerts_topic),
        cwd=REPO,
    )
    try:
        assert process.stderr is not None
        # The command logs alerts_subscribed once its start positions are fixed.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if b"alerts_subscribed" in line or not line:
                break
        produce(alerts_topic, [replayed_alerts[-1]])
        out, _ = process.communicate(timeout=90)
    finally:
        process.kill()
        process.wait()
    assert out.splitlines() == [replayed_alerts[-1]]


def test_an_unknown_topic_is_a_clear_error(kafka_bootstrap: str) -> None:
    result = alerts_cli(
        "--timeout", "2", broker=kafka_bootstrap, topic="figwatch-test-no-such-topic-xyz"
    )
    assert result.returncode == 1
    assert "does not exist" in result.stderr
