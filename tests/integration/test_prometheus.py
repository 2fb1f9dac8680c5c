"""The dashboard's and the alerting rules' PromQL works on a real Prometheus scraping a worker.

A worker runs against the session broker with traffic that exercises every metric (valid
articles with a figure change, a resend, an exact copy, invalid messages); Debian's Prometheus
scrapes it every second with the project's rules file, and every expression of the dashboard
and of the rules is evaluated through the HTTP API: each must parse and return series.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.worker import FigwatchDeployment, WorkerProcess, free_port

pytestmark = [pytest.mark.kafka, pytest.mark.prometheus]

REPO = Path(__file__).resolve().parents[2]
DASHBOARD = REPO / "deploy" / "grafana" / "dashboards" / "figwatch.json"
RULES = REPO / "deploy" / "prometheus" / "rules.yml"
PROMETHEUS_CONFIG = REPO / "deploy" / "prometheus" / "prometheus.yml"
SEEDS = REPO / "seeds" / "en" / "articles.jsonl"

# Grafana fills these in; in the test one worker is every instance.
GRAFANA_VARIABLES = {"$__rate_interval": "1m", "$__range": "5m", "$instance": ".*"}
# A comparison with a number is an alert's threshold: a healthy worker does not cross it (up is
# 1, lag 0, no dead letter in the window), so it is stripped to check that the rule's query
# itself selects series; otherwise a renamed metric would silently never fire.
THRESHOLD = re.compile(r"\s*(?:==|!=|>=|<=|>|<)\s*-?\d+(?:\.\d+)?")


def _binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (deploy/install-test-deps.sh installs it)")
    return path


def dashboard_queries() -> list[tuple[str, str]]:
    """(panel title, PromQL) for every target of the dashboard, variables filled in."""
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    queries = []
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            expr = target["expr"]
            for variable, value in GRAFANA_VARIABLES.items():
                expr = expr.replace(variable, value)
            queries.append((f"panel {panel['title']!r} {target['refId']}", expr))
    return queries


def rule_queries() -> list[tuple[str, str]]:
    """(alert name, PromQL without its thresholds) for every alerting rule."""
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    return [
        (f"rule {rule['alert']}", THRESHOLD.sub("", rule["expr"]))
        for group in rules["groups"]
        for rule in group["rules"]
    ]


def _traffic() -> list[bytes]:
    articles = SEEDS.read_bytes().splitlines()
    first = json.loads(articles[0])
    copy = {**first, "id": "exact-copy-of-first", "url": "https://example.com/copy/1"}
    invalid = [b"{broken", b"\xff\xfe", b"[1, 2]", json.dumps({"source": "s"}).encode()]
    return [*articles, articles[0], json.dumps(copy).encode(), *invalid]


class Prometheus:
    """A Prometheus server on a free loopback port with its own storage."""

    def __init__(self, config: Path, storage: Path, log: Path) -> None:
        self.port = free_port()
        self.config, self.storage, self.log_path = config, storage, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    _binary("prometheus"),
                    f"--config.file={self.config}",
                    f"--storage.tsdb.path={self.storage}",
                    f"--web.listen-address=127.0.0.1:{self.port}",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prometheus exited:\n{self.log_path.read_text()}")
            try:
                ready = self.url("/-/ready")
                with urllib.request.urlopen(ready, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.25)
        raise TimeoutError(f"prometheus not ready:\n{self.log_path.read_text()}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def query(self, expr: str) -> dict[str, Any]:
        """The API's answer to an instant query; errors come back as ``status: error``."""
        url = self.url("/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
        try:
            # Only ever http://127.0.0.1 built above.
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
                return dict(json.load(response))
        except urllib.error.HTTPError as error:
            return dict(json.load(error))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def worker(kafka_bootstrap: str, tmp_path: Path) -> Iterator[WorkerProcess]:
    deployment = FigwatchDeployment(kafka_bootstrap)
    deployment.create_topics()
    # What is measured here does not depend on the guarantee, and at-least-once moves the
    # traffic through every stage within seconds where exactly-once stalls (see the report).
    process = WorkerProcess(
        deployment,
        tmp_path / "worker",
        {"FIGWATCH_PROCESSING_GUARANTEE": "at_least_once"},
    )
    process.start()
    yield process
    process.stop()


@pytest.fixture
def prometheus(worker: WorkerProcess, tmp_path: Path) -> Iterator[Prometheus]:
    config = tmp_path / "prometheus.yml"
    config.write_text(
        yaml.safe_dump(
            {
                "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
                "rule_files": [str(RULES)],
                "scrape_configs": [
                    {
                        "job_name": "figwatch",
                        "static_configs": [{"targets": [f"127.0.0.1:{worker.port}"]}],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    server = Prometheus(config, tmp_path / "tsdb", tmp_path / "prometheus.log")
    server.start()
    yield server
    server.stop()


def _wait_for_alert(worker: WorkerProcess, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if re.search(r"^figwatch_alerts_emitted_total\{[^}]*\} [1-9]", worker.metrics(), re.M):
            return
        time.sleep(1)
    raise TimeoutError(f"no alert after {timeout}s:\n{worker.log()[-4000:]}")


def _outcomes(server: Prometheus, queries: list[tuple[str, str]]) -> dict[str, str]:
    """For each query that fails, why: an API error or an empty result."""
    failures = {}
    for name, expr in queries:
        answer = server.query(expr)
        if answer.get("status") != "success":
            failures[name] = f"{expr}\n  error: {answer.get('error')}"
        elif not answer["data"]["result"]:
            failures[name] = f"{expr}\n  returned no series"
    return failures


def test_every_dashboard_and_rule_query_returns_series_from_a_live_worker(
    worker: WorkerProcess, prometheus: Prometheus, produce
) -> None:
    produce(worker.deployment.topic("articles"), _traffic())
    _wait_for_alert(worker, timeout=180)

    queries = dashboard_queries() + rule_queries()
    # Rates and derivatives need two scrapes after the traffic; poll until they have them.
    deadline = time.monotonic() + 60
    failures = _outcomes(prometheus, queries)
    while failures and time.monotonic() < deadline:
        time.sleep(2)
        failures = _outcomes(prometheus, queries)
    assert not failures, "\n".join(f"{name}: {why}" for name, why in failures.items())


@pytest.mark.parametrize(
    ("command", "path"),
    [("config", PROMETHEUS_CONFIG), ("rules", RULES)],
    ids=["config", "rules"],
)
def test_promtool_accepts_the_shipped_configuration(command: str, path: Path) -> None:
    result = subprocess.run(
        [_binary("promtool"), "check", command, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
