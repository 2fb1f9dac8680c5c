"""``figwatch alerts``: print the alerts a worker sends, as readable lines or JSON lines."""

from __future__ import annotations

import sys

import click

from streams.clients.subscribe import ReadOptions, Received, format_alert, read_alerts
from streams.commands.options import quiet_kafka_client, with_broker
from streams.commands.terminal import terminal_json, terminal_text
from streams.logs import configure_logging
from streams.settings import get_settings


def printed(received: Received, as_json: bool) -> tuple[str, bool]:
    """The terminal-safe line printed for one record, and whether it goes to stderr.

    An alert is its readable line, or with ``as_json`` its JSON as sent (control and bidi
    characters as JSON escapes); a record that is not an alert is named with the reason.
    """
    if received.alert is None:
        reason = received.error.reason if received.error else "not an alert"
        return terminal_text(f"skipped {received.where}: {reason}"), True
    if as_json:
        return terminal_json(received.raw.decode("utf-8")), False
    return terminal_text(format_alert(received.alert)), False


@click.command()
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print each alert's JSON as sent (control and bidi characters as JSON escapes).",
)
@click.option(
    "--from-beginning", is_flag=True, help="Start at the oldest alert, not at new ones only."
)
@click.option(
    "--group",
    help="Consumer group to join and commit to (resumes where it stopped).  "
    "[default: none, nothing committed]",
)
@click.option("--follow", "-f", is_flag=True, help="Keep waiting for new alerts until stopped.")
@click.option(
    "--max", "max_alerts", type=click.IntRange(min=1), help="Stop after this many alerts."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Without --follow: stop after this many seconds with no new alert.",
)
@click.option("--topic", help="Alerts topic.  [default: FIGWATCH_TOPIC_ALERTS]")
@click.option(
    "--broker", help="Bootstrap servers, host:port[,host:port].  [default: FIGWATCH_BROKER]"
)
def alerts(
    as_json: bool,
    from_beginning: bool,
    group: str | None,
    follow: bool,
    max_alerts: int | None,
    timeout: float,
    topic: str | None,
    broker: str | None,
) -> None:
    r"""Print alerts from the alerts topic, one per line (committed records only).

    By default only alerts sent from now on, until --timeout seconds pass without one;
    with --from-beginning and no --max, the alerts there are, then it exits. A readable line
    names the quantity and its story, then the change and both sources: `figure_changed
    people killed — earthquake in Morocco, Sep 2023: 2,012 (2023-09-10) -> 2,122
    (2023-09-11), +5% | Reuters -> AP`. A record that is not an alert is reported on stderr
    and skipped. Control and bidi characters from articles are printed escaped (`\x1b`,
    `\u202e`); --json writes them as JSON escapes, so each line still parses to the alert sent.
    """
    settings = with_broker(get_settings(), broker)
    configure_logging(settings.log_format, settings.log_level)
    quiet_kafka_client()
    options = ReadOptions(
        from_beginning=from_beginning,
        group=group,
        follow=follow,
        max_alerts=max_alerts,
        timeout=timeout,
    )
    try:
        for received in read_alerts(settings, topic or settings.topic_alerts, options):
            line, to_stderr = printed(received, as_json)
            click.echo(line, err=to_stderr)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        sys.exit(130)
