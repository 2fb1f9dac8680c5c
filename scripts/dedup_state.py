"""Measure the worker's dedup through Kafka: articles per second and state bytes per article.

Starts one `figwatch worker` on fresh uuid-named topics of a running broker, sends N distinct
articles (and a share of exact and trimmed copies), waits until every one has a verdict,
stops the worker and reads its RocksDB tables.

Run: .venv/bin/python scripts/dedup_state.py --bootstrap HOST:PORT [--articles N]
     [--copies 0.2] [--guarantee at_least_once|exactly_once]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from kafka import KafkaConsumer, KafkaProducer
from rocksdict import AccessType, Rdict

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.worker import FigwatchDeployment, WorkerProcess  # noqa: E402

TABLES = ("dedup",)
"""The worker's dedup tables (``streams.worker.topology.TABLES``): one index entry per article."""


def _sentences() -> list[str]:
    data = ROOT / "tests" / "data" / "dedup"
    return [
        line
        for name in ("sentences_en.txt", "sentences_ar.txt")
        for line in (data / name).read_text("utf-8").splitlines()
        if line
    ]


def _articles(count: int, copies: float, rng: random.Random) -> list[bytes]:
    sentences = _sentences()
    messages = []
    originals: list[dict[str, str]] = []
    for n in range(count):
        if originals and rng.random() < copies:
            base = rng.choice(originals)
            body = base["body"] if n % 2 else base["body"][: len(base["body"]) * 3 // 4]
            data = {**base, "id": f"copy-{n}", "url": f"https://example.com/copy-{n}", "body": body}
        else:
            picked = rng.sample(sentences, 12)
            body = f"Report {n}.\n\n" + "\n\n".join(
                " ".join(picked[i : i + 2]) for i in range(0, 12, 2)
            )
            data = {
                "id": f"article-{n}",
                "source": f"source-{n % 7}",
                "url": f"https://example.com/article-{n}",
                "title": f"Report {n}",
                "body": body,
                "language": "en",
                "published_at": f"2018-02-{1 + n % 28:02d}T10:00:00Z",
            }
            originals.append(data)
        messages.append(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return messages


def _count_verdicts(deployment: FigwatchDeployment, expected: int, timeout: float) -> int:
    consumer = KafkaConsumer(
        deployment.topic("unique"),
        deployment.topic("duplicates"),
        bootstrap_servers=deployment.bootstrap,
        isolation_level="read_committed",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    seen = 0
    deadline = time.monotonic() + timeout
    try:
        while seen < expected and time.monotonic() < deadline:
            seen += sum(len(batch) for batch in consumer.poll(timeout_ms=500).values())
    finally:
        consumer.close()
    return seen


def _table_bytes(data_dir: Path, table: str) -> tuple[int, int, int]:
    """Keys, key+value bytes, and bytes on disk of one table over all its partitions."""
    keys = logical = disk = 0
    for path in sorted(data_dir.glob(f"v1/tables/{table}-*.db")):
        disk += sum(f.stat().st_size for f in path.iterdir() if f.is_file())
        db = Rdict(str(path), access_type=AccessType.read_only())
        try:
            for key, value in db.items():
                if not key.startswith(b"__faust"):
                    keys += 1
                    logical += len(key) + len(value)
        finally:
            db.close()
    return keys, logical, disk


def main() -> None:
    """Run the measurement and print one line per figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", required=True, help="broker host:port")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--copies", type=float, default=0.2, help="share of copies sent")
    parser.add_argument("--guarantee", default="at_least_once")
    args = parser.parse_args()

    messages = _articles(args.articles, args.copies, random.Random(7))
    deployment = FigwatchDeployment(args.bootstrap)
    deployment.create_topics()
    with tempfile.TemporaryDirectory(prefix="figwatch-dedup-state-") as tmp:
        worker = WorkerProcess(
            deployment,
            Path(tmp),
            {"FIGWATCH_PROCESSING_GUARANTEE": args.guarantee},
        )
        worker.start()
        try:
            producer = KafkaProducer(bootstrap_servers=args.bootstrap, acks="all", linger_ms=5)
            started = time.perf_counter()
            for message in messages:
                producer.send(deployment.topic("articles"), message)
            producer.flush()
            producer.close()
            seen = _count_verdicts(deployment, len(messages), timeout=600)
            elapsed = time.perf_counter() - started
            stage_lines = [
                line
                for line in worker.metrics().splitlines()
                if line.startswith(("figwatch_stage_seconds_sum", "figwatch_stage_seconds_count"))
            ]
        finally:
            worker.stop()
        print(f"articles sent: {len(messages)}, verdicts: {seen}, guarantee: {args.guarantee}")
        print(f"validate+dedup through Kafka, one worker: {seen / elapsed:.0f} articles/s")
        print("\n".join(stage_lines))
        retained = _table_bytes(Path(tmp), "dedup")[0]
        total_logical = total_disk = 0
        for table in TABLES:
            keys, logical, disk = _table_bytes(Path(tmp), table)
            total_logical += logical
            total_disk += disk
            print(f"{table}: {keys} keys, {logical} B key+value, {disk} B on disk")
        print(
            f"per retained article ({retained}): {total_logical / max(retained, 1):.0f} B "
            f"key+value, {total_disk / max(retained, 1):.0f} B RocksDB files"
        )


if __name__ == "__main__":
    main()
