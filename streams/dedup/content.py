"""The content of an article as deduplication sees it: folded words by line, minus furniture.

The title is part of the content: its line adds a few shingles, so a reprint under another
headline is a near duplicate (not an exact one), while two short items that differ only in
their headlines are not merged.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from importlib import resources

from schemas.article import Article
from streams.text.normalize import fold

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[dict[str, tuple[tuple[str, ...], ...]], int]:
    path = resources.files("streams.dedup").joinpath("boilerplate.json")
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    by_first: dict[str, set[tuple[str, ...]]] = {}
    for prefix in data["line_prefixes"]:
        words = tuple(_WORD.findall(fold(prefix)))
        if words:
            by_first.setdefault(words[0], set()).add(words)
    return {k: tuple(v) for k, v in by_first.items()}, int(data["max_words"])


def _is_furniture(words: list[str]) -> bool:
    by_first, max_words = _boilerplate()
    if len(words) > max_words:
        return False
    return any(tuple(words[: len(p)]) == p for p in by_first.get(words[0], ()))


def text_lines(text: str) -> list[list[str]]:
    """Folded words of each non-empty line of a text, without page-furniture lines."""
    lines = []
    for line in fold(text).split("\n"):
        words = _WORD.findall(line)
        if words and not _is_furniture(words):
            lines.append(words)
    return lines


def content_lines(title: str, body: str) -> list[list[str]]:
    """Folded words of each non-empty line of title and body, without page-furniture lines."""
    return text_lines(title) + text_lines(body)


def fingerprint(lines: list[list[str]]) -> str:
    """Short hash of the content: equal for copies differing only in folding and furniture."""
    material = "\n".join(" ".join(words) for words in lines).encode("utf-8")
    return _b64(hashlib.blake2b(material, digest_size=9, person=b"fw-fingerprint").digest())


def shingles(lines: list[list[str]], size: int) -> list[str]:
    """Word ``size``-grams within each line, deduplicated.

    Shingles do not cross line breaks, so a short inserted line (a byline, a share line)
    changes no shingle of the text around it. Content too short for one shingle per line is
    shingled as one run of words, and as a single shingle when even that is too short.
    """
    grams: set[str] = set()
    for words in lines:
        grams.update(_grams(words, size))
    if grams:
        return list(grams)
    run = [word for words in lines for word in words]
    if len(run) >= size:
        return list({" ".join(run[i : i + size]) for i in range(len(run) - size + 1)})
    return [" ".join(run)] if run else []


def openings(
    body: list[list[str]], size: int, count: int, length: int, min_words: int
) -> list[list[str]]:
    """The first ``length`` shingles from each of the first ``count`` paragraphs of a body.

    A paragraph is a line of at least ``min_words`` words; the shingles of an opening run on
    over the paragraphs after it and skip shorter lines, so a dateline, caption or repeated
    headline that a copy adds or drops changes no opening. A copy cut to its first
    paragraphs has its original's first opening; a copy under a site's own lead paragraph
    has it second.
    """
    paragraphs = [words for words in body if len(words) >= min_words]
    run: list[str] = []
    starts = []
    for words in paragraphs[:count]:
        starts.append(len(run))
        run.extend(_grams(words, size))
    for words in paragraphs[count:]:
        if len(run) - starts[-1] >= length:
            break
        run.extend(_grams(words, size))
    return [run[start : start + length] for start in starts]


def _grams(words: list[str], size: int) -> list[str]:
    # Shifted copies of a line are shorter than it: zip stops at its last whole gram.
    return list(map(" ".join, zip(*(words[i:] for i in range(size)), strict=False)))


def article_ref(article_id: str) -> str:
    """Compact fixed-size reference to an article id, used as key in the dedup stores."""
    return _b64(
        hashlib.blake2b(article_id.encode("utf-8"), digest_size=6, person=b"fw-ref").digest()
    )


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def article_version(article: Article) -> str:
    """A short hash of an article's headline and body.

    An update (same id, new content) is a new version; a resend (same id, same content) is
    not.
    """
    material = f"{article.title}\n{article.body}".encode()
    return hashlib.blake2b(material, digest_size=8).hexdigest()
