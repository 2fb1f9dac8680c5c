"""Write (or check) the JSON Schema of every payload model into ``schemas/json/``.

``python -m schemas.generate`` rewrites the files; ``--check`` exits non-zero when the
checked-in files differ from the models.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import BaseModel

from schemas.alert import Alert
from schemas.article import Article, ArticleEnvelope
from schemas.claim import Claim, ClaimBatch
from schemas.dead_letter import DeadLetter
from schemas.duplicate import DuplicateRecord
from schemas.figure import FigureHistory, FigureView
from schemas.observation import Observation

MODELS: tuple[type[BaseModel], ...] = (
    Article,
    ArticleEnvelope,
    Claim,
    ClaimBatch,
    Observation,
    Alert,
    DeadLetter,
    DuplicateRecord,
    FigureHistory,
    FigureView,
)
OUTPUT_DIR = Path(__file__).parent / "json"


def schema_text(model: type[BaseModel]) -> str:
    """The JSON Schema of ``model`` as stable, pretty text."""
    schema = model.model_json_schema(mode="serialization")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def schema_path(model: type[BaseModel]) -> Path:
    """Where the JSON Schema of ``model`` is kept."""
    return OUTPUT_DIR / f"{model.__name__}.schema.json"


def stale_schemas() -> list[Path]:
    """Checked-in schema files that differ from their model (or are missing)."""
    stale = []
    for model in MODELS:
        path = schema_path(model)
        if not path.exists() or path.read_text(encoding="utf-8") != schema_text(model):
            stale.append(path)
    return stale


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the files are stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_schemas()
        for path in stale:
            print(f"stale: {path} (run python -m schemas.generate)", file=sys.stderr)
        return 1 if stale else 0
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for model in MODELS:
        schema_path(model).write_text(schema_text(model), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
