"""The worker's HTTP views: figure histories and key search (``/figures``)."""

from __future__ import annotations

from typing import Any

from faust import web

from streams import tables
from streams.app import app
from streams.figures.query import history_view, search_keys
from streams.figures.rules import ChangeRules
from streams.figures.tracker import load_history
from streams.settings import get_settings

_rules = ChangeRules.from_settings(get_settings())


@app.page("/figures")
async def figures_index(self: web.View, request: web.Request) -> web.Response:
    """Tracked metric keys held by this worker matching ``?q=`` (all when empty)."""
    query = request.query.get("q", "")
    entries = [
        (str(key), str(value.get("label", ""))) for key, value in tables.figures.items() if value
    ]
    matches = search_keys(entries, query)
    return self.json({"query": query, "figures": [m.model_dump(mode="json") for m in matches]})


@app.page("/figures/{metric_key}")
@app.table_route(table=tables.figures_table, match_info="metric_key")
async def figure_detail(self: web.View, request: web.Request, metric_key: str) -> web.Response:
    """History and current figure of one metric key, from the worker that holds it."""
    history = load_history(tables.figures.get(metric_key))
    if history is None:
        body: dict[str, Any] = {"error": "unknown metric key", "metric_key": metric_key}
        return self.json(body, status=404)
    return self.json(history_view(history, _rules))
