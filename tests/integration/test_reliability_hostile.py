"""Hostile messages among valid ones: each bad one dead-letters with its kind, valid ones pass."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from scripts.reliability import hostile

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


def test_every_family_of_bad_input_is_generated() -> None:
    families = Counter(m.family for m in hostile.messages(bad=400, valid=40))
    assert set(families) >= {
        "invalid_utf8", "invalid_json", "nested_json", "not_object", "wrong_types",
        "missing_fields", "nul_body", "lone_surrogate", "blank_body", "tombstone",
        "over_body", "over_message", "valid", "valid_strange",
        "oversized_key_bad", "oversized_headers_bad", "edge_oversized_key",
        "edge_oversized_headers", "edge_javascript_url", "edge_latest_date",
        "edge_earliest_date",
    }  # fmt: skip


def test_worker_dead_letters_each_bad_message_with_its_kind_and_passes_valid_ones(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    figures = hostile.run(kafka_bootstrap, tmp_path, bad=300, valid=40, timeout=300)
    print(figures)

    assert figures["worker_alive"]
    assert figures["bad_missing"] == 0
    assert figures["wrong_kind_examples"] == []
    assert figures["valid_unexpectedly_dead"] == 0
    assert figures["without_reason"] == 0
    assert figures["valid_missing"] == 0
    # The 2.5 MB key and the 2.5 MB of headers: a dead letter each, their sizes recorded.
    assert figures["oversized_dead_letters"] == 2
    assert figures["oversized_sizes_recorded"] == 2
    assert 0 < figures["largest_dead_letter_bytes"] <= hostile.MAX_MESSAGE_BYTES
    # Oversized key and headers on valid articles, a javascript: url, the first and last dates.
    assert figures["edge_valid_once"] == figures["edge_valid_in"] == 5
    # As users look at it: alerts printed with no raw control or bidi character, Faust's own
    # views and unknown paths 404, a nonsense setting stops a command with one line.
    assert figures["alerts_printed_lines"] > 0
    assert figures["terminal_raw_controls"] == 0
    assert set(figures["route_status"].values()) == {404}, figures["route_status"]
    assert (figures["bad_setting_exit"], figures["bad_setting_stderr_lines"]) == (2, 1)
