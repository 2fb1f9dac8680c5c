"""The worker's HTTP views: figure histories and figure search (``/figures``)."""

from __future__ import annotations

from typing import Any

from faust import web

from streams.figures.query import figure_entry, history_view, search_figures
from streams.figures.rules import ChangeRules
from streams.figures.tracker import load_history
from streams.settings import get_settings
from streams.worker import tables
from streams.worker.app import app

_rules = ChangeRules.from_settings(get_settings())


@app.page("/figures")
async def figures_index(self: web.View, request: web.Request) -> web.Response:
    """This worker's figures matching ``?q=`` (all when empty), each named with its story.

    ``?story=earthquake|morocco`` lists only that story's figures (a figure's story is that
    of its latest report), so a client can show one story's figures together.
    """
    query = request.query.get("q", "")
    story = request.query.get("story") or None
    histories = (load_history(value) for value in tables.figures.values() if value)
    entries = (figure_entry(h) for h in histories if h is not None)
    matches = search_figures(entries, query, story)
    body = {"query": query, "story": story, "figures": [m.model_dump(mode="json") for m in matches]}
    return self.json(body)


@app.page("/figures/{metric_key}")
@tables.figure_route
async def figure_detail(self: web.View, request: web.Request, metric_key: str) -> web.Response:
    """History and current figure of one metric key, from the worker that holds it."""
    history = load_history(tables.figures.get(metric_key))
    if history is None:
        body: dict[str, Any] = {"error": "unknown metric key", "metric_key": metric_key}
        return self.json(body, status=404)
    return self.json(history_view(history, _rules))
