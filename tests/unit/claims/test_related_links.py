"""Related-link blocks are other stories' headlines: their figures are never the article's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.article import Article
from streams.claims.extract import extract_claims
from streams.claims.related_links import without_related_links
from streams.text.normalize import normalize


def _values(body: str, language: str) -> list[float]:
    article = Article(
        id="t", source="s", body=body, language=language,
        published_at=datetime(2023, 9, 13, tzinfo=UTC),
    )  # fmt: skip
    return [c.value_high for c in extract_claims(article)]


@pytest.mark.parametrize(
    ("body", "language", "values"),
    [
        ("The floods in Libya killed 5,300 people.\n\nRead also:\nQuake in Morocco kills 2,946\n"
         "Storm kills 15 in Greece\n\nRescuers said 30,000 people were displaced in Libya.",
         "en", [5300, 30000]),
        ("The floods in Libya killed 5,300 people.\n>> Related: Quake in Morocco kills 2,946\n",
         "en", [5300]),
        ("Teams reached Derna, where 5,300 people died. (Read more: Morocco quake kills 2,946)",
         "en", [5300]),
        ("قتل 5300 شخص في فيضانات ليبيا.\n\nاقرأ أيضا:\nزلزال المغرب: 2946 قتيلا\n"
         "«دانيال» تقتل 15 في اليونان\n\nونزح 30 ألف شخص في ليبيا.", "ar", [5300, 30000]),
        # A header word that opens a sentence of the report is not a header.
        ("Related deaths in Libya rose to 40 after the floods.", "en", [40]),
        ("Related-party officials in Libya said 40 people died in the floods.", "en", [40]),
        ('Read more\n\nThe minister said: "At least 30,000 people were displaced in Libya."',
         "en", [30000]),
    ],
)  # fmt: skip
def test_figures_of_linked_headlines_are_not_read(
    body: str, language: str, values: list[float]
) -> None:
    assert _values(body, language) == values


def test_blanking_keeps_every_offset() -> None:
    body = "Toll: 40.\nRead also:\nQuake kills 12\n\nEnd of the report."
    norm = without_related_links(normalize(body))
    assert len(norm.text) == len(body)
    assert norm.text.endswith("end of the report.")
    assert "12" not in norm.text
