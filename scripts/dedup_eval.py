"""Evaluate deduplication on generated reprint variants: precision, recall, speed, state size.

Run: .venv/bin/python scripts/dedup_eval.py [--seeds DIR ...] [--partitions N] [--threshold T]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dedup_variants import NEAR_KINDS, ROOT, Item, build_stream, is_labelled_copy, seed_articles

from schemas.article import Article, ArticleEnvelope, IngestMeta
from streams.dedup.config import DedupConfig
from streams.dedup.content import content_lines, shingles
from streams.dedup.deduplicator import Deduplicator


def _shingle_set(item: Item, size: int) -> set[str]:
    article = item.envelope.article
    return set(shingles(content_lines(article.title, article.body), size))


def _true_measures(stream: list[Item], size: int) -> None:
    bases = {i.family: _shingle_set(i, size) for i in stream if i.kind == "base"}
    worst_pair = (0.0, 0.0)
    for a, b in itertools.combinations(bases.values(), 2):
        inter = len(a & b)
        worst_pair = max(worst_pair, (inter / min(len(a), len(b)), inter / len(a | b)))
    print(f"distinct bases: max containment {worst_pair[0]:.3f}, its Jaccard {worst_pair[1]:.3f}")
    by_kind: dict[str, list[tuple[float, float]]] = {}
    for item in stream:
        if item.kind in NEAR_KINDS:
            a, b = _shingle_set(item, size), bases[item.family]
            inter = len(a & b)
            measures = (inter / len(a | b), inter / min(len(a), len(b)))
            by_kind.setdefault(item.kind, []).append(measures)
    for kind, values in sorted(by_kind.items()):
        print(
            f"  {kind:12s} true Jaccard min {min(v[0] for v in values):.3f}"
            f" / containment min {min(v[1] for v in values):.3f}"
        )


def evaluate(stream: list[Item], config: DedupConfig, partitions: int) -> None:
    """Run the stream through a Deduplicator and print the figures."""
    dedup = Deduplicator(partitions=partitions, config=config)
    family = {i.envelope.article.id: i.family for i in stream}
    results = []
    started = time.perf_counter()
    for item in stream:
        results.append(dedup.check(item.envelope))
    elapsed = time.perf_counter() - started

    tp = fp = fn = 0
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong_kind = 0
    for item, record in zip(stream, results, strict=True):
        total[item.kind] += 1
        same_family = record is not None and family.get(record.duplicate_of) == item.family
        if item.kind in ("resend", "exact"):
            found[item.kind] += same_family and record is not None and record.kind == item.kind
            wrong_kind += record is None or record.kind != item.kind
            continue
        if record is not None and (not same_family or item.kind == "base"):
            fp += 1
        if item.kind in NEAR_KINDS:
            if same_family:
                tp += 1
                found[item.kind] += 1
            else:
                fn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    sizes = [len(i.envelope.article.body.encode()) for i in stream]
    state = dedup.state_bytes()
    kept = sum(v for k, v in state.items() if k != "pending")
    print(
        f"partitions={partitions} threshold={config.threshold} num_perm={config.num_perm} "
        f"bits={config.sketch_bits} bands={config.bands}x{config.rows}"
    )
    print(
        f"near duplicates: precision {precision:.3f}  recall {recall:.3f}"
        f"  (tp {tp} fp {fp} fn {fn})"
    )
    for kind in (*NEAR_KINDS, "resend", "exact"):
        print(f"  {kind:12s} found {found[kind]}/{total[kind]}")
    print(f"  resend/exact classified with a wrong kind: {wrong_kind}")
    flagged = sum(1 for i, r in zip(stream, results, strict=True) if i.kind == "base" and r)
    print(f"  distinct bases flagged: {flagged}")
    print(
        f"speed: {len(stream) / elapsed:.0f} articles/s,"
        f" {elapsed / len(stream) * 1000:.3f} ms/article"
        f" (median body {statistics.median(sizes)} bytes)"
    )
    print(
        f"state: {kept / dedup.retained():.0f} bytes per retained article "
        f"({dedup.retained()} articles; {', '.join(f'{k} {v}' for k, v in state.items())})"
    )


DEFAULTS = DedupConfig()


def time_4kb(stream: list[Item], config: DedupConfig) -> None:
    """Median time of the embedded Deduplicator on distinct articles of about 4 KB."""
    bases = [i.envelope for i in stream if i.kind == "base"]
    dedup = Deduplicator(config=config)
    timings, sizes = [], []
    for number, envelope in enumerate(bases):
        body = envelope.article.body
        extra = iter(bases[number + 1 :] + bases[:number])
        while len(body.encode()) < 4096:
            body += "\n\n" + next(extra).article.body
        body = body.encode()[:4096].decode(errors="ignore")
        article = envelope.article.model_copy(update={"id": f"big-{number}", "body": body})
        big = envelope.model_copy(update={"article": article})
        started = time.perf_counter()
        dedup.check(big)
        timings.append(time.perf_counter() - started)
        sizes.append(len(body.encode()))
    print(
        f"speed on {len(timings)} articles of {statistics.median(sizes)} bytes: median"
        f" {statistics.median(timings) * 1000:.3f} ms,"
        f" mean {statistics.mean(timings) * 1000:.3f} ms"
    )


def seed_feed(seed_dirs: list[Path], config: DedupConfig) -> None:
    """Verdicts on the seed articles themselves, whose reprints are named as such."""
    found = seed_articles(seed_dirs)
    if not found:
        return
    dedup = Deduplicator(config=config)
    start = datetime(2018, 1, 1, tzinfo=UTC)
    wrong = 0
    for offset, (name, lang, title, body) in enumerate(found):
        article = Article(
            id=name, source="seed", title=title, body=body, language=lang, published_at=start
        )
        ingest = IngestMeta(
            topic="replay", partition=0, offset=offset, timestamp=start + timedelta(seconds=offset)
        )
        record = dedup.check(ArticleEnvelope(article=article, ingest=ingest))
        wrong += (record is not None) != is_labelled_copy(name)
        if record is not None or is_labelled_copy(name):
            verdict = "unique" if record is None else f"{record.kind} of {record.duplicate_of}"
            score = "" if record is None else f" ({record.similarity:.2f})"
            print(f"  seed {name}: {verdict}{score}")
    print(f"seed feed: {len(found)} articles, {wrong} with a wrong verdict")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, action="append", default=None)
    parser.add_argument("--partitions", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--per-language", type=int, default=30)
    parser.add_argument("--num-perm", type=int, default=DEFAULTS.num_perm)
    parser.add_argument("--bits", type=int, default=DEFAULTS.sketch_bits)
    parser.add_argument("--bands", type=int, default=DEFAULTS.bands)
    parser.add_argument("--rows", type=int, default=DEFAULTS.rows)
    parser.add_argument("--rounds", type=int, default=1, help="streams with different seeds")
    args = parser.parse_args()
    seeds = args.seeds if args.seeds is not None else [ROOT / "seeds"]
    config = DedupConfig(
        threshold=args.threshold,
        num_perm=args.num_perm,
        sketch_bits=args.bits,
        bands=args.bands,
        rows=args.rows,
    )
    seed_feed(seeds, config)
    for round_number in range(args.rounds):
        stream = build_stream(
            seed=7 + round_number, per_language=args.per_language, seed_dirs=seeds
        )
        print(f"--- stream {round_number}: {len(stream)} articles")
        _true_measures(stream, config.shingle_words)
        evaluate(stream, config, args.partitions)
        time_4kb(stream, config)


if __name__ == "__main__":
    main()
