"""Find the figures in folded Arabic or English text: values, ranges, vague counts, shares.

Entry point of the number parser: ``find_numbers(normalize(body), language)``.
"""

from __future__ import annotations

from decimal import Decimal

from schemas.observation import Qualifier
from streams.claims.mention import NumberMention
from streams.claims.non_claims import is_dated_year, is_non_claim, is_year
from streams.claims.numbers_grammar import (
    BRACKETS,
    Atom,
    Value,
    find_atoms,
    join_between,
    read_value,
)
from streams.claims.numbers_lexicon import NumberLexicon, number_lexicon
from streams.claims.qualifiers import qualifier_after, qualifier_before
from streams.text.normalize import Normalized

_RANGE_JOINS = ("hyphen", "to", "and", "or")
_PERCENT_JOINS = ("adj", "space")
_OPENER_WINDOW = 12
_DIFFERENCE_WINDOW = 90
_YEAR_SPAN = 50
_CURRENCY_SIGNS = frozenset("$€£")
_THRESHOLD_COUNTS = {"single": Decimal(1), "dual": Decimal(2)}

__all__ = ["NumberMention", "find_numbers"]


def find_numbers(norm: Normalized, language: str) -> list[NumberMention]:
    """Every figure in ``norm.text``, in text order and non-overlapping.

    ``language`` is ``ar`` or ``en``; anything else (``und``) uses both lexicons. Years,
    dates, times, ages, durations, ordinals and designations are left out.
    """
    text = norm.text
    lexicon = number_lexicon(language)
    atoms = find_atoms(norm, lexicon)
    mentions: list[NumberMention] = []
    index = 0
    while index < len(atoms):
        value = read_value(text, atoms, index, lexicon, language)
        if value is None:
            value = _threshold(text, atoms, index, language)
        if value is None:
            index += 1
            continue
        mention, index = _mention(text, atoms, value, lexicon, language)
        if mention is not None and (not mentions or mention.start >= mentions[-1].end):
            mentions.append(mention)
    return mentions


def _mention(
    text: str, atoms: list[Atom], value: Value, lexicon: NumberLexicon, language: str
) -> tuple[NumberMention | None, int]:
    """The mention built on ``value`` (or None if it is not a claim) and the next atom index."""
    first = atoms[value.first]
    low, high, last = value.low, value.high, value.last
    qualifier: Qualifier = "vague" if value.vague else "exact"
    unit = "fraction" if value.fraction else "count"
    upper = _range_end(text, atoms, value, lexicon, language)
    if upper is not None:
        if upper.first == value.last + 1 and _year_pair(first, atoms[upper.first], value, upper):
            return None, upper.last + 1
        low, high, last, qualifier = _shared_scale(value, upper), upper.high, upper.last, "range"
    if unit == "count" and last + 1 < len(atoms) and _is_percent(text, atoms, last, lexicon):
        unit, last = "percent", last + 1
    value_start, value_end = first.value_start, atoms[last].end
    digits = None if first.word is not None else text[value_start : _digits_end(atoms, value)]
    number_end = atoms[last - 1 if unit == "percent" else last].end
    if (
        digits is not None
        and last > value.first
        and is_dated_year(text, value_start, digits, language)
    ):
        # The year stands alone; what follows it is read as a figure of its own.
        return None, value.first + 1
    if is_non_claim(text, value_start, number_end, digits, language):
        return None, last + 1
    # "$20,000", "(1.78) مليون": the currency sign, or a bracket the value reads across,
    # opens the mention; qualifiers and openers sit before it.
    start = value_start - 1 if _reads_across_bracket(text, first, value_end) else value_start
    start = _sign_start(text, start)
    end = value_end
    opener = _opener_start(text, start, lexicon) if qualifier == "range" else None
    before = qualifier_before(text, start if opener is None else opener, language)
    if opener is not None:
        start = opener
    if before is not None:
        # A verb with its counted noun between them qualifies the figure but stays out of the
        # mention, which would otherwise cover the noun the frame looks for.
        if before.beside:
            start = before.start
        if qualifier == "exact":
            qualifier = before.qualifier
    elif qualifier == "exact":
        after = qualifier_after(text, value_end, language)
        if after is not None and _after_belongs_here(text, atoms, last, after.start, after.end):
            qualifier = after.qualifier
            if not text[value_end : after.start].strip():
                end = after.end
    mention = NumberMention(
        start, end, value_start, value_end, float(low), float(high), qualifier, unit
    )
    return mention, last + 1


