"""`figwatch replay` run as a user runs it: the embedded pipeline on files, no Kafka."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from schemas.alert import Alert
from schemas.claim import Claim
from tests.conftest import REPO, SHARED_SEEDS

SEEDS = REPO / "seeds"


def replay(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIGWATCH_LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [sys.executable, "-m", "streams", "replay", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or REPO,
        timeout=300,
        check=False,
    )


def expected_alerts_in_seeds_readme() -> list[str]:
    text = (SEEDS / "README.md").read_text(encoding="utf-8")
    section = text.split("## Expected alerts", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block is not None, "seeds/README.md has no code block under 'Expected alerts'"
    return [" ".join(line.split()) for line in block.group(1).splitlines() if line.strip()]


def test_replay_of_the_sample_feed_prints_exactly_the_alerts_its_readme_lists() -> None:
    result = replay(str(SEEDS), "--format", "text")
    assert result.returncode == 0, result.stderr
    printed = [" ".join(line.split()) for line in result.stdout.splitlines() if line.strip()]
    assert sorted(printed) == sorted(expected_alerts_in_seeds_readme())


def test_replay_writes_alerts_and_claims_as_json_lines(tmp_path: Path) -> None:
    alerts_path, claims_path = tmp_path / "alerts.jsonl", tmp_path / "claims.jsonl"
    duplicates_path = tmp_path / "duplicates.jsonl"
    result = replay(
        str(SEEDS),
        "--alerts-out",
        str(alerts_path),
        "--claims-out",
        str(claims_path),
        "--duplicates-out",
        str(duplicates_path),
    )
    assert result.returncode == 0, result.stderr
    alerts = [Alert.model_validate_json(line) for line in alerts_path.read_text().splitlines()]
    claims = [Claim.model_validate_json(line) for line in claims_path.read_text().splitlines()]
    duplicates = duplicates_path.read_text().splitlines()
    assert alerts and claims
    assert len(duplicates) >= 2, "the sample feed holds a reprint and a trimmed copy"
    assert {a.current.claim_id for a in alerts} <= {c.claim_id for c in claims}


def test_alert_ids_are_identical_across_runs(tmp_path: Path) -> None:
    runs = []
    for name in ("one", "two"):
        out = tmp_path / f"{name}.jsonl"
        assert replay(str(SEEDS), "--alerts-out", str(out)).returncode == 0
        runs.append([json.loads(line)["alert_id"] for line in out.read_text().splitlines()])
    assert runs[0] == runs[1]


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")
def test_replay_of_the_real_seeds_finds_the_foreign_fighter_rise_with_its_evidence(
    tmp_path: Path,
) -> None:
    out = tmp_path / "alerts.jsonl"
    result = replay(str(SHARED_SEEDS), "--alerts-out", str(out))
    assert result.returncode == 0, result.stderr
    alerts = [Alert.model_validate_json(line) for line in out.read_text().splitlines()]
    rise = [
        a
        for a in alerts
        if a.previous.value_low == 30_000
        and a.previous.qualifier == "at_most"
        and a.current.value_low == 40_000
        and a.current.qualifier == "approximately"
    ]
    assert len(rise) == 1, [a.summary for a in alerts]
    alert = rise[0]
    assert alert.kind == "figure_changed"
    assert alert.summary.endswith(
        "30,000 (at most; 2017-04-27) -> 40,000 (about; 2018-02-05), +33%"
    )
    for side in (alert.previous, alert.current):
        assert side.surface in side.evidence
    assert "30" in alert.previous.evidence and "40" in alert.current.evidence


def test_unreadable_records_are_reported_and_the_rest_is_processed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    good = {
        "source": "Wire",
        "body": "Officials said at least 237 people were killed in the earthquake.",
        "published_at": "2018-03-12T08:00:00Z",
    }
    feed.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"body": "x"}) + "\n")
    dead = tmp_path / "dead.jsonl"
    claims = tmp_path / "claims.jsonl"
    result = replay(str(feed), "--dead-letters-out", str(dead), "--claims-out", str(claims))
    assert result.returncode == 0, result.stderr
    letters = [json.loads(line) for line in dead.read_text().splitlines()]
    assert [(d["offset"], d["error_kind"]) for d in letters] == [
        (2, "invalid_json"),
        (3, "validation"),
    ]
    assert "record_rejected" in result.stderr
    assert claims.read_text().strip(), "the valid article is still processed"


def test_replay_without_article_files_fails_with_a_clear_message(tmp_path: Path) -> None:
    result = replay(str(tmp_path))
    assert result.returncode != 0
    assert "no article files" in result.stderr
