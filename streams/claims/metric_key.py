"""Metric keys and labels: one canonical, language-independent name per tracked figure."""

from __future__ import annotations

from functools import lru_cache

from streams.claims.frame import Frame
from streams.claims.vocab import vocabulary

_NONE = "-"


def metric_key(frame: Frame, unit: str = "count") -> str:
    """``predicate|concept|group|place|event``, plus ``|<unit>`` for shares (percent, fraction).

    Built from canonical lexicon ids only, so an Arabic and an English report of the same
    figure get the same key.
    """
    parts = [frame.predicate, frame.concept, frame.group, frame.place, frame.event]
    key = "|".join(part or _NONE for part in parts)
    if unit in ("percent", "fraction"):
        key += f"|{unit}"
    return key


def label(frame: Frame, unit: str = "count") -> str:
    """Readable English name of the figure, e.g. ``foreign fighters joined ISIS (Syria)``."""
    return _label(frame.concept, frame.predicate, frame.group, frame.place, frame.event, unit)


# Keys repeat across articles: each distinct one is worded once per process.
@lru_cache(maxsize=1 << 14)
def _label(
    concept_id: str,
    predicate_id: str | None,
    group_id: str | None,
    place: str | None,
    event: str | None,
    unit: str,
) -> str:
    vocab = vocabulary()
    concept = concept_label(concept_id)
    predicate = vocab.predicates.get(predicate_id or "", {})
    group = vocab.groups[group_id]["label"] if group_id is not None else None
    words = []
    if group and not predicate.get("object_group"):
        words.append(group)
    words.append(concept)
    if predicate:
        words.append(predicate["label"])
    if group and predicate.get("object_group"):
        words.append(group)
    details = []
    if place:
        details.append(vocab.place_labels.get(place, place))
    if event:
        details.append(vocab.events[event]["label"])
    text = " ".join(words)
    if details:
        text += f" ({'; '.join(details)})"
    if unit in ("percent", "fraction"):
        text = f"share of {text}"
    return text


def concept_label(concept: str) -> str:
    """Readable English name of a concept, including ``<origin>_fighter`` ones."""
    vocab = vocabulary()
    if concept in vocab.concepts:
        return str(vocab.concepts[concept]["label"])
    origin, _, base = concept.partition("_")
    if origin in vocab.origins and base in vocab.concepts:
        return f"{vocab.origins[origin]['label']} {vocab.concepts[base]['label']}"
    return concept.replace("_", " ")
