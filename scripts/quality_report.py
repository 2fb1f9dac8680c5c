"""Print figwatch's quality figures: the real-news corpus, the annotated claims, the shared seeds.

The real-news corpus (``../shared/realnews``, see its README) is written as input by its own
``to_jsonl.py``, replayed with ``figwatch replay`` and scored by its own ``score.py``: each part
(ar, en, mixed) on its own, and all parts together against the whole corpus (the overall
figure). The annotated corpus figures are those of ``scripts/claims_quality.py``; the seeds check
replays ``../shared/seeds`` and looks for the 30,000 -> 40,000 foreign-fighter alert. The
project's own story corpora (``tests/data/stories``: ``written`` and ``held_out``, in the same
layout) are scored per part with the real-news corpus's scripts. Run:
``.venv/bin/python -m scripts.quality_report [--corpus DIR] [--seeds DIR] [--json PATH]
[--save-dir DIR]`` (or ``make quality``). The corpus texts are only read, never copied into the
repository; the input files live in a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from schemas.alert import Alert
from scripts.claims_quality import measure as measure_annotated_corpus

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "realnews"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
PARTS = ("ar", "en", "mixed")
STORIES = ROOT / "tests" / "data" / "stories"
OWN_STORIES = ("written", "held_out")
"""The project's story corpora: ``written`` was read while tuning, ``held_out`` never was."""
RISE = (30_000.0, 40_000.0)
TIMEOUT_SECONDS = 600

_SUMMARY = re.compile(
    r"alerts=(?P<alerts>\d+) primary_found=(?P<found>\d+)/(?P<primary>\d+) "
    r"P=(?P<p>[\d.]+) R=(?P<r>[\d.]+)"
    r"(?: claim_recall=(?P<cr>[\d.]+) \((?P<vfound>\d+)/(?P<values>\d+)\))?$"
)
_STORY = re.compile(r"story (?P<story>\S+): primary (?P<found>\d+)/(?P<total>\d+)$")
_ARTICLES = re.compile(r"^(\d+) articles -> ")


class QualityError(Exception):
    """A step of the report could not run; the message says which and why."""


@dataclass(frozen=True)
class Score:
    """What score.py printed for one replay: its summary line and its story lines."""

    articles: int
    alerts: int
    primary_found: int
    primary_total: int
    precision: float
    recall: float
    claim_recall: float
    values_found: int
    values_total: int
    stories: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class SeedsCheck:
    """The shared seeds' replay: is the foreign-fighter rise there, and what else was raised."""

    rise_found: int
    other_alerts: list[str]

    @property
    def other_count(self) -> int:
        """Alerts that are not the 30,000 -> 40,000 rise."""
        return len(self.other_alerts)


def _run(args: list[str], what: str) -> str:
    """Stdout of a subprocess; a QualityError with its last stderr line when it fails."""
    # Fixed commands: this Python running the corpus's own scripts or figwatch on our files.
    result = subprocess.run(  # noqa: S603  (fixed arguments, no shell)
        args, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )
    if result.returncode != 0:
        tail = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise QualityError(f"{what} failed with status {result.returncode}: {tail}")
    return result.stdout


def replay(inputs: list[Path], alerts: Path, claims: Path | None = None) -> None:
    """Run ``figwatch replay`` (as ``python -m streams``) on INPUTS, writing JSON lines."""
    args = [
        sys.executable,
        "-m",
        "streams",
        "replay",
        *map(str, inputs),
        "--alerts-out",
        str(alerts),
    ]
    if claims is not None:
        args += ["--claims-out", str(claims)]
    _run(args, f"figwatch replay {' '.join(map(str, inputs))}")


