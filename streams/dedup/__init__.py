"""Deduplication of articles: idempotent resends, exact copies and near duplicates.

The logic is a chain of pure stage functions over injected key-value stores, so the same code
runs over Faust tables (one stage per repartitioned topic) and over dicts in the embedded
:class:`~streams.dedup.deduplicator.Deduplicator`.
"""
