"""Numbers that are not count claims: years, dates, times, ages, durations, designations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from streams.claims.lexicon import load_lexicon
from streams.claims.morphology import ARTICLE, GLUED_TO_DIGITS, PROCLITIC
from streams.claims.numbers_lexicon import LANGUAGES
from streams.claims.numbers_regex import WORD_END, WORD_START, folded_phrases, trie_pattern
from streams.claims.qualifiers import qualifier_before

_WINDOW = 40
_BACK = 24
"""Characters searched before a number: the longest context phrase and its spaces."""
_AFTER_DIGIT_CONTEXT = frozenset("-0123456789")
_YEAR = re.compile(r"(?:19|20)\d\d")
_LETTERS_BEFORE = re.compile(r"[^\W\d_]+\Z")
_DESIGNATION_BEFORE = re.compile(r"(?:[^\W\d_]\s?-|[a-z]|[+#@]\w*)\Z")
_GLUED_AFTER = re.compile(r"-?[a-z]")
_URL_CHUNK = re.compile(r"https?:|www\.|\.(?:com|org|net|html?|php|aspx?)\b|@|\w/\w")
_PHONE = re.compile(r"\d{2,4}[- ]\d{3,4}[- ]\d{3,4}")
_PHONE_BEFORE = re.compile(r"(?:\+\d{1,4}[- ](?:\d+[- ])*|\d{2,4}[- ]\d{3,4}[- ])\Z")
_SUFFIX = re.compile(r"[a-z]+\Z")
# Dates written in digits alone: 2017-10-15, 15/10/2017, 15.10.2017.
_NUMERIC_DATE = re.compile(
    r"(?:(?:19|20)\d\d([-/.])\d{1,2}\1\d{1,2}|\d{1,2}([-/.])\d{1,2}\2(?:19|20)\d\d)(?!\d)"
)
_DATE_REACH = 10


@dataclass(frozen=True, slots=True)
class _Rules:
    time_after: re.Pattern[str]
    month_after: re.Pattern[str]
    year_before: re.Pattern[str]
    year_after: re.Pattern[str]
    context_before: re.Pattern[str]
    """An ordinal, age word or designation ending right before the number."""
    date_before: re.Pattern[str]
    """A month or weekday ending right before the number: a date if the number is a day."""
    word_then: dict[str, re.Pattern[str]]
    suffix_then: dict[str, re.Pattern[str]]
    """A glued abbreviation (the m of 5m) that is a unit when one of these words follows."""
    glued_names: frozenset[str]
    """Digits and abbreviation that name a thing (4k), not a count."""
    count_after: re.Pattern[str]
    """A counted noun (fighters, مقاتل) right after the number: a count, even of 2000."""


def _merged(key: str, languages: tuple[str, ...]) -> list[str]:
    return [w for lang in languages for w in load_lexicon(f"non_claims_{lang}").get(key, [])]


def _trie(key: str, languages: tuple[str, ...], *extra: str) -> str:
    return trie_pattern(folded_phrases([*_merged(key, languages), *extra]))


@cache
def _rules(language: str) -> _Rules:
    langs = (language,) if language in LANGUAGES else LANGUAGES
    months = _trie("months", langs)
    any_month = _trie("months", langs, *_merged("months_before_only", langs))
    word_then: dict[str, list[str]] = {}
    suffix_then: dict[str, list[str]] = {}
    for lang in langs:
        data = load_lexicon(f"non_claims_{lang}")
        for word, followers in data["word_then"].items():
            word_then.setdefault(folded_phrases([word])[0], []).extend(followers)
        for suffix, followers in data.get("suffix_then", {}).items():
            suffix_then.setdefault(folded_phrases([suffix])[0], []).extend(followers)
    return _Rules(
        time_after=re.compile(
            rf"[\s-]*(?:{ARTICLE})?(?:"
            + _trie("time_units", langs)
            + "|"
            + _trie("time_after", langs)
            + ")"
            + WORD_END
        ),
        month_after=re.compile(r"\s*(?:من\s+|of\s+)?(?:" + months + ")" + WORD_END),
        year_before=re.compile(
            WORD_START
            + PROCLITIC
            + "(?:"
            + _trie("year_context", langs)
            + r")\s*\Z|(?<!\d)(?:19|20)\d\d\s*(?:[-/,،]|و|and|to|الي|حتي)?\s*\Z|"
            + WORD_START
            + f"(?:{any_month})"
            + r"\s+\d{1,2}(?:st|nd|rd|th)?\s*[,،]?\s*\Z"
        ),
        # "2005's Hurricane Katrina": a year with a possessive.
        year_after=re.compile(
            r"\s*(?:(?:" + _trie("year_suffixes", langs) + ")" + WORD_END + r"|[-/]\s*\d)"
            r"|['’]s" + WORD_END
        ),
        context_before=re.compile(
            WORD_START
            + PROCLITIC
            + "(?:"
            + _trie("ordinals", langs)
            + "|"
            + _trie("age_before", langs)
            + r"(?:\s+(?:من|of))?|"
            + _trie("designation_before", langs)
            + r")\s*\Z"
        ),
        date_before=re.compile(
            WORD_START + "(?:" + any_month + "|" + _trie("weekdays", langs) + r")[\s/,،.]*\Z"
        ),
        word_then=_followers(word_then),
        suffix_then=_followers(suffix_then),
        glued_names=frozenset(folded_phrases(_merged("glued_names", langs))),
        count_after=re.compile(
            r"\s+" + PROCLITIC + "(?:" + trie_pattern(_counted_nouns()) + ")(?:e?s)?" + WORD_END
        ),
    )


def _followers(words: dict[str, list[str]]) -> dict[str, re.Pattern[str]]:
    return {
        word: re.compile(r"\s+(?:" + trie_pattern(folded_phrases(f)) + ")" + WORD_END)
        for word, f in words.items()
    }


def _counted_nouns() -> list[str]:
    concepts = load_lexicon("concepts")["concepts"].values()
    return folded_phrases(form for entry in concepts for form in [*entry["ar"], *entry["en"]])


def is_year(raw: str) -> bool:
    """A plain four-digit 19xx/20xx token: a year unless its context says it is a count."""
    return len(raw) == 4 and _YEAR.fullmatch(raw) is not None


def is_non_claim(
    text: str, value_start: int, value_end: int, digits: str | None, language: str
) -> bool:
    """True when the number at ``[value_start, value_end)`` is not a count claim.

    ``digits`` is the digit token the number starts with, with any scale abbreviation glued
    to it (None for number words); it enables the checks that only make sense for digits
    (designations, phones, years, units written like scales).
    """
    rules = _rules(language)
    begin = max(0, value_start - _BACK)
    stop = min(len(text), value_end + _WINDOW)
    if rules.time_after.match(text, value_end, stop):
        return True
    if rules.month_after.match(text, value_end, stop):
        return True
    if rules.context_before.search(text, begin, value_start):
        return True
    # The cheap test first: most counts (18,222; 3 million) cannot be a day or a year.
    if _day_or_year(value_start, value_end, digits) and rules.date_before.search(
        text, begin, value_start
    ):
        return True
    word = text[value_start:value_end]
    follower = rules.word_then.get(word)
    if follower is not None and follower.match(text, value_end, stop):
        return True
    if digits is None:
        return False
    if digits[-1].isalpha() and _glued_unit(text, value_end, stop, digits, rules):
        return True
    if (
        is_year(digits)
        and value_end == value_start + 4
        and not _counted(text, value_start, value_end, stop, language)
    ):
        if rules.year_before.search(text, begin, value_start):
            return True
        if rules.year_after.match(text, value_end, stop):
            return True
    return _odd_digits(text, value_start, value_end, digits, begin, stop)


def is_dated_year(text: str, value_start: int, digits: str, language: str) -> bool:
    """A plain year after a word that introduces one: عام 2015، in 2015.

    Such a year never takes the scale word after it: «في عام 2015 مليونا ومائتي ألف» is the year,
    then 1.2 million.
    """
    if not is_year(digits):
        return False
    begin = max(0, value_start - _BACK)
    return _rules(language).year_before.search(text, begin, value_start) is not None


def _day_or_year(start: int, end: int, digits: str | None) -> bool:
    """Whether a number after a month or weekday can be a day or a year, so a date.

    "Monday, 18 May" and "May 2017" are dates; "As of Monday, 18,222 cases" and "In March
    3 million fled" are counts: no day or year has a thousands separator or a scale word.
    """
    if digits is None:
        return True
    plain = end == start + len(digits) and digits.isdigit()
    return plain and (len(digits) <= 2 or is_year(digits))


def _glued_unit(text: str, end: int, stop: int, digits: str, rules: _Rules) -> bool:
    """A figure glued to an abbreviation that names a thing (4k) or is a unit here (5m high)."""
    if digits in rules.glued_names:
        return True
    suffix = _SUFFIX.search(digits)
    unit = rules.suffix_then.get(suffix.group()) if suffix is not None else None
    return unit is not None and unit.match(text, end, stop) is not None


def _counted(text: str, start: int, end: int, stop: int, language: str) -> bool:
    """A quantity word before and a counted noun after: "حتى 2000 مقاتل" is up to 2000 fighters.

    حتى and until also introduce years; the noun after the number decides. Other year
    contexts (في، منذ، in, since) keep the year even before a noun ("in 2014 fighters...").
    """
    if _rules(language).count_after.match(text, end, stop) is None:
        return False
    return qualifier_before(text, start, language) is not None


def _odd_digits(text: str, start: int, end: int, digits: str, begin: int, stop: int) -> bool:
    """Designations, phone numbers, hashtags, URLs and numbers glued to letters."""
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        return True
    before = text[start - 1] if start else " "
    if before.isalpha():
        glued = _LETTERS_BEFORE.search(text, begin, start)
        if glued is not None and glued.group() not in GLUED_TO_DIGITS:
            return True
    # The backward patterns can only match after a sign, a hyphen or another digit group.
    if not before.isspace() or (start > 1 and text[start - 2] in _AFTER_DIGIT_CONTEXT):
        if _DESIGNATION_BEFORE.search(text, begin, start):
            return True
        if _PHONE_BEFORE.search(text, begin, start):
            return True
    if end < len(text) and _GLUED_AFTER.match(text, start + len(digits), stop):
        return True
    if _PHONE.match(text, start, stop):
        return True
    if _in_numeric_date(text, start, end):
        return True
    chunk_start = text.rfind(" ", begin, start) + 1 or begin
    chunk_end = text.find(" ", start, stop)
    chunk = text[chunk_start : stop if chunk_end < 0 else chunk_end]
    return _URL_CHUNK.search(chunk) is not None


def _in_numeric_date(text: str, start: int, end: int) -> bool:
    """Whether the number is a part of a date written in digits (2017-10-15 is no 10-15)."""
    for date in _NUMERIC_DATE.finditer(text, max(0, start - _DATE_REACH), end + _DATE_REACH):
        before = text[date.start() - 1] if date.start() else " "
        if date.start() <= start < date.end() and not before.isdigit():
            return True
    return False
