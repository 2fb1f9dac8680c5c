"""Print extract_claims throughput on 4 KB Arabic articles built from the corpus's own text."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemas.article import Article
from streams.claims.extract import extract_claims
from tests.unit.claims.corpus import corpus_records

ARTICLE_BYTES = 4096


def arabic_articles(count: int) -> list[Article]:
    sentences = [r["text"] for r in corpus_records() if r["language"] == "ar"]
    articles = []
    for number in range(count):
        parts: list[str] = []
        index = number
        while len(" ".join(parts).encode()) < ARTICLE_BYTES:
            parts.append(sentences[index % len(sentences)])
            index += 7
        articles.append(
            Article(
                id=f"bench-{number}",
                source="bench",
                body=" ".join(parts),
                language="ar",
                published_at=datetime(2018, 2, 5, tzinfo=UTC),
            )
        )
    return articles


def main() -> None:
    articles = arabic_articles(500)
    extract_claims(articles[0])
    started = time.perf_counter()
    claims = sum(len(extract_claims(article)) for article in articles)
    elapsed = time.perf_counter() - started
    print(
        f"{len(articles)} Arabic articles of ~4 KB: {len(articles) / elapsed:.0f} articles/s, "
        f"{claims / len(articles):.1f} claims per article"
    )


if __name__ == "__main__":
    main()
