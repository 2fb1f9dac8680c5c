"""What time a figure speaks for, from the cue words around it (``lexicons/temporal.json``).

A figure is current, past (a quoted earlier value), a forecast, an increment or a combined
total. News states the current figure and, beside it, the figures it replaces ("up from 58", «بعد
أن كانت 100»), the ones it fears ("could rise to 10,000"), the day's additions ("nine more
bodies") and sums of two quantities ("100 dead and injured"). Only the current one is a new
report of the figure; reading the others as reports raises false alerts.
"""

from __future__ import annotations

from itertools import compress
from operator import itemgetter

from schemas.observation import Status
from streams.claims.frame import SentenceView
from streams.claims.morphology import AND_WORDS, WITH_WORDS
from streams.claims.vocab import Match

_PAST_REACH = 14
"""Tokens a past cue may stand before its figure ("previously, there were 102 people
accounted for and 99 unaccounted for")."""
_AFTER_REACH = 2
"""Tokens after the figure's noun where an increment or combined cue still describes it."""
_TO_REACH = 4
_NOW_REACH = 2
"""Tokens between a word of the present and its figure: now [at least] 58."""
_YEAR_DIGITS = 4
_FIRST_YEAR = 1900
_SINCE_REACH = 8
"""Tokens between "since" and the time it starts from («منذ يناير من العام الماضي 2014»)."""
_AS_OF_REACH = 1
"""Words between an as-of cue and the time it introduces (حتى نهاية [العام] الماضي)."""
_AS_OF_DATE_REACH = 4
"""Words between an as-of cue and the year of its date (نهاية [شهر فبراير من العام] 2017)."""
_COMBINED_REACH = 6
"""Tokens after the figure's noun where a second casualty noun still joins it ("79 people
that are either dead or missing")."""


def temporal_status(
    view: SentenceView,
    left: int,
    right: int,
    noun_end: int,
    published: tuple[int, int] | None = None,
) -> Status:
    """The status of the figure at tokens ``[left, right)`` whose noun ends at ``noun_end``.

    ``noun_end`` is the token after the counted noun when the noun follows the figure (``9
    more bodies``), else ``right``; ``published`` is the article's (year, month). Cue kinds
    are checked from the most to the least specific reading: a combined total, a forecast, a
    quoted past value (a cue, or an earlier year or month named in the clause), an
    increment.
    """
    clause = view.clause_of(left)
    after_end = max(noun_end, right) + _AFTER_REACH
    combined_end = min(max(noun_end, right) + _COMBINED_REACH, clause[1])
    if _any_starting(view.of("combined"), right, combined_end):
        return "combined"
    # «الحصيلة بين قتيل وجريح تقترب من 4000», "the dead and injured now number 4,000": the
    # pair named before the figure, with no other figure between them.
    others = _others(view, left)
    if any(
        clause[0] <= m.first
        and m.last <= left
        and m.last - m.first > 1
        and not any(m.last <= i < left for i in others)
        for m in view.of("combined")
    ):
        return "combined"
    # "could rise to 10,000", "10,000 could die"; not "64, which could be the worst".
    if any(
        clause[0] <= m.first < left or right <= m.first < min(after_end, clause[1])
        for m in view.of("forecast")
    ):
        return "forecast"
    # "fell to stand now at 1,017,000": a word of the present before the figure outweighs a
    # past cue or an earlier year elsewhere in the sentence.
    now = any(0 <= left - m.last <= _NOW_REACH for m in view.of("now_before"))
    if not now and (
        _past(view, left, right, clause, after_end)
        or (published is not None and _earlier_time(view, left, right, published))
    ):
        return "past"
    if _increment(view, left, right, clause, after_end):
        return "increment"
    return "current"


def _any_starting(matches: list[Match], first: int, last: int) -> bool:
    return any(first <= m.first < last for m in matches)


