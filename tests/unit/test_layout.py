"""The import rules of the layout: the functional core imports neither the shell nor Kafka."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

STREAMS = Path(__file__).resolve().parents[2] / "streams"
CORE_PACKAGES = ("text", "dedup", "claims", "figures")
CORE_MODULES = (
    "validation.py", "event_time.py", "stage_rules.py", "sweep.py", "pipeline.py", "replay.py",
)  # fmt: skip
CORE = [path for package in CORE_PACKAGES for path in sorted((STREAMS / package).rglob("*.py"))]
CORE += [STREAMS / name for name in CORE_MODULES]
FORBIDDEN = ("faust", "aiokafka", "kafka", "streams.worker", "streams.clients", "streams.ui")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(STREAMS)))
def test_the_core_imports_no_shell_and_no_kafka(path: Path) -> None:
    bad = {
        name
        for name in _imports(path)
        if any(name == f or name.startswith(f"{f}.") for f in FORBIDDEN)
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"
