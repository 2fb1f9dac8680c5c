from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.text.normalize import fold, normalize


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("أإآٱا", "ااااا"),
        ("مستشفى", "مستشفي"),
        ("مدينة", "مدينه"),
        ("مُقَاتِلٌ", "مقاتل"),
        ("مقاتـــلين", "مقاتلين"),
        ("٤٠ ألف", "40 الف"),
        ("۴۵", "45"),
        ("٤٬٥٠٠", "4,500"),
        ("٢٫٥", "2.5"),
        ("٤٠٪", "40%"),
        ("About 40,000 Fighters", "about 40,000 fighters"),
        ("a\u00a0b", "a b"),
        ("ﻻ", "لا"),
        ("x\u200f\u202by", "xy"),
        ("٣٠\u061c٠٠٠", "30000"),
        ("20–30", "20-30"),
    ],
)
def test_folding_table(original: str, folded: str) -> None:
    assert fold(original) == folded


@pytest.mark.parametrize(
    ("text", "pattern", "expected_slice"),
    [
        ("قال إن نحو ٤٠ ألفاً قاتلوا", r"40 الفا", "٤٠ ألفا"),
        ("الحصيلة ٢٣٧ قتيلاً", r"237", "٢٣٧"),
        ("مُقَاتِلٍ أجنبيّ", r"مقاتل", "مُقَاتِل"),
        ("ﻻ ٥", r"لا 5", "ﻻ ٥"),
    ],
)
def test_spans_in_folded_text_map_back_to_exact_original_slices(
    text: str, pattern: str, expected_slice: str
) -> None:
    norm = normalize(text)
    match = re.search(pattern, norm.text)
    assert match is not None
    assert norm.slice(*match.span()) == expected_slice


@given(st.text(max_size=300))
def test_every_folded_span_maps_inside_the_original(text: str) -> None:
    norm = normalize(text)
    positions = [norm.to_original(i) for i in range(len(norm.text))]
    assert positions == sorted(positions)
    assert all(0 <= p < len(text) for p in positions)
    for start in range(0, len(norm.text), 7):
        begin, end = norm.span(start, min(len(norm.text), start + 5))
        assert 0 <= begin <= end <= len(text)


@given(st.text(alphabet="ابتثأإآةى٠١٢٣٤٥٦٧٨٩ـًٌٍَُِّْ 0123456789,.", max_size=200))
def test_folding_is_idempotent_on_arabic(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet="أإآىةکی٠١٤۴٬٫٪\u064e\u0640\u200f ﻻabcABC-–\t\r", max_size=60))
def test_fold_equals_the_text_of_normalize_and_the_character_table(text: str) -> None:
    from streams.text.normalize import _TABLE, _normalize_slow

    assert fold(text) == normalize(text).text == _normalize_slow(text).text
    if "ﻻ" not in text:
        assert normalize(text).text == re.sub(
            "[\u064e\u0640\u200f]", "", text.translate(_TABLE).lower()
        )
