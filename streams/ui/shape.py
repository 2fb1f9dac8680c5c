"""Pure shaping of figure histories and alerts into the JSON the timeline page reads.

Both servers (the worker's Faust pages and ``figwatch ui``) call these functions, so the page
sees the same data whichever serves it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from schemas.alert import Alert
from schemas.figure import FigureEntry, FigureHistory
from schemas.observation import Observation
from streams.figures.history import change_id, standing_index, story_name
from streams.figures.query import figure_entry, history_view
from streams.figures.rules import ChangeRules, compare
from streams.figures.summary import (
    alert_summary,
    figure_name,
    format_change,
    format_figure,
    format_value,
    summarize,
)
from streams.ui.links import safe_link

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ku", "yi"})
"""Languages written right to left: their text is marked ``dir="rtl"``."""


def text_direction(language: str) -> str:
    """``rtl`` for a right-to-left language code (``ar``, ``ar-EG``), else ``ltr``."""
    return "rtl" if language.split("-")[0].casefold() in RTL_LANGUAGES else "ltr"


def evidence_parts(obs: Observation) -> dict[str, str]:
    """Split the evidence sentence around the figure as written, to highlight it.

    The figure is the first occurrence of ``obs.surface`` in the evidence; when the surface
    is not found verbatim, the whole sentence is ``before`` and nothing is highlighted.
    """
    start = obs.evidence.find(obs.surface) if obs.surface else -1
    if start < 0:
        return {"before": obs.evidence, "figure": "", "after": ""}
    end = start + len(obs.surface)
    return {
        "before": obs.evidence[:start],
        "figure": obs.evidence[start:end],
        "after": obs.evidence[end:],
    }


def article_words(
    history: FigureHistory, concept_words: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """The words the articles used for this figure: the latest report's wording per language.

    ``concept_words`` maps claim ids to the words for what is counted (``Claim.concept_text``),
    when the server knows them; they follow the figure as in the article (``30 ألف مقاتل``).
    """
    latest: dict[str, Observation] = {}
    for obs in history.observations:
        latest[obs.language] = obs
    words = []
    for language in sorted(latest):
        obs = latest[language]
        concept = (concept_words or {}).get(obs.claim_id, "")
        text = f"{obs.surface} {concept}" if concept else obs.surface
        words.append({"language": language, "dir": text_direction(language), "text": text})
    return words


def alert_markers(
    history: FigureHistory, rules: ChangeRules, known: Mapping[str, Alert] | None = None
) -> list[dict[str, Any]]:
    """The alerted changes of a history as pairs of report indices, oldest first.

    A history keeps only the ids of the alerts it raised; an id names the change from one
    figure to another, so the first pair of reports carrying that change (the later report
    against the figure that stood before it) is where the alert is drawn. ``kind`` and
    ``severity`` come from ``known`` alerts and are None for alerts the server never saw.
    The summary names the story of the later report, as the alert did.
    """
    observations = history.observations
    alerted = set(history.alerted)
    markers: list[dict[str, Any]] = []
    for later in range(len(observations)):
        earlier = standing_index(observations, later)
        if earlier is None:
            continue
        previous, current = observations[earlier], observations[later]
        identity = change_id(history.metric_key, observations, earlier, later)
        if identity not in alerted:
            continue
        alerted.discard(identity)
        comparison = compare(previous, current, rules)
        alert = (known or {}).get(identity)
        markers.append(
            {
                "alert_id": identity,
                "kind": alert.kind if alert else None,
                "severity": alert.severity if alert else None,
                "previous_index": earlier,
                "current_index": later,
                "direction": comparison.direction,
                "relative_change": comparison.relative_change,
                "change": format_change(comparison.relative_change, comparison.direction),
                "summary": summarize(
                    figure_name(
                        history.quantity_label, story_name(observations, later), history.label
                    ),
                    previous,
                    current,
                    comparison.relative_change,
                    comparison.direction,
                ),
                "published_at": current.published_at.isoformat(),
            }
        )
    return markers


def figure_summary(
    history: FigureHistory,
    rules: ChangeRules,
    known: Mapping[str, Alert] | None = None,
    concept_words: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """One row of the index: quantity, story, the articles' words, current figure, last change."""
    observations = history.observations
    latest = observations[-1] if observations else None
    markers = alert_markers(history, rules, known)
    last = markers[-1] if markers else None
    entry = figure_entry(history)
    return {
        "metric_key": history.metric_key,
        "label": history.label,
        "quantity": entry.quantity,
        "story_key": entry.story_key,
        "story": entry.story,
        "name": figure_name(entry.quantity, entry.story, entry.label),
        "words": article_words(history, concept_words),
        "current": None
        if latest is None
        else {
            "figure": format_figure(latest),
            "value": format_value(latest),
            "qualifier": latest.qualifier,
            # A vague count has no single value; its low end sorts it among the others.
            "number": latest.value_low if latest.representative is None else latest.representative,
            "published_at": latest.published_at.isoformat(),
            "source": latest.source,
        },
        "last_change": None
        if last is None
        else {
            key: last[key]
            for key in ("alert_id", "kind", "direction", "change", "summary", "published_at")
        }
        | {"relative_change": last["relative_change"]},
        "sources": len({obs.source for obs in observations}),
        "reports": len(observations),
        "alerts": len(markers),
    }


