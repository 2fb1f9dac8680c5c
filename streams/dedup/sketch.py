"""MinHash signatures, their compact b-bit form, LSH band keys and the similarity estimate."""

from __future__ import annotations

import base64
import hashlib
import struct
import zlib
from functools import lru_cache

import rensa

from streams.dedup.config import DedupConfig


def minhash(shingles: list[str], config: DedupConfig) -> list[int]:
    """Compute the ``num_perm`` 32-bit MinHash values of a shingle set."""
    if not shingles:
        return []
    # One sketch per call: the plain update is several times faster here than rensa's batch
    # class methods, whose setup cost only pays off over many documents at once.
    sketch = rensa.RMinHash(config.num_perm, config.seed)
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
    """Jaccard similarity estimated from two compact sketches.

    Two b-bit values also agree by chance with probability ``2**-bits``; the estimate
    removes that share (Li and König, b-bit minwise hashing).
    """
    bits = config.sketch_bits
    groups = config.num_perm
    a, b = _unpack(left), _unpack(right)
    diff = a ^ b
    # Fold each b-bit group onto its lowest bit so one popcount counts differing groups.
    folded = diff
    for shift in range(1, bits):
        folded |= diff >> shift
    differing = (folded & _low_bit_mask(groups, bits)).bit_count()
    agree = (groups - differing) / groups
    chance = 2.0**-bits
    return max(0.0, min(1.0, (agree - chance) / (1.0 - chance)))


def similarity(jaccard: float, size: int, other_size: int, config: DedupConfig) -> float:
    """Containment of the shorter shingle set in the longer, when lengths are comparable.

    A copy truncated to 70% keeps all its shingles in the original but has Jaccard 0.7;
    the share of the shorter set found in the longer, ``|A∩B| / min(|A|, |B|)``, follows from
    Jaccard and the set sizes. When the shorter has less than ``min_length_ratio`` of the
    longer's shingles the plain Jaccard estimate is used instead.
    """
    small, large = sorted((max(size, 1), max(other_size, 1)))
    if small / large < config.min_length_ratio:
        return jaccard
    overlap = jaccard * (small + large) / (1.0 + jaccard)
    return max(jaccard, min(1.0, overlap / small))


def band_keys(values: list[int], config: DedupConfig) -> list[str]:
    """One key per LSH band: the band number and a hash of its ``rows`` MinHash values."""
    keys = []
    rows = config.rows
    for band in range(config.bands if values else 0):
        chunk = struct.pack(f">{rows}I", *values[band * rows : (band + 1) * rows])
        # 24 bits per band: a rare chance collision only costs one sketch comparison.
        digest = hashlib.blake2b(chunk, digest_size=3, person=b"fw-band").digest()
        keys.append(base64.urlsafe_b64encode(bytes([band]) + digest).decode("ascii").rstrip("="))
    return keys


def band_partition(key: str, partitions: int) -> int:
    """Partition that owns a band key: a stable hash, the same in every process."""
    return zlib.crc32(key.encode("ascii")) % partitions


def _unpack(sketch: str) -> int:
    padded = sketch + "=" * (-len(sketch) % 4)
    return int.from_bytes(base64.urlsafe_b64decode(padded), "big")
