"""``python -m bench``: measure figwatch and print one table beside the targets of issue 9."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench import embedded
from bench.corpus import CorpusSpec, encode_records, generate
from bench.kafka import PipelineRun, measure_latency, percentile, private_broker, run_pipeline
from bench.report import Row, load_average, machine, table
from streams.settings import get_settings

MIXED = "mixed ar/en 1-8 KB"
CPU = "process_cpu_seconds_total"
READ = "figwatch_faust_messages_received_total"
SENT = "figwatch_faust_total_sent_messages_total"
ARABIC_4K = "Arabic 4 KB"


def _messages(spec: CorpusSpec) -> list[tuple[bytes, bytes]]:
    records = generate(spec)
    return [
        (record["id"].encode(), value)
        for record, value in zip(records, encode_records(records), strict=True)
    ]


def embedded_rows(count: int, runs: int) -> list[Row]:
    """Per-stage and whole-pipeline rates on both corpora, median of ``runs``."""
    settings = get_settings()
    rows = []
    for name, spec in (
        (MIXED, CorpusSpec(count)),
        (ARABIC_4K, CorpusSpec(count, min_bytes=4096, max_bytes=4096, arabic_share=1.0)),
    ):
        raws = [value for _, value in _messages(spec)]
        measured = [embedded.measure(raws, settings) for _ in range(runs)]
        for stage in embedded.STAGES:
            whole = stage == embedded.STAGES[-1]
            target = 2000.0 if whole and name == ARABIC_4K else None
            rates = [run[stage] for run in measured]
            rows.append(
                Row(
                    f"1. embedded, one core ({name})",
                    stage,
                    [rate.articles_per_second for rate in rates],
                    "articles/s",
                    target,
                    note=f"{_median([r.megabytes_per_second for r in rates]):.2f} MB/s",
                )
            )
    return rows


def _median(values: Sequence[float]) -> float:
    return sorted(values)[len(values) // 2]


def kafka_rows(
    bootstrap: str, count: int, runs: int, rate: float, seconds: float, embedded_rate: float
) -> list[Row]:
    """Whole pipeline vs bare consumer and embedded, state, scaling and latency through Kafka.

    ``embedded_rate`` is the embedded whole pipeline's articles per CPU second (mixed corpus).
    """
    messages = _messages(CorpusSpec(count))
    one = [run_pipeline(bootstrap, messages, workers=1) for _ in range(runs)]
    two = [run_pipeline(bootstrap, messages, workers=2) for _ in range(runs)]
    section = f"2. Kafka, one worker ({MIXED}, {count} articles)"
    rows = [
        Row(section, "whole pipeline", [r.articles_per_second for r in one], "articles/s"),
        Row(
            section,
            "bare aiokafka consumer + decode_article",
            [r.bare_per_second for r in one],
            "articles/s",
        ),
        Row(
            section,
            "whole pipeline / bare consumer",
            [r.articles_per_second / r.bare_per_second for r in one],
            "ratio",
            0.5,
        ),
    ]
    for name, counter, unit, scale in (
        ("worker CPU per article", CPU, "ms", 1000.0),
        ("Kafka messages read per article", READ, "", 1.0),
        ("Kafka messages sent per article (with changelogs)", SENT, "", 1.0),
    ):
        rows.append(
            Row(
                section,
                name,
                [r.totals.get(counter, 0.0) * scale / r.articles for r in one],
                unit or "messages",
            )
        )
    records = [(r.totals.get(READ, 0.0) + r.totals.get(SENT, 0.0)) / r.articles for r in one]
    embedded_ms = 1000.0 / embedded_rate
    rows += [
        Row(section, "Kafka records per article (read + sent)", records, "records", 10.0, False),
        Row(
            section,
            "whole pipeline / embedded pipeline (articles/s)",
            [r.articles_per_second / embedded_rate for r in one],
            "ratio",
            0.5,
        ),
        Row(
            section,
            "worker CPU per article / embedded",
            [r.totals.get(CPU, 0.0) * 1000.0 / r.articles / embedded_ms for r in one],
            "ratio",
            2.0,
            higher_is_better=False,
        ),
    ]
    sustainable = min(rate, 0.5 * _median([r.articles_per_second for r in one]))
    latency_messages = _messages(CorpusSpec(max(1, round(sustainable * seconds)), seed=11))
    latencies = measure_latency(bootstrap, latency_messages, sustainable)
    section = f"3. latency at {sustainable:.1f} articles/s for {seconds:.0f} s"
    note = "" if sustainable >= rate else f"{rate:.0f}/s is over what one worker sustains"
    for name, values in (("produce→alert", latencies.alerts), ("produce→claim", latencies.claims)):
        for share, target in ((0.5, None), (0.95, None), (0.99, 250.0)):
            rows.append(
                Row(
                    section,
                    f"{name} p{round(share * 100)} ({len(values)} records)",
                    [percentile(values, share)] if values else [float("nan")],
                    "ms",
                    target,
                    higher_is_better=False,
                    note=note,
                )
            )
    section = "4. state (worker RocksDB tables, key+value bytes)"
    retained = [r.tables["dedup"][0] for r in one]
    dedup = [
        sum(size for name, (_, size) in r.tables.items() if name.startswith("dedup")) / kept
        for r, kept in zip(one, retained, strict=True)
    ]
    figures = [r.tables["figures"][1] / max(1, r.tables["figures"][0]) for r in one]
    rows += [
        Row(
            section,
            "dedup state per retained article",
            dedup,
            "bytes",
            256.0,
            higher_is_better=False,
        ),
        Row(section, "figure history per metric key", figures, "bytes"),
    ]
    section = "5. scaling, 4 partitions"

    def cpu(run: PipelineRun) -> float:
        return run.totals.get(CPU, 0.0) * 1000.0 / run.articles

    rows += [
        Row(section, "2 workers", [r.articles_per_second for r in two], "articles/s"),
        Row(section, "2 workers: total worker CPU per article", [cpu(r) for r in two], "ms"),
        Row(
            section,
            "2 workers / 1 worker, CPU per article",
            [cpu(b) / cpu(a) for a, b in zip(one, two, strict=True)],
            "ratio",
            1.15,
            higher_is_better=False,
        ),
        Row(
            section,
            "2 workers / 1 worker",
            [b.articles_per_second / a.articles_per_second for a, b in zip(one, two, strict=True)],
            "ratio",
            1.7,
        ),
    ]
    return rows


def embedded_state_rows(count: int) -> list[Row]:
    """Bytes per retained article of the embedded deduplicator's stores (as JSON)."""
    return [embedded.state_row(_messages(CorpusSpec(count)))]


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the options, run the measurements, print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--embedded-articles", type=int, default=500)
    parser.add_argument("--kafka-articles", type=int, default=200)
    parser.add_argument("--rate", type=float, default=200.0, help="latency input rate per s")
    parser.add_argument("--latency-seconds", type=float, default=30.0)
    parser.add_argument("--bootstrap", help="use this broker instead of starting a private one")
    parser.add_argument("--skip-kafka", action="store_true", help="embedded measurements only")
    args = parser.parse_args(argv)

    load_before = load_average()
    rows = embedded_rows(args.embedded_articles, args.runs)
    whole = next(
        r for r in rows if r.section.endswith(f"({MIXED})") and r.measure.startswith("whole")
    )
    embedded_rate = _median(list(whole.runs))
    rows += embedded_state_rows(args.embedded_articles)
    if not args.skip_kafka:
        if args.bootstrap:
            rows += kafka_rows(
                args.bootstrap,
                args.kafka_articles,
                args.runs,
                args.rate,
                args.latency_seconds,
                embedded_rate,
            )
        else:
            with (
                tempfile.TemporaryDirectory(prefix="figwatch-bench-kafka-") as tmp,
                private_broker(Path(tmp)) as bootstrap,
            ):
                rows += kafka_rows(
                    bootstrap,
                    args.kafka_articles,
                    args.runs,
                    args.rate,
                    args.latency_seconds,
                    embedded_rate,
                )
    settings = get_settings()
    print(table(rows))
    print()
    print(
        f"Machine: {machine()}. Load average before: {load_before}, after: {load_average()}.\n"
        f"Settings: {args.runs} runs per figure (median), processing guarantee "
        f"{settings.processing_guarantee}, store {settings.store}, {settings.partitions} "
        f"partitions, dedup threshold {settings.dedup_threshold}. Embedded rates are per CPU "
        "second of one process; Kafka rates are wall-clock, with the broker, the worker(s) and "
        "the producer sharing the machine's cores."
    )


if __name__ == "__main__":
    main()