def _past(
    view: SentenceView, left: int, right: int, clause: tuple[int, int], after_end: int
) -> bool:
    since = view.of("cumulative")
    for match in view.of("past_before"):
        if (
            match.last <= left
            and left - match.last <= _PAST_REACH
            and not _moved_on(view, match.last, left)
            # «منذ يناير من العام الماضي»: since last year, a count that runs to now.
            and not any(0 <= match.first - m.last <= _SINCE_REACH for m in since)
        ):
            return True
    as_of = view.of("as_of")
    if any(
        right <= m.first < min(after_end + 1, clause[1])
        and not any(0 <= m.first - a.last <= _AS_OF_REACH for a in as_of)
        for m in view.of("past_after")
    ):
        return True
    return _from_before_to(view, left, right)


def _earlier_time(view: SentenceView, left: int, right: int, published: tuple[int, int]) -> bool:
    """Whether the sentence dates the figure at ``[left, right)`` to an earlier year or month.

    An earlier year ("1,800 died in 2005") or an earlier month of the article's year ("in
    June, police estimated 80") makes a quoted value, unless that time starts a count that
    runs to now ("since 2014", «منذ بداية 2014»). A time after the figure dates it only when
    no other figure comes between: in "1.6 million this year, 850,000 of them in August",
    August is the 850,000's.
    """
    year, month = published
    starts = view.of("cumulative")
    as_of = view.of("as_of")
    # "In June, police said 300 had died": an opening time phrase dates the whole sentence.
    clause = (0, len(view.tokens))

    def counted_from(index: int, dated: int = 0) -> bool:
        # "as of the end of 2021" in 2022 gives the latest count; "as of 2010" quotes one.
        recent = dated >= year - 1 or not dated
        return any(
            clause[0] <= m.first < index and index - m.last <= _SINCE_REACH for m in starts
        ) or (recent and any(0 <= index - m.last <= _AS_OF_DATE_REACH for m in as_of))

    def dates_figure(index: int) -> bool:
        return index < left or not any(right <= i < index for i in view.number_tokens)

    # Runs for every figure: str.isdigit picks the digit tokens in C, few of them are years.
    texts = map(itemgetter(2), view.tokens[clause[0] : clause[1]])
    for index in compress(range(clause[0], clause[1]), map(str.isdigit, texts)):
        text = view.tokens[index].text
        if len(text) != _YEAR_DIGITS or index in view.number_tokens:
            continue
        dated = int(text)
        if _FIRST_YEAR <= dated < year and not counted_from(index, dated) and dates_figure(index):
            return True
    for match in view.of("month"):
        if not clause[0] <= match.first < clause[1] or int(match.key) >= month:
            continue
        later = view.tokens[match.last].text if match.last < len(view.tokens) else ""
        # "in June" dates the figure; "June 2016" is judged by its year above; "May 5" in a
        # June article is as likely last week's count as a quoted one, so only "in"-months.
        introduced = any(m.last == match.first for m in view.of("month_before"))
        if (
            introduced
            and not later.isdigit()
            and not counted_from(match.first)
            and dates_figure(match.first)
        ):
            return True
    return False


def _moved_on(view: SentenceView, start: int, left: int) -> bool:
    """A figure, then "to" or a verb of change, between the cue and this figure.

    "up from 58 to 2,122"; «بعدما كان 1.2 مليون، تراجع هذا العدد ليبلغ مليونا».
    """
    moves = [*view.of("to_words"), *view.of("rise_verbs"), *view.of("total_after")]
    for match in moves:
        if start < match.first < left and any(start <= i < match.first for i in view.number_tokens):
            return True
    return False


def _from_before_to(view: SentenceView, left: int, right: int) -> bool:
    """``from X to Y``: X is the value the figure moved away from."""
    if not any(m.last == left for m in view.of("from_words")):
        return False
    for match in view.of("to_words"):
        if right <= match.first < right + _TO_REACH and match.last in view.number_tokens:
            return True
    return False


