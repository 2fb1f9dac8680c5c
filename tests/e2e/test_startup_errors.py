"""`figwatch COMMAND` facing a bad setting, no broker, an unwritable data dir: one line each."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

SEEDS = str(REPO / "seeds")


def figwatch(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FIGWATCH_")}
    return subprocess.run(
        [sys.executable, "-m", "streams", *args],
        capture_output=True,
        text=True,
        env={**clean, **env},
        cwd=REPO,
        timeout=120,
        check=False,
    )


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("command", "name", "value"),
    [
        (["replay", SEEDS], "FIGWATCH_PARTITIONS", "abc"),
        (["replay", SEEDS], "FIGWATCH_MIN_CHANGE", "inf"),
        (["ui", SEEDS], "FIGWATCH_RETENTION_DAYS", "inf"),
        (["worker"], "FIGWATCH_HEAP_TRIM_SECONDS", "1e-9"),
        (["produce", SEEDS], "FIGWATCH_MAX_MESSAGE_BYTES", "1e309"),
        (["alerts"], "FIGWATCH_DEDUP_THRESHOLD", "nan"),
        (["figures", "x"], "FIGWATCH_WEB_PORT", "-0.5"),
    ],
)
def test_a_bad_setting_stops_the_command_with_one_line_and_status_2(
    command: list[str], name: str, value: str
) -> None:
    result = figwatch(*command, **{name: value})
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {name}={value!r} is not allowed: expected ")
    assert result.stdout == ""


def test_help_still_works_with_a_bad_setting() -> None:
    result = figwatch("replay", "--help", FIGWATCH_PARTITIONS="abc")
    assert result.returncode == 0
    assert "replay [OPTIONS] PATHS..." in result.stdout


@pytest.mark.parametrize("command", [["produce", SEEDS], ["alerts"], ["worker"]])
def test_an_unreachable_broker_is_one_line_naming_it_after_a_short_wait(
    command: list[str], closed_port: int, tmp_path: Path
) -> None:
    address = f"127.0.0.1:{closed_port}"
    started = time.monotonic()
    result = figwatch(
        *command,
        FIGWATCH_BROKER=address,
        FIGWATCH_BROKER_WAIT_SECONDS="1",
        FIGWATCH_DATA_DIR=str(tmp_path / "state"),
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: no Kafka broker answers at {address} (Connection refused")
    assert elapsed < 20, "bounded by the 1 s wait plus the interpreter's start (generous margin)"


def test_a_broker_given_with_the_option_is_the_one_named(closed_port: int) -> None:
    address = f"127.0.0.1:{closed_port}"
    result = figwatch("alerts", "--broker", address, FIGWATCH_BROKER_WAIT_SECONDS="0.5")
    assert result.returncode == 1
    assert f"no Kafka broker answers at {address}" in result.stderr


def test_an_unwritable_data_dir_stops_the_worker_with_one_line_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = figwatch("worker", FIGWATCH_DATA_DIR=str(blocker / "state"))
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.splitlines()
    assert line == (
        f"Error: cannot write to the data directory {blocker / 'state'} (FIGWATCH_DATA_DIR): "
        "Not a directory"
    )
