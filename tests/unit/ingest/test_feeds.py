from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.article import Article
from streams.clients.feeds import fetch_feed, html_to_text, is_url, local_path, read_feed
from streams.ingest.files import Defaults

FEEDS = Path(__file__).resolve().parents[2] / "data" / "feeds"


def _records(name: str, defaults: Defaults | None = None) -> list[dict]:
    records = list(read_feed((FEEDS / name).read_bytes(), name, defaults))
    assert all(r.error is None and r.data is not None for r in records)
    return [r.data for r in records if r.data is not None]


def test_rss_items_map_to_articles_with_content_as_text() -> None:
    first, second, undated = _records("sample.rss")
    assert first == {
        "source": "Levant Wire",
        "title": "Officials: about 40,000 foreign fighters joined ISIS",
        "url": "https://example.com/levant-wire/2018/02/05/foreign-fighters",
        "id": "levant-wire-2018-02-05-foreign-fighters",
        "body": "About 40,000 foreign fighters from more than 120 countries joined ISIS in Syria "
        "and Iraq, officials said.\n\nMore than 5,000 Europeans were among them & about 1,500 "
        "have returned.",
        "published_at": "2018-02-05T18:00:00+00:00",
        "language": "en",
    }
    assert second["id"] == second["url"], "an item without a guid is identified by its link"
    assert second["body"].startswith("The death toll of the Batna earthquake")
    assert "published_at" not in undated, "no date is invented for an undated entry"


def test_atom_entries_take_published_then_updated_in_utc_and_the_feed_language() -> None:
    batna, kassala = _records("sample.atom")
    assert batna["source"] == "صحيفة الأفق"
    assert batna["id"] == "tag:example.com,2018:al-ofuq/batna-1034"
    assert batna["published_at"] == "2018-03-15T09:00:00+00:00"
    assert batna["body"].endswith("وأصيب نحو ألفين وخمسمئة شخص.")
    assert kassala["published_at"] == "2018-08-14T13:00:00+00:00"
    assert {batna["language"], kassala["language"]} == {"ar"}


@pytest.mark.parametrize("name", ["sample.rss", "sample.atom"])
def test_every_sample_entry_validates_as_an_article(name: str) -> None:
    for data in _records(name):
        Article.model_validate(data)


def test_source_option_replaces_the_feed_title_and_other_defaults_only_fill_gaps() -> None:
    when = datetime(2020, 1, 2, 3, 4, tzinfo=UTC)
    records = _records("sample.rss", Defaults(source="Wire X", language="fr", published_at=when))
    assert {r["source"] for r in records} == {"Wire X"}
    assert [r["language"] for r in records] == ["en", "en", "en"]
    assert [r["published_at"] for r in records] == [
        "2018-02-05T18:00:00+00:00",
        "2018-03-13T11:00:00+00:00",
        when.isoformat(),
    ]


def test_fetched_at_is_stamped_on_every_entry_when_given() -> None:
    when = datetime(2024, 5, 6, tzinfo=UTC)
    records = list(read_feed((FEEDS / "sample.atom").read_bytes(), "x", fetched_at=when))
    assert {r.data["fetched_at"] for r in records if r.data} == {when.isoformat()}


@pytest.mark.parametrize(
    "document",
    [b"", b"not a feed at all", b"<html><body><p>a page</p></body></html>", b"<rss><channel>"],
)
def test_a_document_without_entries_is_one_error_record(document: bytes) -> None:
    [record] = read_feed(document, "bad.xml")
    assert record.data is None and record.error is not None
    assert record.where == "bad.xml"


def test_entries_are_numbered_from_one_for_messages() -> None:
    records = list(read_feed((FEEDS / "sample.rss").read_bytes(), "feed.rss"))
    assert [r.where for r in records] == [f"feed.rss entry {n}" for n in (1, 2, 3)]


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ("a<br>b", "a\nb"),
        ("<b>bold</b> &amp; <i>it</i>&nbsp;x", "bold & it x"),
        ("<script>var a = '<p>';</script>kept<style>p {}</style>", "kept"),
        ("  spaced\n  out  ", "spaced out"),
        ("a < b and c > d", "a < b and c > d"),
        ("<ul><li>1</li><li>2</li></ul>", "1\n\n2"),
    ],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


@given(st.text(alphabet=st.characters(blacklist_characters="<&", blacklist_categories=["Cs"])))
def test_plain_text_keeps_its_words(text: str) -> None:
    assert html_to_text(text).split() == text.split()


@pytest.mark.parametrize(
    ("target", "url"),
    [
        ("https://example.com/feed", True),
        ("HTTP://example.com/rss", True),
        ("feed.xml", False),
        ("ftp://example.com/feed", False),
        ("file:///etc/passwd", False),
    ],
)
def test_is_url_accepts_http_and_https_only(target: str, url: bool) -> None:
    assert is_url(target) is url


@pytest.mark.parametrize(
    ("target", "path"),
    [
        ("feeds/a.xml", Path("feeds/a.xml")),
        ("file:///tmp/feed.xml", Path("/tmp/feed.xml")),
        ("file://localhost/tmp/feed.xml", Path("/tmp/feed.xml")),
        ("FILE:///tmp/with%20space.rss", Path("/tmp/with space.rss")),
        ("C:/not/a/scheme.xml", Path("C:/not/a/scheme.xml")),
    ],
)
def test_local_path_reads_file_urls_as_the_path_they_name(target: str, path: Path) -> None:
    assert local_path(target) == path


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("file://server/share/feed.xml", "file:// URL of another host (server)"),
        ("ftp://example.com/feed.xml", "unsupported URL scheme 'ftp'"),
        ("s3://bucket/feed.xml", "unsupported URL scheme 's3'"),
    ],
)
def test_other_urls_are_refused_by_name_not_as_missing_files(target: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        local_path(target)
    assert message in str(caught.value)


FEED = (FEEDS / "sample.rss").read_bytes()


class _FeedServer(http.server.BaseHTTPRequestHandler):
    """/feed answers at once, /moved redirects there; /trickle-* send a byte a second."""

    def do_GET(self) -> None:
        if self.path == "/feed":
            self._answer_headers(len(FEED))
            self.wfile.write(FEED)
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/feed")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/trickle-body":
            self._answer_headers(len(FEED))
            self._trickle(FEED)
        elif self.path == "/trickle-headers":
            self._trickle(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n")

    def _answer_headers(self, length: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def _trickle(self, data: bytes) -> None:
        for byte in data:
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return
            time.sleep(1)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def feed_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FeedServer)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["/feed", "/moved"])
def test_a_feed_is_fetched_whole_across_a_redirect(feed_server: str, path: str) -> None:
    document, headers = fetch_feed(feed_server + path, timeout=10)
    assert document == FEED
    assert headers["content-type"] == "application/rss+xml"


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-headers"])
def test_the_fetch_timeout_bounds_the_whole_fetch_of_a_server_that_trickles(
    feed_server: str, path: str
) -> None:
    # Each byte comes well within the timeout, so only a total deadline stops the fetch.
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="no complete answer within 2 s"):
        fetch_feed(feed_server + path, timeout=2)
    assert time.monotonic() - started < 2 + 3, "a generous margin over the 2 s deadline"
