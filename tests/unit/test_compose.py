"""docker-compose.yml is valid and wires Kafka, topics, the worker, Prometheus and Grafana."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
FIGWATCH_TOPICS = [
    "figwatch-articles",
    "figwatch-articles-valid",
    "figwatch-articles-unique",
    "figwatch-duplicates",
    "figwatch-claims",
    "figwatch-alerts",
    "figwatch-dead-letters",
]


def _compose_config() -> dict[str, Any]:
    """The resolved compose model, from Compose v2 (JSON) or else Compose v1 (YAML)."""
    docker = shutil.which("docker")
    if docker is not None:
        has_v2 = subprocess.run(
            [docker, "compose", "version"], capture_output=True, check=False
        ).returncode
        if has_v2 == 0:
            out = subprocess.run(
                [docker, "compose", "config", "--format", "json"],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            return dict(json.loads(out))
    legacy = shutil.which("docker-compose")
    if legacy is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed")
    yaml = pytest.importorskip("yaml", reason="Compose v1 prints YAML only")
    out = subprocess.run(
        [legacy, "config"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    return dict(yaml.safe_load(out))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return _compose_config()


def _mounts(service: dict[str, Any]) -> set[tuple[str, str]]:
    """(source, target) pairs, from v2's long volume syntax or v1's short one."""
    pairs = set()
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        else:
            source, target = volume["source"], volume["target"]
        pairs.add((source, target))
    return pairs


def _env(service: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in (service.get("environment") or {}).items()}


def _bindings(service: dict[str, Any]) -> set[tuple[str, int]]:
    """(host address, host port) of each published port: v2's long syntax or v1's string."""
    pairs = set()
    for port in service.get("ports", []):
        if isinstance(port, str):
            parts = port.split("/")[0].split(":")
            host_ip, published = (parts[0], parts[1]) if len(parts) == 3 else ("", parts[0])
        else:
            host_ip, published = port.get("host_ip", ""), port["published"]
        pairs.add((host_ip, int(published)))
    return pairs


def _command_text(service: dict[str, Any]) -> str:
    command = service.get("command", "")
    return command if isinstance(command, str) else " ".join(command)


def test_compose_defines_exactly_the_figwatch_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"kafka", "kafka-init", "figwatch", "prometheus", "grafana"}


def test_kafka_is_single_node_kraft_with_internal_and_host_listeners(
    compose: dict[str, Any],
) -> None:
    kafka = compose["services"]["kafka"]
    env = _env(kafka)

    assert kafka["image"].startswith("apache/kafka:3.9.")
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith(f"{env['KAFKA_NODE_ID']}@kafka:")
    assert set(env["KAFKA_ADVERTISED_LISTENERS"].split(",")) == {
        "INTERNAL://kafka:29092",
        "HOST://localhost:9092",
    }
    assert env["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"] == "1"
    assert env["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"] == "1"
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    assert (env["KAFKA_LOG_DIRS"]) in {target for _, target in _mounts(kafka)}


@pytest.mark.parametrize(
    ("service", "port"),
    [("kafka", 9092), ("figwatch", 6066), ("prometheus", 9090), ("grafana", 3000)],
)
def test_each_port_is_published_on_loopback_only(
    compose: dict[str, Any], service: str, port: int
) -> None:
    # Kafka is PLAINTEXT without authentication: exposing any of these is a deliberate override.
    assert _bindings(compose["services"][service]) == {("127.0.0.1", port)}


def test_no_other_service_publishes_a_port(compose: dict[str, Any]) -> None:
    published = {name for name, service in compose["services"].items() if service.get("ports")}
    assert published == {"kafka", "figwatch", "prometheus", "grafana"}


@pytest.mark.parametrize("topic", FIGWATCH_TOPICS)
def test_topic_setup_creates_each_figwatch_topic(compose: dict[str, Any], topic: str) -> None:
    init = compose["services"]["kafka-init"]
    command = _command_text(init)

    assert topic in re.findall(r"[\w-]+", command)
    assert "--partitions 4" in command
    assert "kafka:29092" in command
    assert init["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_worker_runs_figwatch_against_the_internal_listener(compose: dict[str, Any]) -> None:
    worker = compose["services"]["figwatch"]
    env = _env(worker)

    assert worker["build"]["dockerfile"] == "deploy/Dockerfile"
    assert _command_text(worker) == "figwatch worker"
    assert env["FIGWATCH_BROKER"] == "kafka://kafka:29092"
    assert env["FIGWATCH_WEB_BIND"] == "0.0.0.0"  # noqa: S104 - the container must be scraped
    assert worker["depends_on"]["kafka-init"]["condition"] == "service_completed_successfully"
    # Faust's own views (raw table values, the cluster's layout) stay off.
    assert env.get("FIGWATCH_DEBUG_ROUTES", "false") == "false"


@pytest.mark.parametrize(
    ("service", "host_dir", "target", "required_files"),
    [
        (
            "prometheus",
            "deploy/prometheus",
            "/etc/prometheus",
            ["prometheus.yml", "rules.yml"],
        ),
        (
            "grafana",
            "deploy/grafana/provisioning",
            "/etc/grafana/provisioning",
            ["datasources/prometheus.yml", "dashboards/figwatch.yml"],
        ),
        (
            "grafana",
            "deploy/grafana/dashboards",
            "/var/lib/grafana/dashboards",
            ["figwatch.json"],
        ),
    ],
)
def test_observability_config_is_mounted_from_deploy(
    compose: dict[str, Any],
    service: str,
    host_dir: str,
    target: str,
    required_files: list[str],
) -> None:
    assert (str(REPO / host_dir), target) in _mounts(compose["services"][service])
    for name in required_files:
        assert (REPO / host_dir / name).is_file()


def test_prometheus_scrapes_the_worker_web_port(compose: dict[str, Any]) -> None:
    yaml = pytest.importorskip("yaml")
    config = yaml.safe_load((REPO / "deploy/prometheus/prometheus.yml").read_text())
    port = _env(compose["services"]["figwatch"])["FIGWATCH_WEB_PORT"]

    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    targets = [t for group in jobs["figwatch"]["static_configs"] for t in group["targets"]]

    assert targets == [f"figwatch:{port}"]
    assert "prometheus" in jobs
    assert config["rule_files"] == ["rules.yml"]


def test_grafana_opens_read_only_on_the_provisioned_dashboard_and_nobody_signs_in(
    compose: dict[str, Any],
) -> None:
    yaml = pytest.importorskip("yaml")
    grafana = compose["services"]["grafana"]
    env = _env(grafana)
    provider = yaml.safe_load(
        (REPO / "deploy/grafana/provisioning/dashboards/figwatch.yml").read_text()
    )["providers"][0]
    datasource = yaml.safe_load(
        (REPO / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text()
    )["datasources"][0]
    dashboard = json.loads((REPO / "deploy/grafana/dashboards/figwatch.json").read_text())

    assert env["GF_AUTH_ANONYMOUS_ENABLED"] == "true"
    assert env["GF_AUTH_ANONYMOUS_ORG_ROLE"] == "Viewer"
    assert env["GF_AUTH_DISABLE_LOGIN_FORM"] == "true"
    assert env["GF_AUTH_BASIC_ENABLED"] == "false"
    assert "GF_SECURITY_ADMIN_PASSWORD" not in env
    assert provider["options"]["path"] == "/var/lib/grafana/dashboards"
    assert env["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"].startswith(
        provider["options"]["path"] + "/"
    )
    assert datasource["url"] == "http://prometheus:9090"
    assert "prometheus" in compose["services"]
    assert all(
        target["datasource"]["uid"] == datasource["uid"]
        for panel in dashboard["panels"]
        for target in panel["targets"]
    )
    assert any(
        "figwatch_articles_received_total" in target["expr"]
        for panel in dashboard["panels"]
        for target in panel["targets"]
    )
