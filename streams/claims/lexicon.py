"""Load the lexicon data files that drive extraction (number words, concepts, predicates...)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_lexicon(name: str) -> Any:
    """Parsed JSON of ``streams/claims/lexicons/<name>.json``, read once per process."""
    path = resources.files("streams.claims").joinpath("lexicons", f"{name}.json")
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)
