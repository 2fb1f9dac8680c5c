"""Number anchors in folded text and the grammar that joins them into values.

One regex pass finds the anchors (digit runs, number words, scale and vague words); the
grammar then walks neighbouring anchors, so the cost follows the number of anchors, not
the length of the text.
"""

from __future__ import annotations

import math
from itertools import islice
from typing import Literal, NamedTuple

from streams.claims.numbers_lexicon import NumberLexicon, Word, parse_digits

Join = Literal["adj", "space", "and", "hyphen", "to", "or", "of", "article", "break"]

_MAX_GAP = 12
MAX_ATOMS = 5000
"""Anchors read per text: a long news report has a few thousand; more is hostile input."""
_ARTICLES = frozenset({"a", "an"})
_CURRENCY_SIGNS = frozenset("$€£")


class Atom(NamedTuple):
    """One anchor: a digit token, a percent sign or a lexicon word."""

    start: int
    """Start of the anchor, glued prefixes included."""
    value_start: int
    """Start of the number itself: after a glued conjunction or preposition, at any article."""
    end: int
    raw: str
    word: Word | None
    and_prefix: bool
    """Glued conjunction و: joins this word to the previous number."""
    article: bool = False
    """Glued article ال: a singular scale word with it (المليون) only follows a fraction."""

    @property
    def kind(self) -> str:
        """``digits``, ``pct`` or the word's kind."""
        if self.word is not None:
            return self.word.kind
        return "pct" if self.raw == "%" else "digits"


class Value(NamedTuple):
    """A number read from atoms ``first..last`` (inclusive)."""

    first: int
    last: int
    low: float
    high: float
    vague: bool = False
    fraction: bool = False
    base: float = 0.0
    """The value before its one scale word (30 in 30 الف); 0 when none or several."""
    scale: float = 1.0


def find_atoms(text: str, lexicon: NumberLexicon) -> list[Atom]:
    """The anchors in ``text``, in order; only the first ``MAX_ATOMS`` of them."""
    atoms = [
        Atom(m.start(), m.start(), m.end(), m.group(), None, False)
        for m in islice(lexicon.digits.finditer(text), MAX_ATOMS)
    ]
    first = lexicon.words_at.match(text)
    matches = [first] if first is not None else []
    matches.extend(islice(lexicon.words_after.finditer(text), MAX_ATOMS))
    for match in matches:
        start, end = match.span("word")
        form = lexicon.forms.get(" ".join(match.group("word").split()))
        if form is None:
            continue
        prefix, key = form
        word = lexicon.words[key]
        article = prefix.endswith("ال")
        # A number word with an article is "the three...": a reference, not a new figure;
        # scale and vague words keep it (الالاف, العشرات).
        if article and word.kind not in ("scale", "vague"):
            continue
        value_start = start + _conjunction_length(prefix)
        atoms.append(Atom(start, value_start, end, key, word, prefix.startswith("و"), article))
    atoms.sort(key=lambda atom: atom.start)
    # The first MAX_ATOMS of each pass hold the first MAX_ATOMS of the merged order.
    return atoms[:MAX_ATOMS]


def _conjunction_length(prefix: str) -> int:
    """Length of the glued conjunction and preposition, leaving any article in the value."""
    return len(prefix) - 2 if prefix.endswith("ال") else len(prefix)


def join_between(text: str, left: Atom, right: Atom, lexicon: NumberLexicon) -> Join:
    """How two neighbouring atoms are connected: adjacent, by a space, و/and, -, to..."""
    if right.start - left.end > _MAX_GAP:
        return "break"
    gap = text[left.end : right.start]
    stripped = gap.strip()
    if len(stripped) > 1 and stripped[-1] in _CURRENCY_SIGNS:
        # "$20,000-$30,000", "between $20,000 and $30,000": the sign belongs to the number.
        stripped = stripped[:-1].rstrip()
    if right.and_prefix and not stripped:
        return "and" if gap else "break"
    if not stripped:
        return "space" if gap else "adj"
    if stripped == "-":
        return "hyphen"
    joins: tuple[Join, ...] = ("and", "to", "or", "of")
    for join in joins:
        if stripped in lexicon.joins.get(join, ()):
            return join
    if stripped in _ARTICLES:
        return "article"
    return "break"


