"""The ``figwatch`` command line."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import IO

import click

from schemas.codec import encode
from schemas.dead_letter import DeadLetter
from streams.commands.alerts import alerts
from streams.commands.figures import figures
from streams.commands.options import parse_aware_datetime
from streams.commands.produce import produce
from streams.commands.terminal import terminal_json, terminal_text
from streams.commands.ui import ui
from streams.figures.summary import alert_line
from streams.ingest.files import Defaults, read_records
from streams.logs import configure_logging, get_logger
from streams.settings import get_settings
from streams.validation import Limits


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="figwatch")
def main() -> None:
    """figwatch: tells you when a reported figure changes or sources disagree.

    News articles go in; duplicates are dropped, numeric claims are extracted, every figure is
    tracked over time, and alert events come out. Settings come from FIGWATCH_* environment
    variables (see the README).
    """


@main.command()
def worker() -> None:
    """Run the Faust stream worker against Kafka (FIGWATCH_BROKER).

    Reads the input topic, validates, deduplicates, extracts claims, tracks figures and sends
    alerts; serves /metrics and /figures on FIGWATCH_WEB_BIND:FIGWATCH_WEB_PORT.
    """
    from streams.worker import run_worker

    run_worker(get_settings())


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--alerts-out",
    type=click.File("w", encoding="utf-8"),
    default="-",
    show_default="stdout",
    help="Where to write alerts as JSON lines.",
)
@click.option(
    "--claims-out", type=click.Path(path_type=Path), help="Write every claim as JSON lines here."
)
@click.option(
    "--duplicates-out", type=click.Path(path_type=Path), help="Write duplicate records here."
)
@click.option(
    "--dead-letters-out",
    type=click.Path(path_type=Path),
    help="Write records that could not be read, with the reason, here.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="Alerts as JSON lines, or one readable line each: kind, quantity — story, change.",
)
@click.option("--source", help="Source for records that name none.")
@click.option("--language", help="ISO 639-1 language for records that name none.")
@click.option(
    "--published-at",
    callback=parse_aware_datetime,
    help="Publication time (ISO 8601 with zone) for records that carry none.",
)
def replay(
    paths: tuple[Path, ...],
    alerts_out: IO[str],
    claims_out: Path | None,
    duplicates_out: Path | None,
    dead_letters_out: Path | None,
    fmt: str,
    source: str | None,
    language: str | None,
    published_at: datetime | None,
) -> None:
    """Run the whole pipeline on files, without Kafka (the embedded default).

    PATHS are .txt files (first line headline, rest body), .json files (an article or a list),
    .jsonl files (an article per line) and directories of them. A manifest.json beside .txt
    files may give each file's source, published_at, language and url. Articles run in order
    of published_at; alerts go to stdout as JSON lines unless --alerts-out says otherwise.
    """
    from streams.pipeline import build_embedded_pipeline, envelopes_from_records

    settings = get_settings()
    configure_logging(settings.log_format, settings.log_level)
    log = get_logger("replay")
    defaults = Defaults(source=source, language=language, published_at=published_at)
    limits = Limits.from_settings(settings)
    records = read_records(paths, defaults, max_message_bytes=settings.max_message_bytes)
    counts: Counter[str] = Counter()
    outputs = _Outputs(claims_out, duplicates_out, dead_letters_out)
    envelopes = []
    for item in envelopes_from_records(records, limits):
        if isinstance(item, DeadLetter):
            counts["rejected"] += 1
            outputs.write("dead_letters", encode(item))
            log.warning(
                "record_rejected",
                origin=item.topic,
                line=item.offset,
                error_kind=item.error_kind,
                reason=item.reason,
            )
        else:
            envelopes.append(item)
    pipeline = build_embedded_pipeline(settings)
    for outcome in pipeline.run(envelopes):
        counts["articles"] += 1
        if outcome.duplicate is not None:
            counts["duplicates"] += 1
            outputs.write("duplicates", encode(outcome.duplicate))
            continue
        counts["claims"] += len(outcome.claims)
        for claim in outcome.claims:
            outputs.write("claims", encode(claim))
        for alert in outcome.alerts:
            counts["alerts"] += 1
            if fmt == "text":
                line = terminal_text(alert_line(alert))
            else:
                line = terminal_json(encode(alert).decode("utf-8"))
            alerts_out.write(line + "\n")
    alerts_out.flush()
    outputs.close()
    log.info("replay_done", **counts)
    if not envelopes and counts["rejected"] == 0:
        raise click.ClickException("no article files found under the given paths")


class _Outputs:
    """Optional JSON-lines output files, opened on first write."""

    def __init__(self, claims: Path | None, duplicates: Path | None, dead: Path | None) -> None:
        self._paths = {"claims": claims, "duplicates": duplicates, "dead_letters": dead}
        self._files: dict[str, IO[bytes]] = {}
        for path in self._paths.values():
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(b"")

    def write(self, name: str, line: bytes) -> None:
        path = self._paths[name]
        if path is None:
            return
        if name not in self._files:
            self._files[name] = path.open("ab")
        self._files[name].write(line + b"\n")

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()


main.add_command(ui)
main.add_command(produce)
main.add_command(alerts)
main.add_command(figures)

if __name__ == "__main__":
    sys.exit(main())
