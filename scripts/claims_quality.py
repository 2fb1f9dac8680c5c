"""Print precision and recall of extract_claims on the annotated corpus."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from schemas.article import Article
from streams.claims.extract import extract_claims

CORPUS_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "claims"


def corpus_records() -> list[dict[str, Any]]:
    """Every annotated record of the claim corpus (tests/data/claims/*.jsonl)."""
    return [
        json.loads(line)
        for path in sorted(CORPUS_DIR.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def article_of(record: dict[str, Any]) -> Article:
    """The record's text as an article published on a fixed date."""
    return Article(
        id=str(hash(record["text"])),
        source="corpus",
        body=record["text"],
        language=record["language"],
        published_at=datetime(2018, 2, 5, tzinfo=UTC),
    )


LEVELS = ("value", "value+qualifier", "value+qualifier+key")


def measure() -> dict[str, Any]:
    """Record and claim counts, and precision and recall at each level of agreement."""
    hits = dict.fromkeys(LEVELS, 0)
    expected_total = produced_total = 0
    records = corpus_records()
    for record in records:
        claims = extract_claims(article_of(record))
        produced_total += len(claims)
        expected_total += len(record["claims"])
        for want in record["claims"]:
            same_value = [
                c
                for c in claims
                if (c.value_low, c.value_high) == (want["value_low"], want["value_high"])
            ]
            same_qualifier = [c for c in same_value if c.qualifier == want["qualifier"]]
            same_key = [
                c
                for c in same_qualifier
                if "frame_key" not in want or c.frame_key == want["frame_key"]
            ]
            for level, found in zip(LEVELS, (same_value, same_qualifier, same_key), strict=True):
                hits[level] += bool(found)
    return {
        "records": len(records),
        "expected": expected_total,
        "produced": produced_total,
        "levels": {
            level: {
                "precision": hits[level] / produced_total if produced_total else 0.0,
                "recall": hits[level] / expected_total if expected_total else 0.0,
            }
            for level in LEVELS
        },
    }


def main() -> None:
    """Print precision and recall at three levels of agreement."""
    figures = measure()
    print(
        f"records: {figures['records']}  expected claims: {figures['expected']}  "
        f"produced: {figures['produced']}"
    )
    for level, score in figures["levels"].items():
        print(f"{level:22s} precision {score['precision']:.2f}  recall {score['recall']:.2f}")


if __name__ == "__main__":
    main()
