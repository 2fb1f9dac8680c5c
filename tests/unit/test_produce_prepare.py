from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.article import Article
from schemas.codec import DecodeError
from streams.clients.produce import Pending, Ready, Rejected, collect, prepare
from streams.ingest.files import Defaults
from tests.conftest import make_article_data

FEEDS = Path(__file__).resolve().parents[1] / "data" / "feeds"
LIMITS = {"max_body_bytes": 2_000, "max_message_bytes": 4_000}


def _prepare(data: dict[str, Any] | None, **options: Any) -> Ready | Rejected:
    return prepare(Pending("f.jsonl:3", data), **{**LIMITS, **options})


def test_valid_record_is_sent_with_its_fields_and_the_filled_ones_keyed_by_id() -> None:
    data = make_article_data(extra_field="kept")
    data.pop("language")
    outcome = _prepare(data)
    assert isinstance(outcome, Ready)
    sent = json.loads(outcome.value)
    article = Article.model_validate(data)
    assert sent == {**data, "id": article.id, "language": "ar"}
    assert outcome.key == article.id.encode()
    assert outcome.article_id == article.id


def test_a_record_without_published_at_is_sent_without_one() -> None:
    data = make_article_data()
    data.pop("published_at")
    outcome = _prepare(data)
    assert isinstance(outcome, Ready)
    assert "published_at" not in json.loads(outcome.value)


@pytest.mark.parametrize(
    ("data", "kind", "reason"),
    [
        (make_article_data(body="   "), "validation", "body is blank"),
        (make_article_data(published_at="2018-02-05T10:00:00"), "validation", "timezone"),
        (make_article_data(language="Arabic"), "validation", "language"),
        (make_article_data(body="x" * 2_001), "validation", "over the limit of 2000"),
        ({"body": "no source"}, "validation", "source"),
        (make_article_data(title="t" * 3_000, body="b" * 1_500), "too_large", "limit of 4000"),
    ],
)
def test_invalid_records_are_rejected_with_where_and_why(
    data: dict[str, Any], kind: str, reason: str
) -> None:
    outcome = _prepare(data)
    assert isinstance(outcome, Rejected)
    assert (outcome.where, outcome.kind) == ("f.jsonl:3", kind)
    assert reason in outcome.reason
    assert outcome.describe().startswith(f"f.jsonl:3: {kind}: ")


def test_a_read_error_is_rejected_as_read() -> None:
    outcome = prepare(Pending("a.json", error=DecodeError("invalid_json", "bad")), **LIMITS)
    assert outcome == Rejected("a.json", "invalid_json", "bad")


@pytest.mark.parametrize(
    ("field", "key"),
    [("source", b"Levant Wire"), ("url", b"https://example.com/news/1"), ("language", b"ar")],
)
def test_key_option_keys_by_the_named_field(field: str, key: bytes) -> None:
    outcome = _prepare(make_article_data(), key_field=field)
    assert isinstance(outcome, Ready) and outcome.key == key


def test_keying_by_a_missing_field_rejects_the_record() -> None:
    outcome = _prepare(make_article_data(), key_field="section")
    assert isinstance(outcome, Rejected) and "'section'" in outcome.reason


@given(
    body=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=300),
    title=st.text(st.characters(blacklist_categories=["Cs"]), max_size=50),
)
def test_whatever_is_sent_decodes_back_to_the_same_article(body: str, title: str) -> None:
    data = make_article_data(body=body, title=title)
    outcome = _prepare(data)
    try:
        expected = Article.model_validate(data)
    except ValueError:
        assert isinstance(outcome, Rejected)
        return
    assert isinstance(outcome, Ready)
    assert Article.model_validate_json(outcome.value) == expected


def test_collect_reads_files_feeds_and_directories_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        json.dumps(make_article_data()) + "\n{bad\n", encoding="utf-8"
    )
    (tmp_path / "feed.rss").write_bytes((FEEDS / "sample.rss").read_bytes())
    found = list(collect([str(tmp_path)], Defaults(), max_message_bytes=10_000))
    assert [p.where for p in found] == [
        f"{tmp_path}/a.jsonl:1",
        f"{tmp_path}/a.jsonl:2",
        f"{tmp_path}/feed.rss entry 1",
        f"{tmp_path}/feed.rss entry 2",
        f"{tmp_path}/feed.rss entry 3",
    ]
    assert found[1].error is not None and found[1].error.kind == "invalid_json"


def test_collect_fetches_urls_and_reports_a_failed_fetch() -> None:
    document = (FEEDS / "sample.atom").read_bytes()

    def fetch(url: str, timeout: float) -> tuple[bytes, dict[str, str]]:
        if "down" in url:
            raise OSError("connection refused")
        return document, {"content-type": "application/atom+xml"}

    found = list(
        collect(
            ["https://example.com/feed", "https://down.example.com/feed"],
            Defaults(),
            max_message_bytes=10_000,
            fetch=fetch,
        )
    )
    assert [p.where for p in found] == [
        "https://example.com/feed entry 1",
        "https://example.com/feed entry 2",
        "https://down.example.com/feed",
    ]
    assert all(p.data and "fetched_at" in p.data for p in found[:2])
    assert found[2].error is not None and "connection refused" in found[2].error.reason


def test_collect_reads_a_file_url_as_its_path_and_names_an_unsupported_scheme(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_bytes((FEEDS / "sample.rss").read_bytes())
    found = list(
        collect([feed.as_uri(), "ftp://example.com/feed.rss"], Defaults(), max_message_bytes=10_000)
    )
    assert [p.where for p in found] == [
        f"{feed} entry 1",
        f"{feed} entry 2",
        f"{feed} entry 3",
        "ftp://example.com/feed.rss",
    ]
    assert found[3].error is not None
    assert "unsupported URL scheme 'ftp'" in found[3].error.reason
