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
from streams.settings import Settings
from streams.ui.standalone import replay_results
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


def _quake_report(article_id: str, source: str, published_at: str, toll: int, aside: str) -> str:
    body = (
        f"At least {toll} people were killed in the earthquake in Algeria, officials said. {aside}"
    )
    return json.dumps(
        {"id": article_id, "source": source, "body": body, "published_at": published_at}
    )


QUAKE_REPORTS = [
    _quake_report("q1", "Wire A", "2018-03-12T08:00:00Z", 237, "Rescuers dug through rubble."),
    _quake_report("q2", "Wire B", "2018-03-13T09:00:00Z", 592, "Aftershocks shook the region."),
]
BADLY_DATED = [
    _quake_report("old", "Feed C", "0001-01-01T00:00:00Z", 900, "Hospitals asked for blood."),
    _quake_report("floor", "Feed D", "1899-12-31T23:59:59Z", 800, "Schools were closed."),
    _quake_report("ahead", "Feed E", "9999-12-31T00:00:00Z", 700, "Flights were cancelled."),
]


def test_articles_dated_out_of_range_leave_the_others_output_as_it_was(tmp_path: Path) -> None:
    alone, mixed = tmp_path / "alone.jsonl", tmp_path / "mixed.jsonl"
    alone.write_text("\n".join(QUAKE_REPORTS) + "\n")
    mixed.write_text(
        "\n".join([BADLY_DATED[0], QUAKE_REPORTS[0], *BADLY_DATED[1:], QUAKE_REPORTS[1]])
    )
    claims = tmp_path / "claims.jsonl"

    expected = replay(str(alone))
    result = replay(str(mixed), "--claims-out", str(claims))

    assert expected.returncode == 0, expected.stderr
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    alerts = [Alert.model_validate_json(line) for line in result.stdout.splitlines()]
    assert [a.summary for a in alerts] == [
        Alert.model_validate_json(line).summary for line in expected.stdout.splitlines()
    ]
    assert [(a.previous.value_low, a.current.value_low) for a in alerts] == [(237, 592)]
    # Their figures are still read, each with the date its article stated.
    flagged = {
        c.article_id: c.published_at_out_of_range
        for c in map(Claim.model_validate_json, claims.read_text().splitlines())
        if c.published_at_out_of_range is not None
    }
    assert {k: v.year for k, v in flagged.items()} == {"old": 1, "floor": 1899, "ahead": 9999}
    # The timeline page replays the same way: no figure holds a report of unknown time.
    page = replay_results([mixed], Settings())
    assert page.articles == 5
    reports = [o.article_id for h in page.histories.values() for o in h.observations]
    assert sorted(reports) == ["q1", "q2"]
