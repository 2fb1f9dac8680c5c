"""The frame, key and label of every annotated figure, given the annotated number mentions."""

from __future__ import annotations

from typing import Any

import pytest

from streams.claims.assemble import build_claims
from streams.text.normalize import normalize
from tests.unit.claims.corpus import annotated_mentions, article_of, corpus_records

RECORDS = corpus_records()
FIELDS = ("frame_key", "concept", "predicate", "group", "place", "event", "unit", "relative")


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_annotated_figures_get_their_frame_and_decoys_none(record: dict[str, Any]) -> None:
    article = article_of(record)
    norm = normalize(article.body)
    claims = build_claims(article, norm, annotated_mentions(record, norm))
    by_surface = {claim.surface: claim for claim in claims}
    expected_surfaces = {c["surface"] for c in record["claims"]}
    assert set(by_surface) == expected_surfaces
    for expected in record["claims"]:
        claim = by_surface[expected["surface"]]
        for name in FIELDS:
            if name in expected:
                assert getattr(claim, name) == expected[name], name
        if "attribution" in expected:
            assert claim.attribution == expected["attribution"]


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_evidence_is_an_exact_slice_of_the_body(record: dict[str, Any]) -> None:
    article = article_of(record)
    norm = normalize(article.body)
    for claim in build_claims(article, norm, annotated_mentions(record, norm)):
        assert article.body[claim.evidence_start : claim.evidence_end] == claim.evidence
        assert article.body[claim.value_start : claim.value_end] == claim.surface
        assert claim.evidence_start <= claim.value_start < claim.value_end <= claim.evidence_end
