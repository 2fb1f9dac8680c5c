from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from schemas.article import Article, ArticleEnvelope, IngestMeta
from streams.dedup.deduplicator import Deduplicator

DATA = Path(__file__).resolve().parents[2] / "data" / "dedup"
SEEDS = Path("/work/shared/seeds")
START = datetime(2018, 2, 5, tzinfo=UTC)

OFFSETS = iter(range(1_000_000))


def envelope(
    article_id: str, body: str, title: str = "", published: datetime = START
) -> ArticleEnvelope:
    offset = next(OFFSETS)
    article = Article(id=article_id, source="s", title=title, body=body, published_at=published)
    ingest = IngestMeta(
        topic="in", partition=0, offset=offset, timestamp=START + timedelta(seconds=offset)
    )
    return ArticleEnvelope(article=article, ingest=ingest)


def story(lang: str, first: int, count: int = 12) -> str:
    lines = (DATA / f"sentences_{lang}.txt").read_text(encoding="utf-8").splitlines()
    picked = lines[first : first + count]
    return "\n\n".join(" ".join(picked[i : i + 2]) for i in range(0, len(picked), 2))


def truncate(text: str, share: float) -> str:
    return text[: text.rfind(" ", 0, int(len(text) * share))]


def light_edit(text: str) -> str:
    words = text.split(" ")
    del words[len(words) // 3]
    words.insert(len(words) // 2, "also")
    return " ".join(words)


AR = story("ar", 0)
EN = story("en", 20)
Variant = Callable[[str], tuple[str, str]]
VARIANTS: list[tuple[str, Variant, set[str]]] = [
    ("new headline", lambda b: ("Quite another headline", b), {"near"}),
    ("byline and share lines", lambda b: ("T", f"By Staff\n{b}\nShare this\nFollow us"), {"exact"}),
    (
        "read-more block",
        lambda b: ("T", b.replace("\n\n", "\n\nRead more\nFuel prices rise again\n\n", 1)),
        {"near"},
    ),
    ("render timestamp on top", lambda b: ("T", f"التوقيت الجمعة ٢٢ نوفمبر ٢٠٢٤\n{b}"), {"exact"}),
    ("truncated to 70%", lambda b: ("T", truncate(b, 0.7)), {"near"}),
    ("truncated to 90%", lambda b: ("T", truncate(b, 0.9)), {"near"}),
    ("light edits", lambda b: ("T", light_edit(b)), {"near"}),
    ("digits and diacritics", lambda b: ("T", b.replace("0", "٠").replace("ال", "اَل")), {"exact"}),
]


@pytest.mark.parametrize("body", [AR, EN], ids=["ar", "en"])
@pytest.mark.parametrize(("name", "variant", "kinds"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_reprint_variants_are_duplicates_of_the_original(
    body: str, name: str, variant: Variant, kinds: set[str]
) -> None:
    dedup = Deduplicator()
    assert dedup.check(envelope("orig", body, title="T")) is None
    title, copy = variant(body)
    record = dedup.check(envelope("copy", copy, title=title))
    assert record is not None, name
    assert record.duplicate_of == "orig"
    assert record.kind in kinds
    assert record.similarity >= 0.8, "a reprint has most of its shingles in the original"


def paragraphs(text: str, share: float) -> str:
    """The first ``share`` of a body's paragraphs, as a site cutting a syndicated story."""
    kept = text.split("\n\n")
    return "\n\n".join(kept[: max(1, round(len(kept) * share))])


def with_lead(text: str, lang: str, first: int, count: int) -> str:
    """A body under a site's own lead paragraph of ``count`` other sentences."""
    return f"{' '.join(story(lang, first, count).split())}\n\n{text}"


SYNDICATED: list[tuple[str, Callable[[str, str], str]]] = [
    ("cut to 30% of its paragraphs", lambda b, lang: paragraphs(b, 0.3)),
    ("cut to 40%", lambda b, lang: paragraphs(b, 0.4)),
    ("cut to 50%", lambda b, lang: paragraphs(b, 0.5)),
    ("under a site's own lead", lambda b, lang: with_lead(b, lang, 40, 3)),
    ("cut to half under a lead", lambda b, lang: with_lead(paragraphs(b, 0.5), lang, 40, 2)),
]


@pytest.mark.parametrize(("body", "lang"), [(AR, "ar"), (EN, "en")], ids=["ar", "en"])
@pytest.mark.parametrize(("name", "variant"), SYNDICATED, ids=[v[0] for v in SYNDICATED])
def test_syndicated_cuts_and_copies_under_a_new_lead_are_near_duplicates(
    body: str, lang: str, name: str, variant: Callable[[str, str], str]
) -> None:
    dedup = Deduplicator()
    assert dedup.check(envelope("orig", body, title="T")) is None
    record = dedup.check(envelope("copy", variant(body, lang), title="T"))
    assert record is not None, name
    assert (record.kind, record.duplicate_of) == ("near", "orig")


@pytest.mark.parametrize(("body", "lang"), [(AR, "ar"), (EN, "en")], ids=["ar", "en"])
def test_a_cut_copy_of_an_article_that_came_only_under_a_lead_is_a_near_duplicate(
    body: str, lang: str
) -> None:
    dedup = Deduplicator()
    assert dedup.check(envelope("led", with_lead(body, lang, 40, 3), title="T")) is None
    record = dedup.check(envelope("cut", paragraphs(body, 0.4), title="T"))
    assert record is not None and record.duplicate_of == "led"


@pytest.mark.parametrize(("body", "lang"), [(AR, "ar"), (EN, "en")], ids=["ar", "en"])
def test_a_write_up_opening_with_the_wire_paragraph_is_not_a_duplicate(
    body: str, lang: str
) -> None:
    dedup = Deduplicator()
    assert dedup.check(envelope("wire", body, title="T")) is None
    own = story(lang, 40, count=6)
    assert dedup.check(envelope("write-up", f"{paragraphs(body, 0.1)}\n\n{own}")) is None


def test_the_whole_original_after_its_cut_copy_is_not_a_duplicate() -> None:
    # A third of the later article is in the earlier one: the rest is news to the reader.
    dedup = Deduplicator()
    assert dedup.check(envelope("cut", paragraphs(EN, 0.3), title="T")) is None
    assert dedup.check(envelope("full", EN, title="T")) is None


def test_a_resend_is_recognised_and_an_update_passes_on() -> None:
    dedup = Deduplicator()
    assert dedup.check(envelope("a1", AR)) is None
    assert dedup.check(envelope("a1", EN)) is None, "new content under one id is an update"
    record = dedup.check(envelope("a1", EN))
    assert record is not None and record.kind == "resend"


@pytest.mark.parametrize(
    ("first", "second"),
    [(story("ar", 0), story("ar", 12)), (story("en", 0), story("en", 10)), (AR, EN)],
)
def test_different_write_ups_on_the_same_topic_are_both_unique(first: str, second: str) -> None:
    dedup = Deduplicator()
    assert dedup.check(envelope("a", first)) is None
    assert dedup.check(envelope("b", second)) is None


def test_a_short_brief_quoted_in_a_long_article_is_not_a_duplicate() -> None:
    dedup = Deduplicator()
    brief = story("en", 0, count=4)
    assert dedup.check(envelope("brief", brief)) is None
    assert dedup.check(envelope("long", brief + "\n\n" + story("en", 30, count=16))) is None


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not on this machine")
def test_seed_write_ups_of_the_same_times_story_are_not_duplicates() -> None:
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    files = {entry["file"][:3]: SEEDS / entry["file"] for entry in manifest["articles"]}
    dedup = Deduplicator()
    for key in ("000", "004"):
        head, _, body = files[key].read_text(encoding="utf-8").partition("\n")
        assert dedup.check(envelope(key, body, title=head)) is None


@pytest.mark.parametrize("rebuild_after", [0, 1, 2, 3, 4])
def test_an_index_rebuilt_from_its_store_gives_the_same_verdicts(rebuild_after: int) -> None:
    dedup = Deduplicator()
    stream = [
        ("a", AR, "T"),
        ("b", EN, "T"),
        ("c", truncate(AR, 0.8), "T"),
        ("d", EN, "Other"),
        ("a", AR, "T"),
    ]
    verdicts = []
    for number, (article_id, body, title) in enumerate(stream):
        if number == rebuild_after:
            # A worker taking the dedup partition over starts from the table alone.
            buckets, prints = dict(dedup.index.buckets), dict(dedup.index.fingerprints)
            assert dedup.index.rebuild() == len(dedup.entries)
            assert dedup.index.buckets == buckets and dedup.index.fingerprints == prints
        record = dedup.check(envelope(article_id, body, title=title))
        verdicts.append(None if record is None else (record.kind, record.duplicate_of))
    assert verdicts == [None, None, ("near", "a"), ("near", "b"), ("resend", "a")]


def test_a_stored_entry_is_within_256_bytes() -> None:
    dedup = Deduplicator()
    dedup.check(envelope("a-long-article-id-of-forty-characters-00", AR, title="T"))
    ((ref, value),) = dedup.entries.items()
    assert len(ref) + len(value) <= 256


def test_state_outside_the_retention_window_is_purged() -> None:
    dedup = Deduplicator(retention_days=30)
    old = START - timedelta(days=40)
    assert dedup.check(envelope("old", AR, published=old)) is None
    assert dedup.check(envelope("new", EN, published=START)) is None
    assert dedup.purge(START) == 1
    assert dedup.check(envelope("again", AR)) is None
    assert dedup.check(envelope("old", AR)) is not None  # its copy "again" is retained
    record = dedup.check(envelope("new", EN))
    assert record is not None and record.kind == "resend"


def test_everything_is_purged_once_the_window_has_passed() -> None:
    dedup = Deduplicator(retention_days=1)
    for number in range(5):
        dedup.check(envelope(f"a{number}", story("en", number * 10, count=10)))
    dedup.purge(START + timedelta(days=2))
    assert dedup.retained() == 0
    assert dedup.entries == {}
    assert dedup.index.buckets == {} and dedup.index.fingerprints == {}


FEED = Path(__file__).resolve().parents[3] / "seeds"


@pytest.mark.skipif(not (FEED / "manifest.json").is_file(), reason="sample feed not written yet")
def test_the_sample_feed_reprints_and_only_they_are_duplicates() -> None:
    manifest = json.loads((FEED / "manifest.json").read_text(encoding="utf-8"))
    feed = []
    for entry in manifest["articles"]:
        head, _, body = (FEED / entry["file"]).read_text(encoding="utf-8").partition("\n")
        feed.append((entry["published_at"], Path(entry["file"]).stem, head, body))
    for path in FEED.glob("**/*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            feed.append((record["published_at"], record["id"], record["title"], record["body"]))
    dedup = Deduplicator()
    flagged = set()
    for published_at, name, title, body in sorted(feed):
        published = datetime.fromisoformat(published_at.replace("Z", "+00:00"))
        if dedup.check(envelope(name, body, title=title, published=published)) is not None:
            flagged.add(name)
    assert flagged == {name for _, name, _, _ in feed if "reprint" in name or "copy" in name}
