"""Number words, scale words and vague counts of one language, loaded from the lexicons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from streams.claims.lexicon import load_lexicon
from streams.claims.numbers_regex import (
    WORD_END,
    WORD_START,
    folded_phrases,
    trie_pattern,
)
from streams.text.normalize import fold

WordKind = Literal[
    "unit", "teen_prefix", "ten", "teen", "tens", "hundred", "scale", "vague", "fraction", "percent"
]
Form = Literal["", "single", "dual", "plural"]

LANGUAGES = ("ar", "en")
_MAX_DIGITS = 15
# Prefix-less alternatives let the regex engine skip in C to the few positions that can start
# a match (a separator or a digit), instead of trying every character: that keeps the scan
# near the cost of reading the text. Digit runs are matched whole, separators included, so a
# hostile run is one token, rejected later by its length.
_DIGITS = re.compile(r"[0-9%](?:(?<=[0-9])[0-9]*(?:[.,:/][0-9]+)*)?")
_SEPARATOR = "[ \n\t!-/:-@\\[-`{-~0-9،؛؟«»“”‘’…]"
_ARABIC_PREFIXES = tuple(
    conj + prep for conj in ("", "و", "ف") for prep in ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل")
)


@dataclass(frozen=True, slots=True)
class Word:
    """What one lexicon word means to the number grammar."""

    kind: WordKind
    value: float = 0.0
    form: Form = ""
    base: bool = False
    """A hundred word that multiplies a unit before it (ثلاث مئة, two hundred)."""
    low: float = 0.0
    """Vague words: the low end of their range (a multiplier when a scale follows)."""
    high: float = 0.0
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
    plural_range: tuple[float, float]
    """Multipliers for a bare plural scale word (آلاف, thousands)."""


def _key(phrase: str) -> str:
    return " ".join(fold(phrase).split())


def _vague_ranges() -> dict[str, tuple[float, float]]:
    data = load_lexicon("numbers_vague")
    return {
        key: (float(v[0]), float(v[1]))
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
            words[_key(phrase)] = Word(kind, float(value))

    put(data["units"], "unit")
    put(data.get("teens", {}), "teen")
    put(data["teen_prefixes"], "teen_prefix")
    put(dict.fromkeys(data["ten_words"], 10), "ten")
    put(data["tens"], "tens")
    bases = set(folded_phrases(data["hundred_bases"]))
    for phrase, value in data["hundreds"].items():
        key = _key(phrase)
        words[key] = Word("hundred", float(value), base=key in bases)
    for phrase, (value, form) in data["scales"].items():
        words[_key(phrase)] = Word("scale", float(value), form=form)
    plural_hundreds = set(folded_phrases(data["plural_hundreds"]))
    for phrase, meaning in data["vague"].items():
        key = _key(phrase)
        low, high = vague[meaning]
        words[key] = Word(
            "vague",
            low=low,
            high=high,
            hundreds_scale=key in plural_hundreds,
            needs_scale=meaning in needs_scale,
        )
    put(data["fractions"], "fraction")
    put(dict.fromkeys(data["percent_words"], 0), "percent")
    return words


@cache
def number_lexicon(language: str) -> NumberLexicon:
    """The lexicon for ``ar``, ``en`` or anything else (both languages merged)."""
    languages = (language,) if language in LANGUAGES else LANGUAGES
    words: dict[str, Word] = {}
    joins: dict[str, set[str]] = {}
    openers: set[str] = set()
    for lang in languages:
        words.update(_language_words(lang))
        data = load_lexicon(f"numbers_{lang}")
        for join, phrases in data["joins"].items():
            joins.setdefault(join, set()).update(folded_phrases(phrases))
        openers.update(folded_phrases(data["range_openers"]))
    forms = _prefixed_forms(words)
    trie = trie_pattern(sorted(forms))
    return NumberLexicon(
        words=words,
        joins={join: frozenset(phrases) for join, phrases in joins.items()},
        range_openers=re.compile(
            WORD_START + f"[وف]?(?:{trie_pattern(sorted(openers))})" + r"\s+\Z"
        ),
        forms=forms,
        digits=_DIGITS,
        words_after=re.compile(f"{_SEPARATOR}(?P<word>{trie}){WORD_END}"),
        words_at=re.compile(f"(?P<word>{trie}){WORD_END}"),
        plural_range=_vague_ranges()["plural_scale"],
    )


def _prefixed_forms(words: dict[str, Word]) -> dict[str, tuple[str, str]]:
    """Each word with every glued Arabic prefix; the shortest prefix wins an ambiguity."""
    forms: dict[str, tuple[str, str]] = {}
    for prefix in _ARABIC_PREFIXES:
        for word in words:
            if prefix and not ("\u0600" <= word[0] <= "\u06ff"):
                continue
            forms.setdefault(prefix + word, (prefix, word))
    return forms


def parse_digits(raw: str, language: str, scale_follows: bool) -> float | None:
    """Value of a digit token such as ``40,000``, ``1.5`` or ``40.000``; None if ambiguous.

    A comma groups thousands only in groups of three (``2,5`` is a decimal comma before a
    scale word and ambiguous otherwise); ``40.000`` is forty thousand in Arabic text unless a
    scale word follows, and two or more dot groups (``1.000.000``) always group thousands.
    """
    if ":" in raw or "/" in raw:
        return None
    # Past the check above a digit token holds only digits, commas and dots.
    if len(raw) - raw.count(",") - raw.count(".") > _MAX_DIGITS:
        return None
    if raw.isdigit():
        return float(raw)
    commas, dots = raw.count(","), raw.count(".")
    if commas and dots:
        decimal = "." if raw.rfind(".") > raw.rfind(",") else ","
        group = "," if decimal == "." else "."
        whole, _, frac = raw.rpartition(decimal)
        if frac.count(group) or not _grouped(whole, group):
            return None
        return float(whole.replace(group, "") + "." + frac)
    sep = "," if commas else "."
    thousands = sep == "," or raw.count(".") > 1 or (language == "ar" and not scale_follows)
    if thousands and _grouped(raw, sep):
        return float(raw.replace(sep, ""))
    if raw.count(sep) == 1:
        whole, frac = raw.split(sep)
        if sep == "." or scale_follows:
            return float(f"{whole}.{frac}")
    return None


def _grouped(raw: str, sep: str) -> bool:
    head, *groups = raw.split(sep)
    return 1 <= len(head) <= 3 and bool(groups) and all(len(g) == 3 for g in groups)
