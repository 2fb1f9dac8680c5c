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
from streams.claims.morphology import BEFORE_BLOCKERS, FROM_WORDS, SINCE_WORDS
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
_DATELINE_WORDS = 5
"""Words of place names a dateline may open with before its date."""
_DATELINE_ENDS = frozenset("-–—:(")
_STATED = frozenset({"that", "ان"})
"""Words opening what was said (that, أن folded)."""


class EventDay(NamedTuple):
    """The event's day and how many days either side of it the true day may be."""

    day: date
    margin: int


def event_day(
    spans: Iterable[tuple[str, list[Token], list[Match]]], published: date
) -> EventDay | None:
    """The first day a span that names an event dates it to, from ``published``'s view.

    ``spans`` are the headline's and the lead's sentences, in that order, each as its text,
    its tokens and the lexicon phrases found in it (as the story read them). Only a day near
    a word naming the event counts: a dateline's "Monday March 5, 2018" is the page's.
    """
    for text, tokens, matches in spans:
        events = [m for m in matches if m.kind == "event"]
        if not events:
            continue
        for match in matches:
            found = None
            if match.kind == "month":
                found = _written(tokens, match, matches, published)
                if found is not None and _dateline(text, tokens, match):
                    found = None
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
    if weekday.last < len(tokens) and tokens[weekday.last].text in _STATED:
        # "told a conference on Monday that the floods killed": the day of the telling; in
        # "said the bombing on Friday that killed 40" the "that" is the bombing's.
        for cue in matches:
            if cue.kind in _SAYING and 0 <= weekday.first - cue.last <= _NEAR:
                between = range(cue.last, weekday.first)
                if not any(m.kind == "event" and m.first in between for m in matches):
                    return True
    for match in matches:
        if match.kind in _SAYING and 0 <= weekday.first - match.last <= _SAID_REACH:
            return True
        if match.kind in ("month", "day_ordinal") and 0 <= match.first - weekday.last <= 1:
            return True
    return False


def _dateline(text: str, tokens: list[Token], month: Match) -> bool:
    """Whether the date opens the sentence as a dateline: "GENEVA, 6 September 2022 –".

    A dateline is the place and day the story was filed, ended by a dash or a colon.
    """
    if month.first > _DATELINE_WORDS:
        return False
    # "On 2 September (local time) a bombing...": a date behind a preposition is no dateline.
    day_first = (
        month.first - 1
        if month.first and _day_number(tokens[month.first - 1].text)
        else month.first
    )
    if day_first and set(tokens[day_first - 1].forms) & BEFORE_BLOCKERS:
        return False
    last = month.last - 1
    for token in tokens[month.last : month.last + 2]:
        if _day_number(token.text) is None and not is_year(token.text):
            break
        last += 1
    after = text[tokens[last].end : tokens[last].end + 4].lstrip(" ,")
    return after[:1] in _DATELINE_ENDS


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
    """A day with the month: "Oct 14", "14 October 2017", «الرابع عشر من أكتوبر».

    "since June 14" starts a count, as tolls of a season (monsoon, outbreak) are counted.
    """
    found_before = _day_before(tokens, month, matches)
    after = month.last
    day, start = found_before if found_before is not None else (None, month.first)
    if day is None and after < len(tokens):
        day = _day_number(tokens[after].text)
        after += 1
    if day is None or (start > 0 and set(tokens[start - 1].forms) & SINCE_WORDS):
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


def _day_before(tokens: list[Token], month: Match, matches: list[Match]) -> tuple[int, int] | None:
    """The day written before the month, and the token it starts at."""
    first = month.first
    if first > 0 and set(tokens[first - 1].forms) & FROM_WORDS:
        first -= 1
    for match in matches:
        if match.kind == "day_ordinal" and match.last == first:
            return int(match.key), match.first
    day = _day_number(tokens[month.first - 1].text) if month.first > 0 else None
    return (day, month.first - 1) if day is not None else None


def _day_number(text: str) -> int | None:
    digits = text.removesuffix("th").removesuffix("st").removesuffix("nd").removesuffix("rd")
    if digits.isdigit() and len(digits) <= 2 and 1 <= int(digits) <= _DAYS_OF_MONTH:
        return int(digits)
    return None
