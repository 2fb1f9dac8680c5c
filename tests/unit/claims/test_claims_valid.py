"""Every extracted claim is a valid Claim and its offsets slice the article body."""

from __future__ import annotations

from typing import Any

import pytest

from schemas.claim import Claim
from streams.claims.extract import extract_claims
from tests.unit.claims.corpus import article_of, corpus_records

RECORDS = corpus_records()


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_claims_survive_a_validating_round_trip(record: dict[str, Any]) -> None:
    article = article_of(record)
    for claim in extract_claims(article):
        assert Claim.model_validate(claim.model_dump()) == claim
        assert article.body[claim.value_start : claim.value_end] == claim.surface
        assert claim.predicate is not None or claim.event is not None
