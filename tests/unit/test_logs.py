"""Logs never show a secret, whichever logger wrote it, and client mistakes log no traceback."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import sys
from collections.abc import Iterator

import pytest
import structlog
from aiohttp.http_exceptions import BadStatusLine, HttpProcessingError, LineTooLong

from streams import logs
from streams.logs import MASK, ClientErrorsAsWarnings, RedactSecrets
from streams.settings import get_settings

SECRET = "s3cret-Pa55word"  # noqa: S105  (a test value to look for)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "Starting KafkaAdminClient with configuration: {'bootstrap_servers': ['b:9092'], "
            "'sasl_plain_username': 'fw', 'sasl_plain_password': 'hunter2-x'}",
            "Starting KafkaAdminClient with configuration: {'bootstrap_servers': ['b:9092'], "
            "'sasl_plain_username': 'fw', 'sasl_plain_password': '***'}",
        ),
        ('{"ssl_password": "a\\"b", "n": 1}', '{"ssl_password": "***", "n": 1}'),
        ("password=hunter2 user=fw", "password=*** user=fw"),
        ("client_secret: abc; token=xyz", "client_secret: ***; token=***"),
        ("the password is " + SECRET, "the password is ***"),
        ("repr: 'x" + SECRET + "'", "repr: 'x***'"),
        # Words that only look alike, and the word alone, stay as they are.
        (
            "Sending username and password in the clear",
            "Sending username and password in the clear",
        ),
        ("max_tokens=5 tokens: 7 api_key=3", "max_tokens=5 tokens: 7 api_key=3"),
    ],
)
def test_secrets_in_text_are_masked(text: str, shown: str) -> None:
    assert RedactSecrets([SECRET]).text(text) == shown


def test_secret_fields_and_nested_values_of_an_event_are_masked() -> None:
    event = {
        "event": "connecting",
        "sasl_plain_password": "hunter2",
        "options": {"token": "t0k", "user": "fw", "hosts": [f"x {SECRET}"]},
        "error": ValueError(f"bad {SECRET}"),
        "count": 3,
        "password": None,
    }
    masked = RedactSecrets([SECRET])(None, "info", event)

    assert masked == {
        "event": "connecting",
        "sasl_plain_password": MASK,
        "options": {"token": MASK, "user": "fw", "hosts": ["x ***"]},
        "error": "ValueError('bad ***')",
        "count": 3,
        "password": None,
    }


def test_a_secret_too_short_to_mask_everywhere_is_still_masked_under_its_name() -> None:
    redact = RedactSecrets(["ab"])
    assert redact.text("password=ab table") == "password=*** table"


def test_masking_a_huge_line_takes_linear_time() -> None:
    # A 2.5 MB key is logged whole by Faust at DEBUG: the masking must not go quadratic.
    line = "token" + "k" * 2_500_000
    assert RedactSecrets([SECRET]).text(line) == line


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """Logging as figwatch's commands set it up, at DEBUG, into a buffer instead of stderr."""
    monkeypatch.setenv("FIGWATCH_KAFKA_SASL_PASSWORD", SECRET)
    get_settings.cache_clear()
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    logs.configure_logging("json", "DEBUG")
    yield err
    get_settings.cache_clear()
    structlog.reset_defaults()
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "loggers": {"aiohttp.server": {"filters": []}},
            "root": {"handlers": [], "level": "WARNING"},
        }
    )


def _lines(err: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in err.splitlines() if line.startswith("{")]


def test_no_logger_at_any_level_shows_the_configured_password(configured: io.StringIO) -> None:
    config = {"sasl_plain_username": "fw", "sasl_plain_password": SECRET}
    logging.getLogger("kafka.admin.client").debug("Starting with configuration: %s", config)
    logging.getLogger("aiokafka").info("connecting with %s", SECRET)
    logging.getLogger("faust").warning("credentials=%r", SECRET)
    logs.get_logger("test").debug("settings", password=SECRET, broker=f"sasl://fw:{SECRET}@b")
    try:
        raise RuntimeError(f"auth failed for {SECRET}")
    except RuntimeError:
        logging.getLogger("faust.app").exception("crashed")
    err = configured.getvalue()

    assert len(_lines(err)) == 5
    assert SECRET not in err
    assert "'sasl_plain_password': '***'" in err


def test_a_malformed_request_is_one_warning_without_traceback(configured: io.StringIO) -> None:
    server = logging.getLogger("aiohttp.server")
    for error in (LineTooLong("/figures/" + "a" * 9000, "8190"), BadStatusLine("\x16\x03")):
        try:
            raise error
        except HttpProcessingError:
            server.exception("Error handling request from %s", "127.0.0.1")
    try:
        raise RuntimeError("a real fault")
    except RuntimeError:
        server.exception("Error handling request from %s", "127.0.0.1")
    lines = _lines(configured.getvalue())

    assert [(line["level"], "exception" in line) for line in lines] == [
        ("warning", False),
        ("warning", False),
        ("error", True),
    ]
    assert str(lines[0]["event"]).startswith("bad_http_request: 400")


def test_the_client_errors_filter_never_drops_a_record() -> None:
    record = logging.LogRecord("aiohttp.server", logging.ERROR, __file__, 1, "x", (), None)
    assert ClientErrorsAsWarnings().filter(record)
    assert record.levelno == logging.ERROR
