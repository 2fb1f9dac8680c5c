"""Number words, scale words and vague counts of one language, loaded from the lexicons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Literal

from streams.claims.lexicon import load_lexicon
from streams.claims.morphology import CONJUNCTION, PROCLITICS
from streams.claims.numbers_regex import (
    WORD_END,
    WORD_START,
    folded_phrases,
    trie_pattern,
)
from streams.text.normalize import fold

WordKind = Literal[
    "unit",
    "teen_prefix",
    "ten",
    "teen",
    "tens",
    "hundred",
    "scale",
    "vague",
    "fraction",
    "percent",
    "point",
]
Form = Literal["", "single", "dual", "plural", "after_digits", "glued"]
ABBREVIATED: tuple[Form, ...] = ("after_digits", "glued")
"""Scale forms that count only right after digits (2.5bn, 100k), never as words of their own."""
ZERO = Decimal(0)

LANGUAGES = ("ar", "en")
_MAX_DIGITS = 15
# Prefix-less alternatives let the regex engine skip in C to the few positions that can start
# a match (a separator or a digit), instead of trying every character: that keeps the scan
# near the cost of reading the text. Digit runs are matched whole, separators included, so a
# hostile run is one token, rejected later by its length. A leading dot (.77) starts a number
# only after a space, a bracket or a currency sign: after a letter or digit it ends a sentence.
# The three starts share one character class, which keeps the skip-ahead scan; ``letters``
# takes the decimal letters of the lexicon's languages (ر).
_DIGITS = (
    r"[0-9%.](?:(?<=[0-9])[0-9]*(?:[.,:/{letters}][0-9]+)*|(?<=%)|(?<=\.)(?<![^\s($€£]\.)[0-9]+)"
)
_SEPARATOR = "[ \n\t!-/:-@\\[-`{-~0-9،؛؟«»“”‘’…]"


@dataclass(frozen=True, slots=True)
class Word:
    """What one lexicon word means to the number grammar."""

    kind: WordKind
    value: Decimal = ZERO
    """The word's value; for a vague word, the scale it is after a number (two dozens)."""
    form: Form = ""
    base: bool = False
    """A hundred word that multiplies a unit before it (ثلاث مئة, two hundred)."""
    low: Decimal = ZERO
    """Vague words: the low end of their range (a multiplier when a scale follows)."""
    high: Decimal = ZERO
    hundreds_scale: bool = False
    """A plural of hundred (مئات, hundreds) that acts as a scale after few/several."""
    needs_scale: bool = False
    """A vague word that is a figure only with a scale word after it (بضعة آلاف)."""


@dataclass(frozen=True, slots=True)
class NumberLexicon:
    """The words of one or more languages and the regex that finds number anchors."""

    words: dict[str, Word]
    joins: dict[str, frozenset[str]]
    forms: dict[str, tuple[str, str]]
    """Every written form (glued prefixes included) to its prefix and lexicon word."""
    digits: re.Pattern[str]
    words_after: re.Pattern[str]
    """A separator followed by a written form: the pass that finds word anchors."""
    words_at: re.Pattern[str]
    """A written form with no separator before it, for the very start of the text."""
    range_openers: re.Pattern[str]
    """An opener (بين, ما بين, between, from) that ends right where a range starts."""
    difference_openers: re.Pattern[str]
    """A verb of change and a "by" ending right before a difference (rose by 9 to 50, ارتفع
    عدد القتلى بنحو 9 إلى 50): its "to" leads to the new total, not to a range's upper end.
    The words are temporal.json's ``rise_verbs`` and ``by_words``."""
    plural_range: tuple[Decimal, Decimal]
    """Multipliers for a bare plural scale word (آلاف, thousands)."""
    decimal_letters: str
    """Letters written between digits as the decimal mark (6ر2)."""


def _key(phrase: str) -> str:
    return " ".join(fold(phrase).split())


def _decimal(value: float) -> Decimal:
    """A JSON number as the decimal it is written as (0.3333, not its binary neighbour)."""
    return Decimal(str(value))


def _vague_ranges() -> dict[str, tuple[Decimal, Decimal]]:
    data = load_lexicon("numbers_vague")
    return {
        key: (_decimal(v[0]), _decimal(v[1]))
        for key, v in data.items()
        if not key.startswith("_") and key != "needs_scale"
    }


def _language_words(language: str) -> dict[str, Word]:
    data = load_lexicon(f"numbers_{language}")
    vague = _vague_ranges()
    needs_scale = set(load_lexicon("numbers_vague")["needs_scale"])
    words: dict[str, Word] = {}

    def put(phrases: dict[str, float], kind: WordKind) -> None:
        for phrase, value in phrases.items():
            words[_key(phrase)] = Word(kind, _decimal(value))

    put(data["units"], "unit")
    put(data.get("teens", {}), "teen")
    put(data["teen_prefixes"], "teen_prefix")
    put(dict.fromkeys(data["ten_words"], 10), "ten")
    put(data["tens"], "tens")
    bases = set(folded_phrases(data["hundred_bases"]))
    for phrase, value in data["hundreds"].items():
        key = _key(phrase)
        words[key] = Word("hundred", _decimal(value), base=key in bases)
    scales = {
        _key(phrase): Word("scale", _decimal(value), form=form)
        for phrase, (value, form) in data["scales"].items()
    }
    words.update(scales)
    plural_hundreds = set(folded_phrases(data["plural_hundreds"]))
    for phrase, meaning in data["vague"].items():
        key = _key(phrase)
        low, high = vague[meaning]
        # A vague word that is also a scale (dozens) keeps the scale for "two dozens".
        scale = scales.get(key)
        words[key] = Word(
            "vague",
            value=scale.value if scale is not None else ZERO,
            form=scale.form if scale is not None else "",
            low=low,
            high=high,
            hundreds_scale=key in plural_hundreds,
            needs_scale=meaning in needs_scale,
        )
    put(data["fractions"], "fraction")
    put(dict.fromkeys(data["percent_words"], 0), "percent")
    put(dict.fromkeys(data["decimal_points"], 0), "point")
    return words