def _threshold(text: str, atoms: list[Atom], index: int, language: str) -> Value | None:
    """A scale word with the article right after a bound: تخطى المليون, passed the million mark.

    Alone, المليون refers back to a figure (نصف المليون); after a verb of exceeding or a
    bound (أكثر من، قرابة) it is the round figure itself.
    """
    atom = atoms[index]
    word = atom.word
    if word is None or word.kind != "scale" or not atom.article:
        return None
    count = _THRESHOLD_COUNTS.get(word.form)
    before = qualifier_before(text, atom.value_start, language) if count else None
    if count is None or before is None or not before.beside:
        return None
    total = count * word.value
    return Value(index, index, total, total, base=count, scale=word.value)


def _range_end(
    text: str, atoms: list[Atom], value: Value, lexicon: NumberLexicon, language: str
) -> Value | None:
    """The upper end when ``value`` opens a range (20-30, بين 20 و30 الفا, 20,000 to 30,000)."""
    nxt = value.last + 1
    if value.vague or value.fraction or nxt >= len(atoms):
        return None
    join = join_between(text, atoms[value.last], atoms[nxt], lexicon)
    if join not in _RANGE_JOINS:
        return None
    start = atoms[value.first].start
    difference = lexicon.difference_openers.search(text, max(0, start - _DIFFERENCE_WINDOW), start)
    if join == "to" and difference is not None:
        return None
    upper = read_value(text, atoms, nxt, lexicon, language)
    if upper is None or upper.vague or upper.fraction:
        return None
    shared = value.scale == 1 and upper.scale != 1 and value.low < upper.base
    opened = _opener_start(text, _sign_start(text, atoms[value.first].start), lexicon) is not None
    if join in ("and", "or") and not shared and not opened:
        return None
    if _shared_scale(value, upper) >= upper.low:
        return None
    return upper


def _shared_scale(value: Value, upper: Value) -> Decimal:
    """The low end, scaled by the upper end's scale word when only the upper end has one."""
    if value.scale == 1 and upper.scale != 1 and value.low < upper.base:
        return value.low * upper.scale
    return value.low


def _digits_end(atoms: list[Atom], value: Value) -> int:
    """End of the digit token opening ``value``, with a scale abbreviation glued to it (100k)."""
    first = atoms[value.first]
    if value.last > value.first and atoms[value.first + 1].start == first.end:
        return atoms[value.first + 1].end
    return first.end


def _opener_start(text: str, start: int, lexicon: NumberLexicon) -> int | None:
    """Start of the range opener (بين, ما بين, between, from) ending right before ``start``."""
    begin = max(0, start - _OPENER_WINDOW)
    match = lexicon.range_openers.search(text, begin, start)
    return None if match is None else match.start()


def _reads_across_bracket(text: str, first: Atom, value_end: int) -> bool:
    """Whether the value's digits sit in brackets and its scale word follows them: (1.78) مليون."""
    closer = text[first.end : first.end + 1]
    if value_end <= first.end + 1 or not first.value_start:
        return False
    return BRACKETS.get(closer) == text[first.value_start - 1]


def _sign_start(text: str, start: int) -> int:
    """``start`` moved back over a currency sign glued before the number ($20,000)."""
    return start - 1 if start and text[start - 1] in _CURRENCY_SIGNS else start


def _after_belongs_here(text: str, atoms: list[Atom], last: int, start: int, end: int) -> bool:
    """Whether a qualifier found a few words after the figure ending at atom ``last`` is its.

    Not when another number sits between them ("30 killed and dozens at least"), nor when
    the qualifier opens the next number ("30 people and at least 5 children").
    """
    following = atoms[last + 1] if last + 1 < len(atoms) else None
    if following is None:
        return True
    return following.start >= end and bool(text[end : following.start].strip())


def _year_pair(first: Atom, second: Atom, value: Value, upper: Value) -> bool:
    """Two plain years joined as a range (2014-2017, 2017 و2018) are a period, not a count."""
    if first.word is not None or second.word is not None:
        return False
    if not (is_year(first.raw) and is_year(second.raw)):
        return False
    return value.scale == 1 and upper.scale == 1 and 0 < upper.low - value.low <= _YEAR_SPAN


def _is_percent(text: str, atoms: list[Atom], last: int, lexicon: NumberLexicon) -> bool:
    """Whether a percent sign or word (%, بالمئة, percent) follows atom ``last``."""
    after = atoms[last + 1]
    if after.kind not in ("pct", "percent"):
        return False
    return join_between(text, atoms[last], after, lexicon) in _PERCENT_JOINS
