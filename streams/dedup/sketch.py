"""MinHash signatures, their compact b-bit form, LSH band keys and the containment estimate."""

from __future__ import annotations

import base64
import hashlib
import math
import struct
from functools import lru_cache

import rensa

from streams.dedup.config import DedupConfig


def minhash(shingles: list[str], config: DedupConfig, num_perm: int | None = None) -> list[int]:
    """Compute the ``num_perm`` (by default the config's) 32-bit MinHash values of shingles."""
    if not shingles:
        return []
    # One sketch per call: the plain update is several times faster here than rensa's batch
    # class methods, whose setup cost only pays off over many documents at once.
    sketch = rensa.RMinHash(num_perm or config.num_perm, config.seed)
    sketch.update(shingles)
    values: list[int] = sketch.digest()
    return values


def compact(values: list[int], bits: int) -> str:
    """Pack the low ``bits`` of every MinHash value into base64 (b-bit MinHash)."""
    mask = (1 << bits) - 1
    packed = 0
    for value in values:
        packed = (packed << bits) | (value & mask)
    raw = packed.to_bytes(len(values) * bits // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


@lru_cache(maxsize=16)
def _low_bit_mask(groups: int, bits: int) -> int:
    return int(("0" * (bits - 1) + "1") * groups, 2)


def estimate_jaccard(left: str, right: str, config: DedupConfig) -> float:
    """Jaccard similarity estimated from two compact sketches (base64, as :func:`compact`)."""
    return estimate_jaccard_raw(_raw(left), _raw(right), config)


def estimate_jaccard_raw(left: bytes, right: bytes, config: DedupConfig) -> float:
    """Jaccard similarity estimated from two packed sketches.

    Two b-bit values also agree by chance with probability ``2**-bits``; the estimate
    removes that share (Li and König, b-bit minwise hashing).
    """
    bits = config.sketch_bits
    groups = config.num_perm
    diff = int.from_bytes(left, "big") ^ int.from_bytes(right, "big")
    # Fold each b-bit group onto its lowest bit so one popcount counts differing groups.
    folded = diff
    for shift in range(1, bits):
        folded |= diff >> shift
    differing = (folded & _low_bit_mask(groups, bits)).bit_count()
    agree = (groups - differing) / groups
    chance = 2.0**-bits
    return max(0.0, min(1.0, (agree - chance) / (1.0 - chance)))


def containment(jaccard: float, size: int, other_size: int) -> float:
    """Share of a set of ``size`` shingles found in another of ``other_size``, from Jaccard.

    A copy cut to a third of its original keeps all its shingles in it but has Jaccard 0.33;
    the share ``|A∩B| / |A|`` follows from Jaccard and the set sizes. It is asymmetric: the
    original holds only a third of its shingles in the cut copy.
    """
    size, other_size = max(size, 1), max(other_size, 1)
    overlap = jaccard * (size + other_size) / (1.0 + jaccard)
    return max(jaccard, min(1.0, overlap / size))


def required_share(size: int, other_size: int, config: DedupConfig) -> float:
    """The estimated share at which a set of ``size`` is a near duplicate of one of ``other_size``.

    The threshold plus ``margin`` standard errors of the estimate for a pair exactly at the
    threshold. The share is Jaccard scaled by ``(1 + other_size / size) / (1 + J)``, so the
    sketches' error grows as the set is shorter than the other: a copy a fifth of its
    original's length must show more, which a cut copy (wholly inside) does and an article
    quoting a third of it does not. Below ``min_size_ratio`` of the other's size the bar is
    infinite: never a duplicate.
    """
    ratio = max(size, 1) / max(other_size, 1)
    if ratio < config.min_size_ratio:
        return math.inf
    share = config.threshold
    # A later article much longer than the earlier one cannot hold a high share of itself
    # in it: the Jaccard such a share needs would pass 1, where the error has no meaning.
    jaccard = min(1.0, share * ratio / (1.0 + ratio - share * ratio))
    chance = 2.0**-config.sketch_bits
    agree = jaccard + (1.0 - jaccard) * chance
    jaccard_error = math.sqrt(agree * (1.0 - agree) / config.num_perm) / (1.0 - chance)
    return share + config.margin * jaccard_error * (1.0 + 1.0 / ratio) / (1.0 + jaccard) ** 2


def band_keys(values: list[int], config: DedupConfig) -> list[str]:
    """One key per LSH band of the whole text's MinHash values."""
    return _keys(values, config.rows, range(config.bands if values else 0))


def opening_keys(window: list[str], config: DedupConfig) -> list[str]:
    """LSH band keys of an opening's shingles, numbered after the whole text's bands.

    Openings of any paragraph share one key space: a copy's second opening meets its
    original's first.
    """
    if not window or not config.opening_bands:
        return []
    values = minhash(window, config, config.opening_bands * config.rows)
    return _keys(values, config.rows, range(config.bands, config.bands + config.opening_bands))


def _keys(values: list[int], rows: int, numbers: range) -> list[str]:
    """A key per band: the band number and a hash of its ``rows`` MinHash values."""
    keys = []
    for at, band in enumerate(numbers):
        chunk = struct.pack(f">{rows}I", *values[at * rows : (at + 1) * rows])
        # 24 bits per band: a rare chance collision only costs one sketch comparison.
        digest = hashlib.blake2b(chunk, digest_size=3, person=b"fw-band").digest()
        keys.append(base64.urlsafe_b64encode(bytes([band]) + digest).decode("ascii").rstrip("="))
    return keys


def _raw(sketch: str) -> bytes:
    return base64.urlsafe_b64decode(sketch + "=" * (-len(sketch) % 4))
