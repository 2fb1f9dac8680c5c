"""A dead letter fits in a Kafka message whatever the record, and records what it had to cut."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.article import IngestMeta
from schemas.codec import (
    DEAD_LETTER_MAX_BYTES,
    KEPT_BYTES_OF_HUGE_RECORD,
    KEPT_HEADER_BYTES,
    KEPT_KEY_BYTES,
    KEPT_REASON_CHARS,
    DecodeError,
    dead_letter,
    dead_letter_budget,
    decode,
    encode,
    fit_dead_letter,
)
from schemas.dead_letter import DeadLetter, DeadLetterHeader

INGEST = IngestMeta(
    topic="figwatch-articles", partition=1, offset=9, timestamp=datetime(2026, 1, 1, tzinfo=UTC)
)
MB = 1024 * 1024

# Whatever the other parts are, these never take more than this much of a letter's JSON:
# figwatch's producers accept messages this much above FIGWATCH_MAX_MESSAGE_BYTES.
SLACK = 64 * 1024

SIZES = st.sampled_from([0, 1, 2, 3, 100, KEPT_KEY_BYTES, KEPT_KEY_BYTES + 1, 70_000, 3 * MB])
BUDGETS = st.sampled_from([1, 1000, 64 * 1024, 256 * 1024, DEAD_LETTER_MAX_BYTES])
KINDS = st.sampled_from(["too_large", "invalid_json", "validation", "processing_error"])


def _letter(
    raw: bytes = b"{broken",
    kind: str = "invalid_json",
    reason: str = "bad",
    key: bytes | None = None,
    headers: list[tuple[str, bytes | None]] | None = None,
    max_bytes: int = DEAD_LETTER_MAX_BYTES,
) -> DeadLetter:
    return dead_letter(
        raw,
        DecodeError(kind, reason),  # type: ignore[arg-type]
        stage="validate",
        ingest=INGEST,
        key=key,
        headers=headers or [],
        max_bytes=max_bytes,
    )


@settings(max_examples=60, deadline=None)
@given(
    raw=SIZES,
    key=st.none() | SIZES,
    reason=SIZES,
    header_sizes=st.lists(SIZES, max_size=4),
    budget=BUDGETS,
    kind=KINDS,
)
def test_a_dead_letter_fits_its_budget_and_keeps_every_size(
    raw: int, key: int | None, reason: int, header_sizes: list[int], budget: int, kind: str
) -> None:
    headers = [(f"h{n}", b"v" * size) for n, size in enumerate(header_sizes)]
    letter = _letter(
        b"r" * raw,
        kind,
        "ر" * reason,
        None if key is None else b"k" * key,
        headers,
        max_bytes=budget,
    )
    size = len(encode(letter))

    assert size <= max(budget, SLACK)
    if budget >= SLACK:
        assert size <= budget
    assert letter.original_size == raw
    assert letter.truncated == (len(letter.original) < raw)
    assert letter.key_size == key
    assert letter.key_truncated == (key is not None and key > KEPT_KEY_BYTES)
    assert letter.reason_size == reason
    assert letter.headers_size == sum(len(f"h{n}") + s for n, s in enumerate(header_sizes))
    assert letter.headers_truncated == (len(letter.headers) < len(headers))
    assert decode(DeadLetter, encode(letter)) == letter


@pytest.mark.parametrize(
    ("kind", "raw_size", "kept"),
    [
        ("invalid_json", 500_000, 500_000),
        ("validation", 3 * MB, None),
        ("too_large", 500_000, KEPT_BYTES_OF_HUGE_RECORD),
    ],
)
def test_the_original_is_kept_whole_or_its_head(kind: str, raw_size: int, kept: int | None) -> None:
    raw = (bytes(range(256)) * (raw_size // 256 + 1))[:raw_size]
    letter = _letter(raw, kind)

    assert raw.startswith(letter.original)
    if kept is not None:
        assert len(letter.original) == kept
    else:
        assert len(encode(letter)) <= DEAD_LETTER_MAX_BYTES
        assert len(letter.original) > DEAD_LETTER_MAX_BYTES // 2


def test_an_oversized_key_is_cut_to_its_head_with_its_size() -> None:
    key = b"k" * 2_500_000
    letter = _letter(key=key)

    assert letter.key == key[:KEPT_KEY_BYTES]
    assert (letter.key_size, letter.key_truncated) == (len(key), True)
    assert letter.original == b"{broken"


def test_a_long_reason_is_cut_to_its_head_with_its_length() -> None:
    reason = "body: " + "x" * 10_000
    letter = _letter(reason=reason)

    assert letter.reason == reason[:KEPT_REASON_CHARS]
    assert letter.reason_size == len(reason)


def test_headers_are_kept_whole_and_in_order_while_they_fit() -> None:
    small = [("trace", b"abc"), ("trace", b"def")]
    huge = ("blob", b"v" * 2_500_000)
    letter = _letter(headers=[*small, huge, ("after", b"x")])

    assert letter.headers == tuple(DeadLetterHeader(name=n, value=v) for n, v in small)
    assert letter.headers_truncated
    assert letter.headers_size == (5 + 3) * 2 + 4 + 2_500_000 + 5 + 1
    assert sum(len(h.name) + len(h.value or b"") for h in letter.headers) <= KEPT_HEADER_BYTES


def test_a_reason_or_header_name_with_a_lone_surrogate_can_still_be_written() -> None:
    letter = _letter(reason="title: \ud800", headers=[("name\udfff", b"v")])

    assert "\\ud800" in letter.reason
    assert letter.headers[0].name == "name\\udfff"
    assert decode(DeadLetter, encode(letter)) == letter


def test_fitting_a_letter_again_cuts_only_its_original() -> None:
    letter = _letter(b"x" * 300_000, key=b"id-1")
    fitted = fit_dead_letter(letter, 100_000)

    assert len(encode(fitted)) <= 100_000
    assert fitted.truncated and fitted.original_size == 300_000
    assert fitted.model_copy(update={"original": letter.original}) == letter.model_copy(
        update={"truncated": True}
    )


@pytest.mark.parametrize(
    ("max_message_bytes", "budget"),
    [(4 * MB, DEAD_LETTER_MAX_BYTES), (256 * 1024, 256 * 1024), (1, 1)],
)
def test_the_budget_is_the_smaller_of_the_cap_and_the_message_limit(
    max_message_bytes: int, budget: int
) -> None:
    assert dead_letter_budget(max_message_bytes) == budget
