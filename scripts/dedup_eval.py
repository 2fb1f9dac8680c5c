"""Evaluate deduplication on labelled reprint variants: precision, recall, speed, state size.

A generated stream (bases composed from the sentence pools, plus the repo's seeds, every copy
interleaved) and passes over real articles read at run time from ``../shared`` (realnews ar/
and en/, seeds; one copy per original per pass, so a copy is found through its original or
not at all), whose stories give independent write-ups of one event. Every base gets copies
of each kind in ``dedup_variants.COPY_KINDS`` and an article quoting it that must stay apart;
the table gives each kind's recall and precision and the true share of the copy's word
3-grams found in its original. The target line counts copies of which at least 60% is the
original.

Run: .venv/bin/python scripts/dedup_eval.py [--seeds DIR ...] [--shared DIR]
     [--threshold T] [--num-perm N] [--bits B] [--bands B] [--rows R] [--rounds N]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dedup_variants import (
    COPY_KINDS,
    QUOTE,
    RECUT,
    ROOT,
    Item,
    build_real_passes,
    build_stream,
    is_labelled_copy,
    seed_articles,
)

from schemas.article import Article, ArticleEnvelope, IngestMeta
from schemas.duplicate import DuplicateRecord
from streams.dedup.config import DedupConfig
from streams.dedup.content import content_lines, shingles
from streams.dedup.deduplicator import Deduplicator

TARGET = 0.6
"""A copy with at least this share of its shingles in its original must be caught."""
KINDS = (*COPY_KINDS, RECUT)
"""Every kind of copy in the table."""


def _shingle_set(item: Item, size: int) -> set[str]:
    article = item.envelope.article
    return set(shingles(content_lines(article.title, article.body), size))


def _contained(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / max(len(part), 1)


def _write_ups(stream: list[Item], sets: dict[str, set[str]]) -> tuple[int, float, float]:
    """Pairs of bases of one story, and the largest share of a later one in an earlier one.

    Also the largest such share over all pairs of distinct bases.
    """
    bases = [i for i in stream if i.kind == "base"]
    pairs, story_max, any_max = 0, 0.0, 0.0
    for earlier, later in itertools.combinations(bases, 2):
        share = _contained(sets[later.envelope.article.id], sets[earlier.envelope.article.id])
        any_max = max(any_max, share)
        if earlier.story and earlier.story == later.story:
            pairs += 1
            story_max = max(story_max, share)
    return pairs, story_max, any_max


@dataclass
class Tally:
    """Verdicts on one stream, by kind of article."""

    total: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    """Copies taken for a copy of their own family's article (resends and exacts: with the
    right kind), or of another article that holds at least ``TARGET`` of them."""
    elsewhere: Counter[str] = field(default_factory=Counter)
    """Of the caught, those taken for a copy of another family's article holding them."""
    wrong: Counter[str] = field(default_factory=Counter)
    """Articles taken for a copy of an article of another family holding less of them."""
    shares: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    ratios: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    target_total: int = 0
    target_caught: int = 0
    story_flagged: int = 0
    misses: list[tuple[str, float, int, str, float]] = field(default_factory=list)
    false: list[tuple[str, str, float, float, int, int]] = field(default_factory=list)
    """Articles taken for copies of articles holding less than ``TARGET`` of them: id, the
    other's id, the true share, the estimate, both sizes."""


def tally(
    stream: list[Item],
    results: list[DuplicateRecord | None],
    sets: dict[str, set[str]],
    out: Tally,
) -> None:
    """Compare each verdict with the article's label and its true share in its original."""
    family = {i.envelope.article.id: i.family for i in stream}
    story = {i.envelope.article.id: i.story for i in stream if i.kind == "base"}
    base_sets = {i.family: sets[i.envelope.article.id] for i in stream if i.kind == "base"}
    for item, record in zip(stream, results, strict=True):
        kind, own = item.kind, sets[item.envelope.article.id]
        out.total[kind] += 1
        matched = "" if record is None else record.duplicate_of
        same = bool(matched) and family.get(matched) == item.family
        if record is not None and record.kind == "near":
            true = _contained(own, sets[matched])
            if true < TARGET and (kind in ("base", QUOTE) or not same):
                out.false.append(
                    (
                        item.envelope.article.id,
                        matched,
                        true,
                        record.similarity,
                        len(own),
                        len(sets[matched]),
                    )
                )
        if kind == "base":
            out.wrong[kind] += record is not None
            out.story_flagged += bool(item.story) and story.get(matched) == item.story
            continue
        if kind in ("resend", "exact"):
            out.caught[kind] += same and record is not None and record.kind == kind
            out.wrong[kind] += bool(matched) and not same
            continue
        share = _contained(own, base_sets[item.family])
        out.shares[kind].append(share)
        if kind == QUOTE:
            out.wrong[kind] += record is not None
            continue
        other = _contained(own, sets[matched]) if matched else 0.0
        right = same or (bool(matched) and other >= TARGET)
        out.caught[kind] += right
        out.elsewhere[kind] += right and not same
        out.wrong[kind] += bool(matched) and not right
        out.ratios[kind].append(len(own) / max(len(base_sets[item.family]), 1))
        if share >= TARGET:
            out.target_total += 1
            out.target_caught += right
            if not right:
                out.misses.append((item.envelope.article.id, share, len(own), matched, other))


