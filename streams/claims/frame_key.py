"""The sentence key of a figure and the English names of concepts.

The sentence key (``Claim.frame_key``) is what the figure's own sentence says, before its
article's story fills the gaps; the figure's identity is built from it in ``story.py``.
"""

from __future__ import annotations

from streams.claims.frame import Frame
from streams.claims.vocab import vocabulary

_NONE = "-"


def frame_key(frame: Frame, unit: str = "count") -> str:
    """``predicate|concept|group|place|event``, plus ``|<unit>`` for shares (percent, fraction).

    Built from canonical lexicon ids only, so an Arabic and an English sentence stating the
    same figure get the same key.
    """
    parts = [frame.predicate, frame.concept, frame.group, frame.place, frame.event]
    key = "|".join(part or _NONE for part in parts)
    if unit in ("percent", "fraction"):
        key += f"|{unit}"
    return key


def concept_label(concept: str) -> str:
    """Readable English name of a concept, including ``<origin>_fighter`` ones."""
    vocab = vocabulary()
    if concept in vocab.concepts:
        return str(vocab.concepts[concept]["label"])
    origin, _, base = concept.partition("_")
    if origin in vocab.origins and base in vocab.concepts:
        return f"{vocab.origins[origin]['label']} {vocab.concepts[base]['label']}"
    return concept.replace("_", " ")
