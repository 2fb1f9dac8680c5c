"""``figwatch alerts``: print the alerts a worker sends, as readable lines or JSON lines."""

from __future__ import annotations

import sys

import click

from streams.commands.options import quiet_kafka_client, with_broker
from streams.logs import configure_logging
from streams.settings import get_settings
from streams.subscribe import ReadOptions, format_alert, read_alerts


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print each alert's JSON exactly as sent.")
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
    """Print alerts from the alerts topic, one per line (committed records only).

    By default only alerts sent from now on, until --timeout seconds pass without one;
    with --from-beginning and no --max, the alerts there are, then it exits. A readable line
    names the quantity and its story, then the change and both sources: `figure_changed
    people killed — earthquake in Morocco, Sep 2023: 2,012 (2023-09-10) -> 2,122
    (2023-09-11), +5% | Reuters -> AP`. A record that is not an alert is reported on stderr
    and skipped.
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
            if received.alert is None:
                reason = received.error.reason if received.error else "not an alert"
                click.echo(f"skipped {received.where}: {reason}", err=True)
            elif as_json:
                click.echo(received.raw.decode("utf-8"))
            else:
                click.echo(format_alert(received.alert))
    except LookupError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        sys.exit(130)
