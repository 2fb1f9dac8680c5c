"""Who a figure counts and where, when the sentence says it with a verb, a nisba or a name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.article import Article
from schemas.claim import Claim
from streams.claims.extract import extract_claims

DAY = datetime(2021, 7, 6, 9, tzinfo=UTC)


def _claims(body: str, language: str, title: str = "") -> list[Claim]:
    article = Article(
        id="p", source="test", title=title, body=body, language=language, published_at=DAY
    )
    return extract_claims(article)


@pytest.mark.parametrize(
    ("body", "language", "predicate"),
    [
        ("Police said 64 people are missing and presumed dead after the fire.", "en", "killed"),
        ("Some 64 residents are still unaccounted for, feared dead.", "en", "killed"),
        ("Police said 64 people are missing after the fire.", "en", "missing"),
        ("وقالت الشرطة إن 64 شخصا ما زالوا مفقودين ويرجح وفاتهم.", "ar", "killed"),
        ("وقالت الشرطة إن 64 شخصا ما زالوا مفقودين.", "ar", "missing"),
    ],
)
def test_the_missing_presumed_dead_are_counted_among_the_dead(
    body: str, language: str, predicate: str
) -> None:
    found = [c for c in _claims(body, language) if c.value_low == 64]
    assert [c.predicate for c in found] == [predicate]


@pytest.mark.parametrize(
    ("body", "language", "value", "predicate"),
    [
        ("Officials said 113 people are unaccounted for in Surfside.", "en", 113, "missing"),
        ("The mayor said 113 remain unaccounted for after the collapse in Florida.", "en", 113,
         "missing"),
        ("The earthquake in Nepal killed 2,000 on Saturday.", "en", 2000, "killed"),
        ("The bombing in Kabul left 30 killed and 45 wounded.", "en", 30, "killed"),
        ("The bombing in Kabul left 30 killed and 45 wounded.", "en", 45, "injured"),
        ("The number of those unaccounted for in Florida is 150, the mayor said.", "en", 150,
         "missing"),
        ("By Friday 920 had died, while 3,060 had become infected in Guinea.", "en", 3060,
         "infected"),
    ],
)  # fmt: skip
def test_a_casualty_verb_counts_people_when_the_figure_has_no_noun(
    body: str, language: str, value: float, predicate: str
) -> None:
    found = [c for c in _claims(body, language) if c.value_low == value]
    assert [(c.concept, c.predicate) for c in found] == [("person", predicate)]


def test_a_decimal_without_its_scale_word_counts_nobody() -> None:
    body = "Humanitarian office: 2.8 displaced from Khartoum by the war in Sudan"
    assert _claims(body, "en") == []


@pytest.mark.parametrize(
    ("body", "language", "story"),
    [
        ("ارتفع عدد ضحايا الحرائق في المناطق الجزائرية إلى 42 قتيلا.", "ar", "fire|algeria"),
        ("وقتل 30 شخصا في هجوم على قرية سودانية.", "ar", "attack|sudan"),
    ],
)
def test_a_nisba_names_the_country_when_no_place_is_named(
    body: str, language: str, story: str
) -> None:
    (claim,) = _claims(body, language)
    assert claim.story_key == story


def test_a_name_before_a_verb_of_saying_is_a_speaker_not_the_place() -> None:
    body = (
        "Hurricane Maria killed 34 people in Puerto Rico. Of those, 19 died in the storm itself, "
        "Rosario said."
    )
    nineteen = next(c for c in _claims(body, "en") if c.value_low == 19)
    assert "in:" not in nineteen.quantity


def test_the_pronoun_us_is_not_the_united_states() -> None:
    body = "Floods in Jeddah killed 122 people. For those of us who saw it, 122 is too many."
    assert {c.story_key for c in _claims(body, "en")} == {"flood|saudi_arabia"}


def test_a_city_named_in_two_countries_follows_the_articles_story() -> None:
    body = (
        "Hurricane Maria's death toll in Puerto Rico rose to 43. In San Juan, 12 people died "
        "in hospitals without power."
    )
    twelve = next(c for c in _claims(body, "en") if c.value_low == 12)
    assert twelve.story_key == "flood|puerto_rico"
    assert "in:" not in twelve.quantity


def test_among_them_after_a_counted_noun_opens_the_next_figure() -> None:
    body = "قتل ما لا يقل عن 65 شخصا، من بينهم 28 عسكريا في حرائق الغابات في الجزائر."
    found = {c.value_low: (c.concept, c.qualifier) for c in _claims(body, "ar")}
    assert found[65] == ("person", "at_least")
    assert found[28][0] == "soldier"


@pytest.mark.parametrize(
    ("body", "language", "value", "predicate"),
    [
        ("About 300,000 Syrians have fled to Turkey since the war began.", "en", 300_000, "fled"),
        ("Some 6,700 Rohingya were killed in the first month of the crackdown.", "en", 6700,
         "killed"),
        ("عاد 18 ألف سوري إلى بلادهم من الأردن.", "ar", 18_000, "returned"),
        ("فر نحو 300 ألف من الروهينغا إلى بنغلادش.", "ar", 300_000, "fled"),
    ],
)  # fmt: skip
def test_a_nationality_or_people_after_the_figure_is_who_it_counts(
    body: str, language: str, value: float, predicate: str
) -> None:
    found = [c for c in _claims(body, language) if c.value_low == value]
    assert [(c.concept, c.predicate) for c in found] == [("person", predicate)]


def test_a_noun_after_the_nationality_is_the_counted_thing() -> None:
    found = _claims("The quake killed 40 Syrian soldiers near the border.", "en")
    assert [(c.value_low, c.concept) for c in found] == [(40, "soldier")]


def test_refugees_counted_where_they_went_are_not_a_part_of_the_exodus() -> None:
    title = "نزوح الروهينغا إلى بنغلادش"
    body = "أعلنت المفوضية أن نحو 123 ألف لاجئ فروا من ولاية راخين في ميانمار إلى بنغلادش."
    (claim,) = _claims(body, "ar", title)
    assert claim.metric_key == "bangladesh|fled|person|-|-"


@pytest.mark.parametrize(
    ("title", "body", "language", "key"),
    [
        ("Turkey quake toll rises", "The earthquake killed 40 Syrians in Gaziantep.", "en",
         "turkey|killed|person|-|of:syria"),
        ("لاجئون في لبنان", "نزح سبعة ملايين سوري منذ بداية الثورة.", "ar",
         "lebanon|displaced|person|-|of:syria"),
        # Nationals who fled or came back are counted where they went: no part of the story.
        ("Refugees in Turkey", "About 300,000 Syrians have fled to Turkey.", "en",
         "turkey|fled|person|-|-"),
    ],
)  # fmt: skip
def test_nationals_of_another_country_are_a_part_of_the_story(
    title: str, body: str, language: str, key: str
) -> None:
    (claim,) = _claims(body, language, title)
    assert claim.metric_key == key


@pytest.mark.parametrize(
    ("body", "language", "values"),
    [
        ("As many as 7,24,649 people are in relief camps in Kerala.", "en",
         [(724_649, "sheltered")]),
        # Camps are where the people are, not what is counted.
        ("Over 10 lakh people are sheltering in 3,879 camps in Kerala.", "en",
         [(1_000_000, "sheltered")]),
        ("يقيم 5000 شخص في مراكز الإيواء في درنة.", "ar", [(5000, "sheltered")]),
        # "201, most of them in one county" is the toll, not a part of an earlier one.
        ("The storm's toll in Mississippi reached 201, most of them in Harrison County.", "en",
         [(201, "killed")]),
    ],
)  # fmt: skip
def test_people_in_shelters_and_a_toll_with_its_breakdown(
    body: str, language: str, values: list[tuple[float, str]]
) -> None:
    found = [(c.value_low, c.predicate) for c in _claims(body, language) if c.tracked]
    assert found == values


@pytest.mark.parametrize(
    ("body", "language", "value"),
    [
        # "of them" with no earlier figure points back to people a verb counts.
        ("فر ما يزيد على 700 ألف منهم إلى بنغلاديش.", "ar", 700_000),
        # A verb of reaching in the present, before a long subject.
        ("ليصل عدد اللاجئين في البلاد إلى نحو 919 ألفا.", "ar", 919_000),
    ],
)  # fmt: skip
def test_figures_whose_noun_is_a_pronoun_or_a_far_subject(
    body: str, language: str, value: float
) -> None:
    assert [c.value_low for c in _claims(body, language)] == [value]


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("أقيمت ثلاثة مستشفيات ميدانية في أماتريتشي بعد الزلزال.", "ar"),
        ("Three field hospitals were set up in Amatrice after the quake.", "en"),
    ],
)
def test_a_count_of_hospitals_is_no_count_of_people_in_hospital(body: str, language: str) -> None:
    assert [c for c in _claims(body, language) if c.tracked] == []


@pytest.mark.parametrize(
    ("body", "language", "values"),
    [
        ("The floods claimed 1,739 lives and affected 33 million people in Pakistan.", "en",
         [(1739, "killed"), (33_000_000, "affected")]),
        ("وقالت السلطات إن نحو مليون شخص تضرروا من الفيضانات في باكستان.", "ar",
         [(1_000_000, "affected")]),
    ],
)  # fmt: skip
def test_people_affected_are_a_quantity_of_their_own(
    body: str, language: str, values: list[tuple[float, str]]
) -> None:
    assert [(c.value_low, c.predicate) for c in _claims(body, language)] == values
