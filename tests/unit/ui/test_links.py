"""Only http(s) article URLs become links; every other url is kept as data and never linked."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.clients.feeds import read_feed
from streams.settings import Settings
from streams.ui.links import safe_link
from streams.ui.shape import figure_detail
from streams.ui.standalone import replay_results


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.com/news/1", "https://example.com/news/1"),
        ("HTTP://Example.com/a?b=c#d", "HTTP://Example.com/a?b=c#d"),
        (" https://example.com/a\n", "https://example.com/a"),
        ("https://exa\tmple.com/a", "https://example.com/a"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" javascript:alert(1)", None),
        ("\tjavascript:alert(1)", None),
        ("\x01\x1f javascript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("java\r\nscr\tipt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("DATA:text/html;base64,PHNjcmlwdD4=", None),
        ("vbscript:msgbox(1)", None),
        ("file:///etc/passwd", None),
        ("//evil.example/a", None),
        ("/news/1", None),
        ("example.com/news", None),
        ("https:", None),
        ("https://", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
    ],
)
def test_only_absolute_http_urls_with_a_host_are_links(url: str | None, link: str | None) -> None:
    assert safe_link(url) == link


# What browsers ignore around and inside a scheme: C0 controls and spaces at the ends, tabs
# and newlines anywhere.
IGNORED_AROUND = st.text(alphabet=[chr(c) for c in range(0x21)], max_size=3)
IGNORED_INSIDE = st.text(alphabet="\t\n\r", max_size=2)


@given(
    scheme=st.sampled_from(["javascript", "data", "vbscript"]),
    upper=st.lists(st.booleans(), min_size=10, max_size=10),
    before=IGNORED_AROUND,
    inside=st.lists(IGNORED_INSIDE, min_size=10, max_size=10),
    rest=st.text(max_size=30),
)
def test_script_and_data_schemes_never_become_links_however_disguised(
    scheme: str, upper: list[bool], before: str, inside: list[str], rest: str
) -> None:
    letters = (c.upper() if up else c for c, up in zip(scheme, upper, strict=False))
    disguised = "".join(f"{c}{gap}" for c, gap in zip(letters, inside, strict=False))
    assert safe_link(f"{before}{disguised}:{rest}") is None


@given(st.text(max_size=60))
def test_a_link_is_always_an_http_url_a_browser_reads_as_given(url: str) -> None:
    link = safe_link(url)
    if link is not None:
        parts = urlsplit(link)
        assert parts.scheme.lower() in {"http", "https"} and parts.hostname
        assert link == link.strip("".join(chr(c) for c in range(0x21)))
        assert not {"\t", "\n", "\r"} & set(link)


QUAKE_NEWS = [
    ("javascript:document.body.dataset.pwned=1", "Sat, 09 Sep 2023 08:00:00 GMT",
     "A powerful earthquake struck Morocco on Friday night, killing at least 40 people, the "
     "interior ministry said."),
    ("DaTa:text/html,<script>alert(1)</script>", "Sun, 10 Sep 2023 08:00:00 GMT",
     "The death toll from the earthquake in Morocco rose to 90, officials said on Sunday as "
     "rescuers dug through rubble."),
    ("https://example.com/quake", "Mon, 11 Sep 2023 08:00:00 GMT",
     "Morocco's interior ministry raised the earthquake death toll to 300 on Monday."),
]  # fmt: skip


def test_a_script_link_from_an_rss_feed_is_kept_as_data_but_never_made_a_link(
    tmp_path: Path,
) -> None:
    items = "".join(
        f"<item><title>Quake {n}</title><link>{escape(link)}</link><guid>quake-{n}</guid>"
        f"<pubDate>{date}</pubDate><description>{escape(body)}</description></item>"
        for n, (link, date, body) in enumerate(QUAKE_NEWS)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed Wire</title>{items}'
    records = [r.data for r in read_feed(f"{feed}</channel></rss>".encode(), "quake.rss")]
    (tmp_path / "feed.jsonl").write_text("\n".join(map(json.dumps, records)), encoding="utf-8")
    results = replay_results([tmp_path], Settings())
    (history,) = results.histories.values()
    view = figure_detail(history, results.rules)
    pairs = [(e["observation"]["url"], e["link"]) for e in view["observations"]]
    assert pairs == [
        ("javascript:document.body.dataset.pwned=1", None),
        ("DaTa:text/html,<script>alert(1)</script>", None),
        ("https://example.com/quake", "https://example.com/quake"),
    ]
