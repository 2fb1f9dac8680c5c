"""Change rules: when two reports of one figure agree, and how they differ when they do not."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from schemas.observation import Observation
from streams.settings import Settings

Direction = Literal["up", "down", "mixed"]

_POINT_QUALIFIERS = frozenset({"exact", "approximately", "at_least", "at_most"})
_BOUND_QUALIFIERS = frozenset({"approximately", "at_least", "at_most"})


@dataclass(frozen=True, slots=True)
class ChangeRules:
    """Thresholds of the change rules; build from settings with :meth:`from_settings`."""

    approx_tolerance: float = 0.10
    """Relative tolerance around an approximate figure (0.10: `about 40,000` is 36,000-44,000)."""
    min_change: float = 0.0
    """Differences smaller than this relative change raise no alert (0: every move counts)."""
    conflict_window_days: float = 7.0
    """Two sources that differ within this many days of each other are in conflict."""
    max_observations: int = 200
    """Reports kept per metric key: the latest by event time."""

    def __post_init__(self) -> None:
        if self.approx_tolerance < 0 or self.min_change < 0:
            raise ValueError("approx_tolerance and min_change must not be negative")
        if self.conflict_window_days <= 0:
            raise ValueError("conflict_window_days must be positive")
        if self.max_observations < 1:
            raise ValueError("max_observations must be at least 1")

    @classmethod
    def from_settings(cls, settings: Settings) -> ChangeRules:
        """Build the rules configured by ``FIGWATCH_APPROX_TOLERANCE`` and its siblings."""
        return cls(
            approx_tolerance=settings.approx_tolerance,
            min_change=settings.min_change,
            conflict_window_days=settings.conflict_window_days,
            max_observations=settings.figure_history_size,
        )

    @property
    def conflict_window(self) -> timedelta:
        """The conflict window as a duration."""
        return timedelta(days=self.conflict_window_days)


@dataclass(frozen=True, slots=True)
class Comparison:
    """How a later report stands to an earlier one."""

    agree: bool
    """True when the two corroborate each other."""
    relative_change: float | None
    """(later - earlier) / earlier on representative values; None when either is vague."""
    direction: Direction
    """Which way the figure moved; `mixed` when it cannot be told."""
    contradicts: bool
    """True when no value satisfies both reports' own bounds."""
    muted: bool
    """True when they differ by less than the configured minimum change."""

    @property
    def alertable(self) -> bool:
        """True when the difference is worth an alert."""
        return not self.agree and not self.muted


def agree(a: Observation, b: Observation, rules: ChangeRules) -> bool:
    """Tell whether two reports corroborate each other under the change rules.

    Equal representatives agree; an approximate figure agrees with values within the
    tolerance of it; a range or vague count agrees with a value it contains and with a
    range or vague count it overlaps. Anything else differs, however small the move.
    """
    tol = rules.approx_tolerance
    if a.qualifier in _POINT_QUALIFIERS and b.qualifier in _POINT_QUALIFIERS:
        va, vb = a.value_low, b.value_low
        if va == vb:
            return True
        if a.qualifier == "approximately" and abs(vb - va) <= tol * abs(va):
            return True
        return b.qualifier == "approximately" and abs(va - vb) <= tol * abs(vb)
    return _overlap(_agreement_span(a, tol), _agreement_span(b, tol))


def contradicts(earlier: Observation, later: Observation, rules: ChangeRules) -> bool:
    """Tell whether the later report falls outside the earlier report's own bounds.

    `up to 30,000` then `about 40,000` contradicts; `more than 60` then `78` refines.
    """
    tol = rules.approx_tolerance
    return not _overlap(_bounds(earlier, tol), _bounds(later, tol))


def relative_change(earlier: Observation, later: Observation) -> float | None:
    """Return (later - earlier) / |earlier| on representatives; None when undefined."""
    before, after = earlier.representative, later.representative
    if before is None or after is None or before == 0:
        return None
    return (after - before) / abs(before)


def direction(earlier: Observation, later: Observation) -> Direction:
    """Tell which way the figure moved from the earlier report to the later one."""
    if later.value_low > earlier.value_high:
        return "up"
    if later.value_high < earlier.value_low:
        return "down"
    before, after = earlier.representative, later.representative
    if before is not None and after is not None and before != after:
        return "up" if after > before else "down"
    return "mixed"


def compare(earlier: Observation, later: Observation, rules: ChangeRules) -> Comparison:
    """Compare a later report with an earlier one of the same metric key.

    A later bound that the earlier exact count already satisfies ("more than 100,000" after
    101,820) says nothing new: it corroborates. The other way round ("more than 60", then 78)
    is a refinement, and a change.
    """
    agreeing = agree(earlier, later, rules) or _bounds_only(earlier, later, rules)
    change = relative_change(earlier, later)
    muted = not agreeing and change is not None and abs(change) < rules.min_change
    return Comparison(
        agree=agreeing,
        relative_change=change,
        direction=direction(earlier, later),
        contradicts=False if agreeing else contradicts(earlier, later, rules),
        muted=muted,
    )


def _bounds_only(earlier: Observation, later: Observation, rules: ChangeRules) -> bool:
    if earlier.qualifier != "exact" or later.qualifier not in _BOUND_QUALIFIERS:
        return False
    low, high = _bounds(later, rules.approx_tolerance)
    return low <= earlier.value_low <= high


def _agreement_span(obs: Observation, tol: float) -> tuple[float, float]:
    # Used only when one side is a range or vague count: the point side is its value, widened
    # by the tolerance when approximate.
    if obs.qualifier == "approximately":
        return _widen(obs.value_low, tol)
    return obs.value_low, obs.value_high


def _bounds(obs: Observation, tol: float) -> tuple[float, float]:
    # What the report itself allows the true figure to be.
    if obs.qualifier == "approximately":
        return _widen(obs.value_low, tol)
    if obs.qualifier == "at_least":
        return obs.value_low, math.inf
    if obs.qualifier == "at_most":
        return -math.inf, obs.value_high
    return obs.value_low, obs.value_high


def _widen(value: float, tol: float) -> tuple[float, float]:
    margin = tol * abs(value)
    return value - margin, value + margin


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
