"""Article-wide context for claims: the group an article is mostly about."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from streams.claims.morphology import ARTICLE, PROCLITIC
from streams.claims.numbers_regex import trie_pattern
from streams.claims.vocab import phrase_words, vocabulary

# Between the words of a name: spaces or a hyphen (al-Qaeda), and the article (تنظيم الدولة).
_GAP = rf"[\s-]+(?:{ARTICLE})?"


@lru_cache(maxsize=1)
def _group_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for key, entry in vocabulary().groups.items():
        for form in [*entry["ar"], *entry["en"]]:
            words = phrase_words(form, keep_article=True)
            if words:
                names[" ".join(words)] = key
    canonical = {re.sub(_GAP, " ", name): key for name, key in names.items()}
    alternation = trie_pattern(names, space=_GAP)
    # A group name may carry glued prefixes and the article (وداعش، بداعش، لتنظيم).
    pattern = re.compile(
        rf"(?<![a-z\u0621-\u064a]){PROCLITIC}({alternation})(?![a-z\u0621-\u064a])"
    )
    return pattern, canonical


def dominant_group(folded: str) -> str | None:
    """Return the group named most often in folded text (first named wins a tie), or None."""
    pattern, names = _group_pattern()
    counts: Counter[str] = Counter()
    for match in pattern.finditer(folded):
        counts[names[re.sub(_GAP, " ", match.group(1))]] += 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]
