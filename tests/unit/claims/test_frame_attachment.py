"""What a figure counts and where, when other nouns and places stand near it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.article import Article
from streams.claims.extract import extract_claims


def _keys(body: str, language: str, title: str = "") -> dict[float, str]:
    article = Article(
        id="a", source="s", title=title, body=body, language=language,
        published_at=datetime(2019, 3, 17, tzinfo=UTC),
    )  # fmt: skip
    return {c.value_low: c.metric_key for c in extract_claims(article)}


@pytest.mark.parametrize(
    ("body", "language", "value", "key"),
    [
        # «قتلى الهجوم»: the dead of the attack, not a count of attacks.
        ("وارتفع عدد قتلى الهجوم على المسجدين في نيوزيلندا إلى 50", "ar", 50,
         "new_zealand|killed|person|-|-"),
        # "in the attacks" says in what they died.
        ("The toll in New Zealand rose to 51 in the attacks", "en", 51,
         "new_zealand|killed|person|-|-"),
        ("ارتفعت حصيلة القتلى في نيوزيلندا إلى 51 في هجمات الجمعة", "ar", 51,
         "new_zealand|killed|person|-|-"),
    ],
)  # fmt: skip
def test_the_head_of_the_subject_is_what_is_counted(
    body: str, language: str, value: float, key: str
) -> None:
    assert _keys(body, language)[value] == key


def test_a_preposition_before_a_noun_no_lexicon_knows_does_not_reach_the_figure() -> None:
    keys = _keys(
        "The death toll from the shootings at two mosques in New Zealand has risen to 50.", "en"
    )
    assert 2 not in keys
    assert keys[50] == "new_zealand|killed|person|-|-"


def test_a_news_agency_named_for_a_country_is_not_the_story_place() -> None:
    keys = _keys(
        "Stampede kills 700 pilgrims in Saudi Arabia. The deaths compiled by Agence France "
        "Presse and reported to the New York Times rose to 700.",
        "en",
    )
    assert set(keys.values()) == {"saudi_arabia|killed|person|-|-"}


def test_a_list_that_names_each_place_before_its_figure() -> None:
    keys = _keys(
        "The other confirmed deaths in the stampede in Saudi Arabia were from Kenya, 20; "
        "Ghana, 11; Mali, 7.",
        "en",
    )
    assert keys[11] == "saudi_arabia|killed|person|-|in:ghana"
    assert keys[7] == "saudi_arabia|killed|person|-|in:mali"


def test_the_hajj_sites_are_in_saudi_arabia_and_mona_is_a_name() -> None:
    site = _keys("ارتفع عدد ضحايا التدافع في مشعر منى إلى 700 حاج", "ar")
    assert site[700].startswith("saudi_arabia|")
    name = _keys("قالت منى إن 700 شخص قتلوا في الزلزال", "ar")
    assert not name.get(700, "").startswith("saudi_arabia|")


def _primary(body: str, language: str, title: str = "") -> list[tuple[float, str]]:
    article = Article(
        id="a", source="s", title=title, body=body, language=language,
        published_at=datetime(2019, 3, 17, tzinfo=UTC),
    )  # fmt: skip
    return [(c.value_low, c.metric_key) for c in extract_claims(article) if c.primary]


def test_an_agency_tally_is_its_own_count_and_the_headline_restating_it_is_too() -> None:
    title = "Stampede toll in Saudi Arabia rises to 1,700"
    body = f"{title}\n\nThe toll of the stampede in Saudi Arabia rose to 1,700, an AFP tally shows."
    assert _primary(body, "en", title) == [(1700, "saudi_arabia|killed|person|-|by:media")]


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("نزح 1.8 مليون شخص من السودان إلى دول مجاورة منذ بدء الحرب", "ar"),
        ("فر 1.8 مليون شخص من السودان إلى البلدان المجاورة منذ بدء الحرب", "ar"),
        ("قالت المنظمة إن 1.8 مليون شخص عبروا الحدود من السودان إلى البلدان المجاورة", "ar"),
        ("The war displaced 1.8 million people from Sudan to neighbouring countries", "en"),
    ],
)
def test_people_displaced_across_the_border_fled_abroad(body: str, language: str) -> None:
    assert _primary(body, language) == [(1.8e6, "sudan|fled|person|-|to:abroad")]


def test_a_round_figure_gives_way_to_a_more_precise_lower_bound() -> None:
    body = (
        "Two million people fled Sudan to neighbouring countries. The agency said more than "
        "2.2 million people have fled Sudan to neighbouring countries."
    )
    assert _primary(body, "en") == [(2.2e6, "sudan|fled|person|-|to:abroad")]


@pytest.mark.parametrize(
    ("body", "language", "key"),
    [
        ("Police said five people who had been reported missing after the fire in London "
         "had been found safe and well.", "en", "uk|rescued|person|-|-"),
        ("Of the 86 victims of the fire in London, 62 have been identified.", "en",
         "uk|identified|person|-|-"),
        ("وقالت الشرطة في لندن إنه تم التعرف على هويات 62 شخصا بعد الحريق.", "ar",
         "uk|identified|person|-|-"),
    ],
)  # fmt: skip
def test_what_happened_is_the_main_verb_not_a_relative_clause_or_a_victims_noun(
    body: str, language: str, key: str
) -> None:
    assert dict(_primary(body, language)).get(62 if "62" in body else 5) == key


def test_a_noun_in_the_event_phrase_is_not_what_a_toll_counts() -> None:
    body = "The final number of fatalities in the bombing in Somalia stood at 587."
    assert dict(_primary(body, "en"))[587] == "somalia|killed|person|-|-"


def test_money_beside_a_toll_is_never_killed() -> None:
    body = "Donors gave $4.4m to the victims of the bombing in Somalia that killed 587 people."
    keys = dict(_primary(body, "en"))
    assert keys[4.4e6].split("|")[1] != "killed"
    assert keys[587] == "somalia|killed|person|-|-"


@pytest.mark.parametrize(
    ("body", "predicate"),
    [
        ("The earthquake in Peru claimed 45 lives.", "killed"),
        ("The earthquake in Peru has claimed 45 lives.", "killed"),
        ("Rescuers saved 45 lives after the earthquake in Peru.", "rescued"),
    ],
)
def test_lives_a_disaster_claimed_are_its_dead(body: str, predicate: str) -> None:
    assert dict(_primary(body, "en"))[45] == f"peru|{predicate}|person|-|-"


def test_injured_who_died_are_counted_among_the_dead() -> None:
    body = "ارتفعت الحصيلة في البيرو إلى 45 قتيلا بعد وفاة 3 مصابين متأثرين بجروحهم"
    keys = _keys(body, "ar")
    assert keys[3] == keys[45] == "peru|killed|person|-|-"
