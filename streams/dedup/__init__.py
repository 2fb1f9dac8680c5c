"""Deduplication of articles: idempotent resends, exact copies and near duplicates.

One index (:mod:`streams.dedup.index`) over an injected store of packed entries, so the same
code runs over the worker's dedup table (one partition holds it all) and over a dict in the
embedded :class:`~streams.dedup.deduplicator.Deduplicator`.
"""
