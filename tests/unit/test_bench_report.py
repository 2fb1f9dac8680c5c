"""The benchmark table: figures, verdicts against targets, percentiles, machine line."""

from __future__ import annotations

import pytest

from bench.kafka import counters, percentile
from bench.report import Row, cpu_model, number, table


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12345.6, "12,346"),
        (150.0, "150"),
        (42.25, "42.2"),
        (1.234, "1.23"),
        (0.5, "0.50"),
        (0.0, "0.00"),
        (0.001384, "0.00138"),
    ],
)
def test_number(value: float, text: str) -> None:
    assert number(value) == text


@pytest.mark.parametrize(
    ("runs", "target", "higher", "verdict"),
    [
        ([100.0, 300.0, 200.0], 150.0, True, "yes"),
        ([100.0, 120.0, 90.0], 150.0, True, "no"),
        ([200.0, 260.0, 240.0], 250.0, False, "yes"),
        ([300.0], 250.0, False, "no"),
        ([1.0], None, True, ""),
    ],
)
def test_row_median_against_target(
    runs: list[float], target: float | None, higher: bool, verdict: str
) -> None:
    assert Row("s", "m", runs, "u", target, higher).verdict == verdict


def test_table_has_a_header_and_one_line_per_row() -> None:
    rows = [
        Row("1. embedded", "dedup", [400.0, 500.0, 450.0], "articles/s", 2000.0),
        Row("4. state", "per article", [300.0], "bytes", 256.0, higher_is_better=False),
    ]
    lines = table(rows).splitlines()
    assert len(lines) == 4
    assert lines[2] == ("| 1. embedded | dedup | 450 | articles/s | 400–500 | ≥ 2,000 | no |  |")
    assert lines[3] == "| 4. state | per article | 300 | bytes |  | ≤ 256 | no |  |"


@pytest.mark.parametrize(
    ("share", "expected"), [(0.5, 50.0), (0.95, 95.0), (0.99, 99.0), (1.0, 100.0), (0.0, 1.0)]
)
def test_percentile_is_nearest_rank(share: float, expected: float) -> None:
    assert percentile([float(n) for n in range(100, 0, -1)], share) == expected


def test_cpu_model_reads_proc_cpuinfo() -> None:
    text = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) @ 2.50GHz\n"
    assert cpu_model(text) == "Intel(R) Xeon(R) @ 2.50GHz"
    assert cpu_model("processor\t: 0\n") == "unknown"


def test_counters_sum_labels_and_keep_stages_apart() -> None:
    text = "\n".join(
        [
            "# HELP figwatch_articles_duplicate_total Articles recognised as duplicates.",
            'figwatch_articles_duplicate_total{kind="exact"} 3.0',
            'figwatch_articles_duplicate_total{kind="near"} 2.0',
            'figwatch_stage_seconds_count{stage="claims"} 7.0',
            'figwatch_stage_seconds_count{stage="figures"} 11.0',
        ]
    )
    totals = counters(text)
    assert totals["figwatch_articles_duplicate_total"] == 5.0
    assert totals["figwatch_stage_seconds_count:claims"] == 7.0
    assert totals["figwatch_stage_seconds_count:figures"] == 11.0
