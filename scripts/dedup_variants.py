"""Build a labelled stream for the dedup eval: distinct base articles and reprint variants.

Base articles are composed from the sentence pools in tests/data/dedup (each pair of bases
shares at most two sentences, like two write-ups quoting the same wire lines) plus any seed
articles found on disk. Each base gets reprint variants of every kind the dedup must catch.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from schemas.article import Article, ArticleEnvelope, IngestMeta

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "dedup"

NEAR_KINDS = ("headline", "boilerplate", "truncated", "edited", "mixed")
"""Variant kinds that must be found as near (or exact) duplicates."""

_FURNITURE = {
    "ar": {
        "top": [
            "التوقيت الأحد، 4 فبراير 2018",
            "كتب: محرر الشؤون الدولية",
            "آخر تحديث: منذ ساعتين",
        ],
        "more": "اقرأ أيضا",
        "share": ["شارك الخبر على فيسبوك وتويتر", "تابعونا على تطبيق الأخبار"],
        "footer": ["جميع الحقوق محفوظة للموقع 2018", "المصدر: وكالات"],
        "headlines": [
            "ارتفاع أسعار الوقود للمرة الثالثة هذا العام",
            "منتخب الشباب يتأهل إلى نصف النهائي بعد فوز صعب",
            "افتتاح معرض الكتاب بمشاركة مئات دور النشر",
            "أمطار غزيرة تغلق طرقا رئيسية في العاصمة",
        ],
        "titles": ["تقرير جديد يكشف تفاصيل", "مصادر: تطورات جديدة في", "ما الذي يحدث في"],
        "fillers": ["أيضا", "كذلك", "حاليا", "رسميا"],
    },
    "en": {
        "top": ["Published 4 February 2018, 10:33 GMT", "By Staff Reporter", "Updated 2 hours ago"],
        "more": "Read more",
        "share": ["Share this article on Facebook and Twitter", "Follow us for the latest news"],
        "footer": ["Copyright 2018, all rights reserved", "Source: agencies"],
        "headlines": [
            "Fuel prices rise for the third time this year",
            "Youth team reaches the semi-final after a tough win",
            "Book fair opens with hundreds of publishers taking part",
            "Heavy rain closes main roads in the capital",
        ],
        "titles": [
            "New report reveals details of",
            "Sources: fresh developments in",
            "What is happening in",
        ],
        "fillers": ["also", "now", "officially", "reportedly"],
    },
}
_DIACRITICS = "\u064e\u064f\u0650\u0651\u0652"
_TO_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True)
class Item:
    """One article of the eval stream with its label."""

    envelope: ArticleEnvelope
    family: str
    """Id of the base article it derives from (its own id for a base)."""
    kind: str
    """``base`` or the variant kind."""


def compose_bases(lang: str, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Titles and bodies of distinct articles from one language's sentence pool."""
    pool = (DATA / f"sentences_{lang}.txt").read_text(encoding="utf-8").splitlines()
    chosen: list[set[int]] = []
    attempts = 0
    while len(chosen) < count and attempts < 20_000:
        attempts += 1
        pick = set(rng.sample(range(len(pool)), rng.randint(8, 12)))
        if all(len(pick & other) <= 2 for other in chosen):
            chosen.append(pick)
    bases = []
    for pick in chosen:
        order = rng.sample(sorted(pick), len(pick))
        paragraphs, i = [], 0
        while i < len(order):
            step = rng.choice((1, 2))
            paragraphs.append(" ".join(pool[j] for j in order[i : i + step]))
            i += step
        title = " ".join(pool[order[0]].split()[:8]).rstrip(".,،")
        bases.append((title, "\n\n".join(paragraphs)))
    return bases