def parse_score(stdout: str) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """The summary line's fields and the story lines of ``score.py --verbose`` output.

    Only these lines are read; the verbose lines about unmatched alerts and missed values (which
    quote the articles) are dropped here and never printed.
    """
    stories: dict[str, tuple[int, int]] = {}
    summary = None
    for line in stdout.splitlines():
        if story := _STORY.match(line):
            stories[story["story"]] = (int(story["found"]), int(story["total"]))
        elif line.startswith("alerts="):
            summary = _SUMMARY.match(line)
    if summary is None or summary["cr"] is None:
        raise QualityError("score.py printed no summary line with claim recall")
    return {
        "alerts": int(summary["alerts"]),
        "primary_found": int(summary["found"]),
        "primary_total": int(summary["primary"]),
        "precision": float(summary["p"]),
        "recall": float(summary["r"]),
        "claim_recall": float(summary["cr"]),
        "values_found": int(summary["vfound"]),
        "values_total": int(summary["values"]),
    }, stories


def score_replay(
    corpus: Path,
    part: str | None,
    workdir: Path,
    keep: Path | None,
    tools: Path | None = None,
    label: str = "",
) -> Score:
    """Write PART (or every part) as input, replay it, and score it against PART (or all).

    ``tools`` holds ``to_jsonl.py`` and ``score.py`` (the corpus itself by default); ``label``
    prefixes the names of the files kept.
    """
    tools = tools or corpus
    name = label + (part or "all")
    source = workdir / f"input-{name}.jsonl"
    out_dir = keep or workdir
    alerts, claims = out_dir / f"alerts-{name}.jsonl", out_dir / f"claims-{name}.jsonl"
    to_jsonl = [sys.executable, str(tools / "to_jsonl.py"), str(corpus), str(source)]
    written = _run(to_jsonl + (["--part", part] if part else []), f"to_jsonl.py ({name})")
    articles = _ARTICLES.match(written)
    replay([source], alerts, claims)
    target = corpus / part if part else corpus
    score = [sys.executable, str(tools / "score.py"), str(target), str(alerts), str(claims)]
    fields, stories = parse_score(_run([*score, "--verbose"], f"score.py ({name})"))
    return Score(articles=int(articles[1]) if articles else 0, stories=stories, **fields)


def is_rise(alert: Alert) -> bool:
    """The seeds' headline alert: foreign fighters, 30,000 (at most) -> 40,000 (about)."""
    values = (alert.previous.value_low, alert.current.value_low)
    return "foreign_fighter" in alert.metric_key and values == RISE


def check_seeds(seeds: Path, workdir: Path, keep: Path | None) -> SeedsCheck:
    """Replay the shared seeds and sort their alerts into the rise and the others."""
    alerts_path = (keep or workdir) / "alerts-seeds.jsonl"
    replay([seeds], alerts_path)
    alerts = [
        Alert.model_validate_json(line)
        for line in alerts_path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return SeedsCheck(
        rise_found=sum(is_rise(a) for a in alerts),
        other_alerts=[f"{a.kind} {a.summary}" for a in alerts if not is_rise(a)],
    )


def commit() -> str:
    """The short commit of the work tree, marked when the tree has uncommitted changes."""
    try:
        head = _run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], "git").strip()
        dirty = _run(["git", "-C", str(ROOT), "status", "--porcelain"], "git").strip()
    except (QualityError, OSError):
        return "unknown"
    return f"{head}+changes" if dirty else head


def require_inputs(corpus: Path, seeds: Path) -> None:
    """Fail with one clear line when the corpus, its scripts, a part or the seeds are missing."""
    if not corpus.is_dir():
        raise QualityError(
            f"real-news corpus not found at {corpus} "
            "(it belongs at ../shared/realnews beside the repo; or give --corpus DIR)"
        )
    for needed in ("to_jsonl.py", "score.py", *PARTS):
        if not (corpus / needed).exists():
            raise QualityError(f"{corpus} is not the real-news corpus: it has no {needed}")
    if not (seeds / "manifest.json").is_file():
        raise QualityError(f"shared seeds not found at {seeds} (no manifest.json; see --seeds)")


