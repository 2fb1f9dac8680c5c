"""The heap trim hands pages that malloc holds free back to the operating system."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path

import pytest

from streams.worker.heap_trim import malloc_trim

CHUNK = 32 * 1024
CHUNKS = 2048  # 64 MiB in blocks below malloc's mmap threshold, so they come from the heap


def _resident_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS line")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc malloc only")
def test_trim_returns_freed_heap_blocks_that_free_alone_keeps() -> None:
    trim = malloc_trim()
    assert trim is not None
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(CHUNK) for _ in range(CHUNKS)]
    # A block allocated after them keeps the freed space off the top of the heap, where free()
    # alone would give it back.
    pin = libc.malloc(CHUNK)
    for block in blocks:
        ctypes.memset(block, 1, CHUNK)
    touched = _resident_mib()
    for block in blocks:
        libc.free(block)
    kept = _resident_mib()
    assert trim() is True
    trimmed = _resident_mib()
    libc.free(pin)
    assert touched - kept < 8, "free() already returned the blocks; the test proves nothing"
    assert kept - trimmed > 48
