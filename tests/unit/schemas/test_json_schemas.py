from __future__ import annotations

import json

from schemas.generate import MODELS, schema_path, stale_schemas


def test_checked_in_json_schemas_match_the_models() -> None:
    stale = stale_schemas()
    assert not stale, f"regenerate with `python -m schemas.generate`: {stale}"


def test_every_field_of_every_model_is_documented() -> None:
    for model in MODELS:
        schema = json.loads(schema_path(model).read_text(encoding="utf-8"))
        undocumented = [
            name for name, prop in schema["properties"].items() if not prop.get("description")
        ]
        assert not undocumented, f"{model.__name__}: {undocumented}"
