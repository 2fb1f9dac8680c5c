"""Generated news feeds with known outcomes, built from the project's own seeds/ text.

A feed is a set of *stories*: one tracked figure (people killed, injured or displaced by an
event in a country) reported in ``reports`` waves with a rising toll, by different outlets, in
English and Arabic. Every article pads its one figure sentence with claim-free sentences taken
from ``seeds/``, so it raises exactly the claims the story intends. Some articles are reprinted
(exact copies and trimmed copies under new urls) in the next wave.

Waves are produced one after another: every report of a figure arrives after the one before it,
whatever the partitioning, so the alerts the embedded pipeline computes over the same articles
are the alerts the workers must send.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from schemas.article import Article, ArticleEnvelope, IngestMeta
from streams.claims.extract import extract_claims
from streams.dedup.deduplicator import Deduplicator
from streams.pipeline import build_embedded_pipeline
from streams.settings import Settings
from streams.text.sentences import sentence_spans

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
LEXICONS = ROOT / "streams" / "claims" / "lexicons"
# In the past: a date more than a day after ingest is out of range and never tracked.
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)

# One figure sentence per language and predicate; {n} is the figure.
TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "killed": "At least {n} people were killed in the {event} in {place}, officials said.",
        "injured": "At least {n} people were injured in the {event} in {place}, officials said.",
        "displaced": "The {event} in {place} has displaced at least {n} people, officials said.",
    },
    "ar": {
        "killed": "قالت السلطات إن {n} شخصا على الأقل قتلوا في {event} في {place}.",
        "injured": "قالت السلطات إن {n} شخصا على الأقل أصيبوا في {event} في {place}.",
        "displaced": "قالت السلطات إن {event} في {place} أجبر {n} شخص على الأقل على النزوح.",
    },
}
SOURCES = ("Levant Wire", "Meridian Report", "صحيفة الأفق", "Crescent Post", "منصة الجسر")
EVENTS = ("earthquake", "flood", "fire", "explosion", "storm")
_FILLER_DRAWS = 50


@dataclass(frozen=True, slots=True)
class Story:
    """One tracked figure: its place, event, predicate and the figure of every report."""

    place: str
    event: str
    predicate: str
    figures: tuple[int, ...]

    @property
    def frame_key(self) -> str:
        """The key the figure's own sentence gets (``Claim.frame_key``)."""
        return f"{self.predicate}|person|-|{self.place}|{self.event}"


@dataclass(slots=True)
class Feed:
    """Articles in waves, and what the pipeline must make of them."""

    waves: list[list[dict[str, Any]]]
    expected_alerts: dict[str, str] = field(default_factory=dict)
    """Alert id to its summary, as the embedded pipeline computes them."""
    claim_articles: list[set[str]] = field(default_factory=list)
    """Per wave, the ids of unique articles that carry claims."""

    @property
    def articles(self) -> list[dict[str, Any]]:
        """Every article, in production order."""
        return [article for wave in self.waves for article in wave]

    def messages(self) -> Iterator[tuple[bytes, bytes]]:
        """(key, value) of every article as a producer sends it."""
        for article in self.articles:
            yield article["id"].encode(), encode_article(article)


def encode_article(article: dict[str, Any]) -> bytes:
    """JSON bytes of an article dict."""
    return json.dumps(article, ensure_ascii=False).encode("utf-8")


@lru_cache(maxsize=1)
def _names() -> dict[str, dict[str, dict[str, str]]]:
    places = json.loads((LEXICONS / "places.json").read_text(encoding="utf-8"))["places"]
    events = json.loads((LEXICONS / "events.json").read_text(encoding="utf-8"))["events"]
    countries = {
        key: {"en": entry["label"], "ar": entry["ar"][0]}
        for key, entry in places.items()
        if "within" not in entry and entry.get("en") and entry.get("ar")
    }
    return {
        "places": countries,
        "events": {key: {"en": events[key]["en"][0], "ar": events[key]["ar"][1]} for key in EVENTS},
    }


