"""Print extract_claims throughput (articles/s, MB/s) on dense and on realistic 4 KB Arabic text.

Dense: sentences of the annotated corpus back to back (~35 figures per 4 KB). Realistic: 4 KB
windows of the Arabic news in ``seeds/`` and ``/work/shared/seeds`` (a few figures per 4 KB).
Rates are per CPU second of this process (``time.process_time``), so other work on a shared
machine slows them less than wall-clock time would. Run:
``.venv/bin/python scripts/bench_claims.py [--seconds N] [--profile]``; ``--profile`` prints
where one pass over each corpus spends its time (cProfile, by own time) instead.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from datetime import UTC, datetime
from pathlib import Path

from schemas.article import Article
from streams.claims.extract import extract_claims

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_BYTES = 4096
CORPUS = ROOT / "tests" / "data" / "claims" / "corpus_ar.jsonl"
SEED_DIRS = (ROOT / "seeds" / "ar", ROOT.parent / "shared" / "seeds")


def _article(number: int, body: str, kind: str) -> Article:
    return Article(
        id=f"bench-{kind}-{number}",
        source="bench",
        body=body,
        language="ar",
        published_at=datetime(2018, 2, 5, tzinfo=UTC),
    )


def dense_articles(count: int) -> list[Article]:
    """Corpus sentences glued into 4 KB bodies: nearly every sentence holds a figure."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    sentences = [json.loads(line)["text"] for line in lines if line.strip()]
    articles = []
    for number in range(count):
        parts: list[str] = []
        index = number
        while len(" ".join(parts).encode()) < ARTICLE_BYTES:
            parts.append(sentences[index % len(sentences)])
            index += 7
        articles.append(_article(number, " ".join(parts), "dense"))
    return articles


def realistic_articles(count: int) -> list[Article]:
    """4 KB windows, cut at spaces, of the Arabic seed articles' bodies laid end to end."""
    bodies = [
        path.read_text(encoding="utf-8").partition("\n")[2]
        for directory in SEED_DIRS
        if directory.is_dir()
        for path in sorted(directory.glob("*.txt"))
    ]
    stream = "\n\n".join(bodies)
    articles = []
    step = max(1, len(stream) // max(count, 1))
    for number in range(count):
        start = (number * step) % len(stream)
        window = (stream[start:] + "\n\n" + stream)[: ARTICLE_BYTES * 2]
        body = window.encode()[:ARTICLE_BYTES].decode(errors="ignore")
        cut = body.find(" ")
        articles.append(_article(number, body[cut + 1 :].rsplit(" ", 1)[0], "real"))
    return articles


def measure(name: str, articles: list[Article], seconds: float) -> None:
    """Extract from ``articles`` repeatedly for about ``seconds`` and print the rates."""
    for article in articles[:5]:
        extract_claims(article)
    done = claims = size = 0
    started = time.process_time()
    while time.process_time() - started < seconds:
        for article in articles:
            claims += len(extract_claims(article))
            size += len(article.body.encode())
        done += len(articles)
    elapsed = time.process_time() - started
    print(
        f"{name:9s} {done:6d} Arabic articles of ~4 KB: {done / elapsed:7.0f} articles/s, "
        f"{size / elapsed / 1e6:5.2f} MB/s, {1e3 * elapsed / done:.2f} ms/article, "
        f"{claims / done:.1f} claims per article"
    )


def profile(name: str, articles: list[Article], rows: int = 25) -> None:
    """Print the functions one pass over ``articles`` spends most of its own time in."""
    for article in articles[:5]:
        extract_claims(article)
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [extract_claims(article) for article in articles])
    print(f"--- {name}")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(rows)


def main() -> None:
    """Run both benchmarks on one core and print one line each (or their profiles)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per benchmark")
    parser.add_argument("--profile", action="store_true", help="profile one pass instead")
    args = parser.parse_args()
    run = profile if args.profile else lambda name, articles: measure(name, articles, args.seconds)
    run("dense", dense_articles(200))
    run("realistic", realistic_articles(200))


if __name__ == "__main__":
    main()
