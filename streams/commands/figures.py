"""``figwatch figures``: ask a running worker for tracked figures and their history."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import Any

import click

from streams.commands.terminal import terminal_json, terminal_text
from streams.figures.summary import figure_name
from streams.settings import get_settings

REQUEST_TIMEOUT_S = 10.0
_EVIDENCE_CHARS = 100


class WorkerUnreachable(click.ClickException):
    """No worker answered at the figures URL."""


def fetch_json(url: str, timeout: float = REQUEST_TIMEOUT_S) -> tuple[int, Any]:
    """Status and JSON body of a GET on the worker; raises WorkerUnreachable when none answers."""
    if not url.lower().startswith(("http://", "https://")):
        raise click.BadParameter(f"not an http(s) URL: {url!r}", param_hint="--url")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 (http(s) checked above)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (as above)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, json.loads(exc.read())
        except ValueError:
            return exc.code, {"error": f"HTTP {exc.code} {exc.reason}"}
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise WorkerUnreachable(
            f"no figwatch worker answers at {url}: {reason} (is `figwatch worker` running, "
            "and is --url or FIGWATCH_WEB_PORT right?)"
        ) from None


def format_matches(matches: list[dict[str, Any]], views: dict[str, dict[str, Any]]) -> str:
    """The matches grouped by story, in the order of each story's best match.

    Each story's name and key heads its figures (`people killed`), each with its current
    figure, number of reports and metric key. Every field is terminal-safe (see
    ``terminal_text``).
    """
    stories: dict[str | None, list[dict[str, Any]]] = {}
    for match in matches:
        stories.setdefault(match.get("story_key"), []).append(match)
    rows = [("FIGURE", "NOW", "REPORTS", "METRIC KEY")]
    headings: dict[int, str] = {}
    for story_key, members in stories.items():
        story = members[0].get("story") or "no story"
        heading = f"{story}  ({story_key})" if story_key else story
        headings[len(rows)] = terminal_text(heading)
        for match in members:
            current = views.get(match["metric_key"], {}).get("current") or {}
            rows.append(
                (
                    "  " + str(match.get("quantity") or match.get("label", "")),
                    str(current.get("figure", "-")),
                    str(current.get("reports", "-")),
                    str(match["metric_key"]),
                )
            )
    lines = _table(rows).splitlines()
    out = [lines[0]]
    for index, line in enumerate(lines[1:], start=1):
        if index in headings:
            out.append(headings[index])
        out.append(line)
    return "\n".join(out)


def format_history(view: dict[str, Any]) -> str:
    """One figure's name and story, its current figure, then every report, oldest first.

    Every field is terminal-safe (see ``terminal_text``).
    """
    current = view.get("current") or {}
    name = figure_name(view.get("quantity", ""), view.get("story", ""), view["label"])
    head = [f"{name}  ({view['metric_key']})"]
    if view.get("story_key"):
        head.append(f"story key: {view['story_key']} (--story lists the story's figures)")
    if current:
        obs = current["observation"]
        head.append(
            f"now: {current['figure']}, reported by {obs['source']}; "
            f"{current['support']} of {current['reports']} reports agree; "
            f"{view['alerts']} alert(s)"
        )
    rows = [("DATE", "FIGURE", "SOURCE", "AGREES", "EVIDENCE")]
    for item in view.get("observations", []):
        obs = item["observation"]
        evidence = " ".join(str(obs.get("evidence", "")).split())
        if len(evidence) > _EVIDENCE_CHARS:
            evidence = evidence[: _EVIDENCE_CHARS - 1] + "…"
        rows.append(
            (
                str(obs["published_at"])[:10],
                str(item["figure"]),
                str(obs["source"]),
                "yes" if item["agrees_with_current"] else "no",
                evidence,
            )
        )
    if view.get("evicted"):
        head.append(f"({view['evicted']} older report(s) no longer kept)")
    return "\n".join([*(terminal_text(line) for line in head), "", _table(rows)])


def _table(rows: Sequence[Sequence[str]]) -> str:
    # Escaped before measuring, so that the columns line up as printed.
    rows = [[terminal_text(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


@click.command()
@click.argument("query", required=False, default="")
@click.option(
    "--story",
    metavar="STORY_KEY",
    help="Only the figures of this story, e.g. 'earthquake|morocco' (as listed beside each story).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the worker's JSON as it answered.")
@click.option(
    "--url",
    help="The worker's web address.  [default: http://127.0.0.1:FIGWATCH_WEB_PORT]",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=REQUEST_TIMEOUT_S,
    show_default=True,
    help="Seconds to wait for the worker.",
)
def figures(query: str, story: str | None, as_json: bool, url: str | None, timeout: float) -> None:
    """Show tracked figures whose key, label, quantity or story holds every word of QUERY.

    Asks a running worker (GET /figures?q=QUERY, with &story=STORY_KEY for --story) and
    prints the matches grouped by story: the story in words with the month it began and its
    key (`earthquake in Morocco, Sep 2023  (earthquake|morocco)`), then each of its figures
    (`people killed`) with its current figure. A figure's story is that of its latest report.
    When QUERY matches exactly one figure (or is its metric key), prints that figure's
    history: every report, oldest first, with source, date and evidence.
    """
    base = (url or f"http://127.0.0.1:{get_settings().web_port}").rstrip("/")
    params = {"q": query} | ({"story": story} if story else {})
    status, index = fetch_json(f"{base}/figures?{urllib.parse.urlencode(params)}", timeout)
    if status != 200:
        raise click.ClickException(f"the worker answered {status}: {index}")
    matches: list[dict[str, Any]] = index.get("figures", [])
    exact = [m for m in matches if m["metric_key"] == query]
    chosen = exact or (matches if len(matches) == 1 else [])
    if chosen:
        view = _detail(base, chosen[0]["metric_key"], timeout)
        click.echo(_json(view) if as_json else format_history(view))
        return
    if as_json:
        click.echo(_json(index))
        return
    if not matches:
        click.echo(_nothing(query, story))
        return
    views = {m["metric_key"]: _detail(base, m["metric_key"], timeout) for m in matches}
    click.echo(format_matches(matches, views))


def _json(answer: Any) -> str:
    return terminal_json(json.dumps(answer, ensure_ascii=False))


def _nothing(query: str, story: str | None) -> str:
    if story:
        within = f" of story {story!r}"
        return f"no tracked figure{within} matches {query!r}" if query else f"no figure{within}"
    return f"no tracked figure matches {query!r}" if query else "no figures tracked yet"


def _detail(base: str, metric_key: str, timeout: float) -> dict[str, Any]:
    status, view = fetch_json(f"{base}/figures/{urllib.parse.quote(metric_key, safe='')}", timeout)
    if status != 200:
        raise click.ClickException(f"the worker answered {status} for {metric_key!r}: {view}")
    return dict(view)
