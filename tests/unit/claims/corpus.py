"""Load the annotated claim corpus and turn its annotations into number mentions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from schemas.article import Article
from streams.claims.mention import NumberMention
from streams.text.normalize import Normalized, fold

CORPUS_DIR = Path(__file__).parents[2] / "data" / "claims"


def corpus_records() -> list[dict[str, Any]]:
    records = []
    for path in sorted(CORPUS_DIR.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                records.append({"id": f"{path.stem}:{number}", **json.loads(line)})
    return records


def article_of(record: dict[str, Any]) -> Article:
    return Article(
        id=record["id"],
        source="corpus",
        body=record["text"],
        language=record["language"],
        published_at=datetime(2018, 2, 5, tzinfo=UTC),
    )


def mention_at(
    norm: Normalized,
    surface: str,
    low: float,
    high: float | None = None,
    qualifier: str = "exact",
    unit: str = "count",
) -> NumberMention:
    folded = fold(surface)
    start = norm.text.index(folded)
    return NumberMention(
        start,
        start + len(folded),
        start,
        start + len(folded),
        low,
        high or low,
        qualifier,
        unit,  # type: ignore[arg-type]
    )


def annotated_mentions(record: dict[str, Any], norm: Normalized) -> list[NumberMention]:
    mentions = [
        mention_at(
            norm,
            claim["surface"],
            claim["value_low"],
            claim["value_high"],
            claim["qualifier"],
            claim.get("unit", "count"),
        )
        for claim in record["claims"]
    ]
    mentions += [mention_at(norm, d["surface"], d["value"]) for d in record.get("decoys", [])]
    return sorted(mentions, key=lambda m: m.start)
