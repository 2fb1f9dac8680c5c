"""The day of the event a headline or lead names: "Saturday's truck bombing", "the Oct 14 attack".

Two attacks in one city a fortnight apart share a place and a kind, and a committee's final
toll of an attack may come months after the last one: the event's day tells both apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from streams.claims.lexicon import load_lexicon
from streams.claims.morphology import FROM_WORDS
from streams.claims.non_claims import is_year
from streams.claims.tokens import Token
from streams.claims.vocab import Match
from streams.text.normalize import fold

DATE_MARGIN = 1
"""Days a written date may be off from another report's: time zones, events overnight."""
WEEKDAY_MARGIN = 2
"""A weekday is read as the last one on or before publication: news names an event by its
weekday ("Saturday's quake") within the week, and by its date after that."""
_DAYS_OF_MONTH = 31
_SAYING = frozenset({"before_source", "after_source"})
"""Cues of a statement: a weekday right after them is the day something was said."""
_SAID_REACH = 2
_NEAR = 8
"""Words between a day and the event's word for the day to be the event's."""


class EventDay(NamedTuple):
    """The event's day and how many days either side of it the true day may be."""

    day: date
    margin: int


def event_day(spans: Iterable[tuple[list[Token], list[Match]]], published: date) -> EventDay | None:
    """The first day a span that names an event dates it to, from ``published``'s view.

    ``spans`` are the headline's and the lead's sentences, in that order, each with the
    lexicon phrases found in it (as the story read them). Only a day near a word naming the
    event counts: a dateline's "Monday March 5, 2018" is the page's.
    """
    for tokens, matches in spans:
        events = [m for m in matches if m.kind == "event"]
        if not events:
            continue
        for match in matches:
            found = None
            if match.kind == "month":
                found = _written(tokens, match, matches, published)
            elif (
                match.kind == "weekday"
                # "Saturday's truck bombing": beside the event's word; a weekday further
                # off is as often the day a toll was announced.
                and any(abs(match.first - e.first) <= _NEAR for e in events)
                and not _said_or_dated(tokens, match, matches)
            ):
                found = _last_weekday(int(match.key), published)
            if found is not None:
                return found
    return None


def _said_or_dated(tokens: list[Token], weekday: Match, matches: list[Match]) -> bool:
    """Whether a weekday dates a statement rather than the event, or gives way to a date.

    "police said on Friday" and «أعلنت اليوم الثلاثاء» date what was said; "Friday, June 16"
    is written out after it.
    """
    if weekday.first > 0 and tokens[weekday.first - 1].text in _today():
        return True
    for match in matches:
        if match.kind in _SAYING and 0 <= weekday.first - match.last <= _SAID_REACH:
            return True
        if match.kind in ("month", "day_ordinal") and 0 <= match.first - weekday.last <= 1:
            return True
    return False


@cache
def _today() -> frozenset[str]:
    words = load_lexicon("temporal")["today"]
    return frozenset(fold(word) for forms in words.values() for word in forms)


def _last_weekday(weekday: int, published: date) -> EventDay:
    back = (published.weekday() - weekday) % 7
    return EventDay(published - timedelta(days=back), WEEKDAY_MARGIN)


def _written(
    tokens: list[Token], month: Match, matches: list[Match], published: date
) -> EventDay | None:
    """A day with the month: "Oct 14", "14 October 2017", «الرابع عشر من أكتوبر»."""
    day = _day_before(tokens, month, matches)
    after = month.last
    if day is None and after < len(tokens):
        day = _day_number(tokens[after].text)
        after += 1
    if day is None:
        return None
    year = None
    for token in tokens[after : after + 2]:
        if is_year(token.text):
            year = int(token.text)
            break
    try:
        found = date(year or published.year, int(month.key), day)
        if year is None and found > published + timedelta(days=DATE_MARGIN):
            # "14 October" in a January article is last October.
            found = date(published.year - 1, int(month.key), day)
    except ValueError:
        return None
    return EventDay(found, DATE_MARGIN)


def _day_before(tokens: list[Token], month: Match, matches: list[Match]) -> int | None:
    first = month.first
    if first > 0 and set(tokens[first - 1].forms) & FROM_WORDS:
        first -= 1
    for match in matches:
        if match.kind == "day_ordinal" and match.last == first:
            return int(match.key)
    return _day_number(tokens[month.first - 1].text) if month.first > 0 else None


def _day_number(text: str) -> int | None:
    digits = text.removesuffix("th").removesuffix("st").removesuffix("nd").removesuffix("rd")
    if digits.isdigit() and len(digits) <= 2 and 1 <= int(digits) <= _DAYS_OF_MONTH:
        return int(digits)
    return None
