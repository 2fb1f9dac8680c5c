from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.article import Article, ArticleEnvelope, IngestMeta
from schemas.duplicate import DuplicateRecord
from streams.dedup.config import DedupConfig
from streams.dedup.index import MAX_BUCKET, DedupIndex, Entry, Near

CONFIG = DedupConfig()
DATA = Path(__file__).resolve().parents[2] / "data" / "dedup"
START = datetime(2018, 2, 5, tzinfo=UTC)

EnvelopeFactory = Callable[..., ArticleEnvelope]


def make_envelope(
    article_id: str, body: str, title: str = "t", offset: int = 0, partition: int = 0
) -> ArticleEnvelope:
    at = START + timedelta(minutes=offset)
    article = Article(id=article_id, source="s", title=title, body=body, published_at=at)
    ingest = IngestMeta(topic="in", partition=partition, offset=offset, timestamp=at)
    return ArticleEnvelope(article=article, ingest=ingest)


@pytest.fixture
def story() -> str:
    lines = (DATA / "sentences_en.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[:10])


def fresh() -> DedupIndex:
    return DedupIndex({}, CONFIG)


def kind_of(passed: DuplicateRecord | ArticleEnvelope) -> tuple[str, str] | None:
    return (passed.kind, passed.duplicate_of) if isinstance(passed, DuplicateRecord) else None


def test_the_same_id_and_content_again_is_a_resend() -> None:
    index = fresh()
    assert kind_of(index.screen(make_envelope("a1", "Some body text here."))) is None
    again = index.screen(make_envelope("a1", "Some body text here.", offset=5))
    assert isinstance(again, DuplicateRecord)
    assert (again.kind, again.duplicate_of, again.similarity) == ("resend", "a1", 1.0)


def test_the_same_input_message_delivered_again_gets_the_same_verdict(story: str) -> None:
    index = fresh()
    first = make_envelope("a1", story, offset=7, partition=2)
    copy = make_envelope("a2", story.replace("\n", "\nA byline.\n", 1), offset=8)
    assert kind_of(index.screen(first)) is None
    assert kind_of(index.screen(copy)) == ("near", "a1")
    stored = dict(index.store)
    assert kind_of(index.screen(first)) is None, "a redelivery must pass again"
    assert kind_of(index.screen(copy)) == ("near", "a1")
    assert index.store == stored, "a redelivery writes nothing new"
    moved = make_envelope("a1", story, offset=7, partition=3)
    assert kind_of(index.screen(moved)) == ("resend", "a1")


def test_the_same_id_with_new_content_is_an_update_timed_when_it_arrived() -> None:
    index = fresh()
    index.screen(make_envelope("live", "The toll stood at 100 on Monday."))
    update = make_envelope("live", "The toll stood at 120 on Tuesday.", offset=5)
    update = update.model_copy(
        update={"article": update.article.model_copy(update={"published_at": START})}
    )
    passed = index.screen(update)
    assert isinstance(passed, ArticleEnvelope)
    assert passed.article.published_at == update.ingest.timestamp
    again = index.screen(make_envelope("live", update.article.body, offset=9))
    assert kind_of(again) == ("resend", "live")


def test_same_content_under_another_id_is_an_exact_copy(story: str) -> None:
    index = fresh()
    index.screen(make_envelope("a1", story))
    assert kind_of(index.screen(make_envelope("a2", story.upper(), offset=1))) == ("exact", "a1")


def test_a_full_bucket_takes_no_more_refs_and_a_rebuild_keeps_it_so(story: str) -> None:
    index = fresh()
    for number in range(MAX_BUCKET + 4):
        body = f"{story}\nLine {number} of its own."
        index.screen(make_envelope(f"a{number}", body, offset=number))
    assert max(len(refs) for refs in index.buckets.values()) == MAX_BUCKET
    live = {key: sorted(refs) for key, refs in index.buckets.items()}
    index.rebuild()
    assert {key: sorted(refs) for key, refs in index.buckets.items()} == live


def test_expired_entries_leave_the_buckets_and_the_fingerprints(story: str) -> None:
    index = fresh()
    index.screen(make_envelope("a1", story))
    hour = Entry.unpack(next(iter(index.store.values()))).hour
    assert index.expire(list(index.store), hour) == 0
    assert index.expire(list(index.store), hour + 1) == 1
    assert (index.store, index.buckets, index.fingerprints) == ({}, {}, {})
    assert kind_of(index.screen(make_envelope("a2", story, offset=1))) is None


@given(
    article_id=st.text(min_size=1, max_size=60),
    hour=st.integers(-(2**31), 2**31 - 1),
    offset=st.integers(0, 2**63 - 1),
    near=st.none()
    | st.builds(
        Near,
        fingerprints=st.lists(st.binary(min_size=9, max_size=9), max_size=3).map(tuple),
        sketch=st.binary(min_size=0, max_size=300),
        size=st.integers(0, 2**32 - 1),
        order=st.tuples(st.integers(0, 2**62), st.integers(-1, 1000), st.integers(0, 2**62)),
        keys=st.lists(st.binary(min_size=4, max_size=4), max_size=300).map(tuple),
    ),
)
def test_an_entry_reads_back_as_it_was_packed(
    article_id: str, hour: int, offset: int, near: Near | None
) -> None:
    entry = Entry(article_id, hour, (-1, offset), b"12345678", near)
    assert Entry.unpack(entry.pack()) == entry


def test_a_value_of_another_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        Entry.unpack(b'["a1", 3]')
