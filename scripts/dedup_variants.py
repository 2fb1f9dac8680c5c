"""Build labelled streams for the dedup eval: distinct base articles and reprint variants.

The generated stream composes bases from the sentence pools in tests/data/dedup (each pair of
bases shares at most two sentences, like two write-ups quoting the same wire lines) plus any
seed articles found on disk. The real passes take their bases from real news read at run time
(``../shared/realnews`` ar/ and en/, ``../shared/seeds``); articles of one story there are
independent write-ups of one event. Each base gets reprint variants of every kind the dedup
must catch, syndicated cuts and copies under a site's own lead among them, and an article of
its own that quotes it, which must stay apart.
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
"""Reprint kinds of the first eval: new headline, furniture, truncation to 70-95%, edits."""
CUT_SHARES = {"cut30": 0.3, "cut40": 0.4, "cut50": 0.5}
"""Syndicated copies cut to the first 30%, 40% or 50% of the paragraphs (or sentences)."""
LEAD_KINDS = ("lead", "leadcut")
"""A site's own lead paragraph on the whole copy, and on a copy cut to half."""
COPY_KINDS = (*NEAR_KINDS, *CUT_SHARES, *LEAD_KINDS)
"""Variant kinds that must be found as near (or exact) duplicates."""
QUOTE = "quote"
"""An article of its own that opens with its original's first sentence: must stay apart."""
RECUT = "recut"
"""A plain copy cut to 30-50% of an article that arrived only under a site's own lead."""

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
    story: str = ""
    """For a real base, its story: bases of one story are write-ups of one event."""


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


def _units(body: str) -> list[str]:
    """Paragraphs of a body with at least four, else its sentences; each keeps what follows it.

    Joined back, the units are the body again, so a prefix of them is a cut copy that keeps
    the original's line breaks.
    """
    paragraphs = re.split(r"(?<=\n)(?=[^\n])", body)
    if sum(1 for p in paragraphs if p.strip()) >= 4:
        return paragraphs
    return re.split(r"(?<=[.!?؟]\s)(?=\S)|(?<=\n)(?=[^\n])", body)


def cut(body: str, share: float) -> str:
    """The opening ``share`` of a body's words, ending where a paragraph or sentence ends.

    When the next such end lies far beyond the share (a long single-sentence paragraph), the
    copy ends mid-sentence instead, as some sites cut.
    """
    words = list(re.finditer(r"\S+", body))
    wanted = max(1, round(len(words) * share))
    counted, kept = 0, []
    for unit in _units(body):
        kept.append(unit)
        counted += len(unit.split())
        if counted >= wanted:
            break
    if counted - wanted > 0.15 * len(words):
        return body[: words[wanted - 1].end()]
    return "".join(kept).rstrip()


def lead_paragraph(other: str, words: int, rng: random.Random) -> str:
    """A paragraph of about ``words`` words of other text, from a random sentence of ``other``."""
    sentences = [u.strip() for u in _units(" ".join(other.split())) if u.strip()]
    start = rng.randrange(len(sentences))
    picked: list[str] = []
    for sentence in sentences[start:] + sentences[:start]:
        picked.append(sentence)
        if sum(len(p.split()) for p in picked) >= words:
            break
    return " ".join(" ".join(picked).split()[: max(words, 1)])


def led(body: str, other: str, share: float, rng: random.Random) -> str:
    """A copy under a site's own lead: a paragraph of ``share`` of its words, then the copy."""
    words = max(1, round(len(body.split()) * share))
    return f"{lead_paragraph(other, words, rng)}\n\n{body}"


def quoting(body: str, other: str, rng: random.Random) -> tuple[str, str]:
    """Title and body of an article of its own opening with a body's first sentence.

    The sentence is 20-40% of the article; the rest, and the title, are words of ``other``
    scrambled anew, so they share no 3-gram with the leads taken from ``other``.
    """
    units = [u.strip() for u in _units(body) if u.strip()]
    sentence = next((u for u in units if len(u.split()) >= 12), units[0] if units else "")
    own = _scrambled(other, rng)
    text = lead_paragraph(own, round(len(sentence.split()) * rng.uniform(1.5, 4)), rng)
    return " ".join(own.split()[-8:]), f"{sentence}\n\n{text}"


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


def variants(
    title: str, body: str, lang: str, other: str, rng: random.Random
) -> list[tuple[str, str, str]]:
    """Kind, title and body of every reprint variant of a base (a resend reuses its id).

    ``other`` is text in no article, from which a site's own lead is taken, and the text of
    an article that quotes the base.
    """
    words = _FURNITURE[lang]
    new_title = f"{rng.choice(words['titles'])} {' '.join(title.split()[-3:])}"
    return [
        ("headline", new_title, body),
        ("boilerplate", title, _furnish(body, lang, rng)),
        ("truncated", title, _truncate(body, rng.uniform(0.7, 0.95))),
        ("edited", title, _edit(body, rng, lang)),
        ("mixed", new_title, _furnish(_truncate(body, rng.uniform(0.7, 0.95)), lang, rng)),
        *((kind, title, cut(body, share)) for kind, share in CUT_SHARES.items()),
        # A lead of 15-50% of the original's words: 67-87% of the copy is the original.
        ("lead", title, led(body, other, rng.uniform(0.15, 0.5), rng)),
        # Half the original under a lead of 10-30% of the original's words: 62-83%.
        ("leadcut", title, led(cut(body, 0.5), other, rng.uniform(0.2, 0.6), rng)),
        (QUOTE, *quoting(body, other, rng)),
        ("resend", title, body),
        ("exact", _exact_copy(title, rng, lang), _exact_copy(body, rng, lang)),
    ]


