"""The dedup index: one packed entry per article in a store, and the lookups derived from it.

Every check (resend, exact copy, near copy) reads one index, so one writer holds it: the
embedded deduplicator, or the worker's single dedup partition. The store keeps one value per
article (its ref), written once per article; the band buckets and the fingerprint map live in
memory and are rebuilt from the entries (:meth:`DedupIndex.rebuild`), so a worker that takes
the dedup partition over finds the same index its previous owner had.

An entry records which of its band keys it was inserted under (a bucket holds at most
:data:`MAX_BUCKET` refs), so a rebuilt bucket holds exactly the refs the live one held.
"""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass

from schemas.article import ArticleEnvelope
from schemas.dedup import OrderKey
from schemas.duplicate import DuplicateRecord
from streams.dedup.config import DedupConfig
from streams.dedup.content import article_ref, article_version
from streams.dedup.sketch import containment, estimate_jaccard_raw, required_share
from streams.dedup.stages import decide, digest_article, duplicate_record, event_hour, updated

Store = MutableMapping[str, bytes]
"""Packed entries by article ref: a dict, or the worker's dedup table."""

MAX_BUCKET = 16
"""Articles kept per band key. Articles sharing a key are mostly copies of one another, so a
full bucket is a burst of copies; the earliest inserted stay, so later copies still find them."""

_FORMAT = 1
_HEAD = struct.Struct(">BihqQB")
"""Format, event hour, input partition, input offset, content hash, near-part flag."""
_NEAR = struct.Struct(">IqhqHHH")
"""Shingle count, order (ms, partition, offset), fingerprints, sketch bytes, band keys (an
entry keeps the fingerprints and band keys of every version of a page updated in place)."""
_FINGERPRINT_BYTES = 9
_KEY_BYTES = 4


@dataclass(frozen=True, slots=True)
class Near:
    """What near-copy checks keep of an article: its fingerprints, sketch and band keys."""

    fingerprints: tuple[bytes, ...]
    sketch: bytes
    size: int
    order: OrderKey
    keys: tuple[bytes, ...]
    """Band keys the article was inserted under (full buckets left out)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One article in the index: its resend record, and its near-copy part once it had one."""

    article_id: str
    hour: int
    """Event hour, for retention."""
    coordinates: tuple[int, int]
    """Input partition and offset of the message that wrote it: a redelivery is no resend."""
    content: bytes
    """Hash of headline and body (``article_version``): same id, other content is an update."""
    near: Near | None

    def pack(self) -> bytes:
        """The entry as stored: a few fixed fields, the near part, then the id in UTF-8."""
        head = _HEAD.pack(
            _FORMAT,
            self.hour,
            *self.coordinates,
            int.from_bytes(self.content, "big"),
            self.near is not None,
        )
        if self.near is None:
            return head + self.article_id.encode("utf-8")
        near = self.near
        return b"".join(
            (
                head,
                _NEAR.pack(
                    near.size,
                    *near.order,
                    len(near.fingerprints),
                    len(near.sketch),
                    len(near.keys),
                ),
                *near.fingerprints,
                near.sketch,
                *near.keys,
                self.article_id.encode("utf-8"),
            )
        )

    @classmethod
    def unpack(cls, value: bytes) -> Entry:
        """The entry of a stored value; ValueError for a value of another format."""
        if not value or value[0] != _FORMAT:
            raise ValueError("not a dedup index entry of this format")
        _format, hour, partition, offset, content, has_near = _HEAD.unpack_from(value)
        at = _HEAD.size
        near = None
        if has_near:
            size, ms, part, off, prints, sketch_len, keys = _NEAR.unpack_from(value, at)
            at += _NEAR.size
            fingerprints = _chunks(value, at, prints, _FINGERPRINT_BYTES)
            at += prints * _FINGERPRINT_BYTES
            sketch = value[at : at + sketch_len]
            at += sketch_len
            band = _chunks(value, at, keys, _KEY_BYTES)
            at += keys * _KEY_BYTES
            near = Near(fingerprints, sketch, size, (ms, part, off), band)
        return cls(
            article_id=value[at:].decode("utf-8"),
            hour=hour,
            coordinates=(partition, offset),
            content=content.to_bytes(8, "big"),
            near=near,
        )


def _chunks(value: bytes, at: int, count: int, size: int) -> tuple[bytes, ...]:
    return tuple(value[at + i * size : at + (i + 1) * size] for i in range(count))