def measure(corpus: Path, seeds: Path, save_dir: Path | None = None) -> dict[str, Any]:
    """Every figure of the report, as plain data (the --json document)."""
    require_inputs(corpus, seeds)
    if save_dir is not None:
        save_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="figwatch-quality-") as tmp:
        workdir = Path(tmp)
        overall = score_replay(corpus, None, workdir, save_dir)
        parts = {part: score_replay(corpus, part, workdir, save_dir) for part in PARTS}
        seeds_check = check_seeds(seeds, workdir, save_dir)
        own = {
            name: {
                part: asdict(
                    score_replay(STORIES / name, part, workdir, save_dir, corpus, f"{name}-")
                )
                for part in sorted(p.name for p in (STORIES / name).iterdir() if p.is_dir())
            }
            for name in OWN_STORIES
        }
    return {
        "commit": commit(),
        "corpus": str(corpus),
        "overall": asdict(overall),
        "parts": {part: asdict(score) for part, score in parts.items()},
        "annotated": measure_annotated_corpus(),
        "own_stories": own,
        "seeds": {
            "path": str(seeds),
            "rise_found": seeds_check.rise_found,
            "other_alerts": seeds_check.other_count,
            "other_summaries": seeds_check.other_alerts,
        },
    }


def _score_row(label: str, score: dict[str, Any]) -> str:
    primary = f"{score['primary_found']}/{score['primary_total']}"
    values = f"{score['claim_recall']:.2f} ({score['values_found']}/{score['values_total']})"
    return (
        f"{label:<24}{score['articles']:>8}{score['alerts']:>8}{primary:>9}"
        f"{score['precision']:>7.2f}{score['recall']:>7.2f}   {values}"
    )


def render(figures: dict[str, Any]) -> str:
    """The report as a readable table."""
    lines = [
        f"figwatch quality report (commit {figures['commit']})",
        "",
        f"real-news corpus ({figures['corpus']}): to_jsonl.py -> figwatch replay -> score.py",
        f"{'replay':<24}{'articles':>8}{'alerts':>8}{'primary':>9}{'P':>7}{'R':>7}   claim recall",
        _score_row("all parts together", figures["overall"]),
    ]
    lines += [_score_row(f"{part} on its own", s) for part, s in figures["parts"].items()]
    lines += ["", f"{'primary recall by story':<40}{'own part':>10}{'together':>10}"]
    together = figures["overall"]["stories"]
    for part, score in figures["parts"].items():
        for story, (found, total) in sorted(score["stories"].items()):
            both = together.get(story)
            joint = f"{both[0]}/{both[1]}" if both else "-"
            lines.append(f"  {part + '/' + story:<38}{f'{found}/{total}':>10}{joint:>10}")
    lines += [
        "",
        "project story corpora (tests/data/stories, written apart from the code; same scoring)",
    ]
    for name, parts in figures["own_stories"].items():
        lines += [_score_row(f"{name} {part}", score) for part, score in parts.items()]
    annotated = figures["annotated"]
    lines += [
        "",
        f"annotated corpus (scripts/claims_quality.py): {annotated['records']} records, "
        f"{annotated['expected']} expected claims, {annotated['produced']} produced",
    ]
    lines += [
        f"  {level:<22}precision {s['precision']:.2f}  recall {s['recall']:.2f}"
        for level, s in annotated["levels"].items()
    ]
    seeds = figures["seeds"]
    lines += [
        "",
        f"shared seeds ({seeds['path']}), target: the rise and no other alert",
        f"  30,000 -> 40,000 foreign-fighter alert: "
        f"{'present' if seeds['rise_found'] else 'MISSING'}"
        + (f" ({seeds['rise_found']} times)" if seeds["rise_found"] > 1 else ""),
        f"  other alerts: {seeds['other_alerts']}",
    ]
    lines += [f"    {summary}" for summary in seeds["other_summaries"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, and write the JSON when asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="real-news corpus")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="shared seeds")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON here")
    parser.add_argument(
        "--save-dir",
        type=Path,
        help="keep the alerts and claims files here (they quote the corpus: keep them out of git)",
    )
    args = parser.parse_args(argv)
    try:
        figures = measure(args.corpus.resolve(), args.seeds.resolve(), args.save_dir)
    except QualityError as error:
        print(f"quality_report: {error}", file=sys.stderr)
        return 1
    print(render(figures))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
