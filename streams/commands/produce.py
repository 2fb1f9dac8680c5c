"""``figwatch produce``: send articles from files, directories, feeds and URLs to Kafka."""

from __future__ import annotations

import sys
import threading
from datetime import datetime

import click
from tqdm import tqdm

from streams.clients.feeds import DEFAULT_FETCH_TIMEOUT_S
from streams.clients.produce import (
    Ready,
    Rejected,
    SendReport,
    build_producer,
    collect,
    prepare,
    send_all,
)
from streams.commands.options import (
    parse_aware_datetime,
    parse_timeout,
    quiet_kafka_client,
    with_broker,
)
from streams.ingest.files import Defaults
from streams.logs import configure_logging, get_logger
from streams.settings import Settings, get_settings

PROGRESS_THRESHOLD = 200
"""More records than this get a progress bar even when stderr is not a terminal."""


@click.command()
@click.argument("targets", nargs=-1, required=True, metavar="PATH|URL...")
@click.option("--source", help="Source for records that name none (replaces a feed's title).")
@click.option("--language", help="ISO 639-1 language for records that name none.")
@click.option(
    "--published-at",
    callback=parse_aware_datetime,
    help="Publication time (ISO 8601 with zone) for records that carry none; without it such "
    "records are sent without one and the worker uses the Kafka timestamp.",
)
@click.option("--topic", help="Topic to send to.  [default: FIGWATCH_TOPIC_ARTICLES]")
@click.option(
    "--key",
    "key_field",
    metavar="FIELD",
    help="Article field whose value keys each message.  [default: the article id]",
)
@click.option(
    "--broker", help="Bootstrap servers, host:port[,host:port].  [default: FIGWATCH_BROKER]"
)
@click.option(
    "--fetch-timeout",
    type=float,
    callback=parse_timeout,
    default=DEFAULT_FETCH_TIMEOUT_S,
    show_default=True,
    help="Seconds one feed URL may take in all: connecting, headers and body.",
)
def produce(
    targets: tuple[str, ...],
    source: str | None,
    language: str | None,
    published_at: datetime | None,
    topic: str | None,
    key_field: str | None,
    broker: str | None,
    fetch_timeout: float,
) -> None:
    """Send articles to the input topic, each validated as an Article first.

    PATH is a .txt file (first line headline; a manifest.json beside it or above it gives
    source, published_at, language, url), a .json file (an article or a list), a .jsonl file
    (an article per line), an RSS/Atom file (.xml, .rss, .atom) or a directory of any of them
    (recursive), as a path or a file:// URL. URL is an http(s) RSS or Atom feed; a feed that
    has not arrived whole within --fetch-timeout is given up. Every rejected record is
    reported on stderr with its file, line and reason; the valid ones are still sent, and the
    exit status is 1 when any record was rejected or not acknowledged.
    """
    settings = with_broker(get_settings(), broker)
    configure_logging(settings.log_format, settings.log_level)
    quiet_kafka_client()
    log = get_logger("produce")
    defaults = Defaults(source=source, language=language, published_at=published_at)
    pending = list(
        collect(
            targets,
            defaults,
            max_message_bytes=settings.max_message_bytes,
            fetch_timeout=fetch_timeout,
        )
    )
    ready: list[Ready] = []
    rejected: list[Rejected] = []
    for item in pending:
        outcome = prepare(
            item,
            max_body_bytes=settings.max_body_bytes,
            max_message_bytes=settings.max_message_bytes,
            key_field=key_field,
        )
        if isinstance(outcome, Rejected):
            rejected.append(outcome)
        else:
            ready.append(outcome)
    for problem in rejected:
        click.echo(f"rejected {problem.describe()}", err=True)
    if not pending:
        raise click.ClickException("no articles found under the given paths")
    target_topic = topic or settings.topic_articles
    report = _send(settings, target_topic, ready)
    for problem in report.failed:
        click.echo(f"not sent {problem.describe()}", err=True)
    click.echo(
        f"sent {report.sent} to {target_topic}, rejected {len(rejected)}"
        + (f", failed {len(report.failed)}" if report.failed else "")
        + f"; {report.bytes} bytes in {report.seconds:.2f} s ({report.rate:.0f} records/s)",
        err=True,
    )
    log.debug(
        "produce_done",
        topic=target_topic,
        sent=report.sent,
        rejected=len(rejected),
        failed=len(report.failed),
        bytes=report.bytes,
    )
    if rejected or report.failed:
        sys.exit(1)


def _send(settings: Settings, topic: str, ready: list[Ready]) -> SendReport:
    show = sys.stderr.isatty() or len(ready) > PROGRESS_THRESHOLD
    producer = build_producer(settings)
    try:
        with tqdm(
            total=len(ready), unit="article", file=sys.stderr, disable=not show, leave=False
        ) as bar:
            lock = threading.Lock()

            def advance(_record: Ready, _error: Exception | None) -> None:
                # Acknowledgements arrive on the producer's I/O thread.
                with lock:
                    bar.update(1)

            return send_all(producer, topic, ready, on_done=advance)
    finally:
        producer.close()
