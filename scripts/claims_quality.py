"""Print precision and recall of extract_claims on the annotated corpus."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streams.claims.extract import extract_claims
from tests.unit.claims.corpus import article_of, corpus_records


def main() -> None:
    levels = ("value", "value+qualifier", "value+qualifier+key")
    hits = dict.fromkeys(levels, 0)
    expected_total = produced_total = 0
    for record in corpus_records():
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
                if "metric_key" not in want or c.metric_key == want["metric_key"]
            ]
            for level, found in zip(levels, (same_value, same_qualifier, same_key), strict=True):
                hits[level] += bool(found)
    print(
        f"records: {len(corpus_records())}  expected claims: {expected_total}  "
        f"produced: {produced_total}"
    )
    for level in levels:
        recall = hits[level] / expected_total if expected_total else 0.0
        precision = hits[level] / produced_total if produced_total else 0.0
        print(f"{level:22s} precision {precision:.2f}  recall {recall:.2f}")


if __name__ == "__main__":
    main()
