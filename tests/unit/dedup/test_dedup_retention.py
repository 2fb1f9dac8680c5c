"""Incremental retention of the dedup stores: expire_* over some keys."""

from __future__ import annotations

from typing import Any

import pytest

from streams.dedup.retention import (
    expire_bands,
    expire_fingerprints,
    expire_ids,
    expire_pending,
    expire_sketches,
)

CUTOFF = 100


@pytest.mark.parametrize(
    ("expire", "old", "new"),
    [
        (expire_ids, [99, 0, 1], [100, 0, 2]),
        (expire_fingerprints, ["a", 99], ["b", 100]),
        (expire_sketches, ["a", "s", 3, 99, [0, 0, 0]], ["b", "s", 3, 100, [0, 0, 1]]),
        (expire_pending, {"hour": 99, "replies": {}}, {"hour": 100, "replies": {}}),
    ],
    ids=["ids", "fingerprints", "sketches", "pending"],
)
def test_only_examined_keys_older_than_the_cutoff_are_dropped(
    expire: Any, old: Any, new: Any
) -> None:
    store = {"old": old, "new": new, "old-unexamined": old}
    assert expire(store, ["old", "new", "missing"], CUTOFF) == 1
    assert set(store) == {"new", "old-unexamined"}


def test_a_pending_entry_without_an_hour_is_kept() -> None:
    pending: dict[str, Any] = {"a": {"replies": {}}}
    assert expire_pending(pending, ["a"], CUTOFF) == 0


def test_buckets_keep_only_refs_with_retained_sketches() -> None:
    sketches = {"kept": ["k", "s", 3, 100, [0, 0, 0]], "old": ["o", "s", 3, 99, [0, 0, 1]]}
    bands = {"b1": ["kept", "old", "gone"], "b2": ["old", "gone"], "b3": ["kept"]}
    assert expire_bands(bands, sketches, ["b1", "b2", "b3"], CUTOFF) == 1
    assert bands == {"b1": ["kept"], "b3": ["kept"]}