class _Reader:
    """Reads one value starting at an atom; keeps the place flags of the current group."""

    def __init__(self, text: str, atoms: list[Atom], lexicon: NumberLexicon, language: str):
        self.text = text
        self.atoms = atoms
        self.lexicon = lexicon
        self.language = language

    def join(self, index: int) -> Join:
        return join_between(self.text, self.atoms[index - 1], self.atoms[index], self.lexicon)

    def read(self, index: int) -> Value | None:
        atom = self.atoms[index]
        word = atom.word
        if word is None:
            return self._digits(index) if atom.kind == "digits" else None
        if word.kind == "vague":
            return self._vague(index, word)
        if word.kind == "fraction":
            return self._fraction(index, word)
        if word.kind == "scale" and atom.article and word.form != "plural":
            return None
        if word.kind == "scale" and word.form == "plural":
            low, high = self.lexicon.plural_range
            return Value(index, index, low * word.value, high * word.value, vague=True)
        if word.kind == "percent":
            return None
        return self._words(index, 0.0, math.inf, 1.0, 0.0)

    def _next(self, index: int, joins: tuple[str, ...]) -> Atom | None:
        if index + 1 < len(self.atoms) and self.join(index + 1) in joins:
            return self.atoms[index + 1]
        return None

    def _digits(self, index: int) -> Value | None:
        atom = self.atoms[index]
        after = self._next(index, ("adj", "space"))
        scale = (
            after.word
            if after is not None
            and after.word is not None
            and ((after.word.kind == "scale" and after.word.form != "dual") or after.word.base)
            else None
        )
        value = parse_digits(atom.raw, self.language, scale is not None)
        if value is None:
            return None
        if scale is None:
            return Value(index, index, value, value)
        return self._words(index + 2, value * scale.value, scale.value, scale.value, value, index)

    def _vague(self, index: int, word: Word) -> Value | None:
        low, high = word.low, word.high
        after = self._next(index, ("adj", "space", "of"))
        multiplier = 0.0
        if after is not None and after.word is not None:
            nxt = after.word
            if nxt.kind == "scale" and nxt.form != "dual":
                multiplier = nxt.value
            elif (nxt.kind == "hundred" and nxt.base) or (
                nxt.hundreds_scale and not word.hundreds_scale
            ):
                multiplier = 100.0
        if multiplier:
            return Value(index, index + 1, low * multiplier, high * multiplier, vague=True)
        if word.needs_scale:
            return None
        return Value(index, index, low, high, vague=True)

    def _fraction(self, index: int, word: Word) -> Value:
        after = self._next(index, ("adj", "space", "article"))
        scale = after.word if after is not None else None
        if scale is not None and scale.kind == "scale" and scale.form == "single":
            total = word.value * scale.value
            return Value(index, index + 1, total, total)
        return Value(index, index, word.value, word.value, fraction=True)

    def _words(
        self,
        index: int,
        total: float,
        last_scale: float,
        scale: float,
        base: float,
        first: int | None = None,
    ) -> Value | None:
        """Accumulate number words from ``index``; ``total`` carries a digit-and-scale start."""
        first = index if first is None else first
        last = index - 1
        current = 0.0
        units = tens = teen = hundreds = False
        english = self.language == "en"
        position = index
        while position < len(self.atoms):
            atom = self.atoms[position]
            word = atom.word
            if word is None:
                break
            join: Join = "space" if position == first else self.join(position)
            if position != first and join not in ("space", "and", "hyphen"):
                break
            if atom.article and position != first:
                break
            if position != first and total and not current and join != "and" and not english:
                break
            kind = word.kind
            if kind == "unit":
                if units or teen or (tens and not english and join != "and"):
                    break
                current += word.value
                units = True
            elif kind == "teen_prefix":
                nxt = self._next(position, ("space",))
                if nxt is None or nxt.kind != "ten" or units or tens or teen:
                    break
                current += word.value + 10
                teen = True
                position += 1
            elif kind == "ten":
                if units and not tens and not teen and join == "space":
                    current += 10
                    teen = True
                elif not current and not units:
                    current = 10
                    teen = True
                else:
                    break
            elif kind == "teen":
                if units or tens or teen:
                    break
                current += word.value
                teen = True
            elif kind == "tens":
                if tens or teen or (units and join != "and"):
                    break
                current += word.value
                tens = True
            elif kind == "hundred":
                if word.base and units and not (tens or teen or hundreds) and join == "space":
                    current *= 100
                elif not current and not hundreds:
                    current = word.value
                else:
                    break
                units = tens = teen = False
                hundreds = True
            elif kind == "scale":
                if word.value >= last_scale:
                    break
                if current:
                    if word.form == "dual":
                        break
                    if total == 0:
                        base, scale = current, word.value
                    total += current * word.value
                elif word.form != "plural" and (position == first or join == "and"):
                    total += word.value * (2 if word.form == "dual" else 1)
                    if position == first:
                        base, scale = (2.0 if word.form == "dual" else 1.0), word.value
                else:
                    break
                current = 0.0
                units = tens = teen = hundreds = False
                last_scale = word.value
            elif kind == "fraction" and position != first and join == "and":
                if current or math.isinf(last_scale):
                    current += word.value
                else:
                    total += word.value * last_scale
                last = position
                # مليون ونصف المليون: the repeated scale word belongs to the fraction.
                repeated = self._next(position, ("space",))
                if repeated is not None and repeated.article and repeated.kind == "scale":
                    last += 1
                break
            else:
                break
            last = position
            position += 1
        value = total + current
        if value == 0 or last < first:
            return None
        if base * scale != value:
            base, scale = 0.0, 1.0
        return Value(first, last, value, value, base=base, scale=scale)


def read_value(
    text: str, atoms: list[Atom], index: int, lexicon: NumberLexicon, language: str
) -> Value | None:
    """The value that starts at ``atoms[index]``, or None if no number starts there."""
    return _Reader(text, atoms, lexicon, language).read(index)
