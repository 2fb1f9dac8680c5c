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
    ("The count has soared past 3,000 this week", "past 3,000", 3000, 3000, "at_least"),
    ("The toll passed the 1,500 mark", "passed the 1,500", 1500, 1500, "at_least"),
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


WIRE_FORMS = [
    # scale abbreviations of headlines and wires, glued or spaced
    ("The clip drew 100K viewers", "100K", 1e5, 1e5, "exact"),
    ("The app now has 3M users", "3M", 3e6, 3e6, "exact"),
    ("Donors pledged 1.2M dollars", "1.2M", 1.2e6, 1.2e6, "exact"),
    ("Exports reached 2.5bn dollars", "2.5bn", 2.5e9, 2.5e9, "exact"),
    ("The storm caused $3bn in losses", "$3bn", 3e9, 3e9, "exact"),
    ("Insurers expect 2.5 bn dollars in claims", "2.5 bn", 2.5e9, 2.5e9, "exact"),
    ("Repairs will cost £40m in total", "£40m", 4e7, 4e7, "exact"),
    ("Debts rose to $1.2tn", "$1.2tn", 1.2e12, 1.2e12, "exact"),
    ("Between 20-30K residents left", "Between 20-30K", 2e4, 3e4, "range"),
    ("Bids of $2.5bn-$3bn were made", "$2.5bn-$3bn", 2.5e9, 3e9, "range"),
    # decimals written in words, and a leading dot
    (
        "The fund holds two point two million dollars",
        "two point two million",
        2.2e6,
        2.2e6,
        "exact",
    ),
    (
        "The plan costs two point five million euros",
        "two point five million",
        2.5e6,
        2.5e6,
        "exact",
    ),
    ("Inflation reached ten point five percent", "ten point five percent", 10.5, 10.5, "exact"),
    ("Turnout rose by .77 percent", ".77 percent", 0.77, 0.77, "exact"),
    ("Prices moved (.5%) overnight", ".5%", 0.5, 0.5, "exact"),
    # dozens, couples and a few
    ("Farmers sold 200 dozens of eggs", "200 dozens", 2400, 2400, "exact"),
    ("They packed three dozen boxes", "three dozen", 36, 36, "exact"),
    ("More than two dozens of porters were hurt", "More than two dozens", 24, 24, "at_least"),
    ("A few dozen came", "A few dozen", 36, 108, "vague"),
    ("A couple of guards were hurt", "A couple of", 2, 3, "vague"),
    ("A couple hundred stayed", "A couple hundred", 200, 300, "vague"),
    ("A couple of thousand marched", "A couple of thousand", 2000, 3000, "vague"),
    ("A few guards were hurt", "A few", 3, 9, "vague"),
    # lakh and crore of South Asian English
    ("Rallies drew 30 lakh people", "30 lakh", 3e6, 3e6, "exact"),
    ("The state spent 3 crore rupees", "3 crore", 3e7, 3e7, "exact"),
    ("Some 1.5 lakh voters queued", "Some 1.5 lakh", 1.5e5, 1.5e5, "approximately"),
    ("Over 12 lakhs of forms arrived", "Over 12 lakhs", 1.2e6, 1.2e6, "at_least"),
    (
        "As many as 7,24,649 people were in camps",
        "As many as 7,24,649",
        724_649,
        724_649,
        "at_most",
    ),
    ("The state spent 3,00,00,000 rupees", "3,00,00,000", 3e7, 3e7, "exact"),
    ("The scheme costs 1.5 lakh crore rupees", "1.5 lakh crore", 1.5e12, 1.5e12, "exact"),
    ("Lakhs of pilgrims came", "Lakhs", 2e5, 9e5, "vague"),
    ("Crores of rupees were lost", "Crores", 2e7, 9e7, "vague"),
    # digit conventions: a dot is a decimal in English, a comma before a scale word too
    ("Sales were 32.8 million dollars", "32.8 million", 32_800_000, 32_800_000, "exact"),
    ("Ships unloaded 2.437 tonnes", "2.437", 2.437, 2.437, "exact"),
    ("The register lists 2.437 million names", "2.437 million", 2_437_000, 2_437_000, "exact"),
    ("Reports cite 1,2 million voters", "1,2 million", 1.2e6, 1.2e6, "exact"),
    ("About 2,5% of voters abstained", "About 2,5%", 2.5, 2.5, "approximately"),
    ("Officials counted 1,600 tents", "1,600", 1600, 1600, "exact"),
]


BOUNDS_AND_DATES = [
    # verbs of exceeding give a lower bound
    ("The death toll passed 400 on Friday", "passed 400", 400, 400, "at_least"),
    ("Confirmed cases crossed 3,200 this week", "crossed 3,200", 3200, 3200, "at_least"),
    ("Claims exceeded 4,000 by noon", "exceeded 4,000", 4000, 4000, "at_least"),
    ("Ticket sales topped 5,000", "topped 5,000", 5000, 5000, "at_least"),
    ("Arrivals surpassed a million", "surpassed a million", 1e6, 1e6, "at_least"),
    ("Almost 300 homes burned", "Almost 300", 300, 300, "approximately"),
    # a weekday or month before a number that cannot be a day or a year
    ("By Tuesday, 12,480 households had registered", "12,480", 12480, 12480, "exact"),
    ("In May 450 people were evacuated", "450", 450, 450, "exact"),
    ("On Sunday 3 million voters went to the polls", "3 million", 3e6, 3e6, "exact"),
]


@pytest.mark.parametrize(
    ("text", "surface", "low", "high", "qualifier"), FIGURES + WIRE_FORMS + BOUNDS_AND_DATES
)
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
    "The ban was announced on Monday, 18 May",
    "The vote is on Sunday 12",
    "Floods struck in March 2019",
    "Doors open at 10:33 pm",
    "A man aged 46 was arrested",
    "The singer dies at 81 after an illness",
    "The actor, who died at 72, was buried",
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
    "The memory of 2005's hurricane lingers",
    "The memory of 2005’s hurricane lingers",
    "Resolution 2254 was adopted",
    "He bought a 4K television",
    "F-16 jets and MiG-29K fighters flew past",
    "Winds of 150mph hit the coast",
    "A 5m high wall fell",
    "A 5m-high wall fell",
    "The couple said hello",
    "The bn figure was revised",
    "Y2K fears returned",
    "I'm sure K-pop sells",
    "A few days later the rain stopped",
    "Posted date 2017-10-15 by the desk",
    "Updated 15/10/2017 at noon",
    "Printed 15.10.2017",
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


def test_one_point_is_a_moment_not_a_decimal() -> None:
    assert [f[0] for f in _found("At one point two soldiers died")] == ["two"]


def test_undetermined_language_reads_wire_forms_of_both_scripts() -> None:
    found = _found("About 100K left, وبقي 6ر2 مليون", language="und")
    assert [f[1] for f in found] == [1e5, 2.6e6]
