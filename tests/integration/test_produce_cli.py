"""`figwatch produce` run as a user runs it, into real topics, read back with a consumer."""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from schemas.article import Article
from tests.conftest import REPO, make_article_data

pytestmark = pytest.mark.kafka

FEEDS = REPO / "tests" / "data" / "feeds"
SEEDS = REPO / "seeds"


def figwatch(*args: str, broker: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIGWATCH_BROKER": broker, "FIGWATCH_LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [sys.executable, "-m", "streams", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def _seed_urls() -> set[str]:
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    lines = (SEEDS / "en" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return {a["url"] for a in manifest["articles"]} | {json.loads(x)["url"] for x in lines if x}


def _txt_with_manifest(tmp: Path) -> tuple[list[str], set[str]]:
    (tmp / "news").mkdir()
    (tmp / "news" / "a.txt").write_text("عنوان أ\nقتل 12 شخصا في الحادث.\n", encoding="utf-8")
    (tmp / "news" / "b.txt").write_text("Headline B\nAbout 40 people were hurt.\n")
    manifest = {
        "articles": [
            {"file": "news/a.txt", "source": "Wire A", "url": "https://e.com/a", "language": "ar"},
            {"file": "news/b.txt", "source": "Wire B", "url": "https://e.com/b"},
        ]
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return [str(tmp / "news" / "a.txt"), str(tmp / "news" / "b.txt")], {
        "https://e.com/a",
        "https://e.com/b",
    }


def _json_list(tmp: Path) -> tuple[list[str], set[str]]:
    urls = [f"https://e.com/json/{n}" for n in range(3)]
    path = tmp / "list.json"
    path.write_text(json.dumps([make_article_data(url=u) for u in urls]), encoding="utf-8")
    return [str(path)], set(urls)


def _jsonl(tmp: Path) -> tuple[list[str], set[str]]:
    urls = [f"https://e.com/jsonl/{n}" for n in range(4)]
    path = tmp / "a.jsonl"
    path.write_text("\n".join(json.dumps(make_article_data(url=u)) for u in urls) + "\n")
    return [str(path)], set(urls)


def _seeds_dir(_tmp: Path) -> tuple[list[str], set[str]]:
    return [str(SEEDS)], _seed_urls()


def _feed(name: str) -> Callable[[Path], tuple[list[str], set[str]]]:
    def build(_tmp: Path) -> tuple[list[str], set[str]]:
        text = (FEEDS / name).read_text(encoding="utf-8")
        urls = {line.split('"')[1] for line in text.splitlines() if '<link href="' in line}
        urls |= {
            line.strip().removeprefix("<link>").removesuffix("</link>")
            for line in text.splitlines()
            if line.strip().startswith("<link>")
        }
        # The channel's and the feed's own links are not entries.
        urls -= {"https://example.com/levant-wire", "https://example.com/al-ofuq"}
        return [str(FEEDS / name)], urls

    return build


INPUTS = {
    "txt_with_manifest": _txt_with_manifest,
    "json_list": _json_list,
    "jsonl": _jsonl,
    "directory": _seeds_dir,
    "rss_file": _feed("sample.rss"),
    "atom_file": _feed("sample.atom"),
}


@pytest.mark.parametrize("kind", list(INPUTS))
def test_produce_sends_every_article_keyed_by_its_id(
    kind: str, tmp_path: Path, kafka_bootstrap: str, new_topic, consume_all
) -> None:
    targets, urls = INPUTS[kind](tmp_path)
    topic = new_topic()
    result = figwatch("produce", *targets, "--topic", topic, broker=kafka_bootstrap)
    assert result.returncode == 0, result.stderr
    assert f"sent {len(urls)} to {topic}, rejected 0" in result.stderr

    records = consume_all(topic, count=len(urls), timeout=60)
    articles = [Article.model_validate_json(r.value) for r in records]
    assert {a.url for a in articles} == urls
    assert [r.key for r in records] == [a.id.encode() for a in articles]
    assert len({a.id for a in articles}) == len(urls)


def test_produce_from_the_manifest_fills_source_and_keeps_missing_dates_missing(
    tmp_path: Path, kafka_bootstrap: str, new_topic, consume_all
) -> None:
    targets, _ = _txt_with_manifest(tmp_path)
    topic = new_topic()
    result = figwatch("produce", *targets, "--topic", topic, broker=kafka_bootstrap)
    assert result.returncode == 0, result.stderr
    sent = {json.loads(r.value)["url"]: json.loads(r.value) for r in consume_all(topic, count=2)}
    assert sent["https://e.com/a"]["source"] == "Wire A"
    assert sent["https://e.com/b"]["title"] == "Headline B"
    assert "published_at" not in sent["https://e.com/a"]


@pytest.fixture
def feed_server() -> Iterator[str]:
    """The sample feeds over HTTP on loopback, from a thread."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(FEEDS))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_produce_fetches_a_feed_url_and_reports_one_that_fails(
    feed_server: str, kafka_bootstrap: str, new_topic, consume_all
) -> None:
    topic = new_topic()
    result = figwatch(
        "produce",
        f"{feed_server}/sample.atom",
        f"{feed_server}/missing.rss",
        "--source",
        "Atom Over HTTP",
        "--topic",
        topic,
        broker=kafka_bootstrap,
    )
    assert result.returncode == 1
    assert f"rejected {feed_server}/missing.rss: validation: cannot fetch: HTTP Error 404" in (
        result.stderr
    )
    articles = [Article.model_validate_json(r.value) for r in consume_all(topic, count=2)]
    assert sorted(a.id for a in articles) == [
        "tag:example.com,2018:al-ofuq/batna-1034",
        "tag:example.com,2018:al-ofuq/kassala",
    ]
    assert {a.source for a in articles} == {"Atom Over HTTP"}
    assert all(a.fetched_at is not None for a in articles)


def test_rejected_records_are_reported_with_file_and_line_and_the_rest_is_sent(
    tmp_path: Path, kafka_bootstrap: str, new_topic, consume_all
) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps(make_article_data(url="https://e.com/ok/1")),
        json.dumps(make_article_data(url="https://e.com/blank", body=" ")),
        "{not json",
        json.dumps(make_article_data(url="https://e.com/naive", published_at="2018-01-01T00:00")),
        json.dumps(make_article_data(url="https://e.com/ok/2")),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    topic = new_topic()
    result = figwatch("produce", str(path), "--topic", topic, broker=kafka_bootstrap)

    assert result.returncode == 1
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected ")]
    assert [line.split(": ")[0] for line in rejected] == [
        f"rejected {path}:2",
        f"rejected {path}:3",
        f"rejected {path}:4",
    ]
    assert "body is blank" in rejected[0]
    assert "invalid JSON" in rejected[1]
    assert "timezone" in rejected[2]
    assert "sent 2 to" in result.stderr and "rejected 3" in result.stderr
    urls = {Article.model_validate_json(r.value).url for r in consume_all(topic, count=2)}
    assert urls == {"https://e.com/ok/1", "https://e.com/ok/2"}


def test_key_option_keys_messages_by_another_field(
    kafka_bootstrap: str, new_topic, consume_all
) -> None:
    topic = new_topic()
    result = figwatch(
        "produce",
        str(FEEDS / "sample.rss"),
        "--key",
        "url",
        "--topic",
        topic,
        broker=kafka_bootstrap,
    )
    assert result.returncode == 0, result.stderr
    records = consume_all(topic, count=3)
    assert all(r.key == json.loads(r.value)["url"].encode() for r in records)
