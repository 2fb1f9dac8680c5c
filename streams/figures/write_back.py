"""A store in front of another that writes each changed key through once, when flushed.

The worker's figure histories live in a table whose every assignment is a changelog record;
the claims of one article often touch one history several times. Reads see the pending
values; ``flush`` writes each changed key once, deletions included.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

_DELETED = object()


class WriteBack(MutableMapping[str, Any]):
    """``store`` with writes held until :meth:`flush`."""

    def __init__(self, store: MutableMapping[str, Any]) -> None:
        self.store = store
        self.pending: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        value = self.pending.get(key, self.store.get(key, _DELETED))
        if value is _DELETED:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        self.pending[key] = value

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self.pending[key] = _DELETED

    def __iter__(self) -> Iterator[str]:
        yield from (key for key, value in self.pending.items() if value is not _DELETED)
        yield from (key for key in self.store if key not in self.pending)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def flush(self) -> int:
        """Write every pending change to the store; returns how many keys were written."""
        for key, value in self.pending.items():
            if value is _DELETED:
                self.store.pop(key, None)
            else:
                self.store[key] = value
        written = len(self.pending)
        self.pending.clear()
        return written
