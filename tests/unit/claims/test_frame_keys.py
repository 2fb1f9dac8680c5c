"""Figure keys: same figure, same story and key across languages; different figures apart."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.article import Article
from streams.claims.assemble import build_claims
from streams.claims.frame import Frame
from streams.claims.frame_key import frame_key
from streams.text.normalize import normalize
from tests.unit.claims.corpus import mention_at


def _key(text: str, surface: str, language: str) -> tuple[str | None, str]:
    """A figure's identity: its story and its key within the story's place."""
    article = Article(
        id="k", source="t", body=text, language=language, published_at=datetime.now(UTC)
    )
    norm = normalize(text)
    claims = build_claims(article, norm, [mention_at(norm, surface, float(surface))])
    assert len(claims) == 1
    return claims[0].story_key, claims[0].metric_key


SAME = [
    (
        ("ارتفعت حصيلة ضحايا الزلزال في المغرب إلى 2900 قتيل.", "2900", "ar"),
        ("The earthquake in Morocco killed 2900 people.", "2900", "en"),
    ),
    (
        ("عاد 300 من مقاتلي داعش الأجانب إلى فرنسا.", "300", "ar"),
        ("300 foreign ISIS fighters returned to France.", "300", "en"),
    ),
    (
        ("تسلل 40 مسلحا من تنظيم الدولة إلى تركيا.", "40", "ar"),
        ("40 Islamic State militants infiltrated Turkey.", "40", "en"),
    ),
]
APART = [
    ("انضم 500 مقاتل أجنبي إلى داعش.", "عاد 500 مقاتل أجنبي من داعش إلى بلدانهم."),
    ("انضم 500 مقاتل أجنبي إلى داعش.", "انضم 500 مقاتل بريطاني إلى داعش."),
    ("انضم 500 مقاتل بريطاني إلى داعش.", "انضم 500 مقاتل أوروبي إلى داعش."),
    ("انضم 500 عضو من داعش إلى قسد.", "فر 500 مقاتل من داعش."),
    ("قتل 500 شخص في الزلزال في المغرب.", "قتل 500 شخص في الفيضانات في المغرب."),
    ("قتل 500 شخص في الزلزال في المغرب.", "قتل 500 شخص في الزلزال في نيبال."),
]


@pytest.mark.parametrize(("arabic", "english"), SAME)
def test_arabic_and_english_reports_of_one_figure_share_a_key(
    arabic: tuple, english: tuple
) -> None:
    assert _key(*arabic) == _key(*english)


@pytest.mark.parametrize(("first", "second"), APART)
def test_different_figures_get_different_keys(first: str, second: str) -> None:
    assert _key(first, "500", "ar") != _key(second, "500", "ar")


def test_key_is_readable_and_shares_get_their_unit() -> None:
    frame = Frame("foreign_fighter", (0, 1), "joined", "isis", "syria_iraq", None, None)
    assert frame_key(frame) == "joined|foreign_fighter|isis|syria_iraq|-"
    assert frame_key(frame, "percent").endswith("|percent")
