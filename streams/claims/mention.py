"""The number mention: what the number parser hands to the claim-frame builder."""

from __future__ import annotations

from typing import NamedTuple

from schemas.observation import Qualifier


class NumberMention(NamedTuple):
    """A figure found in folded text, with its qualifier, before any frame is known.

    Spans are positions in ``Normalized.text`` (the folded text); map them back to the
    original with ``Normalized.span``.
    """

    start: int
    """Start of the whole mention, qualifier words included (e.g. at ``ما يصل الى``)."""
    end: int
    """End of the whole mention, scale word included (e.g. after ``الف``)."""
    value_start: int
    """Start of the number itself (digits or number words)."""
    value_end: int
    """End of the number itself, scale word included."""
    low: float
    """Lower end of a range or vague count; the value itself otherwise."""
    high: float
    """Upper end of a range or vague count; equal to ``low`` otherwise."""
    qualifier: Qualifier
    """exact, approximately, at_least, at_most, range or vague."""
    unit: str = "count"
    """``count``, ``percent`` or ``fraction``; currencies are concepts, found by the frame."""

    @property
    def relative(self) -> bool:
        """Percentages and fractions are shares, not counts."""
        return self.unit in ("percent", "fraction")
