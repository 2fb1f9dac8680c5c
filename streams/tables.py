"""The worker's state tables; each is partitioned like the topic that feeds it.

Table keys are the raw bytes of the message keys that write them, so that a key hashes to the
partition holding it and ``app.table_route`` finds its worker; :class:`TextKeys` lets the
pure stages use ``str`` keys over them.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

from faust.types import TableT

from streams.app import app
from streams.settings import get_settings

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


# Faust opens one RocksDB database per table partition (6 tables x 4 partitions here) with a
# 2 GiB block cache and 3 x 64 MiB memtables each by default: resident memory then grows for
# hours. Small buffers bound it (at most 5 MiB per partition, about 100 MiB for 24); the
# tables hold small values read by key, and retention keeps each database small. In the soak
# the figures, pending and sketch tables filled 2 MiB block caches within 30,000 articles
# while the band, resend-id and fingerprint caches were still filling at 60,000, and
# resident memory with them. 1 MiB caches (24 MiB in all) were full by 110,000.
_ROCKSDB_OPTIONS = {
    "write_buffer_size": 2 * 1024 * 1024,
    "max_write_buffer_number": 2,
    "target_file_size_base": 8 * 1024 * 1024,
    "block_cache_size": 1024 * 1024,
    "block_cache_compressed_size": 0,
}
# A memtable takes memory as it fills and gives it back only when it is flushed full. The
# resend-id and fingerprint tables write about 100 bytes per article, so a 2 MiB memtable
# took some 45,000 articles to fill the first time and resident memory rose all that while
# (the soak in the README). A smaller one reaches its size, and memory its level, early.
_SMALL_WRITES = {"dedup-ids", "dedup-fingerprints"}
_SMALL_WRITE_BUFFER = 512 * 1024


def _rocksdb_options(name: str) -> dict[str, int] | None:
    if _settings.store != "rocksdb":
        return None
    if name in _SMALL_WRITES:
        return {**_ROCKSDB_OPTIONS, "write_buffer_size": _SMALL_WRITE_BUFFER}
    return _ROCKSDB_OPTIONS


def _table(name: str, help_text: str) -> TableT:
    return app.Table(
        name,
        default=None,
        partitions=_settings.partitions,
        key_type=bytes,
        help=help_text,
        options=_rocksdb_options(name),
    )


figures_table = _table(
    "figures", "Figure history per metric key (FigureHistory as JSON), fed by the claims topic."
)
figures = TextKeys(figures_table)
dedup_ids = TextKeys(
    _table("dedup-ids", "Article ref -> event hour: resends, keyed like valid articles.")
)
dedup_fingerprints = TextKeys(
    _table("dedup-fingerprints", "Content fingerprint -> [first article id, hour]: exact copies.")
)
dedup_bands = TextKeys(_table("dedup-bands", "LSH band key -> article refs, per band partition."))
dedup_sketches = TextKeys(
    _table("dedup-sketches", "Article ref -> [id, sketch, size, hour, order], beside band keys.")
)
dedup_pending = TextKeys(
    _table("dedup-pending", "Article id -> envelope and band replies until all partitions answer.")
)