def _raw(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class DedupIndex:
    """Resend, exact-copy and near-copy checks over one store of packed entries.

    ``screen`` classifies an article and writes its entry (at most one write per article);
    ``expire`` drops entries that left the retention window; ``rebuild`` derives the
    in-memory buckets and fingerprint map from the store.
    """

    def __init__(self, store: Store, config: DedupConfig) -> None:
        self.store = store
        self.config = config
        self.buckets: dict[bytes, list[str]] = {}
        self.fingerprints: dict[bytes, str] = {}
        self.built = True
        """False once the store may hold entries the buckets do not know: rebuild first."""

    def rebuild(self) -> int:
        """Derive the buckets and fingerprint map from the store; returns the entries read."""
        self.buckets.clear()
        self.fingerprints.clear()
        entries = [(ref, Entry.unpack(value)) for ref, value in self.store.items()]
        # Refs join a bucket in the order the articles came, as they did when first written.
        entries.sort(key=lambda item: item[1].near.order if item[1].near else (0, 0, 0))
        for ref, entry in entries:
            self._insert(ref, entry)
        self.built = True
        return len(entries)

    def screen(
        self, envelope: ArticleEnvelope, order: OrderKey | None = None
    ) -> DuplicateRecord | ArticleEnvelope:
        """The duplicate record of an article, or its envelope to pass on; remembers it.

        ``order`` places the article in the total order of articles (by default its ingest
        time, partition and offset): a writer that checks articles in another order than their
        ingest times passes the order it checks them in.

        The same id with the same content is a resend, unless it is the very message that
        wrote the entry (an at-least-once redelivery, checked again as the same article).
        The same id with other content is an update: it passes on, timed at the update.
        """
        article = envelope.article
        ref = article_ref(article.id)
        coordinates = (envelope.ingest.partition, envelope.ingest.offset)
        content = bytes.fromhex(article_version(article))
        value = self.store.get(ref)
        seen = Entry.unpack(value) if value is not None else None
        if seen is not None and seen.coordinates != coordinates:
            if seen.content == content:
                return duplicate_record(envelope, article.id, "resend", 1.0)
            envelope = updated(envelope, seen.hour)
        redelivered = seen is not None and seen.coordinates == coordinates
        hour = event_hour(envelope)
        digest = digest_article(envelope, self.config, order)
        fingerprint = _raw(digest.fingerprint)
        previous = seen.near if seen is not None else None
        first = self.fingerprints.get(fingerprint)
        if first is not None and first != ref:
            other = self.store.get(first)
            if other is not None:
                if not redelivered:
                    self._write(ref, Entry(article.id, hour, coordinates, content, previous))
                return duplicate_record(envelope, Entry.unpack(other).article_id, "exact", 1.0)
        candidates: dict[str, None] = {}
        inserted = list(previous.keys) if previous is not None else []
        for key in map(_raw, digest.band_keys):
            refs = self.buckets.get(key, [])
            candidates.update(dict.fromkeys(refs))
            if ref not in refs and len(refs) < MAX_BUCKET and key not in inserted:
                inserted.append(key)
        for key in map(_raw, digest.lookup_keys):
            candidates.update(dict.fromkeys(self.buckets.get(key, [])))
        candidates.pop(ref, None)
        sketch = _raw(digest.sketch) if digest.sketch else b""
        matches = []
        for other_ref in candidates:
            match = self._match(other_ref, sketch, digest.size)
            if match is not None:
                matches.append(match)
        prints = previous.fingerprints if previous is not None else ()
        # An article without words has no sketch and no band key: only its fingerprint counts.
        near = Near(
            fingerprints=(*[p for p in prints if p != fingerprint], fingerprint),
            sketch=sketch,
            size=digest.size,
            order=digest.order,
            keys=tuple(inserted),
        )
        entry = Entry(article.id, hour, coordinates, content, near)
        if not (redelivered and seen == entry):
            self._write(ref, entry)
        record = decide(envelope, digest.order, matches)
        return record or envelope

    def expire(self, refs: Iterable[str], cutoff: int) -> int:
        """Drop those of ``refs`` whose entry's event hour is before ``cutoff``; how many."""
        dropped = 0
        for ref in refs:
            value = self.store.get(ref)
            if value is None:
                continue
            entry = Entry.unpack(value)
            if entry.hour >= cutoff:
                continue
            del self.store[ref]
            self._remove(ref, entry)
            dropped += 1
        return dropped

    def _match(self, ref: str, sketch: bytes, size: int) -> tuple[OrderKey, float, str] | None:
        value = self.store.get(ref)
        if value is None:
            return None
        entry = Entry.unpack(value)
        near = entry.near
        # A sketch of another length was made under other parameters: it cannot be compared.
        if near is None or not near.sketch or len(near.sketch) != len(sketch):
            return None
        jaccard = estimate_jaccard_raw(sketch, near.sketch, self.config)
        score = containment(jaccard, size, near.size)
        if score < required_share(size, near.size, self.config):
            return None
        return near.order, round(score, 4), entry.article_id

    def _write(self, ref: str, entry: Entry) -> None:
        value = self.store.get(ref)
        if value is not None:
            self._remove(ref, Entry.unpack(value))
        self.store[ref] = entry.pack()
        self._insert(ref, entry)

    def _insert(self, ref: str, entry: Entry) -> None:
        if entry.near is None:
            return
        for fingerprint in entry.near.fingerprints:
            self.fingerprints.setdefault(fingerprint, ref)
        for key in entry.near.keys:
            refs = self.buckets.setdefault(key, [])
            if ref not in refs:
                refs.append(ref)

    def _remove(self, ref: str, entry: Entry) -> None:
        if entry.near is None:
            return
        for fingerprint in entry.near.fingerprints:
            if self.fingerprints.get(fingerprint) == ref:
                del self.fingerprints[fingerprint]
        for key in entry.near.keys:
            refs = self.buckets.get(key)
            if refs is not None and ref in refs:
                refs.remove(ref)
                if not refs:
                    del self.buckets[key]
