"""What time each figure speaks for: current, past, forecast, increment or combined total."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.article import Article
from schemas.claim import Claim
from streams.claims.extract import extract_claims

PUBLISHED = datetime(2023, 9, 12, 9, tzinfo=UTC)


def _claims(body: str, language: str, title: str = "") -> list[Claim]:
    article = Article(
        id="t", source="test", title=title, body=body, language=language, published_at=PUBLISHED
    )
    return extract_claims(article)


def _status(body: str, language: str, value: float) -> str | None:
    """The status of the claim of ``value``; None when the figure makes no claim at all."""
    found = [c for c in _claims(body, language) if c.value_high == value]
    return found[0].status if found else None


STATUSES = [
    # A quoted earlier value.
    ("The toll climbed to 2,497, up from 2,122 on Sunday.", "en", 2497, "current"),
    ("The toll climbed to 2,497, up from 2,122 on Sunday.", "en", 2122, "past"),
    ("The previous toll given by the ministry was 1,305 dead.", "en", 1305, "past"),
    ("Officials had earlier put the dead at 820, a count later revised.", "en", 820, "past"),
    ("وارتفعت حصيلة القتلى إلى 2497 قتيلا بعد أن كانت 2122 قتيلا.", "ar", 2497, "current"),
    ("وارتفعت حصيلة القتلى إلى 2497 قتيلا بعد أن كانت 2122 قتيلا.", "ar", 2122, "past"),
    ("وكانت حصيلة سابقة قد أشارت إلى مقتل 1305 أشخاص في الزلزال.", "ar", 1305, "past"),
    ("ارتفع عدد القتلى من 820 قتيلا إلى 1305 قتلى.", "ar", 820, "past"),
    ("ارتفع عدد القتلى من 820 قتيلا إلى 1305 قتلى.", "ar", 1305, "current"),
    # An earlier year or month dates the figure.
    ("A quake in the same region killed 628 people in 2004.", "en", 628, "past"),
    ("In June, the authorities said 300 people had died in the fire.", "en", 300, "past"),
    ("Since 2014, the fighting has killed 3,000 people.", "en", 3000, "current"),
    # The day a count was taken: the latest count the article gives.
    ("As of the end of 2021, 674,000 refugees were registered in Jordan.", "en", 674000,
     "current"),
    ("In 2021, 674,000 refugees were registered in Jordan.", "en", 674000, "past"),
    ("سجل في الأردن 621937 لاجئا حتى نهاية العام الماضي.", "ar", 621937, "current"),
    ("سجل في الأردن 600 ألف لاجئ العام الماضي.", "ar", 600000, "past"),
    ("Through 2010, floods in Pakistan had killed 1,800 people.", "en", 1800, "past"),
    ("وثقت الأمم المتحدة نهاية شهر فبراير من العام 2022 وجود 997905 لاجئين.", "ar", 997905,
     "current"),
    # A rate before the figure, or one a verb of reaching leads to, dates no new counts.
    ("The ministry's daily report said 409 people had died.", "en", 409, "current"),
    ("The toll doubled in a week to 2,000.", "en", 2000, "current"),
    # Forecasts.
    ("Officials warned the number of dead could rise to 10,000.", "en", 10000, "forecast"),
    ("The death toll is expected to exceed 5,000 people.", "en", 5000, "forecast"),
    ("وحذر مسؤولون من أن عدد القتلى مرشح للارتفاع إلى 5000 قتيل.", "ar", 5000, "forecast"),
    ("An official said the provincial toll could cross 400 in the coming days.", "en", 400,
     "forecast"),
    ("The final toll is well above the roughly 1,000 deaths that were being reported then.",
     "en", 1000, "past"),
    ("وقال المسؤول إن عدد الضحايا قد يصل إلى 3000 قتيل.", "ar", 3000, "forecast"),
    # Increments.
    ("Rescuers pulled nine more bodies from the rubble on Tuesday.", "en", 9, "increment"),
    ("Another 14 people died in hospital overnight.", "en", 14, "increment"),
    ("The quake in Nepal killed 6,204 and injured another 13,932.", "en", 13932, "current"),
    ("The ministry reported 409 new cases of cholera.", "en", 409, "increment"),
    ("وعثرت فرق الإنقاذ على 9 جثث جديدة تحت الأنقاض.", "ar", 9, "increment"),
    ("Rescuers found 12 bodies, bringing the death toll to 160.", "en", 12, "increment"),
    # A pair of casualty nouns named before the figure makes a combined total too.
    ("وقالت الوزارة إن الحصيلة بين قتيل وجريح تقترب من أربعة آلاف.", "ar", 4000, "combined"),
    # "by X to Y" is a difference and the new total, not a range.
    ("The death toll jumped by 168 to 631 on Tuesday.", "en", 168, "increment"),
    ("The death toll jumped by 168 to 631 on Tuesday.", "en", 631, "current"),
    # "by" with no verb of change before it opens no difference: a range.
    ("The village was attacked by 200 to 300 gunmen, 40 of whom were killed.", "en", 300,
     "current"),
    ("ارتفع عدد القتلى بـ9 إلى 50 قتيلا.", "ar", 9, "increment"),
    ("ارتفع عدد القتلى بـ9 إلى 50 قتيلا.", "ar", 50, "current"),
    # An opening phrase with no figure of its own times the clause after it.
    ("In the last 24 hours alone, 34 people lost their lives in the floods.", "en", 34,
     "increment"),
    ("وخلال الساعات الـ24 الماضية، توفي 34 شخصا جراء الفيضانات.", "ar", 34, "increment"),
    ("In the last 24 hours, the death toll rose to 1,061.", "en", 1061, "current"),
    # A rate counts new arrivals or deaths, not the figure beside it.
    ("Between 1,000 and 2,000 refugees still flee to Poland every day.", "en", 2000,
     "increment"),
    ("ولا يزال ما بين ألف وألفي شخص يعبرون الحدود يومياً.", "ar", 2000, "increment"),
    ("The outbreak has killed 120 people, 10 a day on average.", "en", 120, "current"),
    ("One million people have fled Ukraine since the invasion a week ago.", "en", 1_000_000,
     "current"),
    ("Rescuers found 12 bodies, bringing the death toll to 160.", "en", 160, "current"),
    # A word of the present outweighs the past cue and the earlier year before it.
    ("بعدما كان عدد اللاجئين في عام 2015 مليونا ومئتي ألف، تراجع العدد ليبلغ حاليا مليونا "
     "و40 ألفا.", "ar", 1_040_000, "current"),
    ("Having stood at 1.2 million in 2015, the number of refugees is now 1,040,000.", "en",
     1_040_000, "current"),
    # «من قبل» before the figure names an agent (collected by the staff), not an earlier time.
    ("وأظهرت البيانات التي جمعت من قبل موظفي المنظمة أن 1,700,000 شخص ما زالوا نازحين.",
     "ar", 1_700_000, "current"),
    # A part of a whole of another quantity stands on its own.
    ("By Friday, 2,917 people had died out of a total of 6,263 cases.", "en", 2917, "current"),
    ("توفي 917 شخصا من أصل 6263 حالة مسجلة.", "ar", 917, "current"),
    # "new" carries over "and" to the count coordinated with it.
    ("Officials listed 7 new cases and 3 deaths in the north.", "en", 3, "increment"),
    ("Officials listed 7 new cases with 3 deaths in the north.", "en", 3, "increment"),
    ("سجلت الوزارة 7 إصابات جديدة و3 وفيات في الشمال.", "ar", 3, "increment"),
    ("The outbreak has caused 900 cases and 300 deaths so far.", "en", 300, "current"),
    # Totals that add two quantities.
    ("The attack left 120 dead and injured, the governor said.", "en", 120, "combined"),
    ("أسفر الانفجار عن سقوط 120 قتيل وجريح في المدينة.", "ar", 120, "combined"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "language", "value", "status"), STATUSES)
def test_each_figure_gets_the_status_its_cue_words_give(
    body: str, language: str, value: float, status: str
) -> None:
    found = _status(body, language, value)
    if status == "past" and found is None:
        # A quoted value with no noun of its own ("up from 2,122") makes no claim: it is not
        # read as current, which is what matters.
        return
    assert found == status


def test_a_move_from_one_figure_to_another_keeps_only_the_later_one() -> None:
    (claim,) = _claims("The toll rose from one to four on Friday, officials said.", "en")
    assert (claim.value_low, claim.value_high, claim.qualifier) == (4, 4, "exact")


PRIMARY = [
    # The lead's figure is the article's stated value; a later recap or part is not.
    (
        "The death toll from the earthquake in Morocco rose to 2,122. Of the dead, 800 were "
        "in the province of Al Haouz. Officials said 2,122 people had been buried.",
        "en",
        2122,
    ),
    # A round headline figure gives way to the precise count the body gives for it.
    ("Quake death toll passes 3,200. The ministry counted 3,218 dead on Monday.", "en", 3218),
    # ... but not to a smaller figure the bound excludes.
    ("The outbreak has killed more than 1,000 people, above the record of 968 deaths.", "en", 1000),
    ("ارتفع عدد ضحايا السيول في جدة إلى 122 شخصا. وكان بين القتلى 21 امرأة.", "ar", 122),
]


@pytest.mark.parametrize(("body", "language", "value"), PRIMARY)
def test_one_claim_per_figure_is_the_articles_stated_value(
    body: str, language: str, value: float
) -> None:
    claims = _claims(body, language)
    stated = [c for c in claims if c.primary and c.predicate == "killed" and c.concept == "person"]
    assert [c.value_low for c in stated] == [value]


def test_the_body_states_the_figure_its_repeated_headline_rounds() -> None:
    title = "Quake death toll above 4,500 in Nepal, India and Tibet"
    body = f"{title}\nThe earthquake in Nepal has killed 4,455 people, officials said on Tuesday."
    article = Article(
        id="h", source="test", title=title, body=body, language="en", published_at=PUBLISHED
    )
    stated = [c.value_low for c in extract_claims(article) if c.primary and c.concept == "person"]
    assert stated == [4455]


@pytest.mark.parametrize(
    ("body", "language", "value", "predicate"),
    [
        ("واستشهد 235 شخصا وأصيب 109 آخرين في الهجوم على المسجد في مصر.", "ar", 235, "killed"),
        ("واستشهد 235 شخصا وأصيب 109 آخرين في الهجوم على المسجد في مصر.", "ar", 109, "injured"),
    ],
)
def test_a_verb_that_opens_the_next_figure_is_that_figures(
    body: str, language: str, value: float, predicate: str
) -> None:
    found = [c for c in _claims(body, language) if c.value_low == value]
    assert [c.predicate for c in found] == [predicate]


def test_a_part_of_an_earlier_figure_gives_way_to_the_whole_of_its_key() -> None:
    body = (
        "عاد نحو 18 ألف سوري عبر المعبر، بينهم قرابة 3 آلاف لاجئ مسجل لدى المفوضية. "
        "وتراجع عدد اللاجئين المسجلين في الأردن إلى نحو 610 آلاف لاجئ."
    )
    primary = [c.value_low for c in _claims(body, "ar", "عودة اللاجئين") if c.primary]
    assert primary == [18_000, 610_000]
