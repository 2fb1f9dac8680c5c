"""English figures: digits, scale and number words, ranges, vague counts, qualifiers."""

from __future__ import annotations

import pytest

from streams.claims.numbers import find_numbers
from streams.text.normalize import normalize


def _found(text: str, language: str = "en") -> list[tuple[str, float, float, str, str]]:
    norm = normalize(text)
    return [
        (norm.slice(m.start, m.end), m.low, m.high, m.qualifier, m.unit)
        for m in find_numbers(norm, language)
    ]


FIGURES = [
    ("The fund raised 4500 dollars", "4500", 4500, 4500, "exact"),
    ("Officials counted 40,000 visitors", "40,000", 40000, 40000, "exact"),
    ("The plan costs 1.5 million euros", "1.5 million", 1.5e6, 1.5e6, "exact"),
    ("Forty thousand people marched", "Forty thousand", 40000, 40000, "exact"),
    ("A thousand volunteers came", "A thousand", 1000, 1000, "exact"),
    ("They planted two hundred and fifty trees", "two hundred and fifty", 250, 250, "exact"),
    ("Twenty-five sailors were rescued", "Twenty-five", 25, 25, "exact"),
    ("Nineteen schools closed", "Nineteen", 19, 19, "exact"),
    ("She bought a dozen boats", "a dozen", 12, 12, "exact"),
    ("The city spent half a million pounds", "half a million", 5e5, 5e5, "exact"),
    (
        "three thousand five hundred tents arrived",
        "three thousand five hundred",
        3500,
        3500,
        "exact",
    ),
    (
        "Fees ran between 20 and 30 thousand dollars",
        "between 20 and 30 thousand",
        20000,
        30000,
        "range",
    ),
    (
        "Estimates range from 20,000 to 30,000 people",
        "from 20,000 to 30,000",
        20000,
        30000,
        "range",
    ),
    ("Officials expect 20-30 thousand pilgrims", "20-30 thousand", 20000, 30000, "range"),
    ("A few thousand remained", "A few thousand", 3000, 9000, "vague"),
    ("Dozens of shops were looted", "Dozens", 20, 99, "vague"),
    ("Hundreds attended", "Hundreds", 200, 999, "vague"),
    ("Thousands fled the floods", "Thousands", 2000, 9000, "vague"),
    ("Tens of thousands lost power", "Tens of thousands", 20000, 99000, "vague"),
    ("Hundreds of thousands were displaced", "Hundreds of thousands", 2e5, 999000, "vague"),
    ("Several thousand joined", "Several thousand", 3000, 9000, "vague"),
    ("A few hundred stayed behind", "A few hundred", 300, 900, "vague"),
    ("About 36 people died", "About 36", 36, 36, "approximately"),
    ("Roughly 700 passengers survived", "Roughly 700", 700, 700, "approximately"),
    (
        "An estimated 40,000 fighters travelled",
        "An estimated 40,000",
        40000,
        40000,
        "approximately",
    ),
    ("Some 1,500 returned home", "Some 1,500", 1500, 1500, "approximately"),
    ("Around a thousand gathered", "Around a thousand", 1000, 1000, "approximately"),
    ("200 or so were killed", "200 or so", 200, 200, "approximately"),
    ("More than 5,000 Europeans joined", "More than 5,000", 5000, 5000, "at_least"),
    ("At least 40 soldiers died", "At least 40", 40, 40, "at_least"),
    ("Over 100 bombings were claimed", "Over 100", 100, 100, "at_least"),
    ("Upwards of 2,000 fled", "Upwards of 2,000", 2000, 2000, "at_least"),
    ("Up to 30,000 foreign fighters crossed", "Up to 30,000", 30000, 30000, "at_most"),
    ("As many as 300 may have escaped", "As many as 300", 300, 300, "at_most"),
    ("Fewer than 90 lawmakers voted", "Fewer than 90", 90, 90, "at_most"),
    ("Prices rose 40%", "40%", 40, 40, "exact"),
    ("Turnout fell 15 percent", "15 percent", 15, 15, "exact"),
    ("Turnout fell 15 per cent", "15 per cent", 15, 15, "exact"),
    ("Nearly half of the fighters returned", "Nearly half", 0.5, 0.5, "approximately"),
    ("A third of them stayed", "A third", 0.3333, 0.3333, "exact"),
    ("Two thirds voted yes", "Two thirds", 0.6667, 0.6667, "exact"),
]


@pytest.mark.parametrize(("text", "surface", "low", "high", "qualifier"), FIGURES)
def test_english_figure_is_read_with_value_and_qualifier(
    text: str, surface: str, low: float, high: float, qualifier: str
) -> None:
    found = _found(text)
    assert len(found) == 1, found
    got_surface, got_low, got_high, got_qualifier, _ = found[0]
    assert (got_surface, got_low, got_high, got_qualifier) == (surface, low, high, qualifier)


NOT_CLAIMS = [
    "They joined in 2013 and left",
    "Attacks grew since late 2014",
    "The strike happened on January 20",
    "The strike happened on 20 January 2018",
    "It was published on Friday, 22 November 2024",
    "Doors open at 10:33 pm",
    "A man aged 46 was arrested",
    "A 46-year-old man was arrested",
    "He faces 15 years in prison",
    "She spent three years abroad",
    "The talks lasted 12 days",
    "He finished 19th in the race",
    "F-18 jets flew overhead",
    "An MQ-9 drone was seen",
    "Covid-19 cases",
    "The G20 summit",
    "A 4x4 vehicle",
    "Read Article 5 of the treaty",
    "Call +44 20 7946 0958 for details",
    "See http://example.com/news/2019/123 for more",
    "Follow #G20 updates",
    "He was one of the leaders",
    "Between 2014 and 2017 the group grew",
    "The 2014-2017 campaign ended",
    "It began on January 20, 2018 at dawn",
    "Fighting peaked in the 1990s",
    "Resolution 2254 was adopted",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_english_non_claim_yields_nothing(text: str) -> None:
    assert _found(text) == []


def test_year_like_count_with_a_qualifier_is_still_a_count() -> None:
    assert _found("More than 2000 fighters fled")[0][1:4] == (2000, 2000, "at_least")


def test_undetermined_language_reads_both_scripts() -> None:
    found = _found("About 300 left, ونحو 40 ألفا بقوا", language="und")
    assert [f[1] for f in found] == [300, 40000]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.000.000 visitors", 1e6),
        ("1,234.5 tonnes", 1234.5),
    ],
)
def test_digit_separators_group_thousands_only_when_unambiguous(text: str, value: float) -> None:
    assert _found(text)[0][1] == value


@pytest.mark.parametrize("text", ["2,5 tonnes", "12,34 units", "99999999999999999999 items"])
def test_ambiguous_or_overlong_digit_runs_are_not_claims(text: str) -> None:
    assert _found(text) == []
