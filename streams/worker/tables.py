"""The worker's state tables, named in :mod:`streams.worker.topology`.

Table keys are the raw bytes of text keys, so that a key hashes to the partition holding it
and ``app.table_route`` finds its worker; :class:`TextKeys` lets the pure stages use ``str``
keys over them. The dedup table holds packed bytes (``streams.dedup.index``), the figures
table JSON.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from functools import wraps
from typing import Any

from faust.exceptions import SameNode
from faust.types import TableT
from faust.types.web import ViewHandlerFun
from faust.web import Request, Response, View

from streams.figures.routing import figures_key
from streams.settings import get_settings
from streams.worker.app import app
from streams.worker.topology import TABLES

_settings = get_settings()


class TextKeys(MutableMapping[str, Any]):
    """A table with bytes keys seen as a mapping with text keys."""

    def __init__(self, table: TableT) -> None:
        self.table = table

    def __getitem__(self, key: str) -> Any:
        return self.table[key.encode("utf-8")]

    def __setitem__(self, key: str, value: Any) -> None:
        self.table[key.encode("utf-8")] = value

    def __delitem__(self, key: str) -> None:
        del self.table[key.encode("utf-8")]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.encode("utf-8") in self.table

    def __iter__(self) -> Iterator[str]:
        for key in self.table:
            yield key.decode("utf-8") if isinstance(key, bytes) else str(key)

    def __len__(self) -> int:
        return len(self.table)


# Faust opens one RocksDB database per table partition with a 2 GiB block cache and 3 x 64
# MiB memtables each by default: resident memory then grows for hours. Small buffers bound it
# (at most 5 MiB per partition); the tables hold small values read by key, and retention
# keeps each database small. The dedup table writes about 200 bytes per article, all in one
# partition: a small memtable reaches its size, and memory its level, early.
_ROCKSDB_OPTIONS = {
    "write_buffer_size": 2 * 1024 * 1024,
    "max_write_buffer_number": 2,
    "target_file_size_base": 8 * 1024 * 1024,
    "block_cache_size": 1024 * 1024,
    "block_cache_compressed_size": 0,
}
_WRITE_BUFFERS = {"dedup": 512 * 1024}


def _rocksdb_options(name: str) -> dict[str, int] | None:
    if _settings.store != "rocksdb":
        return None
    return {**_ROCKSDB_OPTIONS, "write_buffer_size": _WRITE_BUFFERS.get(name, 2 * 1024 * 1024)}


def _table(name: str, **options: Any) -> TableT:
    return app.Table(
        name,
        default=None,
        partitions=_settings.partitions,
        key_type=bytes,
        help=TABLES[name],
        options=_rocksdb_options(name),
        **options,
    )


figures_table = _table("figures")
figures = TextKeys(figures_table)
dedup_table = _table("dedup", value_type=bytes)
dedup = TextKeys(dedup_table)


def figure_route(view: ViewHandlerFun) -> ViewHandlerFun:
    """``app.table_route`` for a view of one figure (``{metric_key}`` in its path).

    A history lives in the partition its figures key hashes to (the claims stage sends it
    there), so the request goes to the worker holding that key's partition.
    """

    @wraps(view)
    async def routed(page: View, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = figures_key(request.match_info["metric_key"])
        try:
            return await app.router.route_req(figures_table.name, key, page.web, request)
        except SameNode:
            return await view(page, request, *args, **kwargs)

    return routed
