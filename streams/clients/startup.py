"""What a command checks before it starts: a broker that answers, a data directory it can write.

Each failure is one :class:`StartupError` whose message names the address or the path, so that
the command line can print one line instead of a client library's traceback half a minute on.
"""

from __future__ import annotations

import socket
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

_ATTEMPT_S = 2.0
_PAUSE_S = 0.5


class StartupError(Exception):
    """A command cannot start; the message says why in one line."""


def wait_for_broker(addresses: Sequence[str], seconds: float) -> None:
    """Return once one of ``addresses`` (``host:port``) accepts a TCP connection.

    Tries them in turn for up to ``seconds`` (a broker still starting gets that long), then
    raises StartupError naming every address and the last reason.
    """
    deadline = time.monotonic() + seconds
    reason = "no address"
    while True:
        for address in addresses:
            host, _, port = address.rpartition(":")
            remaining = deadline - time.monotonic()
            try:
                with socket.create_connection(
                    (host.strip("[]"), int(port)), timeout=max(0.1, min(_ATTEMPT_S, remaining))
                ):
                    return
            except OSError as exc:
                reason = exc.strerror or str(exc) or type(exc).__name__
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise StartupError(
                f"no Kafka broker answers at {', '.join(addresses)} ({reason}; waited "
                f"{seconds:g} s): is it running, and is FIGWATCH_BROKER (or --broker) right?"
            )
        time.sleep(min(_PAUSE_S, remaining))


def check_data_dir(path: Path) -> None:
    """Create ``path`` if needed and make sure a file can be written there."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise StartupError(
            f"cannot write to the data directory {path} (FIGWATCH_DATA_DIR): {exc.strerror or exc}"
        ) from None
