"""The worker's timeline page: the same page and JSON API as ``figwatch ui``, over its tables.

The worker answers for the figures held by its own table partitions, as ``/figures`` does;
``/api/figures/{metric_key}`` is routed to the worker that holds the key.
"""

from __future__ import annotations

from faust import web

from streams.figures.rules import ChangeRules
from streams.figures.tracker import load_history
from streams.settings import get_settings
from streams.ui.assets import PAGES, STATIC_PREFIX, static_file
from streams.ui.recent import RecentAlerts, parse_since
from streams.ui.shape import figure_detail, figure_index
from streams.worker import tables
from streams.worker.agents import figures as figures_agent
from streams.worker.app import app

_rules = ChangeRules.from_settings(get_settings())

recent_alerts = RecentAlerts()
"""The alerts this worker sent, newest last: the figures agent appends each one it sends."""
figures_agent.alert_listeners.append(recent_alerts.append)


def _file(view: web.View, name: str) -> web.Response:
    found = static_file(name)
    if found is None:
        return view.text(f"no such file: {name}", status=404)
    body, content_type = found
    # aiohttp refuses a charset inside ``content_type=``; the full header carries it.
    return view.bytes(body, headers={"Content-Type": content_type})


@app.page("/ui/")
async def index_page(self: web.View, request: web.Request) -> web.Response:
    """The index of tracked figures."""
    return _file(self, PAGES["/ui/"])


@app.page("/ui/figure")
async def figure_page(self: web.View, request: web.Request) -> web.Response:
    """The page of one figure (``?key=``): timeline, alerts and evidence."""
    return _file(self, PAGES["/ui/figure"])


@app.page(STATIC_PREFIX + "{name}")
async def static(self: web.View, request: web.Request, name: str) -> web.Response:
    """The page's scripts and style sheet."""
    return _file(self, name)


@app.page("/api/figures")
async def api_figures(self: web.View, request: web.Request) -> web.Response:
    """The index rows of the figures this worker holds."""
    histories = [load_history(value) for value in tables.figures.values() if value]
    return self.json(
        figure_index((h for h in histories if h is not None), _rules, recent_alerts.by_id())
    )


@app.page("/api/figures/{metric_key}")
@tables.figure_route
async def api_figure(self: web.View, request: web.Request, metric_key: str) -> web.Response:
    """One figure's history, alerts and evidence, from the worker that holds it."""
    history = load_history(tables.figures.get(metric_key))
    if history is None:
        return self.json({"error": "unknown metric key", "metric_key": metric_key}, status=404)
    return self.json(figure_detail(history, _rules, recent_alerts.by_id()))


@app.page("/api/alerts")
async def api_alerts(self: web.View, request: web.Request) -> web.Response:
    """The latest alerts this worker sent after ``?since=`` (a number from an earlier answer)."""
    return self.json(recent_alerts.since(parse_since(request.query.get("since"))))
