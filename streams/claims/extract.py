"""The public entry point of claim extraction: an article in, its numeric claims out."""

from __future__ import annotations

from schemas.article import Article
from schemas.claim import Claim
from streams.claims.assemble import build_claims
from streams.claims.numbers import find_numbers
from streams.text.normalize import normalize


def extract_claims(article: Article) -> list[Claim]:
    """Every figure in the article's body that counts something known, with its frame.

    The body only: evidence offsets must slice ``article.body``, and headlines repeat the
    body's figures.
    """
    norm = normalize(article.body)
    return build_claims(article, norm, find_numbers(norm, article.language))