def figure_index(
    histories: Iterable[FigureHistory],
    rules: ChangeRules,
    known: Mapping[str, Alert] | None = None,
    concept_words: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The index of tracked figures grouped by story, so a story's figures read together.

    Stories with the most recent change come first, then the steady ones by name, then the
    figures with no story; within a story, the most recently changed figure first, then the
    rest by key. A story is named as its earliest figure's alerts name it.
    """
    stories: list[dict[str, Any]] = []
    for members in story_groups(h for h in histories if h.observations):
        rows = _newest_change_first(
            [figure_summary(h, rules, known, concept_words) for _, h in members]
        )
        first = members[0][0]
        stories.append({"story_key": first.story_key, "story": first.story, "figures": rows})
    changed = sorted(
        (s for s in stories if s["figures"][0]["last_change"]),
        key=lambda s: (s["figures"][0]["last_change"]["published_at"], s["story"]),
        reverse=True,
    )
    steady = sorted(
        (s for s in stories if not s["figures"][0]["last_change"]),
        key=lambda s: (s["story_key"] is None, s["story"].casefold(), s["story_key"] or ""),
    )
    return {"stories": changed + steady}


def story_groups(
    histories: Iterable[FigureHistory],
) -> Iterator[list[tuple[FigureEntry, FigureHistory]]]:
    """The histories of each story together, each named, earliest story start first.

    A figure belongs to the story of its latest report. Figures of one story key whose
    stories lie further apart than the story's window are two stories (a quake in Morocco in
    2004 and one in 2023), as they are within one history; figures with no story make one
    group of their own.
    """
    by_key: dict[str | None, list[tuple[FigureEntry, FigureHistory]]] = {}
    for history in histories:
        entry = figure_entry(history)
        by_key.setdefault(entry.story_key, []).append((entry, history))
    for key, members in by_key.items():
        if key is None:
            yield members
            continue
        members.sort(key=lambda m: (m[0].story_began, m[0].metric_key))
        group: list[tuple[FigureEntry, FigureHistory]] = []
        end: datetime | None = None
        for entry, history in members:
            latest = history.observations[-1]
            began = entry.story_began or latest.published_at
            if end is not None and began - end > timedelta(days=latest.story_window_days):
                # It began too long after every figure so far: another story of this kind
                # and place.
                yield group
                group, end = [], None
            group.append((entry, history))
            end = max(end or latest.published_at, latest.published_at)
        yield group


def _newest_change_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    changed = sorted(
        (row for row in rows if row["last_change"]),
        key=lambda row: (row["last_change"]["published_at"], row["metric_key"]),
        reverse=True,
    )
    steady = sorted((row for row in rows if not row["last_change"]), key=lambda r: r["metric_key"])
    return changed + steady


def figure_detail(
    history: FigureHistory,
    rules: ChangeRules,
    known: Mapping[str, Alert] | None = None,
    concept_words: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A figure page: the history view plus what the plot and the evidence table need.

    Each report's ``link`` is its article's URL when that may be a link (an http(s) URL, see
    ``safe_link``), else None; ``observation.url`` stays as sent, untrusted.
    """
    view = history_view(history, rules)
    for entry in view["observations"]:
        obs = Observation.model_validate(entry["observation"])
        entry["dir"] = text_direction(obs.language)
        entry["evidence_parts"] = evidence_parts(obs)
        entry["link"] = safe_link(obs.url)
    sources: list[str] = []
    for obs in history.observations:
        if obs.source not in sources:
            sources.append(obs.source)
    view["summary"] = figure_summary(history, rules, known, concept_words)
    view["markers"] = alert_markers(history, rules, known)
    view["sources"] = sources
    view["tolerance"] = rules.approx_tolerance
    return view


def alert_item(sequence: int, alert: Alert) -> dict[str, Any]:
    """One entry of the live alert feed, naming the quantity and its story."""
    return {
        "seq": sequence,
        "alert_id": alert.alert_id,
        "kind": alert.kind,
        "severity": alert.severity,
        "metric_key": alert.metric_key,
        "label": alert.label,
        "name": figure_name(alert.quantity, alert.story, alert.label),
        "story_key": alert.story_key,
        "summary": alert_summary(alert),
        "direction": alert.direction,
        "change": format_change(alert.relative_change, alert.direction),
        "published_at": alert.current.published_at.isoformat(),
        "emitted_at": alert.emitted_at.isoformat() if alert.emitted_at else None,
    }
