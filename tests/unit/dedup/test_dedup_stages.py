from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.article import Article, ArticleEnvelope, IngestMeta
from schemas.dedup import BandProbe, BandReply, DigestedArticle
from schemas.duplicate import DuplicateRecord
from streams.dedup.config import DedupConfig
from streams.dedup.stages import (
    check_exact,
    check_resend,
    collect_reply,
    digest_article,
    fan_out,
    open_pending,
    probe_bands,
)

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
def envelope_factory() -> EnvelopeFactory:
    return make_envelope


@pytest.fixture
def story() -> str:
    lines = (DATA / "sentences_en.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[:10])


def digested(envelope: ArticleEnvelope) -> DigestedArticle:
    return DigestedArticle(envelope=envelope, digest=digest_article(envelope, CONFIG))


def test_the_same_id_and_content_twice_is_a_resend_of_itself(
    envelope_factory: EnvelopeFactory,
) -> None:
    ids: dict[str, Any] = {}
    first = envelope_factory("a1", "Some body text here.")
    again = envelope_factory("a1", "Some body text here.", offset=5)
    assert check_resend(ids, first) is first
    record = check_resend(ids, again)
    assert isinstance(record, DuplicateRecord)
    assert (record.kind, record.duplicate_of, record.similarity) == ("resend", "a1", 1.0)


def test_the_same_id_with_new_content_is_an_update_timed_when_it_arrived(
    envelope_factory: EnvelopeFactory,
) -> None:
    ids: dict[str, Any] = {}
    first = envelope_factory("live", "The toll stood at 100 on Monday.")
    update = envelope_factory("live", "The toll stood at 120 on Tuesday.", offset=5)
    update = update.model_copy(
        update={"article": update.article.model_copy(update={"published_at": START})}
    )
    assert check_resend(ids, first) is first
    passed = check_resend(ids, update)
    assert isinstance(passed, ArticleEnvelope)
    assert passed.article.body == update.article.body
    assert passed.article.published_at == update.ingest.timestamp
    again = check_resend(ids, envelope_factory("live", update.article.body, offset=9))
    assert isinstance(again, DuplicateRecord) and again.kind == "resend"


def test_the_same_input_message_delivered_again_is_not_a_resend(
    envelope_factory: EnvelopeFactory,
) -> None:
    ids: dict[str, Any] = {}
    first = envelope_factory("a1", "Some body text here.", offset=7, partition=2)
    assert check_resend(ids, first) is first
    assert check_resend(ids, first) is first, "an at-least-once redelivery must pass again"
    moved = envelope_factory("a1", "Some body text here.", offset=7, partition=3)
    assert isinstance(check_resend(ids, moved), DuplicateRecord)


def test_same_content_under_another_id_is_exact_and_a_redelivery_is_not(
    envelope_factory: EnvelopeFactory, story: str
) -> None:
    fingerprints: dict[str, Any] = {}
    original = digested(envelope_factory("a1", story))
    assert check_exact(fingerprints, original) is None
    assert check_exact(fingerprints, original) is None
    copy = digested(envelope_factory("a2", story.replace("300", "٣٠٠"), offset=1))
    record = check_exact(fingerprints, copy)
    assert record is not None
    assert (record.kind, record.duplicate_of) == ("exact", "a1")


def test_fan_out_sends_each_band_key_to_its_partition_once(
    envelope_factory: EnvelopeFactory, story: str
) -> None:
    pending, probes = fan_out(digested(envelope_factory("a1", story)), partitions=4)
    digest = digest_article(envelope_factory("a1", story), CONFIG)
    assert sorted(k for probe in probes for k in probe.band_keys) == sorted(digest.band_keys)
    assert sorted(k for probe in probes for k in probe.lookup_keys) == sorted(digest.lookup_keys)
    assert pending.partitions == [probe.partition for probe in probes]
    assert len({probe.partition for probe in probes}) == len(probes)


def test_the_first_openings_are_inserted_and_the_further_ones_only_looked_up(
    envelope_factory: EnvelopeFactory, story: str
) -> None:
    digest = digest_article(envelope_factory("a1", story), CONFIG)
    openings_stored = CONFIG.stored_openings * CONFIG.opening_bands
    assert len(digest.band_keys) == CONFIG.bands + openings_stored
    assert len(digest.lookup_keys) == (CONFIG.openings - CONFIG.stored_openings) * 2
    assert not set(digest.band_keys) & set(digest.lookup_keys)


def test_a_lookup_key_finds_candidates_and_is_never_inserted(
    envelope_factory: EnvelopeFactory, story: str
) -> None:
    bands: dict[str, Any] = {}
    sketches: dict[str, Any] = {}
    original = probe_for(envelope_factory("a1", story))
    probe_bands(bands, sketches, original, CONFIG)
    looking = probe_for(envelope_factory("a2", story, offset=1)).model_copy(
        update={"band_keys": [], "lookup_keys": original.band_keys}
    )
    before = (dict(bands), dict(sketches))
    reply = probe_bands(bands, sketches, looking, CONFIG)
    assert [m.article_id for m in reply.matches] == ["a1"]
    assert (bands, sketches) == before


def test_a_sketch_stored_with_other_parameters_is_not_compared(
    envelope_factory: EnvelopeFactory, story: str
) -> None:
    bands: dict[str, Any] = {}
    sketches: dict[str, Any] = {}
    original = probe_for(envelope_factory("a1", story))
    probe_bands(bands, sketches, original, CONFIG)
    entry = sketches[original.ref]
    sketches[original.ref] = [entry[0], entry[1][:43], *entry[2:]]
    copy = probe_for(envelope_factory("a2", story, title="Another headline", offset=1))
    assert probe_bands(bands, sketches, copy, CONFIG).matches == []


def probe_for(envelope: ArticleEnvelope) -> BandProbe:
    _pending, probes = fan_out(digested(envelope), partitions=1)
    (probe,) = probes
    return probe


def test_a_probe_finds_an_earlier_similar_article_and_a_redelivery_finds_nothing_new(
    envelope_factory: EnvelopeFactory, story: str
) -> None:
    bands: dict[str, Any] = {}
    sketches: dict[str, Any] = {}
    first = probe_for(envelope_factory("a1", story))
    assert probe_bands(bands, sketches, first, CONFIG).matches == []
    assert probe_bands(bands, sketches, first, CONFIG).matches == []
    reprint = probe_for(envelope_factory("a2", story, title="Another headline", offset=1))
    reply = probe_bands(bands, sketches, reprint, CONFIG)
    assert [m.article_id for m in reply.matches] == ["a1"]
    assert reply.matches[0].similarity >= CONFIG.threshold
    assert all(len(refs) == len(set(refs)) for refs in bands.values())


def test_two_copies_that_each_find_the_other_leave_only_the_later_a_duplicate(
    envelope_factory: EnvelopeFactory, story: str
) -> None:
    # Concurrent processing: each copy's band partitions answered after the other was inserted.
    early = envelope_factory("early", story, offset=1)
    late = envelope_factory("late", story, title="Other headline", offset=2)
    pending: dict[str, Any] = {}
    verdicts = {}
    for envelope, other in ((early, late), (late, early)):
        message, _probes = fan_out(digested(envelope), partitions=1)
        open_pending(pending, message)
        other_digest = digest_article(other, CONFIG)
        reply = BandReply.model_validate(
            {
                "article_id": envelope.article.id,
                "partition": 0,
                "matches": [
                    {"article_id": other.article.id, "similarity": 0.9, "order": other_digest.order}
                ],
            }
        )
        verdicts[envelope.article.id] = collect_reply(pending, reply)
    assert verdicts["early"] is not None and verdicts["early"].duplicate is None
    assert verdicts["late"] is not None and verdicts["late"].duplicate is not None
    assert verdicts["late"].duplicate.duplicate_of == "early"
    assert pending == {}


@pytest.mark.parametrize(
    ("matches", "original"),
    [
        ([("wide", 0.55, 1), ("source", 0.98, 2)], "source"),
        ([("first", 0.9, 1), ("second", 0.9, 2)], "first"),
        ([("first", 0.93, 1), ("copy of it", 0.98, 2)], "first"),
        ([("later", 1.0, 9), ("source", 0.7, 2)], "source"),
    ],
)
def test_the_original_is_the_earlier_article_holding_most_of_the_copy(
    envelope_factory: EnvelopeFactory,
    story: str,
    matches: list[tuple[str, float, int]],
    original: str,
) -> None:
    envelope = envelope_factory("copy", story, offset=5)
    message, _probes = fan_out(digested(envelope), partitions=1)
    pending: dict[str, Any] = {}
    open_pending(pending, message)
    own = message.order
    reply = BandReply.model_validate(
        {
            "article_id": "copy",
            "partition": 0,
            "matches": [
                {"article_id": name, "similarity": score, "order": (own[0], 0, at)}
                for name, score, at in matches
            ],
        }
    )
    verdict = collect_reply(pending, reply)
    assert verdict is not None and verdict.duplicate is not None
    assert verdict.duplicate.duplicate_of == original


def test_replies_arriving_before_the_pending_article_are_kept_until_it_comes(
    envelope_factory: EnvelopeFactory, story: str
) -> None:
    envelope = envelope_factory("a1", story)
    message, probes = fan_out(digested(envelope), partitions=8)
    assert len(probes) > 1
    pending: dict[str, Any] = {}
    for probe in probes:
        reply = BandReply(article_id="a1", partition=probe.partition, matches=[])
        assert collect_reply(pending, reply) is None
    verdict = open_pending(pending, message)
    assert verdict is not None and verdict.duplicate is None
    assert ArticleEnvelope.model_validate_json(verdict.envelope_json) == envelope


def test_an_article_without_words_is_unique_at_once(envelope_factory: EnvelopeFactory) -> None:
    message, probes = fan_out(digested(envelope_factory("a1", "...", title="")), partitions=4)
    assert probes == []
    verdict = open_pending({}, message)
    assert verdict is not None and verdict.duplicate is None


def test_stage_messages_survive_a_json_round_trip(
    envelope_factory: EnvelopeFactory, story: str
) -> None:
    message, probes = fan_out(digested(envelope_factory("a1", story)), partitions=2)
    for model in (message, *probes):
        assert type(model).model_validate_json(model.model_dump_json()) == model


@settings(max_examples=40, deadline=None)
@given(partitions=st.integers(min_value=1, max_value=6), data=st.data())
def test_interleaved_copies_are_never_duplicates_of_each_other(
    partitions: int, data: st.DataObject
) -> None:
    lines = (DATA / "sentences_ar.txt").read_text(encoding="utf-8").splitlines()
    body = "\n".join(lines[:10])
    envelopes = {
        "early": make_envelope("early", body, offset=1),
        "late": make_envelope("late", body, title="Other headline", offset=2),
    }
    fanned = {name: fan_out(digested(env), partitions) for name, env in envelopes.items()}
    bands: list[dict[str, Any]] = [{} for _ in range(partitions)]
    sketches: list[dict[str, Any]] = [{} for _ in range(partitions)]
    pending: dict[str, Any] = {}
    # Each band partition sees the two probes in its own order, as concurrent agents would.
    late_seen_after_early = False
    replies = []
    for partition in fanned["early"][0].partitions:
        order = data.draw(st.permutations(["early", "late"]))
        probes = {
            name: next(p for p in fanned[name][1] if p.partition == partition) for name in order
        }
        # Only keys it inserts leave the early copy where the late one can find it.
        late_seen_after_early |= order == ["early", "late"] and bool(probes["early"].band_keys)
        for name in order:
            probe = probes[name]
            replies.append(probe_bands(bands[partition], sketches[partition], probe, CONFIG))
    verdicts = {name: open_pending(pending, fanned[name][0]) for name in envelopes}
    for reply in data.draw(st.permutations(replies)):
        verdict = collect_reply(pending, reply)
        if verdict is not None:
            verdicts[verdict.article_id] = verdict
    assert pending == {}
    duplicates = {name for name, v in verdicts.items() if v is not None and v.duplicate}
    assert "early" not in duplicates
    assert ("late" in duplicates) == late_seen_after_early


def test_a_pending_article_is_dated_by_arrival_not_publication(
    envelope_factory: EnvelopeFactory, story: str
) -> None:
    old_news = envelope_factory("a1", story)
    arrived = old_news.model_copy(
        update={
            "ingest": old_news.ingest.model_copy(update={"timestamp": START + timedelta(days=900)})
        }
    )
    pending_store: dict[str, Any] = {}
    pending, _probes = fan_out(digested(arrived), partitions=4)
    assert open_pending(pending_store, pending) is None
    entry = pending_store["a1"]
    assert entry["hour"] == int((START + timedelta(days=900)).timestamp() // 3600)
