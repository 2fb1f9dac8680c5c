"""Figure identity in two levels: the story an article reports on, and the quantity in it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from schemas.article import Article
from schemas.claim import Claim
from streams.claims.extract import extract_claims
from tests.unit.claims.replay import replay_alerts

DAY = datetime(2023, 9, 10, 9, tzinfo=UTC)


def _article(
    body: str, language: str, title: str = "", at: datetime = DAY, article_id: str = "a"
) -> Article:
    return Article(
        id=article_id, source=f"src-{article_id}", title=title, body=body, language=language,
        published_at=at,
    )  # fmt: skip


def _claim(body: str, language: str, value: float, title: str = "") -> Claim:
    found = [c for c in extract_claims(_article(body, language, title)) if c.value_high == value]
    assert found, f"no claim of {value}"
    return found[0]


def test_a_later_sentence_inherits_the_event_and_place_of_the_lead() -> None:
    body = (
        "A powerful earthquake struck Morocco on Friday night, killing at least 820 people. "
        "Rescuers worked through the night in mountain villages. "
        "By Sunday the death toll had risen to 2,122, the interior ministry said."
    )
    lead, later = _claim(body, "en", 820), _claim(body, "en", 2122)
    assert later.story_key == lead.story_key == "earthquake|morocco"
    assert later.metric_key == lead.metric_key
    assert later.label == "people killed — earthquake in Morocco"


def test_the_headline_names_the_story_when_the_body_does_not() -> None:
    claim = _claim("The death toll rose to 2,122, officials said.", "en", 2122,
                   title="Morocco earthquake: rescuers race against time")  # fmt: skip
    assert claim.story_key == "earthquake|morocco"


def test_an_arabic_and_an_english_report_of_one_toll_share_the_figure() -> None:
    arabic = _claim("ارتفعت حصيلة ضحايا الزلزال الذي ضرب المغرب إلى 2122 قتيلا.", "ar", 2122)
    english = _claim("The earthquake in Morocco has killed 2,497 people.", "en", 2497)
    assert arabic.metric_key == english.metric_key
    assert arabic.story_key == english.story_key


def test_a_figure_without_any_place_belongs_to_no_story() -> None:
    claim = _claim("The death toll rose to 45, the spokesman said.", "en", 45)
    assert claim.story_key is None


def test_a_figure_in_another_country_is_that_countrys_figure_of_the_event() -> None:
    body = "The earthquake in Nepal killed 7,557 people. In neighbouring India, 72 people died."
    nepal, india = _claim(body, "en", 7557), _claim(body, "en", 72)
    assert nepal.story_key == "earthquake|nepal"
    assert india.story_key == "earthquake|india"
    assert india.metric_key == "india|killed|person|-|-"


def test_a_country_toll_in_a_report_of_two_countries_meets_its_own_report() -> None:
    both = "The earthquake in Turkey and Syria killed 2,300. In Turkey, 1,541 people died."
    alone = "The earthquake death toll in Turkey rose to 8,574, officials said."
    turkey, total = _claim(both, "en", 1541), _claim(both, "en", 2300)
    assert turkey.metric_key == _claim(alone, "en", 8574).metric_key == "turkey|killed|person|-|-"
    assert total.metric_key == "syria+turkey|killed|person|-|-"


def test_a_studys_estimate_is_kept_apart_from_the_official_toll() -> None:
    body = (
        "The hurricane killed 64 people in Puerto Rico, the government said. "
        "A new study by researchers estimated that 4,645 people died."
    )
    official, study = _claim(body, "en", 64), _claim(body, "en", 4645)
    assert official.story_key == study.story_key
    assert official.metric_key != study.metric_key


def test_an_article_announcing_another_event_starts_a_story_of_its_own() -> None:
    first = _claim("The earthquake in Nepal killed 7,557 people.", "en", 7557)
    second = _claim("Another earthquake hit Nepal on Tuesday, killing 65 people.", "en", 65)
    assert first.story_key != second.story_key


@pytest.mark.parametrize(
    ("body", "value", "predicate"),
    [
        ("أسفر الزلزال في المغرب عن مقتل 592 شخصا إضافة إلى 1461 مصابا.", 592, "killed"),
        ("أسفر الزلزال في المغرب عن مقتل 592 شخصا إضافة إلى 1461 مصابا.", 1461, "injured"),
        ("The quake in Morocco left 592 dead and 1,461 injured.", 592, "killed"),
        ("The quake in Morocco left 592 dead and 1,461 injured.", 1461, "injured"),
        ("ارتفع عدد ضحايا الزلزال في المغرب إلى 2122 شخصا.", 2122, "killed"),
        ("The quake in Turkey killed 4,310 and injured another 9,550.", 4310, "killed"),
        ("The quake in Turkey killed 4,310 and injured another 9,550.", 9550, "injured"),
        ("قتل 40 وأصيب 75 في انفجار بالعراق.", 40, "killed"),
        ("قتل 40 وأصيب 75 في انفجار بالعراق.", 75, "injured"),
    ],
)
def test_coordinated_figures_keep_their_own_predicates(
    body: str, value: float, predicate: str
) -> None:
    language = "ar" if body[0] > "z" else "en"
    assert _claim(body, language, value).predicate == predicate


@pytest.mark.parametrize(
    ("body", "predicate"),
    [
        # «وصل إلى» before the figure: the number reached it; the noun says who is counted.
        ("أفاد تقرير بأن عدد النازحين السوريين في الأردن وصل إلى 650000 شخص.", "displaced"),
        # The same verb before its noun: they came.
        ("وصل 650000 مقاتل إلى الجبهة.", "joined"),
    ],
)
def test_a_verb_that_reaches_the_figure_is_no_predicate(body: str, predicate: str) -> None:
    assert _claim(body, "ar", 650000).predicate == predicate


REFUGEES = (
    "Three million people have fled Syria since the war began, the UN agency said. "
    "Some 420,000 have been counted in Jordan, 310,000 in Lebanon and 95,000 in Iraq. "
    "Around 60,000 have fled to Egypt and 900 to Libya, while Turkey took in over 700,000."
)


@pytest.mark.parametrize(
    ("value", "metric_key"),
    [
        (3_000_000, "syria|fled|person|-|-"),
        # An arrival verb, a list that leaves the noun and verb out, a bare figure with its
        # verb: all are refugees of the story who went to another country.
        (420_000, "syria|fled|person|-|in:jordan"),
        (310_000, "syria|fled|person|-|in:lebanon"),
        (95_000, "syria|fled|person|-|in:iraq"),
        (60_000, "syria|fled|person|-|in:egypt"),
        (900, "syria|fled|person|-|in:libya"),
        (700_000, "syria|fled|person|-|in:turkey"),
    ],
)
def test_refugees_counted_by_host_country_stay_in_the_story_they_fled(
    value: float, metric_key: str
) -> None:
    assert _claim(REFUGEES, "en", value).metric_key == metric_key


def test_a_border_named_beside_one_figure_is_not_the_next_ones() -> None:
    body = (
        "وقالت المنظمة إن أكثر من 9 ملايين شخص نزحوا، بينهم 7.1 مليون داخل السودان "
        "ونحو 2 مليون عبر الحدود."
    )
    assert _claim(body, "ar", 7_100_000).metric_key == "sudan|displaced|person|-|-"


def test_another_clauses_verb_belongs_to_its_own_figure() -> None:
    body = (
        "وفر أكثر من 2 مليون شخص إلى دول الجوار، فيما يعاني أكثر من 20 مليون شخص من "
        "الجوع في السودان."
    )
    claims = extract_claims(_article(body, "ar"))
    assert [c.predicate for c in claims if c.value_low == 2_000_000] == ["fled"]
    assert [c.predicate for c in claims if c.value_low == 20_000_000] in ([], [None])


def test_a_bracketed_breakdown_keeps_its_verbs_to_itself() -> None:
    body = (
        "وبلغ عدد اللاجئين السوريين الذين يتلقون المساعدة في الأردن 650000 شخص "
        "(520000 شخص مسجلين و130000 في انتظار التسجيل)."
    )
    assert _claim(body, "ar", 650000).predicate == "fled"
    assert _claim(body, "ar", 520000).predicate == "registered"


def test_where_people_went_is_not_what_is_counted() -> None:
    body = "ولجأ أكثر من 2 مليون إلى دول الجوار منذ اندلاع الحرب في السودان."
    claim = _claim(body, "ar", 2_000_000)
    assert claim.metric_key == "sudan|fled|person|-|to:abroad"


def test_cases_of_an_epidemic_are_infections_not_injuries() -> None:
    claim = _claim("ارتفع عدد حالات الإصابة بالكوليرا في اليمن إلى 101820 حالة.", "ar", 101820)
    assert claim.story_key == "epidemic|yemen"
    assert claim.predicate == "infected"


def test_a_live_page_updated_in_place_reports_its_new_toll() -> None:
    first = _article("Floods in Jeddah have killed 77 people.", "en", article_id="live")
    update = _article("Floods in Jeddah have killed 85 people.", "en", article_id="live")
    update = update.model_copy(update={"fetched_at": DAY + timedelta(hours=6)})
    alerts = replay_alerts(first, update)
    assert [(a.previous.value_low, a.current.value_low) for a in alerts] == [(77, 85)]


def test_two_quakes_of_one_country_years_apart_never_meet() -> None:
    alerts = replay_alerts(
        _article("The earthquake in Morocco killed 628 people.", "en", article_id="2004",
                 at=DAY - timedelta(days=19 * 365)),
        _article("The earthquake in Morocco killed 2,946 people.", "en", article_id="2023"),
    )  # fmt: skip
    assert alerts == []


def test_a_toll_reported_in_arabic_then_english_raises_one_alert_naming_the_story() -> None:
    alerts = replay_alerts(
        _article("ارتفعت حصيلة ضحايا الزلزال في المغرب إلى 2122 قتيلا.", "ar", article_id="ar"),
        _article("Morocco's earthquake has now killed 2,497 people.", "en", article_id="en",
                 at=DAY + timedelta(days=1)),
    )  # fmt: skip
    assert [(a.previous.value_low, a.current.value_low) for a in alerts] == [(2122, 2497)]
    assert alerts[0].story == "earthquake in Morocco, Sep 2023"
    assert alerts[0].quantity == "people killed"


def test_tolls_of_two_disasters_never_meet() -> None:
    alerts = replay_alerts(
        _article("Floods in Jeddah killed 122 people.", "en", article_id="flood"),
        _article("The earthquake in Nepal killed 7,557 people.", "en", article_id="quake",
                 at=DAY + timedelta(days=1)),
    )  # fmt: skip
    assert alerts == []


def test_an_outbreaks_totals_across_several_countries_are_the_regions() -> None:
    body = (
        "The Ebola outbreak has spread across Guinea, Liberia and Sierra Leone. "
        "The World Health Organization said 1,552 people have died of the virus."
    )
    total = _claim(body, "en", 1552)
    assert total.story_key == "epidemic|africa"


def test_a_headline_singling_out_one_country_keeps_an_outbreak_on_its_region() -> None:
    title = "Cholera toll passes 900, cases climb fast in Zambia"
    body = (
        "The cholera outbreak in southern Africa's three worst-hit countries of Malawi, "
        "Mozambique and Zambia has killed 912 people, the WHO said on Tuesday."
    )
    total = _claim(body, "en", 912, title=title)
    assert total.story_key == "epidemic|africa"
    assert total.metric_key == "africa|killed|person|-|-"


def test_an_outbreak_whose_lead_names_no_country_takes_the_region_the_body_lists() -> None:
    title = "Cholera outbreak toll reaches 912"
    body = (
        "The toll of the current cholera outbreak is now 912, the WHO said on Monday.\n"
        "The agency also said the number of suspected cases had reached 30,400.\n"
        "Most new cases came from the three worst-hit countries - Malawi, Mozambique and "
        "Zambia."
    )
    total = _claim(body, "en", 912, title=title)
    assert total.metric_key == "africa|killed|person|-|-"


def test_a_place_in_a_later_clause_of_the_headline_is_not_the_figures() -> None:
    title = "Cholera death toll tops 900, steep rise in Zambia cases"
    # Pages repeat the headline at the top of the body, where its figure is read.
    body = (
        f"{title}\nThe cholera outbreak has spread across Malawi, Mozambique and Zambia, the "
        "WHO said on Tuesday."
    )
    assert _claim(body, "en", 900, title=title).metric_key == "africa|killed|person|-|-"


@pytest.mark.parametrize(
    ("body", "value", "place"),
    [
        # A bare name after the figure opens the next clause; the one before is its subject.
        (
            "Chad is the worst hit, with 812 cases and 40 deaths, followed by Niger with 300 "
            "cases.",
            40,
            "chad",
        ),
        ("Chad has seen 812 cases and 40 deaths and Niger has seen 300 cases.", 40, "chad"),
        # A preposition puts the place after the figure in its clause.
        ("Officials in Chad said 60 people died in Niger.", 60, "niger"),
    ],
)
def test_a_figure_takes_the_place_its_clause_names(body: str, value: float, place: str) -> None:
    claim = _claim(body, "en", value, title="Measles spreads in Mali")
    # Its own country's key, or a part of the story's when another clause names the place.
    key_place, *_, scope = claim.metric_key.split("|")
    assert place in (key_place, scope.removeprefix("in:"))


def test_naming_who_did_it_does_not_split_a_toll() -> None:
    named = _claim("A bombing claimed by al-Shabaab killed 90 people in Somalia.", "en", 90)
    unnamed = _claim("A bombing in Somalia killed 120 people, police said.", "en", 120)
    assert named.metric_key == unnamed.metric_key == "somalia|killed|person|-|-"


def test_people_an_offensive_displaced_belong_to_the_displacement_story() -> None:
    body = (
        "More than 1.2 million people have fled their homes in Iraq this year, the agency "
        "said, 600,000 of them during the month the ISIS offensive spread."
    )
    claim = _claim(body, "en", 1_200_000, title="ISIS attack drives new exodus in Iraq")
    assert claim.story_key == "displacement|iraq"
    assert claim.metric_key == "iraq|displaced|person|-|-"


def test_people_killed_where_a_group_fights_stay_the_countrys() -> None:
    body = "Clashes with ISIS fighters in Mosul killed 45 civilians, Iraqi officials said."
    assert _claim(body, "en", 45).story_key is not None
    assert _claim(body, "en", 45).metric_key.startswith("iraq|")


def test_a_place_named_only_further_down_the_body_still_places_the_story() -> None:
    body = (
        "Oops. Our website is unavailable in your region right now, sorry.\n"
        "Cookies help us deliver our services to readers.\n"
        "The death toll from the tower block fire rose to 30, police said.\n"
        "Firefighters from across London worked through the night."
    )
    assert _claim(body, "en", 30).story_key == "fire|uk"


def test_a_single_event_beats_the_war_it_happened_in() -> None:
    body = (
        "The truck bombing in Mogadishu was the deadliest attack of the war in Somalia. "
        "The death toll rose to 276, officials said."
    )
    assert _claim(body, "en", 276).story_key == "attack|somalia"


TOLL_UPDATES = Path(__file__).resolve().parents[2] / "data" / "stories" / "toll_updates.jsonl"


def test_rising_tolls_of_three_stories_in_two_languages_alert_at_each_rise() -> None:
    """Wire and Arabic reports of a bombing, a stampede and a shooting, written for this test.

    Each names its place another way (the Somali capital, منى قرب مكة, a city), counts its dead
    as pilgrims, people or a death toll "from the attacks", and says who counted them.
    """
    records = [json.loads(line) for line in TOLL_UPDATES.read_text().splitlines()]
    articles = [Article.model_validate(record) for record in records]
    moves = [
        (alert.story_key, alert.previous.value_low, alert.current.value_low)
        for alert in replay_alerts(*articles)
        if alert.metric_key.endswith("|killed|person|-|-")
    ]
    assert moves == [
        ("stampede|saudi_arabia", 717, 769),
        ("attack|somalia", 20, 231),
        ("attack|somalia", 231, 276),
        ("attack|somalia", 276, 358),
        ("attack|new_zealand", 49, 50),
        ("attack|new_zealand", 50, 51),
    ]


QUAKE_AND_FLOOD = TOLL_UPDATES.with_name("two_country_quake_and_flood.jsonl")


def test_an_event_in_two_countries_has_a_total_and_each_countrys_figure() -> None:
    """A quake that struck two countries and a flood in one city, written for this test."""
    records = [json.loads(line) for line in QUAKE_AND_FLOOD.read_text().splitlines()]
    moves = {
        (alert.metric_key, alert.previous.value_low, alert.current.value_low)
        for alert in replay_alerts(*(Article.model_validate(record) for record in records))
    }
    assert moves == {
        ("syria+turkey|killed|person|-|-", 2300, 5000),
        ("syria+turkey|killed|person|-|-", 5000, 17000),
        ("turkey|killed|person|-|-", 1541, 3419),
        ("libya|killed|person|-|-", 2300, 5300),
        ("libya|killed|person|-|-", 5300, 3958),
        ("libya|missing|person|-|-", 5000, 9000),
    }


CHOLERA = TOLL_UPDATES.with_name("cholera_spread.jsonl")


def test_an_outbreaks_deaths_and_cases_alert_across_languages_and_wordings() -> None:
    """Cases «بينها 80 وفاة», "165 had died of cholera", «أودى بحياة 316»: written for this test."""
    records = [json.loads(line) for line in CHOLERA.read_text().splitlines()]
    moves = [
        (alert.metric_key, alert.previous.value_low, alert.current.value_low)
        for alert in replay_alerts(*(Article.model_validate(record) for record in records))
    ]
    assert sorted(moves) == [
        ("sudan|infected|person|-|-", 2600, 4200),
        ("sudan|infected|person|-|-", 4200, 11000),
        ("sudan|killed|person|-|-", 80, 165),
        ("sudan|killed|person|-|-", 165, 316),
    ]


@pytest.mark.parametrize(
    ("body", "value", "key"),
    [
        # A country that reports a count reports its own.
        ("Italy's cases jumped again. South Korea has reported 7,134 cases.", 7134,
         "south_korea|infected|person|-|-"),
        # A university named in passing credits no study with the count.
        ("Italy closed schools and universities as the number of people infected with the "
         "virus climbed to 3,089.", 3089, "italy|infected|person|-|-"),
    ],
)  # fmt: skip
def test_who_reports_a_count_and_who_is_only_named(body: str, value: float, key: str) -> None:
    assert _claim(body, "en", value, title="Virus cases jump in Italy").metric_key == key