def _seed_texts() -> Iterator[str]:
    for path in sorted((SEEDS / "ar").glob("*.txt")):
        yield path.read_text(encoding="utf-8")
    for line in (SEEDS / "en" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)["body"]


def _claims_of(body: str, language: str = "und", title: str = "") -> list[Any]:
    article = Article.model_validate(
        {
            "source": "corpus",
            "title": title,
            "body": body,
            "language": language,
            "published_at": EPOCH,
        }
    )
    return extract_claims(article)


@lru_cache(maxsize=1)
def filler_sentences() -> dict[str, tuple[str, ...]]:
    """Sentences of seeds/ that raise no claim on their own, by language (ar, en)."""
    pool: dict[str, list[str]] = {"ar": [], "en": []}
    for text in _seed_texts():
        for start, end in sentence_spans(text):
            sentence = text[start:end].strip()
            if len(sentence) < 40 or any(ch.isdigit() for ch in sentence):
                continue
            language = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in sentence) else "en"
            if not _claims_of(sentence, language):
                pool[language].append(sentence)
    return {language: tuple(dict.fromkeys(sentences)) for language, sentences in pool.items()}


def figure_sentence(story: Story, report: int, language: str) -> str:
    """The sentence stating report ``report`` of ``story``."""
    names = _names()
    return TEMPLATES[language][story.predicate].format(
        n=f"{story.figures[report]:,}" if language == "en" else str(story.figures[report]),
        event=names["events"][story.event][language],
        place=names["places"][story.place][language],
    )


def stories(count: int, reports: int, rng: random.Random) -> list[Story]:
    """``count`` stories over distinct metric keys whose sentences extract as intended."""
    names = _names()
    combos = [
        (place, event, predicate)
        for place in sorted(names["places"])
        for event in EVENTS
        for predicate in ("killed", "injured", "displaced")
    ]
    rng.shuffle(combos)
    chosen: list[Story] = []
    for place, event, predicate in combos:
        if len(chosen) == count:
            break
        base = rng.randrange(20, 400)
        figures = tuple(base * (2**step) + rng.randrange(10) for step in range(reports))
        story = Story(place, event, predicate, figures)
        if all(_extracts_as_intended(story, language) for language in ("en", "ar")):
            chosen.append(story)
    if len(chosen) < count:
        raise ValueError(f"only {len(chosen)} stories extract cleanly, {count} asked")
    return chosen


def _extracts_as_intended(story: Story, language: str) -> bool:
    claims = _claims_of(figure_sentence(story, 0, language), language)
    return (
        len(claims) == 1
        and claims[0].frame_key == story.frame_key
        and claims[0].story_key is not None
    )


def article_for(
    story: Story, report: int, number: int, rng: random.Random, fillers: int = 6
) -> dict[str, Any]:
    """A report of ``story``: its figure sentence among claim-free seed sentences.

    Fillers are drawn again until the whole article raises the story's one claim: a filler
    naming another place or event could otherwise move the figure onto another story's
    metric key, and two stories on one key make the alerts depend on arrival order.
    """
    language = rng.choice(("en", "ar"))
    pool = filler_sentences()[language]
    title = f"{story.event} {story.place} {report + 1}"
    sentence = figure_sentence(story, report, language)
    for _ in range(_FILLER_DRAWS):
        body = rng.sample(pool, fillers)
        body.insert(rng.randrange(fillers + 1), sentence)
        text = " ".join(body)
        if [c.frame_key for c in _claims_of(text, language, title)] == [story.frame_key]:
            break
    else:
        raise ValueError(f"no filler draw keeps {story.frame_key!r} on its own key")
    source = SOURCES[(number + report) % len(SOURCES)]
    return {
        "id": f"rel-{number:07d}",
        "source": source,
        "url": f"https://example.org/reliability/{number}",
        "title": title,
        "body": text,
        "language": language,
        "published_at": (EPOCH + timedelta(days=3 * report, minutes=number % 1000)).isoformat(),
    }


