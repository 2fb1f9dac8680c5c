"""Print how many place mentions of the real-news corpus resolve, hand lexicon vs gazetteer.

Method, per article (title and body) of ``/work/shared/realnews/{ar,en,mixed}/articles``:

- English candidates are runs of capitalised words (``Tizi Ouzou``, ``Kerr County``) not
  starting a sentence, where any capital is weak evidence of a name. Many are people and
  organisations, so the share resolved is a lower bound of place recall, not a recall.
- Arabic has no capitals: candidates are the word after a place noun (مدينة، محافظة، ولاية،
  بلدة، قرية، منطقة، إقليم، العاصمة، دولة), which names a place nearly always.
- A candidate resolves when a place match covers its first word. "hand" matches the hand
  lexicon ``places.json`` alone (the vocabulary before the gazetteer); "gazetteer" is the
  vocabulary as extraction uses it, with its exact-case names.
- "matches" counts every place match in the text, a candidate or not.

Only figures are printed, never text, so the held-out ``mixed/`` part can be measured without
being read. Run: ``.venv/bin/python scripts/place_coverage.py [--root DIR]``.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from streams.claims.frame import view_sentence
from streams.claims.lexicon import load_lexicon
from streams.claims.tokens import Token
from streams.claims.vocab import Match, Phrase, PhraseIndex, phrase_words
from streams.text.normalize import Normalized, normalize
from streams.text.sentences import sentence_spans

ROOT = Path("/work/shared/realnews")
PARTS = ("ar", "en", "mixed")
_PLACE_NOUNS = frozenset(phrase_words("مدينة محافظة ولاية بلدة قرية منطقة إقليم العاصمة دولة"))


@dataclass
class Tally:
    articles: int = 0
    candidates: int = 0
    hand: int = 0
    gazetteer: int = 0
    hand_matches: int = 0
    gazetteer_matches: int = 0


def hand_index() -> PhraseIndex:
    """The place phrases of the hand lexicon alone, as the vocabulary indexed them before."""
    places = load_lexicon("places")["places"]
    return PhraseIndex(
        Phrase("place", key, words)
        for key, entry in places.items()
        for form in (*entry["ar"], *entry["en"])
        if (words := phrase_words(form))
    )


def candidates(norm: Normalized, tokens: list[Token], language: str) -> list[int]:
    """Token indexes where a place-like mention starts."""
    if language == "ar":
        return [i + 1 for i, t in enumerate(tokens[:-1]) if set(t.forms) & _PLACE_NOUNS]
    starts = {start for start, _ in sentence_spans(norm.text)}
    found = []
    previous_capital = False
    for index, token in enumerate(tokens):
        capital = token.text.isalpha() and norm.slice(token.start, token.end)[:1].isupper()
        if capital and not previous_capital and token.start not in starts:
            found.append(index)
        previous_capital = capital
    return found


def tally_article(article: dict[str, str], old: PhraseIndex, tally: Tally) -> None:
    """Add one article's candidates and matches to ``tally``."""
    norm = normalize(f"{article['title']}\n{article['body']}")
    view = view_sentence(norm.text, 0, len(norm.text), [], norm.slice)
    new: list[Match] = view.of("place")
    before = [m for m in old.find(view.tokens) if m.kind == "place"]
    covered_new = {i for m in new for i in range(m.first, m.last)}
    covered_old = {i for m in before for i in range(m.first, m.last)}
    starts = candidates(norm, view.tokens, article["language"])
    tally.articles += 1
    tally.candidates += len(starts)
    tally.hand += sum(i in covered_old for i in starts)
    tally.gazetteer += sum(i in covered_new for i in starts)
    tally.hand_matches += len(before)
    tally.gazetteer_matches += len(new)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    old = hand_index()
    print(
        f"{'part':6} {'lang':4} {'articles':>8} {'candidates':>10} {'hand':>12} "
        f"{'gazetteer':>12} {'matches hand':>12} {'matches gaz':>11}"
    )
    for part in PARTS:
        tallies: dict[str, Tally] = {}
        for path in sorted((args.root / part / "articles").glob("*.json")):
            article = json.loads(path.read_text(encoding="utf-8"))
            tally_article(article, old, tallies.setdefault(article["language"], Tally()))
        for language, t in sorted(tallies.items()):
            print(
                f"{part:6} {language:4} {t.articles:8} {t.candidates:10} "
                f"{t.hand:5} ({t.hand / max(t.candidates, 1):4.0%}) "
                f"{t.gazetteer:5} ({t.gazetteer / max(t.candidates, 1):4.0%}) "
                f"{t.hand_matches:12} {t.gazetteer_matches:11}"
            )


if __name__ == "__main__":
    main()
