"""Every command that prints article fields prints them terminal-safe.

Two articles whose source names and sentences carry terminal commands (clear screen, set the
window title, colours), a carriage return, a C1 CSI and a bidi override run through the
embedded pipeline; `figwatch replay`, `figwatch alerts` and `figwatch figures` then print
them escaped, and their JSON still means the same. (`replay --format text` prints no article
field: its line names the figure from figwatch's own lexicons.)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from schemas.codec import encode
from streams.cli import main
from streams.clients.subscribe import decode_record
from streams.commands.alerts import printed
from streams.commands.figures import format_history, format_matches
from streams.commands.terminal import UNSAFE
from streams.figures.query import figure_entry, history_view
from streams.settings import get_settings
from streams.ui.standalone import ReplayResults, replay_results

TITLE_AND_CLEAR = "\x1b]0;pwned\x07Atlas\x1b[2J Wire"
CR_AND_OVERRIDE = "fake\rRabat \u202eDaily\x9b31m"
ARTICLES = [
    {
        "id": "t1", "source": TITLE_AND_CLEAR, "url": "https://example.com/t1", "language": "en",
        "published_at": "2023-09-09T08:00:00Z", "title": "Earthquake kills at least 40 in Morocco",
        "body": "A \x1b[31mpowerful\x1b[0m earthquake struck Morocco on Friday night, killing at "
        "least 40 people, the interior ministry said.\n\nRescuers searched the rubble.",
    },
    {
        "id": "t2", "source": CR_AND_OVERRIDE, "url": "https://example.com/t2", "language": "en",
        "published_at": "2023-09-10T08:00:00Z", "title": "Morocco earthquake toll rises to 90",
        "body": "The death toll from the earthquake in Morocco rose to 90 people, the interior "
        "ministry said on Saturday \u202eevil\u202c.\n\nAid arrived.",
    },
]  # fmt: skip
KEY = "morocco|killed|person|-|-"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-terminal")
    lines = (json.dumps(article) for article in ARTICLES)
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def replayed(corpus: Path) -> ReplayResults:
    results = replay_results([corpus], get_settings())
    assert KEY in results.histories, "both articles report the Morocco death toll"
    return results


def _replay(corpus: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["replay", str(corpus), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_replay_json_lines_escape_what_a_terminal_would_run_and_mean_the_same(
    corpus: Path,
) -> None:
    out = _replay(corpus)
    assert not UNSAFE.search(out.replace("\n", ""))
    (alert,) = (json.loads(line) for line in out.splitlines())
    assert (alert["previous"]["source"], alert["current"]["source"]) == (
        TITLE_AND_CLEAR,
        CR_AND_OVERRIDE,
    )
    assert "\\u202e" in out


@pytest.mark.parametrize("as_json", [False, True])
def test_alerts_shows_control_and_bidi_characters_escaped(
    replayed: ReplayResults, as_json: bool
) -> None:
    (alert,) = replayed.alerts.by_id().values()
    raw = encode(alert)
    line, to_stderr = printed(decode_record("alerts", 0, 7, raw), as_json)
    assert not to_stderr
    assert not UNSAFE.search(line)
    if as_json:
        assert json.loads(line) == json.loads(raw)
    else:
        assert line.endswith(
            "| \\x1b]0;pwned\\x07Atlas\\x1b[2J Wire -> fake\\rRabat \\u202eDaily\\x9b31m"
        )


def test_alerts_names_a_record_that_is_not_an_alert_terminal_safe(
    replayed: ReplayResults,
) -> None:
    # The reason names the unknown field, so the field's name reaches the terminal.
    (alert,) = replayed.alerts.by_id().values()
    record = json.loads(encode(alert)) | {"\x1b[2J\u202e": 1}
    line, to_stderr = printed(decode_record("alerts", 0, 3, json.dumps(record).encode()), False)
    assert to_stderr
    assert line == "skipped alerts/0@3: \\x1b[2J\\u202e: Extra inputs are not permitted"


def test_figures_history_shows_sources_and_evidence_escaped_in_aligned_columns(
    replayed: ReplayResults,
) -> None:
    text = format_history(history_view(replayed.histories[KEY]))
    assert not UNSAFE.search(text.replace("\n", ""))
    assert "reported by fake\\rRabat \\u202eDaily\\x9b31m;" in text
    lines = text.splitlines()
    table = lines[lines.index("") + 1 :]
    assert len(table) == 3
    evidence_at = table[0].index("EVIDENCE")
    assert table[1][evidence_at:].startswith("A \\x1b[31mpowerful\\x1b[0m earthquake")
    assert table[2][evidence_at:].startswith("The death toll")


def test_figures_matches_are_terminal_safe(replayed: ReplayResults) -> None:
    entry = figure_entry(replayed.histories[KEY]).model_dump(mode="json")
    view = history_view(replayed.histories[KEY])
    view["current"] = view["current"] | {"figure": "\x1b[2J90\u202e"}
    text = format_matches([entry], {KEY: view})
    assert not UNSAFE.search(text.replace("\n", ""))
    assert "\\x1b[2J90\\u202e" in text


@pytest.fixture
def worker_url(replayed: ReplayResults) -> Iterator[str]:
    """A stand-in worker answering /figures and /figures/{key} over real HTTP."""
    history = replayed.histories[KEY]
    answers: dict[str, Any] = {
        "/figures": {"figures": [figure_entry(history).model_dump(mode="json")]},
        f"/figures/{KEY}": history_view(history),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps(answers[unquote(urlsplit(self.path).path)], ensure_ascii=False)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode("utf-8"))

        def log_message(self, *_args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("as_json", [False, True])
def test_figures_command_prints_the_workers_answer_terminal_safe(
    worker_url: str, as_json: bool
) -> None:
    args = [KEY, "--url", worker_url] + (["--json"] if as_json else [])
    result = CliRunner().invoke(main, ["figures", *args])
    assert result.exit_code == 0, result.output
    assert not UNSAFE.search(result.stdout.replace("\n", ""))
    if as_json:
        sources = [o["observation"]["source"] for o in json.loads(result.stdout)["observations"]]
        assert sources == [TITLE_AND_CLEAR, CR_AND_OVERRIDE]
    else:
        assert "\\x1b]0;pwned\\x07Atlas" in result.stdout