def reprint(article: dict[str, Any], number: int, trimmed: bool) -> dict[str, Any]:
    """A copy of ``article`` by another outlet: identical, or without its last sentence."""
    body = article["body"]
    if trimmed:
        body = body[: body.rstrip(".").rfind(".") + 1] or body
    published = datetime.fromisoformat(article["published_at"]) + timedelta(hours=6)
    return {
        **article,
        "id": f"rel-{number:07d}",
        "source": "Global Desk News",
        "url": f"https://example.org/reliability/{number}",
        "published_at": published.isoformat(),
        "body": body,
    }


def build_feed(
    story_count: int,
    reports: int = 3,
    copy_share: float = 0.2,
    seed: int = 8,
    settings: Settings | None = None,
) -> Feed:
    """A feed of ``story_count`` stories in ``reports`` waves, with expected alerts computed."""
    settings = settings or Settings()
    rng = random.Random(seed)
    plot = stories(story_count, reports, rng)
    seen = Deduplicator(threshold=settings.dedup_threshold)
    waves: list[list[dict[str, Any]]] = []
    number = 0
    carried: list[dict[str, Any]] = []
    for report in range(reports + 1):
        wave = list(carried)
        carried = []
        for story in plot if report < reports else []:
            article = _distinct_article(story, report, number, rng, seen)
            number += 1
            wave.append(article)
            if rng.random() < copy_share:
                copy = reprint(article, number, trimmed=rng.random() < 0.5)
                number += 1
                # A trimmed copy may read closer to another story's article than to its own.
                verdict = seen.check(_envelope(copy, number))
                if verdict is not None and verdict.duplicate_of.startswith(f"{article['id']}~"):
                    carried.append(copy)
        rng.shuffle(wave)
        if wave:
            waves.append(wave)
    feed = Feed(waves)
    _expect(feed, settings)
    return feed


def _envelope(article: dict[str, Any], offset: int) -> ArticleEnvelope:
    ingest = IngestMeta(topic="corpus", partition=-1, offset=offset, timestamp=EPOCH)
    return ArticleEnvelope(article=Article.model_validate(article), ingest=ingest)


def _distinct_article(
    story: Story, report: int, number: int, rng: random.Random, seen: Deduplicator
) -> dict[str, Any]:
    """:func:`article_for`, drawn again while it reads as a copy of an earlier article.

    Articles of different stories share filler sentences; one that passes the near-duplicate
    threshold would be kept or dropped depending on which of the two arrives first, and the
    expected alerts would depend on arrival order.
    """
    for draw in range(_FILLER_DRAWS):
        article = article_for(story, report, number, rng)
        # Each draw under its own id, or the second would be taken for a resend of the first.
        if seen.check(_envelope({**article, "id": f"{article['id']}~{draw}"}, number)) is None:
            return article
    raise ValueError(f"no draw of {story.frame_key!r} report {report} reads as its own article")


def _expect(feed: Feed, settings: Settings) -> None:
    pipeline = build_embedded_pipeline(settings)
    offset = 0
    for wave in feed.waves:
        with_claims: set[str] = set()
        for article in wave:
            # Read as it is published, as a worker fed live reads it.
            read_at = datetime.fromisoformat(article["published_at"])
            envelope = ArticleEnvelope(
                article=Article.model_validate(article),
                ingest=IngestMeta(topic="corpus", partition=-1, offset=offset, timestamp=read_at),
            )
            offset += 1
            outcome = pipeline.process(envelope)
            if outcome.claims:
                with_claims.add(article["id"])
            for alert in outcome.alerts:
                feed.expected_alerts[alert.alert_id] = alert.summary
        feed.claim_articles.append(with_claims)


def main() -> None:
    """Print a feed's figures: articles, waves, copies, expected alerts."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--reports", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write the articles as JSON lines here")
    args = parser.parse_args()
    feed = build_feed(args.stories, args.reports)
    print(f"articles={len(feed.articles)} waves={len(feed.waves)}")
    print(f"expected_alerts={len(feed.expected_alerts)}")
    if args.out:
        args.out.write_text(
            "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in feed.articles),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
