"""The Grafana dashboard, its provisioning and the Prometheus rules fit together."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from prometheus_client import REGISTRY

import streams.worker.metrics  # noqa: F401  (registers figwatch's metrics in the default registry)

REPO = Path(__file__).resolve().parents[2]
DASHBOARD = REPO / "deploy" / "grafana" / "dashboards" / "figwatch.json"
DATASOURCES = REPO / "deploy" / "grafana" / "provisioning" / "datasources" / "prometheus.yml"
PROVIDERS = REPO / "deploy" / "grafana" / "provisioning" / "dashboards" / "figwatch.yml"
RULES = REPO / "deploy" / "prometheus" / "rules.yml"
METRIC_NAME = re.compile(r"\b(figwatch_[a-z_]+)")
# prometheus-client adds these suffixes to what it exports.
SUFFIXES = ("_total", "_bucket", "_count", "_sum", "_info", "_created")


def _dashboard() -> dict[str, Any]:
    return dict(json.loads(DASHBOARD.read_text(encoding="utf-8")))


def _exported_names() -> set[str]:
    names = set()
    for metric in REGISTRY.collect():
        names.add(metric.name)
        names.update(sample.name for sample in metric.samples)
    return names


def _base(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _expressions() -> list[str]:
    exprs = [t["expr"] for p in _dashboard()["panels"] for t in p["targets"]]
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    return exprs + [r["expr"] for g in rules["groups"] for r in g["rules"]]


def test_panels_use_the_provisioned_datasource() -> None:
    uids = {d["uid"] for d in yaml.safe_load(DATASOURCES.read_text())["datasources"]}
    for panel in _dashboard()["panels"]:
        assert panel["datasource"]["uid"] in uids, panel["title"]
        assert all(t["datasource"]["uid"] in uids for t in panel["targets"]), panel["title"]


def test_panel_ids_are_unique_and_every_panel_has_a_query() -> None:
    panels = _dashboard()["panels"]
    assert len({p["id"] for p in panels}) == len(panels)
    assert all(p["targets"] and all(t["expr"].strip() for t in p["targets"]) for p in panels)


def test_panels_do_not_overlap() -> None:
    cells: set[tuple[int, int]] = set()
    for panel in _dashboard()["panels"]:
        pos = panel["gridPos"]
        assert pos["x"] + pos["w"] <= 24, panel["title"]
        area = {
            (x, y)
            for x in range(pos["x"], pos["x"] + pos["w"])
            for y in range(pos["y"], pos["y"] + pos["h"])
        }
        assert not cells & area, panel["title"]
        cells |= area


def test_every_figwatch_metric_queried_is_defined() -> None:
    exported = {_base(name) for name in _exported_names()}
    for expr in _expressions():
        for name in METRIC_NAME.findall(expr):
            if name.startswith("figwatch_faust_"):
                continue  # Faust's own, registered when the worker starts
            assert _base(name) in exported, (name, expr)


def test_dashboard_covers_the_pipeline() -> None:
    queried = " ".join(_expressions())
    for metric in (
        "figwatch_stage_seconds_count",
        "figwatch_articles_duplicate_total",
        "figwatch_dead_letters_total",
        "figwatch_claims_extracted_total",
        "figwatch_alerts_emitted_total",
        "figwatch_ingest_to_alert_seconds_bucket",
        "figwatch_stage_seconds_bucket",
        "figwatch_consumer_lag",
        "up{",
    ):
        assert metric in queried, metric


def test_provider_loads_the_directory_compose_mounts_the_dashboards_in() -> None:
    provider = yaml.safe_load(PROVIDERS.read_text())["providers"][0]
    assert provider["options"]["path"] == "/var/lib/grafana/dashboards"
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    grafana = compose["services"]["grafana"]
    assert "./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro" in grafana["volumes"]
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home == f"/var/lib/grafana/dashboards/{DASHBOARD.name}"


def test_every_rule_says_what_it_means() -> None:
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    for rule in (r for g in rules["groups"] for r in g["rules"]):
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]
