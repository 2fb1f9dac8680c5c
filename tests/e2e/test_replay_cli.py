"""`figwatch replay` run as a user runs it: the embedded pipeline on files, no Kafka."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import textwrap
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
    assert "replay: 1 accepted, 2 rejected (invalid_json 1, validation 1);" in result.stderr
    assert claims.read_text().strip(), "the valid article is still processed"


def test_replay_without_article_files_fails_with_a_clear_message(tmp_path: Path) -> None:
    result = replay(str(tmp_path))
    assert result.returncode != 0
    assert "no article files" in result.stderr


def test_a_missing_input_path_stops_replay_with_status_2(tmp_path: Path) -> None:
    result = replay(str(SEEDS), str(tmp_path / "nope.jsonl"))
    assert result.returncode == 2
    assert f"Path '{tmp_path / 'nope.jsonl'}' does not exist" in result.stderr
    assert result.stdout == "", "nothing is replayed when an input is missing"


def test_when_every_record_is_rejected_replay_says_why_and_exits_1(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{not json\n[1]\n{"body": "x"}\n{also not json\n', encoding="utf-8")
    result = replay(str(feed))
    assert result.returncode == 1
    assert (
        "replay: 0 accepted, 4 rejected (invalid_json 2, not_an_object 1, validation 1);"
        in result.stderr
    )
    assert "Error: no record was accepted (4 rejected)" in result.stderr


def test_inputs_may_be_given_as_file_urls(tmp_path: Path) -> None:
    result = replay(SEEDS.as_uri(), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(expected_alerts_in_seeds_readme())


def _peak_rss_mib(*args: str) -> int:
    """Peak resident memory of one `figwatch replay` run, measured by a fresh parent."""
    script = textwrap.dedent(
        f"""
        import os, resource, subprocess, sys
        env = {{**os.environ, "FIGWATCH_LOG_LEVEL": "WARNING"}}
        cmd = [sys.executable, "-m", "streams", "replay", *{list(args)!r}]
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


@pytest.mark.slow
def test_a_200_mb_line_becomes_a_dead_letter_with_its_size_without_being_held(
    tmp_path: Path,
) -> None:
    good = json.dumps(
        {
            "source": "Wire",
            "body": "Officials said at least 237 people were killed in the earthquake.",
            "published_at": "2018-03-12T08:00:00Z",
        }
    ).encode()
    small, huge = tmp_path / "small.jsonl", tmp_path / "huge.jsonl"
    small.write_bytes(good + b"\n")
    line_bytes = 200 * 1024 * 1024 + len(b'{"body": ""}')
    with huge.open("wb") as handle:
        handle.write(b'{"body": "')
        for _ in range(200):
            handle.write(b"x" * (1024 * 1024))
        handle.write(b'"}\n' + good + b"\n")
    dead = tmp_path / "dead.jsonl"
    baseline = _peak_rss_mib(str(small))
    peak = _peak_rss_mib(str(huge), "--dead-letters-out", str(dead))
    # A memory bound, not a timing one: reading the line whole would add over 200 MiB.
    assert peak < baseline + 64, f"replay peaked at {peak} MiB, {baseline} MiB without the line"
    [letter] = [json.loads(line) for line in dead.read_text().splitlines()]
    assert (letter["error_kind"], letter["offset"]) == ("too_large", 1)
    assert letter["original_size"] == line_bytes and letter["truncated"] is True
    assert base64.b64decode(letter["original"]) == b"", "the size is kept, not the content"
    assert f"line is {line_bytes} bytes, over the limit of" in letter["reason"]


def _quake_report(article_id: str, source: str, published_at: str, toll: int, aside: str) -> str:
    body = (
        f"At least {toll} people were killed in the earthquake in Algeria, officials said. {aside}"
    )
    return json.dumps(
        {"id": article_id, "source": source, "body": body, "published_at": published_at}
    )


# Each report has an aside of its own, longer than the shared toll sentence, so that no two
# read as near copies of each other.
QUAKE_REPORTS = [
    _quake_report(
        "q1",
        "Wire A",
        "2018-03-12T08:00:00Z",
        237,
        "Rescuers dug through the rubble of collapsed homes with their bare hands "
        "while volunteers carried water and blankets up the mountain roads.",
    ),
    _quake_report(
        "q2",
        "Wire B",
        "2018-03-13T09:00:00Z",
        592,
        "Aftershocks shook the region again overnight, sending families who had "
        "returned to their damaged houses back into tents pitched in school yards.",
    ),
]
BADLY_DATED = [
    _quake_report("old", "Feed C", "0001-01-01T00:00:00Z", 900,
                  "Hospitals in the provincial capital asked for blood donors and for doctors "
                  "from the coast to help the surgeons who had worked through the night."),
    _quake_report("floor", "Feed D", "1899-12-31T23:59:59Z", 800,
                  "Schools stayed closed across three districts as engineers checked every "
                  "classroom wall for cracks before the pupils could come back."),
    _quake_report("ahead", "Feed E", "9999-12-31T00:00:00Z", 700,
                  "Flights to the regional airport were cancelled after its control tower was "
                  "damaged, and convoys of trucks brought tents along the highway instead."),
]  # fmt: skip


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
