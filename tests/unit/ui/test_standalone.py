"""`figwatch ui`'s server over a replay of seeds/: pages, static files and the JSON API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import pytest
from aiohttp.test_utils import TestClient, TestServer

from streams.settings import Settings
from streams.ui.assets import static_file
from streams.ui.standalone import ReplayResults, create_ui_app, replay_results

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


@pytest.fixture(scope="module")
def results() -> ReplayResults:
    return replay_results([SEEDS], Settings())


@pytest.fixture
async def client(results: ReplayResults) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_ui_app(results))) as test_client:
        yield test_client


def test_replay_keeps_histories_words_and_alerts(results: ReplayResults) -> None:
    assert results.articles == 22
    assert results.alerts.latest >= 4
    assert any("foreign fighters joined ISIS" in h.label for h in results.histories.values())
    assert "مقاتل" in results.concept_words.values()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/ui/", "text/html"),
        ("/ui/figure", "text/html"),
        ("/ui/static/plot.js", "text/javascript"),
        ("/ui/static/ui.css", "text/css"),
    ],
)
async def test_pages_and_assets_are_served_with_their_type(
    client: TestClient, path: str, content_type: str
) -> None:
    response = await client.get(path)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith(content_type)


@pytest.mark.parametrize("name", ["../standalone.py", "..%2Fstandalone.py", "missing.js", ""])
async def test_only_shipped_static_files_are_served(client: TestClient, name: str) -> None:
    response = await client.get(f"/ui/static/{name}")
    assert response.status == 404
    assert static_file(name) is None


async def test_root_redirects_to_the_index(client: TestClient) -> None:
    response = await client.get("/", allow_redirects=False)
    assert (response.status, response.headers["Location"]) == (302, "/ui/")


async def test_api_serves_index_figure_and_alert_feed(
    client: TestClient, results: ReplayResults
) -> None:
    index = await (await client.get("/api/figures")).json()
    keys = [row["metric_key"] for story in index["stories"] for row in story["figures"]]
    assert sorted(keys) == sorted(results.histories)
    isis = next(s for s in index["stories"] if s["story_key"] == "isis|syria_iraq")
    assert isis["story"] == "ISIS in Syria and Iraq, Apr 2017"
    fighters = next(
        row["metric_key"]
        for row in isis["figures"]
        if row["quantity"] == "foreign fighters joined ISIS"
    )
    figure = await (await client.get(f"/api/figures/{quote(fighters, safe='')}")).json()
    assert [m["change"] for m in figure["markers"]] == ["+33%"]
    assert (figure["story_key"], figure["quantity"]) == (
        "isis|syria_iraq",
        isis["figures"][0]["quantity"],
    )
    feed = await (await client.get("/api/alerts?since=0")).json()
    assert feed["latest"] == results.alerts.latest == len(feed["alerts"])
    later = await (await client.get(f"/api/alerts?since={feed['latest']}")).json()
    assert later["alerts"] == []


async def test_unknown_figure_is_a_404_with_the_key(client: TestClient) -> None:
    response = await client.get("/api/figures/no%7Csuch%7Ckey")
    assert response.status == 404
    assert (await response.json())["metric_key"] == "no|such|key"
