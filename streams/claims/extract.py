"""The public entry point of claim extraction: an article in, its numeric claims out.

What becomes a claim: a figure that counts a known thing (a lexicon concept) and says what
happened to it (a predicate: joined, killed, living there, in losses, trapped, in hospital)
or names the event (earthquake, flood) in its own clause. A figure with neither ("a city of
more than 200,000 people", "a province of a million people") is dropped: keyed on its noun
alone it would be compared with every other count of people or dollars. A population is
kept only for a named place. A subset ("140 of them") keeps the parent's noun, group and
place but must have its own predicate in its own clause, or it is dropped. How: number
candidates come from one scan of the folded body; only the sentences that hold one are
tokenized and matched against the lexicons.
"""

from __future__ import annotations

from schemas.article import Article
from schemas.claim import Claim
from streams.claims.assemble import build_claims
from streams.claims.numbers import find_numbers
from streams.claims.related_links import without_related_links
from streams.text.normalize import normalize


def extract_claims(article: Article) -> list[Claim]:
    """Every figure in the article's body that counts something known, with its frame.

    The body only: evidence offsets must slice ``article.body``, and headlines repeat the
    body's figures. Related-link blocks hold other stories' headlines and are not read.
    """
    norm = without_related_links(normalize(article.body))
    return build_claims(article, norm, find_numbers(norm, article.language))
