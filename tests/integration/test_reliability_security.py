"""Security basics: SASL settings reach every client, secrets stay out of logs, binds and limits.

The worker here runs at DEBUG holding a SASL password, and serves only figwatch's own routes.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import faust
import pytest

from schemas.codec import decode
from schemas.dead_letter import DeadLetter
from scripts.reliability.common import DeploymentOutputs, create_topics, produce
from streams.clients.kafka_admin import client_options
from streams.settings import Settings
from streams.worker.app import _credentials, create_app
from tests.support.worker import FigwatchDeployment, WorkerProcess, free_port

SECRET = "s3cret-Pa55word-never-logged"  # noqa: S105  (a test value to look for in logs)


def _sasl(protocol: str, **extra: object) -> Settings:
    return Settings(
        kafka_security_protocol=protocol,
        kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_sasl_username="figwatch",
        kafka_sasl_password=SECRET,
        **extra,
    )


@pytest.mark.parametrize("protocol", ["SASL_PLAINTEXT", "SASL_SSL"])
def test_sasl_settings_reach_the_faust_credentials(protocol: str) -> None:
    credentials = _credentials(_sasl(protocol))
    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.username == "figwatch"
    assert credentials.password == SECRET
    assert str(credentials.mechanism.value) == "SCRAM-SHA-512"
    assert (credentials.ssl_context is not None) == (protocol == "SASL_SSL")


def test_plaintext_has_no_credentials_and_ssl_has_a_context() -> None:
    assert _credentials(Settings()) is None
    assert isinstance(_credentials(Settings(kafka_security_protocol="SSL")), faust.SSLCredentials)


def test_sasl_settings_reach_the_admin_client_options() -> None:
    options = client_options(_sasl("SASL_SSL"))
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_username"] == "figwatch"
    assert options["sasl_plain_password"] == SECRET


@pytest.mark.parametrize("debug_routes", [False, True])
def test_faust_views_are_served_only_with_the_debug_routes_setting(debug_routes: bool) -> None:
    conf = create_app(Settings(debug_routes=debug_routes)).conf
    views = (
        conf.web_tables_enabled,
        conf.web_router_enabled,
        conf.web_graph_enabled,
        conf.web_stats_enabled,
    )
    assert views == (debug_routes,) * 4


def test_the_settings_never_show_the_password() -> None:
    settings = _sasl("SASL_SSL")
    assert SECRET not in repr(settings)
    assert SECRET not in str(settings)
    assert SECRET not in settings.model_dump_json()


SMALL_LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def guarded_worker(
    kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[FigwatchDeployment, WorkerProcess]]:
    deployment = FigwatchDeployment(kafka_bootstrap)
    create_topics(deployment)
    worker = WorkerProcess(
        deployment,
        tmp_path_factory.mktemp("guarded"),
        {
            # PLAINTEXT ignores the SASL fields, so the worker runs while holding a password.
            "FIGWATCH_KAFKA_SASL_USERNAME": "figwatch",
            "FIGWATCH_KAFKA_SASL_PASSWORD": SECRET,
            "FIGWATCH_LOG_LEVEL": "DEBUG",
            "FIGWATCH_WEB_BIND": "127.0.0.2",
            "FIGWATCH_MAX_MESSAGE_BYTES": str(SMALL_LIMIT),
        },
    )
    worker.start()
    yield deployment, worker
    worker.stop()


def _listening(pid: int) -> set[tuple[str, int]]:
    """Addresses the process listens on over TCP/IPv4, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = str(fd.readlink()) if fd.is_symlink() else ""
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for line in Path(f"/proc/{pid}/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
            host, port = fields[1].split(":")
            address = socket.inet_ntoa(bytes.fromhex(host)[::-1])
            found.add((address, int(port, 16)))
    return found


@pytest.mark.kafka
@pytest.mark.slow
def test_worker_listens_only_on_the_configured_address(
    guarded_worker: tuple[FigwatchDeployment, WorkerProcess],
) -> None:
    _, worker = guarded_worker
    assert worker.process is not None
    assert _listening(worker.process.pid) == {("127.0.0.2", worker.port)}
    with urllib.request.urlopen(f"http://127.0.0.2:{worker.port}/metrics", timeout=10) as r:
        assert r.status == 200


@pytest.mark.kafka
@pytest.mark.slow
def test_worker_rejects_an_oversized_message_before_parsing_and_never_logs_the_password(
    guarded_worker: tuple[FigwatchDeployment, WorkerProcess],
) -> None:
    deployment, worker = guarded_worker
    huge = json.dumps({"source": "s", "body": "x" * (2 * SMALL_LIMIT)}).encode()
    produce(deployment.bootstrap, deployment.topic("articles"), [(b"huge", huge)])
    watch = DeploymentOutputs(deployment.bootstrap, deployment.topic)
    try:
        assert watch.wait_for(lambda o: bool(o.dead_letters), timeout=90)
        letter = watch.outputs.dead_letters[0]
    finally:
        watch.close()
    assert letter.error_kind == "too_large"
    assert letter.original_size == len(huge)
    assert letter.truncated and len(letter.original) < len(huge)
    assert isinstance(decode(DeadLetter, letter.model_dump_json().encode()), DeadLetter)
    assert worker.running()
    assert SECRET not in worker.log()


# The admin client's config dump, where the password showed before it was masked.
MASKED_DUMP = "'sasl_plain_password': '***'"


@pytest.mark.kafka
@pytest.mark.slow
def test_the_worker_at_debug_never_logs_the_password(
    guarded_worker: tuple[FigwatchDeployment, WorkerProcess],
) -> None:
    _, worker = guarded_worker
    log = worker.log()
    assert '"level": "debug"' in log
    assert MASKED_DUMP in log
    assert SECRET not in log


@pytest.mark.kafka
@pytest.mark.slow
def test_a_sasl_client_at_debug_never_logs_the_password(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "FIGWATCH_BROKER": f"kafka://{kafka_bootstrap}",
        "FIGWATCH_LOG_LEVEL": "DEBUG",
        "FIGWATCH_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "FIGWATCH_KAFKA_SASL_USERNAME": "figwatch",
        "FIGWATCH_KAFKA_SASL_PASSWORD": SECRET,
        "FIGWATCH_DATA_DIR": str(tmp_path),
        "FIGWATCH_WEB_PORT": str(free_port()),
    }
    # The broker speaks PLAINTEXT: the SASL handshake fails and the worker gives up.
    result = subprocess.run(
        [sys.executable, "-m", "streams", "worker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert MASKED_DUMP in output
    assert SECRET not in output


def _status(worker: WorkerProcess, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.2:{worker.port}{path}", timeout=10) as r:
            return int(r.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.kafka
@pytest.mark.slow
def test_the_worker_serves_only_its_own_routes_and_a_client_mistake_logs_no_traceback(
    guarded_worker: tuple[FigwatchDeployment, WorkerProcess],
) -> None:
    _, worker = guarded_worker
    statuses = {
        "/figures": 200,
        "/metrics": 200,
        "/table/": 404,
        "/table/figures/": 404,
        "/table/figures/some-key/": 404,
        "/router/": 404,
        "/router/no-such-table/": 404,
        "/router/figures/some-key/": 404,
        "/graph/": 404,
        "/assignment/": 404,
        "/no/such/page": 404,
        "/figures/no-such-key": 404,
        "/ui/static/..%2f..%2fapp.py": 404,
        "/figures/" + "x" * 10_000: 400,
    }
    assert {path: _status(worker, path) for path in statuses} == statuses
    log = worker.log()
    events = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert [
        e for e in events if str(e.get("logger")).startswith("aiohttp") and e["level"] == "error"
    ] == []
    assert "Traceback" not in log
