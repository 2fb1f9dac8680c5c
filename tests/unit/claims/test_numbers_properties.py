"""Properties of the number parser on arbitrary and hostile input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.claims.numbers import find_numbers
from streams.text.normalize import normalize

_PIECES = st.sampled_from(
    [
        " ",
        "،",
        "-",
        "%",
        "٪",
        "/",
        ":",
        ".",
        ",",
        "و",
        "ب",
        "ال",
        "0",
        "7",
        "20",
        "٤٠",
        "1,000",
        "2.5",
        "2014",
        "الف",
        "ألفا",
        "آلاف",
        "مليون",
        "عشرات",
        "بضعة",
        "مئة",
        "خمسة",
        "وعشرين",
        "نحو",
        "حتى",
        "بين",
        "من",
        "إلى",
        "أكثر من",
        "عاما",
        "يناير",
        "نصف",
        "بالمئة",
        "thousand",
        "about",
        "between",
        "and",
        "to",
        "dozens",
        "a few",
        "a couple of",
        "lakh",
        "point",
        "two",
        "فاصلة",
        "100k",
        "2.5bn",
        "$3m",
        ".77",
        "6ر2",
        "٢ر٦",
        "years",
        "F",
        "x",
        "#",
        "http://",
        "\u064e",
        "\u0640",
        "\n",
    ]
)
_TEXTS = st.one_of(st.text(max_size=200), st.lists(_PIECES, max_size=40).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, language=st.sampled_from(["ar", "en", "und"]))
def test_mentions_are_in_bounds_ordered_and_non_overlapping(text: str, language: str) -> None:
    norm = normalize(text)
    mentions = find_numbers(norm, language)
    previous_end = 0
    for mention in mentions:
        assert previous_end <= mention.start <= mention.value_start
        assert mention.value_start < mention.value_end <= mention.end <= len(norm.text)
        assert mention.low <= mention.high
        previous_end = mention.end


@settings(max_examples=100, deadline=None)
@given(
    value=st.integers(min_value=1, max_value=999),
    scale=st.sampled_from([("ألف", 1000), ("مليون", 1_000_000), ("thousand", 1000)]),
)
def test_digits_before_a_scale_word_multiply(value: int, scale: tuple[str, int]) -> None:
    word, factor = scale
    (mention,) = find_numbers(normalize(f"بلغ العدد {value} {word} شخص"), "und")
    assert mention.low == mention.high == value * factor


@settings(max_examples=100, deadline=None)
@given(low=st.integers(min_value=1, max_value=98), gap=st.integers(min_value=1, max_value=50))
def test_between_range_shares_the_scale_of_its_upper_end(low: int, gap: int) -> None:
    high = low + gap
    (mention,) = find_numbers(normalize(f"دفعوا بين {low} و{high} ألف دولار"), "ar")
    assert (mention.low, mention.high, mention.qualifier) == (low * 1000, high * 1000, "range")


_SCALED = st.sampled_from(
    [
        (" million", 10**6, "en"),
        ("M", 10**6, "en"),
        ("bn", 10**9, "en"),
        (" lakh", 10**5, "en"),
        (" مليون", 10**6, "ar"),
        (" مليار", 10**9, "ar"),
    ]
)


@settings(max_examples=200, deadline=None)
@given(whole=st.integers(min_value=0, max_value=999), frac=st.integers(1, 999), scale=_SCALED)
def test_scaled_decimals_are_exact(whole: int, frac: int, scale: tuple[str, int, str]) -> None:
    word, factor, language = scale
    digits = f"{whole}.{frac}"
    (mention,) = find_numbers(normalize(f"بلغ {digits}{word} x"), language)
    assert mention.low == mention.high == float(Decimal(digits) * factor)


_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@settings(max_examples=100, deadline=None)
@given(whole=st.integers(min_value=1, max_value=99), frac=st.integers(1, 9))
def test_reh_decimal_order_follows_the_digit_script(whole: int, frac: int) -> None:
    expected = float(Decimal(f"{whole}.{frac}") * 10**6)
    for written in (f"{frac}ر{whole}", f"{whole}ر{frac}".translate(_INDIC)):
        (mention,) = find_numbers(normalize(f"بلغ العدد {written} مليون شخص"), "ar")
        assert mention.low == expected, written


_MEGABYTE = 1_000_000


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "hostile",
    [
        "1" * _MEGABYTE,
        "1," * (_MEGABYTE // 2),
        "الف " * (_MEGABYTE // 4),
        "وعشرين " * (_MEGABYTE // 7),
        "بين 20 و" * (_MEGABYTE // 8),
        ("abc١٢٣ألف%-" * (_MEGABYTE // 11)),
        "one point " * (_MEGABYTE // 10),
        "2ر" * (_MEGABYTE // 2),
        " .5k" * (_MEGABYTE // 4),
        " " * _MEGABYTE,
    ],
    ids=[
        "digits",
        "comma-digits",
        "scale-words",
        "and-words",
        "ranges",
        "mixed",
        "word-decimals",
        "reh-digits",
        "dot-suffixes",
        "spaces",
    ],
)
def test_one_megabyte_hostile_input_completes(hostile: str) -> None:
    mentions = find_numbers(normalize(hostile), "und")
    assert all(m.low <= m.high for m in mentions)