def seed_articles(seed_dirs: list[Path]) -> list[tuple[str, str, str, str]]:
    """Name, language, title and body of the seed articles under ``seed_dirs``.

    Arabic seeds are text files (headline line, then body); English seeds are JSON lines.
    """
    found = []
    for folder in seed_dirs:
        for path in sorted(folder.rglob("*.txt")):
            head, _, body = path.read_text(encoding="utf-8").partition("\n")
            if body.strip():
                found.append((path.stem, "ar", head.strip(), body))
        for path in sorted(folder.rglob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    name = record.get("id") or f"{path.stem}-{len(found)}"
                    found.append((name, "en", record.get("title") or "", record["body"]))
    return found


def is_labelled_copy(name: str) -> bool:
    """Whether a seed is one of the feed's own reprints (its name says so)."""
    return "reprint" in name or "copy" in name


def seed_bases(seed_dirs: list[Path]) -> list[tuple[str, str, str]]:
    """Language, title and body of the distinct seed articles (the feed's reprints left out)."""
    return [
        (lang, t, b) for name, lang, t, b in seed_articles(seed_dirs) if not is_labelled_copy(name)
    ]


def _truncate(body: str, share: float) -> str:
    cut = int(len(body) * share)
    space = body.rfind(" ", 0, cut)
    return body[: space if space > 0 else cut]


def _edit(body: str, rng: random.Random, lang: str) -> str:
    words = body.split(" ")
    for _ in range(max(2, len(words) // 80)):
        at = rng.randrange(len(words))
        action = rng.choice(("drop", "insert", "number"))
        if action == "drop" and len(words) > 10:
            del words[at]
        elif action == "insert":
            words.insert(at, rng.choice(_FURNITURE[lang]["fillers"]))
        else:
            words[at] = re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), words[at])
    return " ".join(words)


def _exact_copy(text: str, rng: random.Random, lang: str) -> str:
    text = text.translate(_TO_INDIC) if lang == "ar" else text
    out = []
    for char in text:
        out.append(char)
        if "\u0621" <= char <= "\u064a" and rng.random() < 0.15:
            out.append(rng.choice(_DIACRITICS))
        elif char == " " and rng.random() < 0.05:
            out.append(" ")
    return "".join(out).replace("،", " ، ")


def _furnish(body: str, lang: str, rng: random.Random) -> str:
    words = _FURNITURE[lang]
    paragraphs = body.split("\n\n")
    more = [words["more"], *rng.sample(words["headlines"], 2)]
    at = rng.randint(1, max(1, len(paragraphs) - 1))
    paragraphs[at:at] = more
    return "\n".join(
        [
            *rng.sample(words["top"], 2),
            "",
            "\n\n".join(paragraphs),
            "",
            *words["share"],
            *words["footer"],
        ]
    )


def variants(title: str, body: str, lang: str, rng: random.Random) -> list[tuple[str, str, str]]:
    """Kind, title and body of every reprint variant of a base (a resend reuses its id)."""
    words = _FURNITURE[lang]
    new_title = f"{rng.choice(words['titles'])} {' '.join(title.split()[-3:])}"
    return [
        ("headline", new_title, body),
        ("boilerplate", title, _furnish(body, lang, rng)),
        ("truncated", title, _truncate(body, rng.uniform(0.7, 0.95))),
        ("edited", title, _edit(body, rng, lang)),
        ("mixed", new_title, _furnish(_truncate(body, rng.uniform(0.7, 0.95)), lang, rng)),
        ("resend", title, body),
        ("exact", _exact_copy(title, rng, lang), _exact_copy(body, rng, lang)),
    ]


def build_stream(
    seed: int = 7, per_language: int = 30, seed_dirs: list[Path] | None = None
) -> list[Item]:
    """The labelled eval stream, in ingest order: each variant comes after its base."""
    rng = random.Random(seed)
    bases = [("ar", t, b) for t, b in compose_bases("ar", per_language, rng)]
    bases += [("en", t, b) for t, b in compose_bases("en", per_language, rng)]
    bases += seed_bases(seed_dirs or [])
    # Half the bases are page scrapes with furniture; their "boilerplate" variant is clean.
    staged: list[tuple[str, str, str, str, str]] = []
    for number, (lang, title, body) in enumerate(bases):
        base_id = f"base-{number}"
        scraped = number % 2 == 1
        original = _furnish(body, lang, rng) if scraped else body
        staged.append((base_id, "base", lang, title, original))
        for kind, v_title, v_body in variants(title, body, lang, rng):
            if kind == "boilerplate" and scraped:
                v_body = body
            elif kind == "exact":
                v_body = _exact_copy(original, rng, lang)
            staged.append((base_id, kind, lang, v_title, v_body))
    # Keep every base before its variants but interleave families, as a feed would.
    rng.shuffle(staged)
    staged.sort(key=lambda item: item[1] != "base")
    start = datetime(2018, 2, 1, tzinfo=UTC)
    stream = []
    for offset, (base_id, kind, lang, title, body) in enumerate(staged):
        article_id = base_id if kind in ("base", "resend") else f"{base_id}-{kind}-{offset}"
        article = Article(
            id=article_id,
            source=f"source-{offset % 9}",
            title=title,
            body=body,
            language=lang,
            published_at=start + timedelta(minutes=offset),
        )
        ingest = IngestMeta(
            topic="replay", partition=0, offset=offset, timestamp=start + timedelta(minutes=offset)
        )
        stream.append(Item(ArticleEnvelope(article=article, ingest=ingest), base_id, kind))
    return stream
