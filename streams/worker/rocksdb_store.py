"""Faust's RocksDB table store with RocksDB's own info log kept to a bounded size.

RocksDB writes a line to a text ``LOG`` file in every database directory at each memtable
flush and compaction, and by default never rotates it within a run: in the soak the figures
table's log reached 3 MiB per partition in 90 minutes while the table data stayed flat.
Faust passes only a few options to rocksdict, so this store adds the log limits itself. It is
registered as the ``figwatch-rocksdb://`` store URL.
"""

from __future__ import annotations

from typing import Any

from faust.stores import STORES
from faust.stores.rocksdb import RocksDBOptions
from faust.stores.rocksdb import Store as FaustRocksDBStore

STORE_URL = "figwatch-rocksdb://"
INFO_LOG_BYTES = 256 * 1024
INFO_LOGS_KEPT = 2


class BoundedLogOptions(RocksDBOptions):
    """Faust's RocksDB options, plus a size limit and a count of kept files for the info log."""

    def as_options(self) -> Any:
        """The rocksdict options Faust builds, with the info log limits set."""
        options = super().as_options()
        options.set_max_log_file_size(INFO_LOG_BYTES)
        options.set_keep_log_file_num(INFO_LOGS_KEPT)
        return options


class Store(FaustRocksDBStore):
    """A RocksDB table store whose databases open with :class:`BoundedLogOptions`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built as Faust builds its own, from the table options left once it took its own.
        options = self.options or {}
        self.rocksdb_options = BoundedLogOptions(**options, use_rocksdict=self.use_rocksdict)


STORES.aliases[STORE_URL.removesuffix("://")] = f"{__name__}:Store"
