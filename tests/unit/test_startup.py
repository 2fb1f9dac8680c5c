from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.clients.startup import StartupError, check_data_dir, wait_for_broker


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def listening_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


def test_a_broker_that_accepts_connections_is_waited_for_no_longer(
    closed_port: int, listening_port: int
) -> None:
    started = time.monotonic()
    wait_for_broker([f"127.0.0.1:{closed_port}", f"127.0.0.1:{listening_port}"], 5)
    assert time.monotonic() - started < 2


def test_no_broker_is_one_error_naming_the_address_after_the_wait(closed_port: int) -> None:
    address = f"127.0.0.1:{closed_port}"
    started = time.monotonic()
    with pytest.raises(StartupError) as caught:
        wait_for_broker([address], 1.0)
    elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 1.0 + 3, "the wait is bounded (generous margin)"
    message = str(caught.value)
    assert "\n" not in message
    assert f"no Kafka broker answers at {address} (Connection refused; waited 1 s)" in message


def test_the_data_directory_is_created_when_missing(tmp_path: Path) -> None:
    check_data_dir(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()


def test_an_unwritable_data_directory_is_one_error_naming_the_path(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StartupError) as caught:
        check_data_dir(blocker / "state")
    assert str(caught.value) == (
        f"cannot write to the data directory {blocker / 'state'} (FIGWATCH_DATA_DIR): "
        "Not a directory"
    )
