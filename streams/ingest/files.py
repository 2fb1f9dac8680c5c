"""Turn paths (.txt, .json, .jsonl, directories) into raw article records with their origin.

A ``.txt`` file is one article: first line the headline, the rest the body. Its source,
publication time, language and url come from a sidecar ``manifest.json`` in its folder or an
ancestor folder (entries keyed by ``file``, relative to the manifest), else from the defaults
given on the command line. ``.json`` holds one article object or a list of them; ``.jsonl``
one object per line. Nothing here validates an article: records go through the one codec.

Nothing over the size limit is held in memory: ``.jsonl`` files are read in chunks, and a line
over the limit is skipped as it streams past, leaving only its size in a ``too_large`` record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from schemas.codec import DEFAULT_MAX_MESSAGE_BYTES, DecodeError, parse_json_object

ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl")
MANIFEST_NAME = "manifest.json"
MAX_JSON_LIST_BYTES = 64 * 1024 * 1024
"""A ``.json`` list is parsed whole (into several times its size); larger ones need ``.jsonl``."""
_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Defaults:
    """Field values for records that do not carry them (command-line options)."""

    source: str | None = None
    language: str | None = None
    published_at: datetime | None = None

    def apply(self, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` with every missing field filled from these defaults."""
        filled = dict(data)
        if self.source and not filled.get("source"):
            filled["source"] = self.source
        if self.language and not filled.get("language"):
            filled["language"] = self.language
        if self.published_at and not filled.get("published_at"):
            filled["published_at"] = self.published_at.isoformat()
        return filled


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One article as read from disk: its parsed fields, or why it could not be read."""

    origin: Path
    """File it came from."""
    line: int
    """1-based line in a ``.jsonl`` file, 1-based item in a ``.json`` list, 0 for a whole file."""
    raw: bytes
    """The record's bytes as stored (the whole file for ``.txt`` and single-object ``.json``)."""
    data: dict[str, Any] | None = None
    """Parsed fields, when the record could be read."""
    error: DecodeError | None = field(default=None)
    """Why the record could not be read."""
    size: int | None = None
    """Size on disk of a record too large to be read, whose ``raw`` is therefore empty."""

    @property
    def where(self) -> str:
        """``path`` or ``path:line`` for messages to people."""
        return f"{self.origin}:{self.line}" if self.line else str(self.origin)


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Article files under ``paths``: files as given, directories recursively, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix in ARTICLE_SUFFIXES and p.name != MANIFEST_NAME
                )
            )
        else:
            found.append(path)
    return found


def read_records(
    paths: Sequence[Path],
    defaults: Defaults | None = None,
    *,
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
) -> Iterator[SourceRecord]:
    """Every article record under ``paths``, in file order, unreadable ones with their error."""
    defaults = defaults or Defaults()
    manifests = _ManifestIndex()
    for path in expand_paths(paths):
        if not path.exists():
            reason = "no such file or directory"
            yield SourceRecord(path, 0, b"", error=DecodeError("validation", reason))
            continue
        try:
            if path.suffix == ".txt":
                yield _read_txt(path, defaults, manifests, max_message_bytes)
            elif path.suffix == ".jsonl":
                yield from _read_jsonl(path, defaults, max_message_bytes)
            elif path.suffix == ".json":
                yield from _read_json(path, defaults, max_message_bytes)
            else:
                reason = f"unsupported file type {path.suffix!r}; expected .txt, .json or .jsonl"
                yield SourceRecord(path, 0, b"", error=DecodeError("validation", reason))
        except OSError as exc:
            # Records already read from the file stand; the rest of it is one error.
            reason = f"cannot read: {exc.strerror or exc}"
            yield SourceRecord(path, 0, b"", error=DecodeError("validation", reason))


