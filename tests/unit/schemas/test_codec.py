from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from schemas.article import ArticleEnvelope, IngestMeta
from schemas.codec import DecodeError, dead_letter, decode, decode_article, encode
from schemas.dead_letter import DeadLetter
from tests.conftest import make_article_data

INGEST = IngestMeta(
    topic="figwatch-articles", partition=2, offset=7, timestamp=datetime(2026, 1, 1, tzinfo=UTC)
)


def _raw(**overrides: object) -> bytes:
    return json.dumps(make_article_data(**overrides), ensure_ascii=False).encode("utf-8")


def test_valid_message_becomes_an_envelope_with_its_ingest_record() -> None:
    envelope = decode_article(_raw(), INGEST)
    assert envelope.ingest == INGEST
    assert envelope.article.source == "Levant Wire"


def test_missing_published_at_takes_the_kafka_timestamp() -> None:
    envelope = decode_article(_raw(published_at=None), INGEST)
    assert envelope.article.published_at == INGEST.timestamp


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"\xff\xfe\x00", "invalid_encoding"),
        (b"{not json", "invalid_json"),
        (b"[" * 50_000 + b"]" * 50_000, "invalid_json"),
        (b'"just a string"', "not_an_object"),
        (b"[1, 2]", "not_an_object"),
        (b'{"source": "s"}', "validation"),
        (b'{"source": "s", "body": 42}', "validation"),
        (b"", "invalid_json"),
        (b'{"source": "s", "body": "b", "x": 1' + b"0" * 5000 + b"}", "invalid_json"),
        (
            b'{"source": "s", "body": "b", "published_at": "0001-01-01T00:00:00+01:00"}',
            "validation",
        ),
        (b'{"source": "s", "body": "b", "x": ' + b"[" * 300 + b"]" * 300 + b"}", "validation"),
    ],
)
def test_bad_messages_raise_a_decode_error_of_the_right_kind(raw: bytes, kind: str) -> None:
    with pytest.raises(DecodeError) as caught:
        decode_article(raw, INGEST)
    assert caught.value.kind == kind
    assert caught.value.reason


def test_oversized_message_is_rejected_before_parsing() -> None:
    with pytest.raises(DecodeError) as caught:
        decode_article(b"{" + b" " * 200, INGEST, max_message_bytes=100)
    assert caught.value.kind == "too_large"


def test_dead_letter_keeps_original_bytes_and_coordinates() -> None:
    raw = b"{broken"
    letter = dead_letter(raw, DecodeError("invalid_json", "bad"), stage="validate", ingest=INGEST)
    assert letter.original == raw
    assert (letter.topic, letter.partition, letter.offset) == ("figwatch-articles", 2, 7)
    round_trip = decode(DeadLetter, encode(letter))
    assert round_trip.original == raw


def test_dead_letter_of_a_huge_record_keeps_its_head_only() -> None:
    raw = b"x" * 200_000
    letter = dead_letter(raw, DecodeError("too_large", "big"), stage="validate", ingest=INGEST)
    assert letter.truncated
    assert letter.original_size == 200_000
    assert raw.startswith(letter.original)


def test_dead_letter_of_any_large_record_fits_in_a_kafka_message() -> None:
    raw = b"x" * 3_500_000
    letter = dead_letter(raw, DecodeError("validation", "bad"), stage="validate", ingest=INGEST)
    assert letter.truncated
    assert len(encode(letter)) < 4 * 1024 * 1024 // 2


def test_envelope_round_trips_through_the_codec() -> None:
    envelope = decode_article(_raw(section="world"), INGEST)
    again = decode(ArticleEnvelope, encode(envelope))
    assert again == envelope
