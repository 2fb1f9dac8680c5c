"""Soak: many articles through one worker; memory after warm-up and state size over time.

Articles are unique texts (a figure sentence among claim-free sentences of ``seeds/``), five
minutes apart in event time, with a share of exact reprints; they are produced in batches that
keep the worker's backlog bounded. Every ``--every`` articles the script prints throughput, the
worker's resident memory (the mean, low and high of a reading every second since the last
sample: it moves by several MiB within a minute as RocksDB flushes and compacts), its state
directory size, and the table sizes and RocksDB memory it reports. Growth is measured between
interval means.

Run: ``.venv/bin/python -m scripts.reliability.soak [--articles 200000]``; also the throughput
comparison of the guarantees: ``--articles 5000 --guarantee exactly_once``.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scripts.reliability.common import (
    DeploymentOutputs,
    Outputs,
    create_topics,
    print_figures,
    produce,
    rss_mib,
    scenario_broker,
)
from scripts.reliability.corpus import (
    article_for,
    encode_article,
    reprint,
    stories,
)
from tests.support.worker import FigwatchDeployment, WorkerProcess

TABLE_ENTRIES = re.compile(r'^figwatch_table_entries\{table="([^"]+)"\} ([0-9.e+]+)$', re.M)
ROCKSDB_MEMORY = re.compile(
    r'^figwatch_rocksdb_memory_bytes\{kind="([^"]+)",table="[^"]+"\} ([0-9.e+]+)$', re.M
)


def articles(count: int, step_minutes: float, seed: int) -> Iterator[dict[str, Any]]:
    """``count`` articles in event-time order; one in ten is a reprint of the one before.

    Publication times end now: the worker's clock does not follow dates more than a day past
    ingest, so articles dated ahead would never expire.
    """
    rng = random.Random(seed)
    plot = stories(200, 1, rng)
    start = datetime.now(UTC) - timedelta(minutes=step_minutes * count)
    previous: dict[str, Any] | None = None
    for number in range(count):
        if previous is not None and number % 10 == 9:
            article = reprint(previous, number, trimmed=False)
        else:
            article = article_for(rng.choice(plot), 0, number, rng)
            previous = article
        published = start + timedelta(minutes=step_minutes * number)
        yield {**article, "id": f"soak-{number:07d}", "published_at": published.isoformat()}


class MemoryWatch:
    """Reads a process's resident memory every ``period`` seconds in a background thread."""

    def __init__(self, pid: int, period: float = 1.0) -> None:
        self.pid = pid
        self.period = period
        self._readings: list[float] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory-watch", daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                reading = rss_mib(self.pid)
            except OSError:
                return
            with self._lock:
                self._readings.append(reading)
            self._stop.wait(self.period)

    def interval(self) -> dict[str, float]:
        """Mean, low and high since the last call (or the start); restarts the interval."""
        with self._lock:
            readings, self._readings = self._readings, []
        if not readings:
            readings = [rss_mib(self.pid)]
        return {
            "rss_mib": round(statistics.fmean(readings), 1),
            "rss_low_mib": round(min(readings), 1),
            "rss_high_mib": round(max(readings), 1),
        }