def stream_lines(handle: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(number, line, size)`` of every line, 1-based; ``line`` is None when over ``limit``.

    Reads in chunks and keeps at most ``limit`` bytes of a line, so a line of any length
    costs no more memory than the limit; the newline is neither kept nor counted.
    """
    number = 0
    kept = bytearray()
    size = 0
    while chunk := handle.read(_CHUNK_BYTES):
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            piece = chunk[start:] if end < 0 else chunk[start:end]
            size += len(piece)
            if size <= limit:
                kept += piece
            else:
                kept.clear()
            if end < 0:
                break
            number += 1
            yield number, bytes(kept) if size <= limit else None, size
            kept.clear()
            size = 0
            start = end + 1
    if size:
        yield number + 1, bytes(kept) if size <= limit else None, size


def _too_large(path: Path, line: int, what: str, size: int, limit: int) -> SourceRecord:
    reason = f"{what} is {size} bytes, over the limit of {limit}; skipped unread"
    return SourceRecord(path, line, b"", error=DecodeError("too_large", reason), size=size)


def _read_txt(
    path: Path, defaults: Defaults, manifests: _ManifestIndex, max_message_bytes: int
) -> SourceRecord:
    size = path.stat().st_size
    if size > max_message_bytes:
        return _too_large(path, 0, "file", size, max_message_bytes)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8: byte {raw[exc.start]:#04x} at offset {exc.start}"
        return SourceRecord(path, 0, raw, error=DecodeError("invalid_encoding", reason))
    title, _, body = text.partition("\n")
    data: dict[str, Any] = {"title": title.strip(), "body": body.strip("\n")}
    data.update(manifests.entry_for(path))
    if not data.get("source") and not defaults.source:
        data["source"] = path.parent.name or "local"
    return SourceRecord(path, 0, raw, data=defaults.apply(data))


def _read_jsonl(path: Path, defaults: Defaults, max_message_bytes: int) -> Iterator[SourceRecord]:
    with path.open("rb") as handle:
        for number, line, size in stream_lines(handle, max_message_bytes):
            if line is None:
                yield _too_large(path, number, "line", size, max_message_bytes)
                continue
            stripped = line.strip()
            if not stripped:
                continue
            try:
                data = parse_json_object(stripped, max_message_bytes)
            except DecodeError as error:
                yield SourceRecord(path, number, stripped, error=error)
                continue
            yield SourceRecord(path, number, stripped, data=defaults.apply(data))


def _read_json(path: Path, defaults: Defaults, max_message_bytes: int) -> Iterator[SourceRecord]:
    size = path.stat().st_size
    is_list = _first_byte(path) == b"["
    if is_list and size > MAX_JSON_LIST_BYTES:
        yield _too_large(path, 0, "JSON list (use .jsonl)", size, MAX_JSON_LIST_BYTES)
        return
    if not is_list and size > max_message_bytes:
        yield _too_large(path, 0, "file", size, max_message_bytes)
        return
    raw = path.read_bytes()
    if is_list:
        try:
            items = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            # ValueError covers malformed JSON and integers past Python's digit limit.
            reason = f"not a JSON list of articles: {exc}"
            yield SourceRecord(path, 0, raw, error=DecodeError("invalid_json", reason))
            return
        for number, item in enumerate(items, start=1):
            item_raw = json.dumps(item, ensure_ascii=False).encode("utf-8")
            if not isinstance(item, dict):
                reason = f"expected a JSON object, got {type(item).__name__}"
                yield SourceRecord(
                    path, number, item_raw, error=DecodeError("not_an_object", reason)
                )
            elif len(item_raw) > max_message_bytes:
                yield _too_large(path, number, "item", len(item_raw), max_message_bytes)
            else:
                yield SourceRecord(path, number, item_raw, data=defaults.apply(item))
        return
    try:
        data = parse_json_object(raw, max_message_bytes)
    except DecodeError as error:
        yield SourceRecord(path, 0, raw, error=error)
        return
    yield SourceRecord(path, 0, raw, data=defaults.apply(data))


def _first_byte(path: Path) -> bytes:
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            stripped = chunk.lstrip()
            if stripped:
                return stripped[:1]
    return b""


class _ManifestIndex:
    """Finds the manifest entry of a ``.txt`` file, reading each manifest once."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, dict[Path, dict[str, Any]]] = {}

    def entry_for(self, path: Path) -> dict[str, Any]:
        target = path.resolve()
        for folder in target.parents:
            entries = self._load(folder)
            if target in entries:
                return entries[target]
        return {}

    def _load(self, folder: Path) -> dict[Path, dict[str, Any]]:
        if folder not in self._by_dir:
            self._by_dir[folder] = {}
            manifest = folder / MANIFEST_NAME
            if manifest.is_file():
                try:
                    listing = json.loads(manifest.read_text(encoding="utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    listing = {}
                for entry in listing.get("articles", []) if isinstance(listing, dict) else []:
                    if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                        fields = {
                            k: entry[k]
                            for k in ("source", "published_at", "language", "url", "id")
                            if entry.get(k)
                        }
                        self._by_dir[folder][(folder / entry["file"]).resolve()] = fields
        return self._by_dir[folder]
