from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.article import Article
from streams.feeds import html_to_text, is_url, read_feed
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
