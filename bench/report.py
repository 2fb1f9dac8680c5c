"""The benchmark table: measured medians beside their targets, and the machine they ran on."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table: a measured median, its unit, and the target it is held against."""

    section: str
    measure: str
    runs: Sequence[float]
    unit: str
    target: float | None = None
    higher_is_better: bool = True
    note: str = ""

    @property
    def value(self) -> float:
        """The median of the runs."""
        return statistics.median(self.runs)

    @property
    def verdict(self) -> str:
        """``yes`` or ``no`` against the target, empty without one."""
        if self.target is None:
            return ""
        met = self.value >= self.target if self.higher_is_better else self.value <= self.target
        return "yes" if met else "no"


def number(value: float) -> str:
    """A figure with as many decimals as its size deserves, thousands separated."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 0.1 or value == 0:
        return f"{value:.2f}"
    # Small ratios (a worker against a bare consumer) keep three significant digits.
    return f"{value:.3g}"


def _target(row: Row) -> str:
    if row.target is None:
        return ""
    return f"{'≥' if row.higher_is_better else '≤'} {number(row.target)}"


def _spread(runs: Sequence[float]) -> str:
    if len(runs) < 2:
        return ""
    return f"{number(min(runs))}–{number(max(runs))}"


def table(rows: Sequence[Row]) -> str:
    """A Markdown table of the rows: section, measure, median, unit, range of runs, target, met."""
    lines = [
        "| section | measure | median | unit | runs (min–max) | target | met | note |",
        "| --- | --- | ---: | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        cells = (
            row.section,
            row.measure,
            number(row.value),
            row.unit,
            _spread(row.runs),
            _target(row),
            row.verdict,
            row.note,
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cpu_model(cpuinfo: str) -> str:
    """The CPU model name from the text of ``/proc/cpuinfo``, or ``unknown``."""
    for line in cpuinfo.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "model name" and value.strip():
            return value.strip()
    return "unknown"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def machine() -> str:
    """One line naming the machine: cores, CPU model, Python."""
    path = Path("/proc/cpuinfo")
    model = cpu_model(path.read_text(encoding="utf-8")) if path.exists() else platform.processor()
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"