def _dir_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def run(
    bootstrap: str,
    base_dir: Path,
    count: int,
    guarantee: str = "at_least_once",
    every: int = 10_000,
    batch: int = 2_000,
    step_minutes: float = 5.0,
    seed: int = 8,
    retention_days: float = 30.0,
    warmup: int | None = None,
) -> dict[str, Any]:
    """Push ``count`` articles through one worker; samples and summary figures.

    ``retention_days`` is the event-time window of both the dedup state and the figures;
    memory growth is measured from the sample at ``warmup`` articles (default: a tenth of
    ``count``) to the last.
    """
    deployment = FigwatchDeployment(bootstrap, partitions=4)
    create_topics(deployment)
    env = {
        "FIGWATCH_PROCESSING_GUARANTEE": guarantee,
        "FIGWATCH_RETENTION_DAYS": str(retention_days),
        "FIGWATCH_FIGURE_RETENTION_DAYS": str(retention_days),
    }
    worker = WorkerProcess(deployment, base_dir / "worker", env)
    worker.start(timeout=180)
    watch = DeploymentOutputs(bootstrap, deployment.topic)
    memory = MemoryWatch(worker.process.pid if worker.process is not None else 0)
    samples: list[dict[str, Any]] = []
    source = articles(count, step_minutes, seed)
    sent = 0
    started = time.monotonic()
    try:
        with memory:
            while sent < count:
                chunk = [next(source) for _ in range(min(batch, count - sent))]
                produce(
                    bootstrap,
                    deployment.topic("articles"),
                    ((a["id"].encode(), encode_article(a)) for a in chunk),
                )
                sent += len(chunk)
                # Keep at most two batches in flight, so memory reflects state, not backlog.
                target = max(0, sent - 2 * batch) if sent < count else sent
                if not watch.wait_for(_caught_up(target), timeout=600):
                    raise TimeoutError(f"worker stalled at {_out(watch.outputs)} of {target}")
                if sent % every == 0 or sent == count:
                    samples.append(_sample(worker, memory, watch, sent, started))
                    print(samples[-1], flush=True)
        elapsed = time.monotonic() - started
        time.sleep(3)
        outputs = watch.poll()
    finally:
        worker.stop()
        watch.close()
    warm_at = count // 10 if warmup is None else warmup
    warm_index = next(
        (n for n, sample in enumerate(samples) if sample["articles"] >= warm_at), len(samples) - 1
    )
    warm = samples[warm_index]
    last = samples[-1]
    after_warmup = samples[warm_index + 1 :] or [last]
    return {
        "guarantee": guarantee,
        "retention_days": retention_days,
        "event_days": round(count * step_minutes / 1440, 1),
        "articles_in": count,
        "accounted": _out(outputs),
        "unique": sum(outputs.unique.values()),
        "duplicates": sum(outputs.duplicates.values()),
        "dead_letters": len(outputs.dead_letters),
        "alerts": sum(outputs.alerts.values()),
        "distinct_alerts": len(outputs.alerts),
        "articles_per_s": round(count / elapsed, 1),
        "rss_after_warmup_mib": warm["rss_mib"],
        "rss_final_mib": last["rss_mib"],
        "rss_growth_pct": round(100 * (last["rss_mib"] - warm["rss_mib"]) / warm["rss_mib"], 1),
        "rss_range_after_warmup_mib": [
            min(s["rss_low_mib"] for s in after_warmup),
            max(s["rss_high_mib"] for s in after_warmup),
        ],
        "tables_dir_after_warmup_mib": warm["state_mib"],
        "tables_dir_final_mib": last["state_mib"],
        "tables_after_warmup": warm["tables"],
        "tables_final": last["tables"],
        "seconds": round(elapsed, 1),
    }


def _caught_up(target: int) -> Callable[[Outputs], bool]:
    return lambda outputs: _out(outputs) >= target


def _out(outputs: Any) -> int:
    return sum(outputs.unique.values()) + sum(outputs.duplicates.values())


def _sample(
    worker: WorkerProcess, memory: MemoryWatch, watch: DeploymentOutputs, sent: int, started: float
) -> dict:
    try:
        exported = worker.metrics()
    except OSError:
        exported = ""
    tables = {k: float(v) for k, v in TABLE_ENTRIES.findall(exported)}
    rocksdb: dict[str, float] = {}
    for kind, size in ROCKSDB_MEMORY.findall(exported):
        rocksdb[kind] = rocksdb.get(kind, 0.0) + float(size) / 2**20
    return {
        "articles": sent,
        "out": _out(watch.outputs),
        "seconds": round(time.monotonic() - started, 1),
        **memory.interval(),
        # The tables only: the worker's log file lives in its data dir too.
        "state_mib": round(_dir_mib(worker.data_dir / "v1" / "tables"), 1),
        "rocksdb_mib": {kind: round(size, 1) for kind, size in rocksdb.items()},
        "tables": tables,
    }


def main() -> None:
    """Run on a private broker (or ``--broker``) and print the samples and figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--every", type=int, default=10_000, help="sample every N articles")
    parser.add_argument("--step-minutes", type=float, default=5.0, help="event time per article")
    parser.add_argument(
        "--retention-days",
        type=float,
        default=30.0,
        help="FIGWATCH_RETENTION_DAYS and FIGWATCH_FIGURE_RETENTION_DAYS of the worker",
    )
    parser.add_argument(
        "--guarantee", choices=("exactly_once", "at_least_once"), default="at_least_once"
    )
    parser.add_argument(
        "--warmup", type=int, help="articles before memory growth is measured (default: 10%%)"
    )
    parser.add_argument("--broker", help="host:port of a running broker (default: start one)")
    args = parser.parse_args()
    with scenario_broker("soak", args.broker) as (tmp, bootstrap):
        figures = run(
            bootstrap,
            tmp,
            args.articles,
            args.guarantee,
            every=args.every,
            batch=min(2_000, args.every),
            step_minutes=args.step_minutes,
            retention_days=args.retention_days,
            warmup=args.warmup,
        )
    print_figures("soak", figures)


if __name__ == "__main__":
    main()
