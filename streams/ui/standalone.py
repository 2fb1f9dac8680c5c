"""``figwatch ui`` without Kafka: replay files on the embedded pipeline and serve the page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from aiohttp import web

from schemas.dead_letter import DeadLetter
from schemas.figure import FigureHistory
from streams.figures.rules import ChangeRules
from streams.figures.tracker import FigureTracker
from streams.ingest.files import Defaults, read_records
from streams.pipeline import build_embedded_pipeline
from streams.replay import replay
from streams.settings import Settings
from streams.ui.assets import PAGES, STATIC_PREFIX, UI_ROOT, static_file
from streams.ui.recent import RecentAlerts, parse_since
from streams.ui.shape import figure_detail, figure_index
from streams.validation import Limits


@dataclass
class ReplayResults:
    """What a replay left behind: every figure history, the claims' words, the alerts."""

    rules: ChangeRules
    histories: dict[str, FigureHistory] = field(default_factory=dict)
    concept_words: dict[str, str] = field(default_factory=dict)
    """Claim id -> the words the article used for what is counted."""
    alerts: RecentAlerts = field(default_factory=lambda: RecentAlerts(capacity=10_000))
    articles: int = 0
    rejected: int = 0


def replay_results(paths: Iterable[Path], settings: Settings) -> ReplayResults:
    """Run the embedded pipeline over ``paths`` exactly as ``figwatch replay`` does."""
    rules = ChangeRules.from_settings(settings)
    tracker = FigureTracker(rules)
    pipeline = replace(build_embedded_pipeline(settings), figures=tracker)
    results = ReplayResults(rules=rules)
    records = read_records(list(paths), Defaults(), max_message_bytes=settings.max_message_bytes)
    for item in replay(records, pipeline, Limits.from_settings(settings)):
        if isinstance(item, DeadLetter):
            results.rejected += 1
            continue
        results.articles += 1
        for claim in item.claims:
            if claim.concept_text:
                results.concept_words[claim.claim_id] = claim.concept_text
        for alert in item.alerts:
            results.alerts.append(alert)
    for key in tracker.store:
        history = tracker.history(key)
        if history is not None:
            results.histories[key] = history
    return results


def create_ui_app(results: ReplayResults) -> web.Application:
    """The aiohttp application serving the page and its JSON API over ``results``."""

    async def root(_request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(UI_ROOT)

    async def page(request: web.Request) -> web.StreamResponse:
        return _static(PAGES[request.path])

    async def static(request: web.Request) -> web.StreamResponse:
        return _static(request.match_info["name"])

    async def figures(_request: web.Request) -> web.StreamResponse:
        known = results.alerts.by_id()
        histories = results.histories.values()
        return web.json_response(
            figure_index(histories, results.rules, known, results.concept_words)
        )

    async def figure(request: web.Request) -> web.StreamResponse:
        key = request.match_info["metric_key"]
        history = results.histories.get(key)
        if history is None:
            return web.json_response({"error": "unknown metric key", "metric_key": key}, status=404)
        known = results.alerts.by_id()
        return web.json_response(
            figure_detail(history, results.rules, known, results.concept_words)
        )

    async def alerts(request: web.Request) -> web.StreamResponse:
        return web.json_response(results.alerts.since(parse_since(request.query.get("since"))))

    app = web.Application()
    app.router.add_get("/", root)
    for path in PAGES:
        app.router.add_get(path, page)
    app.router.add_get(STATIC_PREFIX + "{name}", static)
    app.router.add_get("/api/figures", figures)
    app.router.add_get("/api/figures/{metric_key}", figure)
    app.router.add_get("/api/alerts", alerts)
    return app


def _static(name: str) -> web.Response:
    found = static_file(name)
    if found is None:
        raise web.HTTPNotFound(text=f"no such file: {name}")
    body, content_type = found
    return web.Response(body=body, headers={"Content-Type": content_type})
