"""Number anchors in folded text and the grammar that joins them into values.

One regex pass finds the anchors (digit runs, number words, scale and vague words); the
grammar then walks neighbouring anchors, so the cost follows the number of anchors, not
the length of the text.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import islice
from typing import Literal, NamedTuple

from streams.claims.morphology import AND_CLITIC, ARTICLE
from streams.claims.numbers_lexicon import ABBREVIATED, ZERO, NumberLexicon, Word, parse_digits
from streams.text.normalize import Normalized

Join = Literal["adj", "space", "and", "hyphen", "to", "or", "of", "article", "break"]

_MAX_GAP = 12
_MAX_DECIMALS = 6
MAX_ATOMS = 5000
"""Anchors read per text: a long news report has a few thousand; more is hostile input."""
_ARTICLES = frozenset({"a", "an"})
_CURRENCY_SIGNS = frozenset("$€£")
_SHARES = ("pct", "percent")
_ONE = Decimal(1)
_TEN = Decimal(10)
_NO_SCALE = Decimal("Infinity")
_ARABIC_INDIC = frozenset("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
BRACKETS = {")": "(", "}": "{", "]": "["}
"""Closing brackets to their openers: figures are set in brackets ahead of a scale word."""


class Atom(NamedTuple):
    """One anchor: a digit token, a percent sign or a lexicon word."""

    start: int
    """Start of the anchor, glued prefixes included."""
    value_start: int
    """Start of the number itself: after a glued conjunction or preposition, at any article."""
    end: int
    raw: str
    """The folded token; digits around a decimal letter are put integer part first (2ر6)."""
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
    low: Decimal
    high: Decimal
    vague: bool = False
    fraction: bool = False
    base: Decimal = ZERO
    """The value before its one scale word (30 in 30 الف); 0 when none or several."""
    scale: Decimal = _ONE


def find_atoms(norm: Normalized, lexicon: NumberLexicon) -> list[Atom]:
    """The anchors in ``norm.text``, in order; only the first ``MAX_ATOMS`` of them."""
    text = norm.text
    atoms = [
        Atom(m.start(), m.start(), m.end(), m.group(), None, False)
        for m in islice(lexicon.digits.finditer(text), MAX_ATOMS)
    ]
    letters = lexicon.decimal_letters
    if letters:
        # Decimal letters are rare: one look at all digit tokens spares a call per token.
        tokens = "".join(atom.raw for atom in atoms)
        if any(letter in tokens for letter in letters):
            atoms = [_integer_first(norm, atom, letters) for atom in atoms]
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
        article = prefix.endswith(ARTICLE)
        # A number word with an article is "the three...": a reference, not a new figure;
        # scale and vague words keep it (الالاف, العشرات).
        if article and word.kind not in ("scale", "vague"):
            continue
        value_start = start + _conjunction_length(prefix)
        atoms.append(
            Atom(start, value_start, end, key, word, prefix.startswith(AND_CLITIC), article)
        )
    atoms.sort(key=lambda atom: atom.start)
    # The first MAX_ATOMS of each pass hold the first MAX_ATOMS of the merged order.
    return atoms[:MAX_ATOMS]


def _integer_first(norm: Normalized, atom: Atom, letters: str) -> Atom:
    """``atom`` with the digits around a decimal letter (ر) in integer-then-fraction order.

    Text with European digits, as news agencies such as KUNA store it, holds the fraction
    first: "6ر2 مليون" is 2.6 million, typed so that right-to-left display shows 2ر6. Text
    with Arabic-Indic digits holds the integer part first: "٢ر٦ مليون" is 2.6 million.
    """
    letter = next((letter for letter in letters if letter in atom.raw), None)
    if letter is None:
        return atom
    if norm.original[norm.to_original(atom.start)] in _ARABIC_INDIC:
        return atom
    frac, _, whole = atom.raw.partition(letter)
    return atom._replace(raw=f"{whole}{letter}{frac}")


def _conjunction_length(prefix: str) -> int:
    """Length of the glued conjunction and preposition, leaving any article in the value."""
    return len(prefix) - len(ARTICLE) if prefix.endswith(ARTICLE) else len(prefix)


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
    if not stripped or _bracketed(text, left, stripped):
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


def _bracketed(text: str, left: Atom, gap: str) -> bool:
    """Whether ``gap`` only closes brackets opened right before digits: (1.78) مليون, {61} ألف.

    Official Arabic statistics set the digits of a figure in brackets ahead of its scale word.
    """
    opener = BRACKETS.get(gap)
    return opener is not None and left.word is None and text[left.start - 1 : left.start] == opener


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
        if word.kind == "scale" and (
            word.form in ABBREVIATED or (atom.article and word.form != "plural")
        ):
            return None
        if word.kind == "scale" and word.form == "plural":
            low, high = self.lexicon.plural_range
            return Value(index, index, low * word.value, high * word.value, vague=True)
        if word.kind in ("percent", "point"):
            return None
        return self._words(index, ZERO, _NO_SCALE, _ONE, ZERO)

    def _next(self, index: int, joins: tuple[str, ...]) -> Atom | None:
        if index + 1 < len(self.atoms) and self.join(index + 1) in joins:
            return self.atoms[index + 1]
        return None

    def _digits(self, index: int) -> Value | None:
        atom = self.atoms[index]
        after = self._next(index, ("adj", "space"))
        scale = None
        if after is not None and _scales_digits(after, atom):
            scale = after.word
        marked = scale is not None or (after is not None and after.kind in _SHARES)
        value = parse_digits(atom.raw, self.language, marked, self.lexicon.decimal_letters)
        if value is None:
            return None
        if scale is None:
            return Value(index, index, value, value)
        total = value * scale.value
        # An abbreviation closes the figure: "$3bn two years ago" is not 3bn and two.
        if scale.form in ABBREVIATED:
            return Value(index, index + 1, total, total, base=value, scale=scale.value)
        return self._words(index + 2, total, scale.value, scale.value, value, index)

    def _vague(self, index: int, word: Word) -> Value | None:
        low, high = word.low, word.high
        after = self._next(index, ("adj", "space", "of"))
        multiplier = ZERO
        if after is not None and after.word is not None:
            nxt = after.word
            if nxt.kind == "scale" and nxt.form in ("single", "plural"):
                multiplier = nxt.value
            elif (nxt.kind == "hundred" and nxt.base) or (
                nxt.hundreds_scale and not word.hundreds_scale
            ):
                multiplier = Decimal(100)
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
        total: Decimal,
        last_scale: Decimal,
        scale: Decimal,
        base: Decimal,
        first: int | None = None,
    ) -> Value | None:
        """Accumulate number words from ``index``; ``total`` carries a digit-and-scale start."""
        first = index if first is None else first
        last = index - 1
        current = ZERO
        units = tens = teen = hundreds = False
        english = self.language == "en"
        position = index
        while position < len(self.atoms):
            atom = self.atoms[position]
            word = atom.word
            if word is None:
                tail = self._digit_tail(position, total, current, last_scale)
                if tail is not None:
                    total += tail.low
                    last = tail.last
                break
            join: Join = "space" if position == first else self.join(position)
            if position != first and join not in ("space", "and", "hyphen"):
                break
            if atom.article and position != first:
                break
            if position != first and total and not current and join != "and" and not english:
                break
            kind = word.kind
            # After a number a vague word with a scale is that scale: two dozens = 24.
            if kind == "vague" and word.value and position != first:
                kind = "scale"
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
                    current = _TEN
                    teen = True
                elif hundreds and not (units or tens or teen) and join == "and":
                    # ستمئة وعشرة آلاف: ten after the hundreds, scaled with them.
                    current += 10
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
                if word.value >= last_scale or word.form in ABBREVIATED:
                    break
                if current:
                    if word.form == "dual":
                        break
                    if total == 0:
                        base, scale = current, word.value
                    total += current * word.value
                elif word.form != "plural" and (position == first or join == "and"):
                    count = Decimal(2 if word.form == "dual" else 1)
                    total += word.value * count
                    if position == first:
                        base, scale = count, word.value
                else:
                    break
                current = ZERO
                units = tens = teen = hundreds = False
                last_scale = word.value
            elif kind == "point":
                decimal = self._point(first, position, current) if current and not total else None
                if decimal is not None:
                    return decimal
                break
            elif kind == "fraction" and position != first and join == "and":
                if current or last_scale.is_infinite():
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
            base, scale = ZERO, _ONE
        return Value(first, last, value, value, base=base, scale=scale)

    def _digit_tail(
        self, position: int, total: Decimal, current: Decimal, last_scale: Decimal
    ) -> Value | None:
        """Digits after و that finish a scale group: 384 ألفا و719, مليون و11366, ألف و858.

        Arabic writes the rest of a large number in digits after its scale word; a tail as
        large as the scale is a second figure (بين 20 ألف و30 ألف), and a noun between the
        two (85 شخصا و120 جريحا) stops the reading before this point.
        """
        if not total or current or last_scale.is_infinite() or self.language == "en":
            return None
        if self.atoms[position].kind != "digits" or self.join(position) != "and":
            return None
        tail = self._digits(position)
        if tail is None or tail.low >= last_scale or tail.low != tail.low.to_integral_value():
            return None
        return tail

    def _point(self, first: int, point: int, whole: Decimal) -> Value | None:
        """``whole`` read past its point word: two point five million, ten point five percent.

        A written decimal counts only before a scale or percent word, so "at one point two
        soldiers..." stays a plain two.
        """
        digits = ""
        position = point + 1
        while position < len(self.atoms) and self.join(position) == "space":
            word = self.atoms[position].word
            if word is None or word.kind != "unit" or len(digits) >= _MAX_DECIMALS:
                break
            digits += str(word.value)
            position += 1
        if not digits or position >= len(self.atoms):
            return None
        number = whole + Decimal(f"0.{digits}")
        after = self.atoms[position]
        join = self.join(position)
        if after.kind in _SHARES and join in ("adj", "space"):
            return Value(first, position - 1, number, number)
        scale = after.word
        if scale is None or scale.kind != "scale" or join != "space":
            return None
        if scale.form not in ("single", "plural"):
            return None
        total = number * scale.value
        return Value(first, position, total, total, base=number, scale=scale.value)


def _scales_digits(after: Atom, digits: Atom) -> bool:
    """Whether the word ``after`` multiplies ``digits`` (30 thousand, 2.5bn, 100k, 200 dozens)."""
    word = after.word
    if word is None:
        return False
    if word.form == "glued":
        return after.start == digits.end
    if word.kind == "scale":
        return word.form != "dual"
    return word.base or (word.kind == "vague" and word.value > 0)


def read_value(
    text: str, atoms: list[Atom], index: int, lexicon: NumberLexicon, language: str
) -> Value | None:
    """The value that starts at ``atoms[index]``, or None if no number starts there."""
    return _Reader(text, atoms, lexicon, language).read(index)
