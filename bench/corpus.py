"""A realistic synthetic news feed built from the paragraphs of the project's sample articles.

Each article takes the headline of one seed and paragraphs of seeds in its language until it
reaches a drawn size; its figures are scaled by a per-article factor so that the same metric
keys see changing figures (and alerts). A share of the articles are reprints of earlier ones:
exact copies under another id and source, or trimmed copies (their first three quarters).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
START = datetime(2018, 1, 1, tzinfo=UTC)

_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d,.])\d+(?![\d,.])")
_ARABIC_SOURCES = ("وكالة الشرق", "صحيفة النهار", "قناة المدار", "موقع البوابة", "إذاعة الساحل")
_ENGLISH_SOURCES = ("Bench Wire", "Daily Ledger", "Coast Radio", "Morning Post", "Gulf Report")


@dataclass(frozen=True, slots=True)
class Seed:
    """One sample article: its language, headline and paragraphs."""

    language: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CorpusSpec:
    """What to generate: how many articles, their sizes, languages and reprint share."""

    count: int
    min_bytes: int = 1024
    max_bytes: int = 8192
    arabic_share: float = 0.5
    reprint_share: float = 0.10
    seed: int = 9


def _paragraphs(body: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"\n\s*\n", body) if part.strip())


def load_seeds(seeds: Path = SEEDS) -> list[Seed]:
    """The Arabic ``.txt`` seeds (first line headline) and the English JSON lines."""
    loaded = []
    for path in sorted((seeds / "ar").glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        loaded.append(Seed("ar", title.strip(), _paragraphs(body)))
    for line in (seeds / "en" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            loaded.append(Seed("en", record.get("title", ""), _paragraphs(record["body"])))
    return loaded


def scale_figures(text: str, factor: float) -> str:
    """Scale every figure of 10 or more by ``factor`` (two significant digits), except years."""

    def scaled(match: re.Match[str]) -> str:
        digits = match.group(0)
        value = int(digits.replace(",", ""))
        if value < 10 or (1900 <= value <= 2100 and "," not in digits):
            return digits
        new = max(10, int(round(value * factor, 2 - len(str(value)))))
        return f"{new:,}" if "," in digits else str(new)

    return _NUMBER.sub(scaled, text)


def _body(rng: random.Random, pool: list[str], size: int, factor: float) -> str:
    parts: list[str] = []
    used = 0
    while used < size:
        paragraph = rng.choice(pool)
        parts.append(paragraph)
        used += len(paragraph.encode("utf-8")) + 2
    body = scale_figures("\n\n".join(parts), factor).encode("utf-8")[:size]
    # Cut on a character boundary, then at the last space so no word is split.
    text = body.decode("utf-8", errors="ignore")
    return text.rsplit(" ", 1)[0] if " " in text[-200:] else text


def generate(spec: CorpusSpec, seeds: list[Seed] | None = None) -> list[dict[str, str]]:
    """Articles as input records (JSON objects), in publication order, ids unique."""
    rng = random.Random(spec.seed)
    seeds = seeds if seeds is not None else load_seeds()
    pools = {
        language: [p for s in seeds if s.language == language for p in s.paragraphs]
        for language in ("ar", "en")
    }
    titles = {language: [s.title for s in seeds if s.language == language] for language in pools}
    records: list[dict[str, str]] = []
    originals: list[dict[str, str]] = []
    for number in range(spec.count):
        published = (START + timedelta(minutes=7 * number)).isoformat()
        if originals and rng.random() < spec.reprint_share:
            base = rng.choice(originals)
            exact = rng.random() < 0.5
            body = base["body"] if exact else base["body"][: len(base["body"]) * 3 // 4]
            record = {**base, "body": body}
        else:
            language = "ar" if rng.random() < spec.arabic_share else "en"
            factor = rng.uniform(0.5, 1.6)
            size = rng.randint(spec.min_bytes, spec.max_bytes)
            record = {
                "title": scale_figures(rng.choice(titles[language]), factor),
                "body": _body(rng, pools[language], size, factor),
                "language": language,
            }
            originals.append(record)
        sources = _ARABIC_SOURCES if record["language"] == "ar" else _ENGLISH_SOURCES
        record.update(
            id=f"bench-{spec.seed}-{number}",
            source=rng.choice(sources),
            url=f"https://example.com/bench/{spec.seed}/{number}",
            published_at=published,
        )
        records.append(record)
    return records


def encode_records(records: list[dict[str, str]]) -> list[bytes]:
    """The records as the input topic carries them: UTF-8 JSON."""
    return [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in records]
