"""Which figures partition tracks a claim: the one function the claims stage routes by."""

from __future__ import annotations

from collections.abc import Iterable

from schemas.claim import Claim


def figures_key(metric_key: str) -> str:
    """The partition key of a metric key: its story's place (``place|quantity``).

    The figures of one place share a partition, so an article's claims, which mostly share its
    story's place, reach one figures partition in one record.
    """
    return metric_key.split("|", 1)[0]


def by_figures_key(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    """Claims grouped by their figures key, each group in the order given."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(figures_key(claim.metric_key), []).append(claim)
    return groups
