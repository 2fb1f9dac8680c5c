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


def content_lines(title: str, body: str) -> list[list[str]]:
    """Folded words of each non-empty line of title and body, without page-furniture lines."""
    lines = []
    for line in fold(f"{title}\n{body}").split("\n"):
        words = _WORD.findall(line)
        if words and not _is_furniture(words):
            lines.append(words)
    return lines


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
        # Shifted copies of a line are shorter than it: zip stops at its last whole gram.
        grams.update(map(" ".join, zip(*(words[i:] for i in range(size)), strict=False)))
    if grams:
        return list(grams)
    run = [word for words in lines for word in words]
    if len(run) >= size:
        return list({" ".join(run[i : i + size]) for i in range(len(run) - size + 1)})
    return [" ".join(run)] if run else []


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