_Staged = tuple[str, str, str, str, str, str]
"""Family (base id), kind, language, title, body and story of an article to be streamed."""


def build_stream(
    seed: int = 7, per_language: int = 30, seed_dirs: list[Path] | None = None
) -> list[Item]:
    """The labelled eval stream, in ingest order: each variant comes after its base."""
    rng = random.Random(seed)
    bases = [("ar", t, b) for t, b in compose_bases("ar", per_language, rng)]
    bases += [("en", t, b) for t, b in compose_bases("en", per_language, rng)]
    bases += seed_bases(seed_dirs or [])
    # Half the bases are page scrapes with furniture; their "boilerplate" variant is clean.
    staged: list[_Staged] = []
    for number, (lang, title, body) in enumerate(bases):
        base_id = f"base-{number}"
        scraped = number % 2 == 1
        original = _furnish(body, lang, rng) if scraped else body
        staged.append((base_id, "base", lang, title, original, ""))
        other = _scrambled(_next_body(bases, number), rng)
        for kind, v_title, v_body in variants(title, body, lang, other, rng):
            if kind == "boilerplate" and scraped:
                v_body = body
            elif kind == "resend":
                v_body = original
            elif kind == "exact":
                v_body = _exact_copy(original, rng, lang)
            staged.append((base_id, kind, lang, v_title, v_body, ""))
    return _ordered(staged, rng, datetime(2018, 2, 1, tzinfo=UTC))


def _scrambled(text: str, rng: random.Random) -> str:
    """The words of a text in random order: other text whose word 3-grams are in no article.

    A site's own lead is taken from it; taken from an article of the stream, the lead would
    make its copy partly a copy of that article too, and two leads could share sentences.
    """
    words = text.split()
    rng.shuffle(words)
    return " ".join(words)


def _next_body(bases: list[tuple[str, str, str]], number: int) -> str:
    """The body of the next base in the same language."""
    lang = bases[number][0]
    for step in range(1, len(bases)):
        other_lang, _title, body = bases[(number + step) % len(bases)]
        if other_lang == lang:
            return body
    return ""


def _pool_text(lang: str) -> str:
    """The sentence pool of a language: news-like words of no real article."""
    return (DATA / f"sentences_{lang}.txt").read_text(encoding="utf-8").replace("\n", " ")


def real_bases(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """Name, story, language, title and body of the real articles under ``shared``.

    ``realnews/ar`` and ``realnews/en`` (never ``mixed``), oldest first, and the seed articles
    of ``seeds``; each seed is its own story. Read at run time: none of it is in the repo.
    """
    found = []
    for part in ("ar", "en"):
        for path in sorted((shared / "realnews" / part / "articles").glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            found.append(
                (
                    record["published_at"],
                    record["id"],
                    record["story"],
                    record["language"],
                    record["title"] or "",
                    record["body"],
                )
            )
    found.sort()
    seeds = [
        (name, name, lang, title, body)
        for name, lang, title, body in seed_articles([shared / "seeds"])
        if not is_labelled_copy(name)
    ]
    return [(n, story, lang, t, b) for _at, n, story, lang, t, b in found] + seeds


def build_real_passes(shared: Path, seed: int = 7) -> list[list[Item]]:
    """Streams of real articles, each copy in a stream with the originals and no other copy.

    Pass ``p`` streams every real article in publication order, then of each one copy (or
    article quoting it), of the ``p``-th kind after the article's own number, so a copy can
    only be found through its original. A last pass streams each article as a site printed
    it under its own lead, then a plain copy cut to 30-50% (``recut``): the original text
    itself never arrives.
    """
    rng = random.Random(seed)
    bases = real_bases(shared)
    copies = []
    for _name, _story, lang, title, body in bases:
        other = _scrambled(_pool_text(lang), rng)
        made = {k: (t, b) for k, t, b in variants(title, body, lang, other, rng)}
        share = rng.choice(list(CUT_SHARES.values()))
        made[RECUT] = (title, cut(body, share))
        copies.append(made)
    passes = []
    start = datetime(2019, 1, 1, tzinfo=UTC)
    kinds = (*COPY_KINDS, QUOTE)
    for number in range(len(kinds)):
        staged: list[_Staged] = [(n, "base", lang, t, b, story) for n, story, lang, t, b in bases]
        for at, (name, _story, lang, _title, _body) in enumerate(bases):
            kind = kinds[(at + number) % len(kinds)]
            staged.append((name, kind, lang, *copies[at][kind], ""))
        passes.append(_ordered(staged, rng, start, shuffle_bases=False))
    staged = []
    for (name, story, lang, _title, _body), made in zip(bases, copies, strict=True):
        staged.append((name, "base", lang, *made["lead"], story))
        staged.append((name, RECUT, lang, *made[RECUT], ""))
    passes.append(_ordered(staged, rng, start, shuffle_bases=False))
    return passes


def _ordered(
    staged: list[_Staged], rng: random.Random, start: datetime, shuffle_bases: bool = True
) -> list[Item]:
    """Every base before every variant, families interleaved as a feed would; ingest records."""
    if shuffle_bases:
        rng.shuffle(staged)
    else:
        bases = [s for s in staged if s[1] == "base"]
        copies = [s for s in staged if s[1] != "base"]
        rng.shuffle(copies)
        staged = bases + copies
    staged.sort(key=lambda item: item[1] != "base")
    stream = []
    for offset, (base_id, kind, lang, title, body, story) in enumerate(staged):
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
        envelope = ArticleEnvelope(article=article, ingest=ingest)
        stream.append(Item(envelope, base_id, kind, story))
    return stream
