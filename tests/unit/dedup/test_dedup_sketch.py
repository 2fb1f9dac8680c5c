from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.dedup.config import DedupConfig
from streams.dedup.sketch import (
    band_keys,
    band_partition,
    compact,
    estimate_jaccard,
    minhash,
    similarity,
)

CONFIG = DedupConfig()


def sets_with_jaccard(jaccard: float, size: int, rng: random.Random) -> tuple[list[str], list[str]]:
    shared = round(2 * jaccard * size / (1 + jaccard))
    common = [f"c{i}" for i in range(shared)]
    left = common + [f"l{i}" for i in range(size - shared)]
    right = common + [f"r{i}" for i in range(size - shared)]
    rng.shuffle(left)
    return left, right


@pytest.mark.parametrize("jaccard", [0.0, 0.3, 0.6, 0.8, 0.9, 1.0])
def test_sketch_estimate_is_close_to_the_true_jaccard(jaccard: float) -> None:
    rng = random.Random(3)
    errors = []
    for trial in range(20):
        left, right = sets_with_jaccard(jaccard, 400, rng)
        config = DedupConfig(seed=trial + 1)
        estimate = estimate_jaccard(
            compact(minhash(left, config), config.sketch_bits),
            compact(minhash(right, config), config.sketch_bits),
            config,
        )
        errors.append(estimate - jaccard)
    assert abs(sum(errors) / len(errors)) < 0.03
    assert max(abs(e) for e in errors) < 0.2


@pytest.mark.parametrize(("num_perm", "bits", "chars"), [(128, 4, 86), (128, 2, 43), (64, 8, 86)])
def test_compact_sketch_takes_num_perm_times_bits(num_perm: int, bits: int, chars: int) -> None:
    config = DedupConfig(num_perm=num_perm, sketch_bits=bits, bands=8, rows=2)
    assert len(compact(minhash(["a b c"], config), bits)) == chars


@pytest.mark.parametrize(
    ("jaccard", "size", "other", "expected"),
    [
        (0.7, 70, 100, 1.0),  # a 70% truncation is wholly contained in the original
        (0.5, 100, 100, 2 / 3),
        (0.3, 20, 100, 0.3),  # too short for containment: plain Jaccard
        (1.0, 50, 50, 1.0),
    ],
)
def test_similarity_is_containment_of_the_shorter_when_lengths_are_comparable(
    jaccard: float, size: int, other: int, expected: float
) -> None:
    assert similarity(jaccard, size, other, CONFIG) == pytest.approx(expected)


def test_identical_sets_share_every_band_key_and_different_sets_none() -> None:
    same = band_keys(minhash(["x y z", "y z w"], CONFIG), CONFIG)
    assert same == band_keys(minhash(["y z w", "x y z"], CONFIG), CONFIG)
    other = band_keys(minhash([f"o{i}" for i in range(200)], CONFIG), CONFIG)
    assert not set(same) & set(other)
    assert len(same) == CONFIG.bands


@given(st.text(min_size=1, max_size=20), st.integers(min_value=1, max_value=64))
def test_band_partition_is_in_range_and_stable(key: str, partitions: int) -> None:
    ascii_key = key.encode("utf-8").hex()
    assert 0 <= band_partition(ascii_key, partitions) < partitions
    assert band_partition(ascii_key, partitions) == band_partition(ascii_key, partitions)


def test_band_partition_does_not_depend_on_python_hash_salt() -> None:
    # crc32 of the key: a fixed value in every process, whatever PYTHONHASHSEED is.
    assert band_partition("AAAAAAAA", 1000) == 402


@pytest.mark.parametrize(
    "kwargs",
    [
        {"threshold": 0},
        {"sketch_bits": 3},
        {"num_perm": 10, "sketch_bits": 4},
        {"bands": 100, "rows": 2},
        {"min_length_ratio": 0},
    ],
)
def test_inconsistent_configs_are_rejected(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        DedupConfig(**kwargs)  # type: ignore[arg-type]
