"""``figwatch ui``: the figure timeline page over the embedded replay, without Kafka."""

from __future__ import annotations

from pathlib import Path

import click

from streams.commands.options import InputPath
from streams.logs import configure_logging, get_logger
from streams.settings import get_settings


@click.command()
@click.argument("paths", nargs=-1, type=InputPath())
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8088,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on.",
)
def ui(paths: tuple[Path, ...], host: str, port: int) -> None:
    """Replay PATHS (default: seeds/) on the embedded pipeline and serve the timeline page.

    The page lists every tracked figure, draws each figure's reports over publication time
    with its alerts, shows the evidence sentences, and follows the latest alerts. The same
    page is served by `figwatch worker` at /ui/ on its web port.
    """
    from aiohttp import web

    from streams.ui.standalone import create_ui_app, replay_results

    settings = get_settings()
    configure_logging(settings.log_format, settings.log_level)
    log = get_logger("ui")
    results = replay_results(paths or (Path("seeds"),), settings)
    if results.articles == 0:
        raise click.ClickException("no articles found under the given paths")
    log.info(
        "ui_replayed",
        articles=results.articles,
        rejected=results.rejected,
        figures=len(results.histories),
        alerts=results.alerts.latest,
    )
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"figwatch ui: open http://{shown}:{port}/ui/  (Ctrl-C to stop)")
    web.run_app(create_ui_app(results), host=host, port=port, print=None, access_log=None)
