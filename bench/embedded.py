"""One-core throughput of each pure stage and of the whole embedded pipeline, in CPU seconds."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from faust.utils import json as faust_json

from bench.report import Row
from bench.timing import cpu_seconds, each
from schemas.article import ArticleEnvelope, IngestMeta
from schemas.claim import Claim
from streams.claims.extract import extract_claims
from streams.dedup.config import DedupConfig
from streams.dedup.deduplicator import Deduplicator
from streams.figures.rules import ChangeRules
from streams.figures.tracker import FigureTracker
from streams.pipeline import build_embedded_pipeline, claims_of
from streams.settings import Settings, get_settings
from streams.validation import Limits, validate_message

STAGES = (
    "validation",
    "dedup",
    "extraction",
    "figure tracking",
    "figure tracking, JSON store (as the worker's table)",
    "whole pipeline (validation + build_embedded_pipeline)",
)


@dataclass(frozen=True, slots=True)
class Rate:
    """What one stage did in one run: articles in, their bytes, CPU seconds, items out."""

    articles: int
    input_bytes: int
    seconds: float

    @property
    def articles_per_second(self) -> float:
        """Articles through the stage per CPU second."""
        return self.articles / self.seconds

    @property
    def megabytes_per_second(self) -> float:
        """Input megabytes (10^6 bytes of raw messages) per CPU second."""
        return self.input_bytes / 1e6 / self.seconds


class JsonStore(MutableMapping[str, Any]):
    """A dict whose values go through Faust's table JSON codec, as a worker's table's do."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def __getitem__(self, key: str) -> Any:
        return faust_json.loads(self.data[key])

    def __setitem__(self, key: str, value: Any) -> None:
        dumped = faust_json.dumps(value)
        # orjson (when installed) gives bytes, the standard library str; Faust takes both.
        self.data[key] = dumped.decode("utf-8") if isinstance(dumped, bytes) else dumped

    def __delitem__(self, key: str) -> None:
        del self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def _ingest(offset: int) -> IngestMeta:
    return IngestMeta(
        topic="bench", partition=0, offset=offset, timestamp=datetime(2018, 1, 1, tzinfo=UTC)
    )


def measure(raws: list[bytes], settings: Settings) -> dict[str, Rate]:
    """Run every stage once over the messages, each fed the previous stage's output."""
    limits = Limits.from_settings(settings)
    ingests = [_ingest(offset) for offset in range(len(raws))]
    size = {id(ingest): len(raw) for ingest, raw in zip(ingests, raws, strict=True)}
    rates: dict[str, Rate] = {}

    seconds, validated = cpu_seconds(
        lambda: [
            validate_message(raw, ingest, limits) for raw, ingest in zip(raws, ingests, strict=True)
        ]
    )
    envelopes = [e for e in validated if isinstance(e, ArticleEnvelope)]
    total = sum(len(raw) for raw in raws)
    rates[STAGES[0]] = Rate(len(raws), total, seconds)

    dedup = Deduplicator(config=DedupConfig.from_settings(settings))
    seconds, verdicts = cpu_seconds(each(dedup.check, envelopes))
    unique = [e for e, v in zip(envelopes, verdicts, strict=True) if v is None]
    rates[STAGES[1]] = Rate(len(envelopes), total, seconds)

    unique_bytes = sum(size[id(e.ingest)] for e in unique)
    seconds, extracted = cpu_seconds(each(lambda e: claims_of(e, extract_claims), unique))
    rates[STAGES[2]] = Rate(len(unique), unique_bytes, seconds)

    claims: list[Claim] = [claim for batch in extracted for claim in batch]  # type: ignore[attr-defined]
    rules = ChangeRules.from_settings(settings)
    for stage, as_json in ((STAGES[3], False), (STAGES[4], True)):
        tracker = FigureTracker(rules, JsonStore() if as_json else {}, as_json=as_json)
        seconds, _ = cpu_seconds(each(tracker.observe, claims))
        rates[stage] = Rate(len(unique), unique_bytes, seconds)

    pipeline = build_embedded_pipeline(settings)

    def whole() -> None:
        for raw, ingest in zip(raws, ingests, strict=True):
            outcome = validate_message(raw, ingest, limits)
            if isinstance(outcome, ArticleEnvelope):
                pipeline.process(outcome)

    seconds, _ = cpu_seconds(whole)
    rates[STAGES[5]] = Rate(len(raws), total, seconds)
    return rates


def state_row(messages: list[tuple[bytes, bytes]]) -> Row:
    """Bytes per retained article of the embedded deduplicator, as its JSON stores measure."""
    settings = get_settings()
    limits = Limits.from_settings(settings)
    dedup = Deduplicator(config=DedupConfig.from_settings(settings))
    for offset, (_, raw) in enumerate(messages):
        outcome = validate_message(raw, _ingest(offset), limits)
        if isinstance(outcome, ArticleEnvelope):
            dedup.check(outcome)
    per_article = sum(dedup.state_bytes().values()) / max(1, dedup.retained())
    return Row(
        "4. state (embedded Deduplicator.state_bytes)",
        "dedup state per retained article",
        [per_article],
        "bytes",
        256.0,
        higher_is_better=False,
    )
