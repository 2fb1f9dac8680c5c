"""The ``figwatch`` command line."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from schemas.codec import encode
from schemas.dead_letter import DeadLetter
from streams.clients.startup import StartupError
from streams.commands.alerts import alerts
from streams.commands.figures import figures
from streams.commands.options import InputPath, parse_aware_datetime
from streams.commands.produce import produce
from streams.commands.terminal import terminal_json, terminal_text
from streams.commands.ui import ui
from streams.figures.summary import alert_line
from streams.ingest.files import Defaults, SourceRecord, read_records
from streams.logs import configure_logging, get_logger
from streams.settings import SettingsError, get_settings
from streams.validation import Limits

if TYPE_CHECKING:
    from streams.replay import Order


class BadSettings(click.ClickException):
    """FIGWATCH_* values that are not allowed: one line each, exit status 2 (a usage error)."""

    exit_code = 2

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems

    def show(self, file: IO[str] | None = None) -> None:
        """Each problem on its own line, as click shows an error."""
        for problem in self.problems:
            click.echo(f"Error: {problem}", err=file is None, file=file)


class _Figwatch(click.Group):
    """The command group: no command starts while a FIGWATCH_* value is not allowed."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """The subcommand, once the settings have been checked (help needs no settings)."""
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and not ctx.resilient_parsing and not _asks_for_help(ctx, rest):
            try:
                get_settings()
            except SettingsError as exc:
                raise BadSettings(exc.problems) from None
        return name, command, rest


def _asks_for_help(ctx: click.Context, args: list[str]) -> bool:
    options = args[: args.index("--")] if "--" in args else args
    return any(arg in ctx.help_option_names for arg in options)


@click.group(cls=_Figwatch, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="figwatch")
def main() -> None:
    """figwatch: tells you when a reported figure changes or sources disagree.

    News articles go in; duplicates are dropped, numeric claims are extracted, every figure is
    tracked over time, and alert events come out. Settings come from FIGWATCH_* environment
    variables (see the README); a value out of bounds stops every command at start, exit status 2.
    """


@main.command()
def worker() -> None:
    """Run the Faust stream worker against Kafka (FIGWATCH_BROKER).

    Reads the input topic, validates, deduplicates, extracts claims, tracks figures and sends
    alerts; serves /metrics and /figures on FIGWATCH_WEB_BIND:FIGWATCH_WEB_PORT.
    """
    from streams.worker.run import run_worker

    try:
        run_worker(get_settings())
    except StartupError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=InputPath())
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
@click.option(
    "--order",
    type=click.Choice(["published", "input"]),
    default="published",
    show_default=True,
    help="Run articles in order of published_at, or as given (as a worker fed them so).",
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
    order: Order,
) -> None:
    """Run the whole pipeline on files, without Kafka (the embedded default).

    PATHS are .txt files (first line headline, rest body), .json files (an article or a list),
    .jsonl files (an article per line) and directories of them, as paths or file:// URLs. A
    manifest.json beside .txt files may give each file's source, published_at, language and
    url. Articles run in order of published_at (--order input: in the order given, files in
    name order, as a worker fed them so meets them, and gives the same verdicts, claims and
    alerts); alerts go to stdout as JSON lines unless
    --alerts-out says otherwise. A summary on stderr counts the records accepted and rejected
    (by kind); the exit status is 1 when no record was accepted.
    """
    from streams.pipeline import build_embedded_pipeline
    from streams.replay import replay as run_replay

    settings = get_settings()
    configure_logging(settings.log_format, settings.log_level)
    log = get_logger("replay")
    defaults = Defaults(source=source, language=language, published_at=published_at)
    unread = _UnreadSizes()
    records = unread.track(
        read_records(paths, defaults, max_message_bytes=settings.max_message_bytes)
    )
    counts: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    outputs = _Outputs(claims_out, duplicates_out, dead_letters_out)
    pipeline = build_embedded_pipeline(settings)
    for item in run_replay(records, pipeline, Limits.from_settings(settings), order):
        if isinstance(item, DeadLetter):
            letter = unread.restore(item)
            rejected[letter.error_kind] += 1
            outputs.write("dead_letters", encode(letter))
            log.warning(
                "record_rejected",
                origin=letter.topic,
                line=letter.offset,
                error_kind=letter.error_kind,
                reason=letter.reason,
            )
            continue
        counts["articles"] += 1
        if item.duplicate is not None:
            counts["duplicates"] += 1
            outputs.write("duplicates", encode(item.duplicate))
            continue
        counts["claims"] += len(item.claims)
        for claim in item.claims:
            outputs.write("claims", encode(claim))
        for alert in item.alerts:
            counts["alerts"] += 1
            if fmt == "text":
                line = terminal_text(alert_line(alert))
            else:
                line = terminal_json(encode(alert).decode("utf-8"))
            alerts_out.write(line + "\n")
    alerts_out.flush()
    outputs.close()
    log.info(
        "replay_done",
        rejected=rejected.total(),
        rejected_by_kind=dict(sorted(rejected.items())),
        **counts,
    )
    accepted = counts["articles"]
    if not accepted and not rejected:
        raise click.ClickException("no article files found under the given paths")
    click.echo(_summary(accepted, rejected, counts), err=True)
    if not accepted:
        raise click.ClickException(f"no record was accepted ({rejected.total()} rejected)")


def _summary(accepted: int, rejected: Counter[str], counts: Counter[str]) -> str:
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(rejected.items()))
    return (
        f"replay: {accepted} accepted, {rejected.total()} rejected"
        + (f" ({kinds})" if kinds else "")
        + f"; {counts['duplicates']} duplicates, {counts['claims']} claims,"
        f" {counts['alerts']} alerts"
    )


class _UnreadSizes:
    """Sizes of records skipped unread (too large), put back into their dead letters.

    The pipeline builds a dead letter from the bytes it was given, which for such a record
    are none; its real size is what the reader measured while it streamed past.
    """

    def __init__(self) -> None:
        self._sizes: dict[tuple[str, int], int] = {}

    def track(self, records: Iterable[SourceRecord]) -> Iterator[SourceRecord]:
        """The records unchanged, noting the size of each one skipped unread."""
        for record in records:
            if record.size is not None:
                self._sizes[str(record.origin), record.line] = record.size
            yield record

    def restore(self, letter: DeadLetter) -> DeadLetter:
        """The dead letter with the size of the record it stands for, when that was unread."""
        size = self._sizes.pop((letter.topic, letter.offset), None)
        if size is None:
            return letter
        return letter.model_copy(update={"original_size": size, "truncated": True})


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
