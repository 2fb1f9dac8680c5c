"""Timing helpers: CPU seconds of this process, so a shared machine distorts one-core rates less."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def cpu_seconds(work: Callable[[], T]) -> tuple[float, T]:
    """Run ``work`` once with the garbage collector collected first; its CPU seconds and result."""
    gc.collect()
    started = time.process_time()
    result = work()
    return time.process_time() - started, result


def each(function: Callable[[T], object], items: Iterable[T]) -> Callable[[], list[object]]:
    """A callable applying ``function`` to every item, keeping the results."""
    return lambda: [function(item) for item in items]
