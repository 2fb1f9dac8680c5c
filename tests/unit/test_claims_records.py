from __future__ import annotations

from streams.settings import get_settings
from streams.worker.agents.claims import _chunks
from tests.unit.figures.test_figure_history import claim


def test_claims_records_stay_well_within_the_largest_message() -> None:
    long = "word " * 20_000
    claims = [claim(n, article=f"a{n}", evidence=long) for n in range(200)]
    chunks = _chunks(claims)
    assert [c for chunk in chunks for c in chunk] == claims
    assert len(chunks) > 1
    budget = get_settings().max_message_bytes
    assert all(sum(len(c.model_dump_json()) for c in chunk) < budget for chunk in chunks)


def test_few_claims_are_one_record() -> None:
    claims = [claim(n, article=f"a{n}") for n in range(50)]
    assert _chunks(claims) == [claims]
