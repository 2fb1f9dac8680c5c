from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.dedup.config import DedupConfig
from streams.dedup.sketch import (
    band_keys,
    compact,
    containment,
    estimate_jaccard,
    minhash,
    opening_keys,
    required_share,
)

# The rule's shape as tuned (docs/dedup.md); the default threshold is 0.6.
CONFIG = DedupConfig(threshold=0.4)


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
        (0.3, 30, 100, 1.0),  # and so is a copy cut to 30%
        (0.5, 100, 100, 2 / 3),
        (0.75, 100, 75, 0.75),  # the original under a lead of a third of its length
        (0.3, 100, 30, 0.3),  # the original is 30% of a long article quoting it whole
        (1.0, 50, 50, 1.0),
    ],
)
def test_containment_is_the_share_of_the_first_set_in_the_second(
    jaccard: float, size: int, other: int, expected: float
) -> None:
    assert containment(jaccard, size, other) == pytest.approx(expected)


def test_the_required_share_rises_as_the_later_article_is_shorter() -> None:
    ratios = [2.0, 1.0, 0.5, 0.3, 0.2, 0.15]
    required = [required_share(round(100 * r), 100, CONFIG) for r in ratios]
    assert all(a < b for a, b in itertools.pairwise(required))
    assert CONFIG.threshold < required[0] < 0.5
    assert required_share(14, 100, CONFIG) == math.inf, "a seventh as long is never a copy"


def test_without_a_margin_the_required_share_is_the_threshold() -> None:
    config = DedupConfig(margin=0)
    assert required_share(20, 100, config) == pytest.approx(config.threshold)


@pytest.mark.parametrize(
    ("share", "size", "other", "near"),
    [
        (1.0, 30, 100, True),  # a copy cut to 30%
        (1.0, 25, 100, True),  # cut to a quarter
        (0.65, 140, 100, True),  # the whole original under a lead of half its length
        (0.35, 60, 100, False),  # a write-up of its own quoting a third of it
        (0.35, 25, 300, False),
        (0.0, 100, 100, False),
    ],
)
def test_copies_pass_the_required_share_and_write_ups_sharing_a_third_do_not(
    share: float, size: int, other: int, near: bool
) -> None:
    common = round(share * size)
    left = [f"c{i}" for i in range(common)] + [f"l{i}" for i in range(size - common)]
    right = [f"c{i}" for i in range(common)] + [f"r{i}" for i in range(other - common)]
    verdicts = []
    for seed in range(1, 21):
        config = DedupConfig(threshold=CONFIG.threshold, seed=seed)
        bits = config.sketch_bits
        jaccard = estimate_jaccard(
            compact(minhash(left, config), bits), compact(minhash(right, config), bits), config
        )
        estimate = containment(jaccard, size, other)
        verdicts.append(estimate >= required_share(size, other, config))
    assert verdicts.count(near) >= 19


def test_openings_share_a_key_space_after_the_whole_text_bands() -> None:
    window = [f"w{i} x y" for i in range(12)]
    keys = opening_keys(window, CONFIG)
    assert len(keys) == CONFIG.opening_bands
    assert keys == opening_keys(list(reversed(window)), CONFIG)
    whole = band_keys(minhash(window, CONFIG), CONFIG)
    assert not set(keys) & set(whole)
    assert opening_keys([], CONFIG) == []


def test_identical_sets_share_every_band_key_and_different_sets_none() -> None:
    same = band_keys(minhash(["x y z", "y z w"], CONFIG), CONFIG)
    assert same == band_keys(minhash(["y z w", "x y z"], CONFIG), CONFIG)
    other = band_keys(minhash([f"o{i}" for i in range(200)], CONFIG), CONFIG)
    assert not set(same) & set(other)
    assert len(same) == CONFIG.bands


@pytest.mark.parametrize(
    "kwargs",
    [
        {"threshold": 0},
        {"sketch_bits": 3},
        {"num_perm": 10, "sketch_bits": 4},
        {"bands": 200, "rows": 2},
        {"bands": 250, "opening_bands": 7, "num_perm": 512},
        {"margin": -1},
        {"min_size_ratio": 1.5},
        {"openings": 1, "stored_openings": 2},
        {"opening_shingles": 0},
        {"paragraph_words": 0},
    ],
)
def test_inconsistent_configs_are_rejected(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        DedupConfig(**kwargs)  # type: ignore[arg-type]


@given(
    threshold=st.floats(min_value=0.01, max_value=1.0),
    size=st.integers(min_value=0, max_value=100_000),
    other_size=st.integers(min_value=0, max_value=100_000),
)
def test_the_required_share_is_defined_for_every_threshold_and_length(
    threshold: float, size: int, other_size: int
) -> None:
    """A threshold of 0.8 once raised a math domain error for a later article 2x longer."""
    required = required_share(size, other_size, DedupConfig(threshold=threshold))
    assert required >= threshold
