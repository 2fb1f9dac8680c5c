"""RSS and Atom feeds, from a file or over HTTP, turned into raw article records.

Each entry becomes one record: title, link as ``url``, content (else summary) as ``body`` with
its HTML reduced to text, published (else updated) time as ``published_at``, the feed's title as
``source`` and the entry id (else its link) as ``id``. An entry without a date gets none: the
worker then uses the Kafka timestamp. Parsing is feedparser's; nothing here validates an article.
"""

from __future__ import annotations

import calendar
import http.client
import re
import socket
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser

from schemas.codec import DecodeError
from streams.ingest.files import Defaults

FEED_SUFFIXES = (".xml", ".rss", ".atom")
URL_SCHEMES = ("http://", "https://")
DEFAULT_FETCH_TIMEOUT_S = 30.0
MAX_FEED_BYTES = 32 * 1024 * 1024
"""A feed document larger than this is refused rather than read into memory."""
_READ_BYTES = 64 * 1024
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")

_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    }
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """One feed entry as a raw article record, or why the feed could not be read."""

    where: str
    """``feed entry N`` (N from 1) for messages to people; the feed alone for a feed error."""
    data: dict[str, Any] | None = None
    """The entry's article fields, when there is an entry."""
    error: DecodeError | None = None
    """Why the feed (or entry) could not be read."""


def is_url(target: str) -> bool:
    """True when ``target`` names an http(s) resource rather than a path."""
    return target.lower().startswith(URL_SCHEMES)


def local_path(target: str) -> Path:
    """The path ``target`` names: itself, or the file of a ``file://`` URL.

    Raises ValueError for a ``file://`` URL of another host and for any other URL scheme, so
    that no URL is mistaken for a file name that does not exist.
    """
    scheme = _SCHEME.match(target)
    if scheme is None:
        return Path(target)
    if scheme.group(1).lower() != "file":
        raise ValueError(
            f"unsupported URL scheme {scheme.group(1)!r}: give an http(s) feed URL, a path "
            "or a file:// URL"
        )
    parts = urllib.parse.urlsplit(target)
    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"file:// URL of another host ({parts.netloc}): give a local path")
    return Path(urllib.request.url2pathname(parts.path))


