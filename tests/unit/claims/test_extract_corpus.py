"""extract_claims end to end (with the real number parser) over the annotated corpus."""

from __future__ import annotations

from typing import Any

import pytest

from streams.claims.extract import extract_claims
from tests.unit.claims.corpus import article_of, corpus_records

RECORDS = corpus_records()


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_decoy_numbers_never_become_claims(record: dict[str, Any]) -> None:
    claims = extract_claims(article_of(record))
    for decoy in record.get("decoys", []):
        assert not [c for c in claims if c.value_low == decoy["value"] == c.value_high]


def test_most_annotated_figures_are_found_with_their_key() -> None:
    expected = found = 0
    for record in RECORDS:
        claims = extract_claims(article_of(record))
        for claim in record["claims"]:
            expected += 1
            found += any(
                c.value_low == claim["value_low"]
                and c.value_high == claim["value_high"]
                and c.frame_key == claim.get("frame_key", c.frame_key)
                for c in claims
            )
    assert found / expected >= 0.8