def moved_range(view: SentenceView, left: int, right: int) -> bool:
    """``rose from 1 to 4``: a range opened by "from" after a verb of change is a move.

    Its upper end is the current figure and its lower end the one it replaced.
    """
    if not any(m.first == left for m in view.of("from_words")):
        return False
    clause = view.clause_of(left)
    verbs = view.of("rise_verbs") + view.of("reach_verbs")
    return any(clause[0] <= m.first < left for m in verbs)


def _enumerated(view: SentenceView, left: int) -> bool:
    """Whether "another" adds a second quantity: "killed 6,204 and injured another 13,932"."""
    earlier = [i for i in view.number_tokens if i < left]
    if not earlier:
        return False
    return any(max(earlier) < m.first < left for m in view.of("predicate"))


_WHOLE_REACH = 2
"""Tokens between a whole's cue and its total cue: out of [a] total of, out of [a] total."""


def _total_follows(view: SentenceView, right: int) -> bool:
    # "nine more bodies, bringing the total to 122": the figures before the total are its
    # parts. Only a figure after the cue makes it one: "the total" alone may name this one.
    # "4,033 deaths out of a total of 8,399 cases" is a part of a whole, and stands.
    wholes = [m.last for m in view.of("whole_before")]
    for match in view.of("total_after"):
        if any(0 <= match.first - last <= _WHOLE_REACH for last in wholes):
            continue
        if match.first >= right and any(i >= match.last for i in view.number_tokens):
            return True
    return False


def _others(view: SentenceView, left: int) -> set[int]:
    """Tokens of the sentence's figures other than the one starting at ``left``."""
    return {i for first, last in view.covered.values() if first != left for i in range(first, last)}


def _joins_new_count(view: SentenceView, left: int) -> bool:
    """Whether "and" joins the figure to a new count before it: 6 new cases and 5 deaths."""
    if left == 0 or not set(view.tokens[left - 1].forms) & (AND_WORDS | WITH_WORDS):
        return False
    before = [span for span in view.covered.values() if span[1] < left]
    if not before:
        return False
    first, last = max(before)
    if left - last > _AFTER_REACH + 1:
        return False
    return any(m.last == first for m in view.of("increment_before")) or _any_starting(
        view.of("increment_after"), last, left
    )


def _increment(
    view: SentenceView, left: int, right: int, clause: tuple[int, int], after_end: int
) -> bool:
    if any(m.last == left for m in view.of("increment_before")) and not _enumerated(view, left):
        return True
    if _total_follows(view, right):
        return True
    if _any_starting(view.of("increment_after"), right, after_end):
        return True
    if _joins_new_count(view, left):
        return True
    # "rose by 9"; a glued «بنحو 9» opens the mention itself.
    by = [m for m in view.of("by_words") if m.last == left or (m.first == left and m.last < right)]
    if by and any(clause[0] <= m.first < by[0].first for m in view.of("rise_verbs")):
        return True
    # "In the last 24 hours, 34 people died": an opening phrase with no figure of its own
    # times the clause after it.
    opening = view.clauses[0] if view.clauses else clause
    if opening[1] <= clause[0] and not any(
        opening[0] <= first < opening[1] for first, _ in view.covered.values()
    ):
        clause = (opening[0], clause[1])
    # "rose to 4,033 in the past week" reports a total, not the week's new cases.
    reaches = any(clause[0] <= m.first < left for m in view.of("reach_verbs"))
    # "20,000 a day" and «يعبرون الحدود يوميا» after the figure; not "a week ago", nor "the
    # daily report said 409 had died", nor "doubled in a week to 2,000".
    dated = {
        i for m in (*view.of("past_after"), *view.of("past_before")) for i in range(m.first, m.last)
    }
    others = _others(view, left)
    if not reaches and any(
        right <= m.first < clause[1]
        and m.first not in dated
        and not any(right <= i < m.first for i in others)
        for m in view.of("rate")
    ):
        return True
    in_clause = any(clause[0] <= m.first < clause[1] for m in view.of("increment_clause"))
    return in_clause and not reaches