def evaluate(streams: list[list[Item]], config: DedupConfig) -> None:
    """Run each stream through a fresh Deduplicator and print the figures of them all.

    The state figure is the first stream's.
    """
    out = Tally()
    elapsed, sizes, states, write_ups = 0.0, [], [], (0, 0.0, 0.0)
    for stream in streams:
        dedup = Deduplicator(config=config)
        results: list[DuplicateRecord | None] = []
        started = time.perf_counter()
        for item in stream:
            results.append(dedup.check(item.envelope))
        elapsed += time.perf_counter() - started
        sets = {i.envelope.article.id: _shingle_set(i, config.shingle_words) for i in stream}
        tally(stream, results, sets, out)
        if stream is streams[0]:
            write_ups = _write_ups(stream, sets)
        sizes.extend(len(i.envelope.article.body.encode()) for i in stream)
        states.append((dedup.state_bytes(), dedup.retained()))
    pairs, story_max, any_max = write_ups

    print(
        f"threshold={config.threshold} num_perm={config.num_perm} "
        f"bits={config.sketch_bits} bands={config.bands}x{config.rows}"
        f" openings={config.openings}/{config.stored_openings}x{config.opening_bands}"
    )
    print(
        f"  {'class':12s} {'n':>4s} {'caught':>6s} {'wrong':>5s} {'recall':>6s} {'prec.':>6s}"
        f"  share of copy in original min/median, size/original median"
    )
    for kind in KINDS:
        if out.total[kind]:
            n, hit, bad = out.total[kind], out.caught[kind], out.wrong[kind]
            print(
                f"  {kind:12s} {n:4d} {hit:6d} {bad:5d} {hit / n:6.3f}"
                f" {hit / (hit + bad) if hit + bad else 1.0:6.3f}"
                f"  {min(out.shares[kind]):.3f} / {statistics.median(out.shares[kind]):.3f},"
                f" {statistics.median(out.ratios[kind]):.2f}"
            )
    for kind in ("resend", "exact"):
        if out.total[kind]:
            print(f"  {kind:12s} {out.total[kind]:4d} {out.caught[kind]:6d} {out.wrong[kind]:5d}")
    if out.total[QUOTE]:
        print(
            f"  {QUOTE:12s} {out.total[QUOTE]:4d} {'':6s} {out.wrong[QUOTE]:5d}"
            f"  (must stay apart) share of it in the quoted article max"
            f" {max(out.shares[QUOTE]):.3f}, median {statistics.median(out.shares[QUOTE]):.3f}"
        )
    tp = sum(out.caught[k] for k in KINDS)
    fp = sum(out.wrong[k] for k in (*KINDS, QUOTE)) + out.wrong["base"]
    fn = sum(out.total[k] for k in KINDS) - tp
    print(
        f"near duplicates: precision {tp / (tp + fp) if tp + fp else 1.0:.3f}"
        f"  recall {tp / (tp + fn) if tp + fn else 1.0:.3f}  (tp {tp} fp {fp} fn {fn};"
        f" {sum(out.elsewhere.values())} caught as copies of another article holding"
        f" >= {TARGET:.0%} of them)"
    )
    print(
        f"copies with >= {TARGET:.0%} of their shingles in the original: caught"
        f" {out.target_caught}/{out.target_total}"
    )
    for article_id, share, size, matched, other in sorted(out.misses, key=lambda m: -m[1])[:10]:
        instead = f"; taken for a copy of {matched}, share {other:.3f}" if matched else ""
        print(f"  missed {article_id} (share {share:.3f}, {size} shingles{instead})")
    for article_id, matched, true, estimate, size, other_size in out.false[:10]:
        print(
            f"  false {article_id} ({size} shingles) as a copy of {matched} ({other_size}):"
            f" share {true:.3f}, estimated {estimate:.3f}"
        )
    print(
        f"distinct bases: {out.total['base']}, flagged {out.wrong['base']}; largest share of a"
        f" later base in an earlier one {any_max:.3f}"
    )
    if pairs:
        print(
            f"write-ups of one story: {pairs} pairs, largest share {story_max:.3f},"
            f" flagged {out.story_flagged}"
        )
    state, retained = states[0]
    kept = sum(v for k, v in state.items() if k != "pending")
    print(
        f"speed: {len(sizes) / elapsed:.0f} articles/s,"
        f" {elapsed / len(sizes) * 1000:.3f} ms/article"
        f" (median body {statistics.median(sizes)} bytes)"
    )
    print(
        f"state: {kept / retained:.0f} bytes per retained article "
        f"({retained} articles; {', '.join(f'{k} {v}' for k, v in state.items())})"
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
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--threshold", type=float, default=DEFAULTS.threshold)
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
    real = (args.shared / "realnews").is_dir()
    for round_number in range(args.rounds):
        stream = build_stream(
            seed=7 + round_number, per_language=args.per_language, seed_dirs=seeds
        )
        print(f"--- generated stream {round_number}: {len(stream)} articles")
        evaluate([stream], config)
        time_4kb(stream, config)
        if real:
            passes = build_real_passes(args.shared, seed=7 + round_number)
            print(
                f"--- real articles {round_number} ({args.shared}): {len(passes)} passes of"
                f" {len(passes[0])} articles, one copy of each original per pass"
            )
            evaluate(passes, config)
    if not real:
        print(f"no real-news stream: {args.shared / 'realnews'} is not there")


if __name__ == "__main__":
    main()
