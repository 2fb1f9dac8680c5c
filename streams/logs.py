"""Structured logging: JSON lines by default, a readable console format by option.

Secrets never reach a log at any level: every line, figwatch's own events and the records of
Faust, aiokafka and kafka-python alike, passes :class:`RedactSecrets` before it is rendered.
"""

from __future__ import annotations

import json
import logging
import logging.config
import re
from collections.abc import Iterable, Mapping
from typing import Any

import structlog
from aiohttp.http_exceptions import HttpProcessingError
from pydantic import SecretStr

from streams.settings import get_settings

MASK = "***"
"""What a secret is replaced with."""

MIN_MASKED_SECRET_CHARS = 4
"""Shorter secrets are masked only under a secret-looking name: masking every occurrence of
one or two characters would garble every line (and such a secret is no secret anyway)."""

_SENSITIVE_WORDS = "password|passwd|secret|token|credentials"
_SENSITIVE_HINT = re.compile(_SENSITIVE_WORDS, re.IGNORECASE)
_SENSITIVE_KEY = re.compile(rf"[\w.-]*(?:{_SENSITIVE_WORDS})$", re.IGNORECASE)
# `name: value` and `name=value`, bare or quoted, as in the config dumps of Kafka clients. The
# name starts at a word boundary and is short, so that a huge run of word characters (a 2 MB
# key logged at DEBUG) costs linear time, not quadratic.
_SENSITIVE_ASSIGNMENT = re.compile(
    rf"""(?P<name>(?<![\w.-])['"]?[\w.-]{{0,64}}?(?:{_SENSITIVE_WORDS})['"]?\s*[:=]\s*)"""
    r"""(?P<value>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s,;)}\]]+)""",
    re.IGNORECASE,
)


class RedactSecrets:
    """A structlog processor that masks secrets in every field of an event.

    It masks the values of fields with a secret-looking name (``password``,
    ``sasl_plain_password``, ``ssl_password``, ``secret``, ``token``...), ``name: value`` and
    ``name=value`` pairs of such names inside text (a client's config dump), and the known
    secret strings themselves wherever they appear.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        spellings: set[str] = set()
        for secret in secrets:
            if len(secret) >= MIN_MASKED_SECRET_CHARS:
                # As written, inside a repr and inside JSON: escapes change what a log shows.
                spellings.update((secret, repr(secret)[1:-1], json.dumps(secret)[1:-1]))
        self._spellings = sorted(spellings, key=len, reverse=True)

    def __call__(self, logger: Any, method_name: str, event_dict: Any) -> Any:
        """Mask the secrets of one event (the processor protocol of structlog)."""
        return {key: self._value(key, value) for key, value in event_dict.items()}

    def _value(self, key: object, value: Any) -> Any:
        if isinstance(key, str) and _SENSITIVE_KEY.match(key) and value not in (None, ""):
            return MASK
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {k: self._value(k, v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self._value(None, item) for item in value]
        if value is None or isinstance(value, bool | int | float):
            return value
        shown = repr(value)
        masked = self.text(shown)
        return value if masked == shown else masked

    def text(self, text: str) -> str:
        """``text`` with secret assignments and known secrets masked."""
        if _SENSITIVE_HINT.search(text):
            text = _SENSITIVE_ASSIGNMENT.sub(_mask_assignment, text)
        for spelling in self._spellings:
            text = text.replace(spelling, MASK)
        return text


def _mask_assignment(match: re.Match[str]) -> str:
    value = match.group("value")
    quote = value[0] if value[0] in "'\"" else ""
    return f"{match.group('name')}{quote}{MASK}{quote}"


def configured_secrets() -> list[str]:
    """Every secret of this process's settings (its ``SecretStr`` fields), to mask in logs."""
    values = (getattr(get_settings(), name) for name in type(get_settings()).model_fields)
    return [v.get_secret_value() for v in values if isinstance(v, SecretStr)]


class ClientErrorsAsWarnings(logging.Filter):
    """Logs a malformed HTTP request as one warning line, not an error with a traceback.

    aiohttp answers such a request itself (400, 414...) and logs it as an error with the
    parser's traceback: a client's mistake, which should not read like a worker fault.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record when it is about a client error; never drop a record."""
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError) and 400 <= error.code < 500:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            detail = " ".join(str(error.message).split())[:200]
            record.msg, record.args = "bad_http_request: %s %s", (error.code, detail)
            record.exc_info, record.exc_text = None, None
        return True


_SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.processors.StackInfoRenderer(),
    structlog.processors.format_exc_info,
]


def _renderer(log_format: str) -> Any:
    if log_format == "console":
        return structlog.dev.ConsoleRenderer(colors=False)
    return structlog.processors.JSONRenderer(ensure_ascii=False)


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` dict routing stdlib loggers (Faust's too) via structlog."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structlog": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    # Here, so that it sees every record whatever logger it came from.
                    RedactSecrets(configured_secrets()),
                    _renderer(log_format),
                ],
                "foreign_pre_chain": _SHARED_PROCESSORS,
            }
        },
        "filters": {"client_errors": {"()": ClientErrorsAsWarnings}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "structlog",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {"aiohttp.server": {"filters": ["client_errors"]}},
        "root": {"handlers": ["stderr"], "level": level},
    }


def configure_logging(log_format: str = "json", level: str = "INFO") -> None:
    """Send structlog and stdlib logging to stderr as JSON lines (or console text)."""
    logging.config.dictConfig(logging_config(log_format, level))
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED_PROCESSORS,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    logging.captureWarnings(True)


def get_logger(stage: str | None = None, **fields: Any) -> structlog.stdlib.BoundLogger:
    """A logger whose events carry ``stage`` (and any other fixed fields)."""
    logger: structlog.stdlib.BoundLogger = structlog.get_logger("figwatch")
    if stage is not None:
        fields["stage"] = stage
    return logger.bind(**fields) if fields else logger