def html_to_text(markup: str) -> str:
    """Readable text of an HTML fragment: tags dropped, blocks as paragraphs, entities decoded."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def fetch_feed(url: str, timeout: float = DEFAULT_FETCH_TIMEOUT_S) -> tuple[bytes, dict[str, str]]:
    """The body and headers of ``url`` (http or https only), refusing oversized documents.

    ``timeout`` bounds the whole fetch (connecting, redirects, headers and body), not each
    read: a server that trickles bytes is cut off when it runs out. Raises TimeoutError then,
    OSError for other network and HTTP failures, ValueError for a document too large.
    """
    if not is_url(url):
        raise ValueError(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above: http(s) only)
        url,
        headers={
            "User-Agent": "figwatch-produce (+https://github.com/figwatch)",
            "Accept": "application/rss+xml, application/atom+xml, application/xml, text/xml, */*",
        },
    )
    deadline = _Deadline(timeout)
    opener = urllib.request.build_opener(
        _DeadlineHTTPHandler(deadline), _DeadlineHTTPSHandler(deadline)
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            data = _read_at_most(response, MAX_FEED_BYTES + 1)
            headers = {k.lower(): v for k, v in response.headers.items()}
    except (OSError, http.client.HTTPException) as exc:
        if deadline.expired:
            raise TimeoutError(f"no complete answer within {timeout:g} s") from None
        if isinstance(exc, OSError):
            raise
        raise OSError(f"bad HTTP answer: {exc!r}") from None
    finally:
        deadline.cancel()
    if deadline.expired:
        # The cut-off socket reads as a clean end of a body without a length.
        raise TimeoutError(f"no complete answer within {timeout:g} s")
    if len(data) > MAX_FEED_BYTES:
        raise ValueError(f"feed is larger than {MAX_FEED_BYTES} bytes")
    return data, headers


def _read_at_most(response: http.client.HTTPResponse, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    while size < limit:
        part = response.read1(min(_READ_BYTES, limit - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


class _Deadline:
    """Shuts down every socket of one fetch when its time is up, waking any blocked read."""

    def __init__(self, seconds: float) -> None:
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)
        return sock

    def cancel(self) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        # Already closed when the fetch ended just now.
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _watched(deadline: _Deadline) -> Callable[..., socket.socket]:
    def connect(*args: Any, **kwargs: Any) -> socket.socket:
        return deadline.watch(socket.create_connection(*args, **kwargs))

    return connect


class _WatchedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _watched(deadline)


class _WatchedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The raw socket is watched before the TLS handshake, which can trickle too.
        self._create_connection = _watched(deadline)


class _DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_WatchedHTTPConnection, deadline=self._deadline), req)


class _DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_WatchedHTTPSConnection, deadline=self._deadline), req)


def read_feed(
    document: bytes,
    origin: str,
    defaults: Defaults | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    fetched_at: datetime | None = None,
) -> Iterator[FeedRecord]:
    """Article records of every entry of a feed document; one error record when it is no feed.

    ``defaults.source`` replaces the feed's title as every entry's source; the other defaults
    only fill what an entry lacks. ``fetched_at`` is stamped on every entry when given.
    """
    defaults = defaults or Defaults()
    parsed = feedparser.parse(
        document,
        response_headers=dict(headers or {}),
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not parsed.entries:
        reason = "no feed entries found"
        if parsed.get("bozo"):
            reason = f"not an RSS or Atom feed: {parsed.get('bozo_exception')}"
        yield FeedRecord(origin, error=DecodeError("validation", reason))
        return
    feed = parsed.feed
    source = defaults.source or _text(feed.get("title")) or origin
    language = _language(feed.get("language") or parsed.get("namespaces", {}).get("xml:lang"))
    # The source default has been used above; the others only fill what an entry lacks.
    fill = Defaults(language=defaults.language, published_at=defaults.published_at)
    for number, entry in enumerate(parsed.entries, start=1):
        data = entry_fields(entry, source=source, language=language)
        if fetched_at is not None:
            data["fetched_at"] = fetched_at.isoformat()
        yield FeedRecord(f"{origin} entry {number}", data=fill.apply(data))


def entry_fields(entry: Mapping[str, Any], *, source: str, language: str | None) -> dict[str, Any]:
    """The article fields of one parsed feed entry."""
    data: dict[str, Any] = {"source": source, "title": _text(entry.get("title"))}
    link = entry.get("link")
    if link:
        data["url"] = link
    entry_id = entry.get("id") or link
    if entry_id:
        data["id"] = entry_id
    data["body"] = _body(entry)
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    if published:
        # feedparser normalises every date it understands to a UTC struct_time.
        data["published_at"] = datetime.fromtimestamp(calendar.timegm(published), UTC).isoformat()
    entry_language = _language(_detail_language(entry))
    if entry_language or language:
        data["language"] = entry_language or language
    return data


def _body(entry: Mapping[str, Any]) -> str:
    # Full content beats the summary; among several content parts the longest is the article.
    contents = [part.get("value", "") for part in entry.get("content") or []]
    best = max(contents, key=len, default="")
    if not best.strip():
        best = entry.get("summary") or entry.get("description") or ""
    return html_to_text(best)


def _detail_language(entry: Mapping[str, Any]) -> str | None:
    for part in entry.get("content") or []:
        if part.get("language"):
            return str(part["language"])
    detail = entry.get("summary_detail") or entry.get("title_detail") or {}
    value = detail.get("language")
    return str(value) if value else None


def _language(tag: object) -> str | None:
    # Feeds say "en-us" or "ar-SA"; articles carry the bare ISO 639-1 code.
    if not isinstance(tag, str):
        return None
    primary = tag.strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if len(primary) == 2 and primary.isalpha() and primary.isascii() else None


def _text(value: object) -> str:
    return html_to_text(value) if isinstance(value, str) else ""


class _TextParser(HTMLParser):
    """Collects the text of an HTML fragment, with line breaks where blocks end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data.replace("\n", " "))
