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
    }  # fmt: skip


def test_worker_dead_letters_each_bad_message_with_its_kind_and_passes_valid_ones(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    figures = hostile.run(kafka_bootstrap, tmp_path, bad=300, valid=40, timeout=200)
    print(figures)

    assert figures["worker_alive"]
    assert figures["bad_missing"] == 0
    assert figures["wrong_kind_examples"] == []
    assert figures["valid_unexpectedly_dead"] == 0
    assert figures["without_reason"] == 0
    assert figures["valid_missing"] == 0
