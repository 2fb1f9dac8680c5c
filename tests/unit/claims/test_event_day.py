"""The event's day: two events of one kind in one place, and tolls months after the event."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from schemas.article import Article
from streams.claims.extract import extract_claims
from tests.unit.claims.replay import replay_alerts


def _article(
    body: str, at: datetime, title: str = "", article_id: str = "a", language: str = "en"
) -> Article:
    return Article(
        id=article_id, source=f"src-{article_id}", title=title, body=body, language=language,
        published_at=at,
    )  # fmt: skip


def _day(body: str, at: datetime, title: str = "", language: str = "en") -> date | None:
    claims = extract_claims(_article(body, at, title, language=language))
    assert claims, "no claim"
    return claims[0].event_day


SUNDAY = datetime(2021, 3, 7, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "body", "language", "expected"),
    [
        ("", "Saturday's car bombing in Kabul killed 40 people.", "en", date(2021, 3, 6)),
        ("Kabul toll reaches 40 in March 2 attack", "Officials said 40 people died in Kabul.", "en",
         date(2021, 3, 2)),
        ("", "The bombing in Kabul on 2 March killed 40 people.", "en", date(2021, 3, 2)),
        ("", "قتل 40 شخصا في تفجير السبت في كابول.", "ar", date(2021, 3, 6)),
        ("", "أسفر التفجير عن مقتل 40 شخصا في كابول في الثاني من مارس.", "ar", date(2021, 3, 2)),
        # The day a toll was announced is not the event's.
        ("", "Police said on Friday the bombing in Kabul killed 40 people.", "en", None),
        ("", "أعلنت الشرطة اليوم الجمعة أن التفجير في كابول أودى بحياة 40 شخصا.", "ar", None),
        # A date after "since" starts a count, as a flood season's tolls are counted.
        ("", "Floods since June 14 have killed 40 people in Sindh.", "en", None),
        ("", "أودت الفيضانات منذ 14 يونيو بحياة 40 شخصا في السند.", "ar", None),
        # A dateline dates the filing, a weekday before "that" the telling.
        ("", "KABUL, 2 March 2021 – The bombing in Kabul killed 40 people.", "en", None),
        ("", "KABUL, March 2 (Reuters) - The bombing in Kabul killed 40 people.", "en", None),
        ("", "كابول، 2 مارس (رويترز) - أسفر التفجير عن مقتل 40 شخصا في كابول.", "ar", None),
        ("", "Officials told reporters on Friday that the bombing in Kabul killed 40.", "en",
         None),
        ("", "أعلنت السلطات يوم الجمعة أن التفجير في كابول أودى بحياة 40 شخصا.", "ar", None),
        # A "that" of the event's relative clause; a date behind a preposition.
        ("", "Police said the bombing in Kabul on Friday that killed 40 people was planned.", "en",
         date(2021, 3, 5)),
        ("", "On 2 March (local time) a bombing in Kabul killed 40 people.", "en",
         date(2021, 3, 2)),
        # A standing situation has no one day.
        ("", "Since Saturday's outbreak in Kabul, 40 people have died of cholera.", "en", None),
    ],
)  # fmt: skip
def test_the_headline_or_lead_dates_a_single_event(
    title: str, body: str, language: str, expected: date | None
) -> None:
    assert _day(body, SUNDAY, title, language) == expected


def test_a_date_later_in_the_year_than_publication_is_last_year() -> None:
    january = datetime(2022, 1, 20, tzinfo=UTC)
    assert _day("The bombing in Kabul on 14 October killed 40 people.", january) == date(
        2021, 10, 14
    )


def test_a_second_attack_in_the_same_city_a_fortnight_later_is_another_story() -> None:
    alerts = replay_alerts(
        _article("Saturday's truck bombing in Kabul killed 120 people.",
                 datetime(2021, 3, 7, tzinfo=UTC), article_id="first"),
        _article("The toll of the truck bombing in Kabul rose to 150 dead.",
                 datetime(2021, 3, 9, tzinfo=UTC), article_id="rise"),
        _article("Gunmen stormed a hotel in Kabul in an attack on Saturday that killed 12.",
                 datetime(2021, 3, 21, tzinfo=UTC), article_id="hotel"),
    )  # fmt: skip
    changes = [(a.previous.article_id, a.current.article_id) for a in alerts]
    assert changes == [("first", "rise")]


def test_a_final_toll_months_after_the_event_still_revises_it() -> None:
    alerts = replay_alerts(
        _article("The truck bombing in Kabul on 2 March killed 120 people.",
                 datetime(2021, 3, 3, tzinfo=UTC), article_id="first"),
        _article("A committee says the 2 March bombing in Kabul killed 160 people.",
                 datetime(2021, 8, 30, tzinfo=UTC), article_id="final"),
    )  # fmt: skip
    assert [(a.previous.value_low, a.current.value_low) for a in alerts] == [(120, 160)]
