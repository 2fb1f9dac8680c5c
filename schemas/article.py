"""The input article, and the envelope that carries it between internal topics."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator

from schemas.base import AwareDatetime, FigwatchModel
from schemas.language import detect_language

# A character that shows: not white space, not a format control (bidi marks, zero-width
# joiners, soft hyphen, BOM). A body made only of those is as blank as an empty one.
_VISIBLE = re.compile(
    r"[^\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)

DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
"""Body size limit used when the caller passes no ``max_body_bytes`` validation context."""

MAX_EXTRA_DEPTH = 32
"""Deepest nesting kept in unknown extra fields; deeper values could not be written back."""


def _depth_over(value: Any, limit: int) -> bool:
    # Iterative, so that the check itself cannot hit the recursion limit.
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def derive_article_id(url: str | None, source: str, title: str, body: str) -> str:
    """Deterministic id: from the URL when there is one, else from source, title and body."""
    material = f"url\n{url.strip()}" if url else "content\n" + "\n".join((source, title, body))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:24]


class Article(FigwatchModel):
    """A news article as producers send it; unknown extra fields are kept, not rejected."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=512)
    """Stable article id; when absent, derived from `url`, else from source, title and body."""
    source: str = Field(min_length=1, max_length=1000)
    """Who published it: a site, feed or agency name."""
    url: str | None = Field(default=None, max_length=8192)
    """Canonical link to the article, if any. Untrusted: kept as sent, whatever its scheme; only
    an absolute http(s) URL with a host is ever made a link (the page API gives it as `link`,
    null for `javascript:`, `data:` or any other value)."""
    title: str = Field(default="", max_length=10_000)
    """Headline; may be empty."""
    body: str
    """Full text; must not be blank; limited in size (UTF-8 bytes) by settings."""
    language: str = Field(default="und", pattern=r"^([a-z]{2}|und)$")
    """ISO 639-1 code; detected from the text when absent."""
    published_at: AwareDatetime | None = None
    """When the article was published (timezone-aware); the Kafka timestamp when absent."""
    fetched_at: AwareDatetime | None = None
    """When a producer fetched it, if known."""

    @model_validator(mode="before")
    @classmethod
    def _fill_derived(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if not data.get("id"):
            parts = {k: data.get(k) for k in ("url", "source", "title", "body")}
            if all(isinstance(parts[k], str) for k in ("source", "body")) and isinstance(
                parts["title"] if parts["title"] is not None else "", str
            ):
                data["id"] = derive_article_id(
                    parts["url"] if isinstance(parts["url"], str) else None,
                    parts["source"],
                    parts["title"] or "",
                    parts["body"],
                )
        if data.get("title") is None:
            data["title"] = ""
        if not data.get("language") and isinstance(data.get("body"), str):
            data["language"] = detect_language(f"{data.get('title') or ''}\n{data['body']}")
        return data

    @field_validator("body")
    @classmethod
    def _body_not_blank_and_bounded(cls, value: str, info: ValidationInfo) -> str:
        if not _VISIBLE.search(value):
            raise ValueError("body is blank (only white space or invisible characters)")
        limit = DEFAULT_MAX_BODY_BYTES
        if info.context and "max_body_bytes" in info.context:
            limit = int(info.context["max_body_bytes"])
        size = len(value.encode("utf-8", "surrogatepass"))
        if "\x00" in value:
            raise ValueError("body contains NUL characters")
        if size > limit:
            raise ValueError(f"body is {size} bytes, over the limit of {limit}")
        return value

    @model_validator(mode="after")
    def _extras_shallow(self) -> Article:
        for name, value in (self.model_extra or {}).items():
            if _depth_over(value, MAX_EXTRA_DEPTH):
                raise ValueError(f"extra field {name!r} is nested deeper than {MAX_EXTRA_DEPTH}")
        return self

    @model_validator(mode="after")
    def _encodable(self) -> Article:
        # Lone surrogates (from JSON escapes like \ud800) cannot be written back as UTF-8:
        # reject them here instead of failing later in a producer.
        for name in ("id", "source", "url", "title", "body"):
            text = getattr(self, name)
            if text is None:
                continue
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError(f"{name} has an unpaired surrogate at {exc.start}") from None
        return self

    @field_validator("language", mode="before")
    @classmethod
    def _lower_language(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class IngestMeta(FigwatchModel):
    """Where and when an article entered figwatch: its input message's coordinates."""

    topic: str
    """Input topic the raw message was read from (or `replay` for the embedded mode)."""
    partition: int = Field(ge=-1)
    """Input partition (-1 when not from Kafka)."""
    offset: int = Field(ge=-1)
    """Input offset (the line or file order in the embedded mode)."""
    timestamp: AwareDatetime
    """Kafka message timestamp of the input message (the read time in the embedded mode)."""


class ArticleEnvelope(FigwatchModel):
    """A validated article on its way through the internal topics, with its ingest record."""

    article: Article
    """The validated article; `published_at` is always set here."""
    ingest: IngestMeta
    """Coordinates of the input message, for ordering, accounting and latency."""
    published_at_out_of_range: AwareDatetime | None = None
    """The article's own `published_at` when it was out of range (before 1900, or more than a
    day after ingest): `article.published_at` then holds the ingest time, and the article's
    claims are not tracked as figures."""
    fetched_at_out_of_range: AwareDatetime | None = None
    """The article's own `fetched_at` when it was out of range: `article.fetched_at` is then
    empty."""