@cache
def number_lexicon(language: str) -> NumberLexicon:
    """The lexicon for ``ar``, ``en`` or anything else (both languages merged)."""
    languages = (language,) if language in LANGUAGES else LANGUAGES
    words: dict[str, Word] = {}
    joins: dict[str, set[str]] = {}
    openers: set[str] = set()
    letters: set[str] = set()
    for lang in languages:
        words.update(_language_words(lang))
        data = load_lexicon(f"numbers_{lang}")
        for join, phrases in data["joins"].items():
            joins.setdefault(join, set()).update(folded_phrases(phrases))
        openers.update(folded_phrases(data["range_openers"]))
        letters.update(fold(letter) for letter in data.get("decimal_letters", []))
    decimal_letters = "".join(sorted(letters))
    forms = _prefixed_forms(words)
    trie = trie_pattern(sorted(forms))
    return NumberLexicon(
        words=words,
        joins={join: frozenset(phrases) for join, phrases in joins.items()},
        range_openers=re.compile(
            WORD_START + f"{CONJUNCTION}(?:{trie_pattern(sorted(openers))})" + r"\s+\Z"
        ),
        difference_openers=_difference_openers(languages),
        forms=forms,
        digits=re.compile(_DIGITS.format(letters=re.escape(decimal_letters))),
        words_after=re.compile(f"{_SEPARATOR}(?P<word>{trie}){WORD_END}"),
        words_at=re.compile(f"(?P<word>{trie}){WORD_END}"),
        plural_range=_vague_ranges()["plural_scale"],
        decimal_letters=decimal_letters,
    )


def _difference_openers(languages: tuple[str, ...]) -> re.Pattern[str]:
    temporal = load_lexicon("temporal")
    verbs, bys = set(), set()
    for lang in languages:
        verbs.update(folded_phrases(temporal["rise_verbs"][lang]))
        bys.update(folded_phrases(temporal["by_words"][lang]))
    # The verb may stand before its subject: «ارتفع عدد القتلى في المدينة بنحو 9 إلى 50».
    return re.compile(
        WORD_START
        + f"{CONJUNCTION}(?:{trie_pattern(sorted(verbs))}){WORD_END}"
        + r"[^.!?؟\n]{0,60}?"
        + WORD_START
        + f"(?:{trie_pattern(sorted(bys))})"
        + r"\s*\Z"
    )


def _prefixed_forms(words: dict[str, Word]) -> dict[str, tuple[str, str]]:
    """Each word with every glued Arabic prefix; the shortest prefix wins an ambiguity."""
    forms: dict[str, tuple[str, str]] = {}
    for prefix in PROCLITICS:
        for word in words:
            if prefix and not ("\u0600" <= word[0] <= "\u06ff"):
                continue
            forms.setdefault(prefix + word, (prefix, word))
    return forms


def parse_digits(raw: str, language: str, marked: bool, letters: str) -> Decimal | None:
    """Value of a digit token such as ``40,000``, ``1.5``, ``.77`` or ``2ر6``; None if ambiguous.

    ``marked`` says a scale word or a percent sign follows, so a decimal is plausible. A comma
    groups thousands in groups of three, or by lakh and crore (``7,24,649``); ``2,5`` is a
    decimal comma when marked and ambiguous otherwise. ``40.000`` is forty thousand in Arabic
    text unless marked, and two or more dot groups (``1.000.000``) always group thousands. A
    decimal letter in ``letters`` (ر) always marks a decimal, integer part first: see
    ``find_atoms``.
    """
    if raw.isdigit():
        return Decimal(raw) if len(raw) <= _MAX_DIGITS else None
    if ":" in raw or "/" in raw:
        return None
    # Past the check above a digit token holds only digits, commas, dots and decimal letters.
    marks = raw.count(",") + raw.count(".") + sum(raw.count(letter) for letter in letters)
    if len(raw) - marks > _MAX_DIGITS:
        return None
    for letter in letters:
        if letter in raw:
            whole, _, frac = raw.partition(letter)
            return Decimal(f"{whole}.{frac}") if whole.isdigit() and frac.isdigit() else None
    commas, dots = raw.count(","), raw.count(".")
    if commas and dots:
        decimal = "." if raw.rfind(".") > raw.rfind(",") else ","
        group = "," if decimal == "." else "."
        whole, _, frac = raw.rpartition(decimal)
        digits = whole.replace(group, "")
        # "0.0,0,0": marks of both kinds on both sides of the last one read as no number.
        if frac.count(group) or not _grouped(whole, group) or not (digits + frac).isdigit():
            return None
        return Decimal(digits + "." + frac)
    sep = "," if commas else "."
    thousands = sep == "," or dots > 1 or (language == "ar" and not marked)
    if thousands and _grouped(raw, sep):
        return Decimal(raw.replace(sep, ""))
    if raw.count(sep) == 1:
        whole, frac = raw.split(sep)
        if sep == "." or marked:
            return Decimal(f"{whole or 0}.{frac}")
    return None


def _grouped(raw: str, sep: str) -> bool:
    head, *groups = raw.split(sep)
    if not groups or len(groups[-1]) != 3:
        return False
    if 1 <= len(head) <= 3 and all(len(g) == 3 for g in groups):
        return True
    # South Asian grouping by lakh and crore: 7,24,649 and 3,00,00,000.
    return sep == "," and 1 <= len(head) <= 2 and all(len(g) == 2 for g in groups[:-1])
