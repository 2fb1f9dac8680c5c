from __future__ import annotations

import math
import os
from pathlib import Path
from unittest import mock

import annotated_types
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from streams.settings import (
    Settings,
    SettingsError,
    allowed,
    broker_addresses,
    env_name,
    load_settings,
)

NUMERIC_FIELDS = [
    name for name, info in Settings.model_fields.items() if info.annotation in (int, float)
]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("FIGWATCH_")]:
        monkeypatch.delenv(name)


def test_defaults_work_on_a_laptop() -> None:
    settings = Settings()
    assert settings.bootstrap_servers == ["127.0.0.1:9092"]
    assert settings.max_body_bytes == 2 * 1024 * 1024
    assert settings.store == "rocksdb"
    assert settings.web_bind == "127.0.0.1"


def test_environment_variables_set_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIGWATCH_BROKER", "kafka://a:1;b:2")
    monkeypatch.setenv("FIGWATCH_PARTITIONS", "8")
    monkeypatch.setenv("FIGWATCH_DATA_DIR", "/tmp/fw")
    monkeypatch.setenv("FIGWATCH_KAFKA_SASL_PASSWORD", "hunter2")
    settings = Settings()
    assert settings.bootstrap_servers == ["a:1", "b:2"]
    assert settings.partitions == 8
    assert settings.data_dir == Path("/tmp/fw")
    assert "hunter2" not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("FIGWATCH_PARTITIONS", "abc", "a whole number from 1 to 1024"),
        ("FIGWATCH_PARTITIONS", "0", "a whole number from 1 to 1024"),
        ("FIGWATCH_PARTITIONS", "1025", "a whole number from 1 to 1024"),
        ("FIGWATCH_PARTITIONS", "1e3", "a whole number from 1 to 1024"),
        ("FIGWATCH_PARTITIONS", "9" * 5000, "a whole number from 1 to 1024"),
        ("FIGWATCH_REPLICATION_FACTOR", "-1", "a whole number from 1 to 32"),
        ("FIGWATCH_WEB_PORT", "65536", "a whole number from 0 to 65535"),
        ("FIGWATCH_MAX_BODY_BYTES", "0", "a whole number from 1024 to 67108864"),
        ("FIGWATCH_MAX_MESSAGE_BYTES", "1e309", "a whole number from 1024 to 67108864"),
        ("FIGWATCH_DEDUP_THRESHOLD", "1.5", "a finite number above 0 and at most 1"),
        ("FIGWATCH_DEDUP_THRESHOLD", "nan", "a finite number above 0 and at most 1"),
        ("FIGWATCH_RETENTION_DAYS", "inf", "a finite number above 0 and at most 36500"),
        ("FIGWATCH_RETENTION_DAYS", "-0", "a finite number above 0 and at most 36500"),
        ("FIGWATCH_FIGURE_RETENTION_DAYS", "1e309", "a finite number above 0 and at most 36500"),
        ("FIGWATCH_CONFLICT_WINDOW_DAYS", "0", "a finite number above 0 and at most 36500"),
        ("FIGWATCH_APPROX_TOLERANCE", "2", "a finite number from 0 to 1"),
        ("FIGWATCH_MIN_CHANGE", "inf", "a finite number from 0 to 10"),
        ("FIGWATCH_MIN_CHANGE", "-0.1", "a finite number from 0 to 10"),
        ("FIGWATCH_HEAP_TRIM_SECONDS", "1e-9", "0 (off) or a number of seconds from 1 to 86400"),
        ("FIGWATCH_HEAP_TRIM_SECONDS", "-1", "0 (off) or a number of seconds from 1 to 86400"),
        ("FIGWATCH_HEAP_TRIM_SECONDS", "NaN", "0 (off) or a number of seconds from 1 to 86400"),
        ("FIGWATCH_BROKER_WAIT_SECONDS", "0", "a finite number from 0.5 to 300"),
        ("FIGWATCH_BROKER", "", "host:port addresses"),
        ("FIGWATCH_BROKER", "http://kafka:9092", "host:port addresses"),
        ("FIGWATCH_BROKER", "kafka://kafka", "host:port addresses"),
        ("FIGWATCH_BROKER", "kafka://a:1;b:99999", "host:port addresses"),
        ("FIGWATCH_TOPIC_ALERTS", "alerts topic", "a Kafka topic name"),
        ("FIGWATCH_TOPIC_ARTICLES", "", "a Kafka topic name"),
        ("FIGWATCH_TOPIC_CLAIMS", "x" * 250, "a Kafka topic name"),
        ("FIGWATCH_APP_ID", "fig/watch", "1 to 200 letters"),
        ("FIGWATCH_WEB_BIND", "", "a host or address"),
        ("FIGWATCH_STORE", "redis", "one of rocksdb, memory"),
        ("FIGWATCH_LOG_FORMAT", "xml", "one of json, console"),
        ("FIGWATCH_PROCESSING_GUARANTEE", "exactly-once", "one of at_least_once, exactly_once"),
        ("FIGWATCH_KAFKA_SSL_CAFILE", "/no/such/ca.pem", "an existing CA bundle file"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable_the_value_and_what_is_allowed(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    [line] = caught.value.problems
    assert "\n" not in line
    shown = repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    assert line.startswith(f"{name}={shown} is not allowed: expected ")
    assert expected in line
    assert len(line) < 300, "a huge value is shortened, not echoed whole"


@pytest.mark.parametrize(
    ("name", "value", "field", "expected"),
    [
        ("FIGWATCH_PARTITIONS", "1024", "partitions", 1024),
        ("FIGWATCH_PARTITIONS", " 8 ", "partitions", 8),
        ("FIGWATCH_HEAP_TRIM_SECONDS", "0", "heap_trim_seconds", 0.0),
        ("FIGWATCH_HEAP_TRIM_SECONDS", "1", "heap_trim_seconds", 1.0),
        ("FIGWATCH_MIN_CHANGE", "-0", "min_change", 0.0),
        ("FIGWATCH_RETENTION_DAYS", "0.5", "retention_days", 0.5),
        ("FIGWATCH_BROKER", "[::1]:9092,b:2", "bootstrap_servers", ["[::1]:9092", "b:2"]),
        ("FIGWATCH_BROKER", "aiokafka://k:29092", "bootstrap_servers", ["k:29092"]),
        ("FIGWATCH_TOPIC_ALERTS", "team.alerts_v2-x", "topic_alerts", "team.alerts_v2-x"),
    ],
)
def test_values_within_bounds_are_accepted(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, field: str, expected: object
) -> None:
    monkeypatch.setenv(name, value)
    assert getattr(load_settings(), field) == expected


def test_several_bad_values_give_one_line_each(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIGWATCH_PARTITIONS", "abc")
    monkeypatch.setenv("FIGWATCH_MIN_CHANGE", "inf")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert [p.split("=", 1)[0] for p in caught.value.problems] == [
        "FIGWATCH_PARTITIONS",
        "FIGWATCH_MIN_CHANGE",
    ]


def test_a_bad_password_is_never_echoed() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(kafka_sasl_password=["hunter2"])
    assert "hunter2" not in str(caught.value)
    assert "FIGWATCH_KAFKA_SASL_PASSWORD=(hidden)" in str(caught.value)


def test_every_field_says_what_it_allows() -> None:
    for name, info in Settings.model_fields.items():
        text = allowed(name)
        assert text
        if info.annotation in (int, float):
            assert " from " in text or " above " in text, (name, text)


NUMERIC_STRINGS = st.one_of(
    st.sampled_from(
        [
            *("inf", "-inf", "Infinity", "nan", "NaN", "-0", "+0", "-0.0", "1e309", "-1e309"),
            *("1e-9", "1e-320", "0x10", "1_000", " 5 ", "", "١٢", "5e0", "4.0", "4.5"),
        ]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(allow_nan=False, allow_infinity=False).map(lambda f: f"{f:.3e}"),
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.integers(min_value=-100_000, max_value=100_000).map(str),
)


@given(field=st.sampled_from(NUMERIC_FIELDS), value=NUMERIC_STRINGS)
def test_a_numeric_setting_is_a_finite_value_in_bounds_or_one_line_naming_it(
    field: str, value: str
) -> None:
    name = env_name(field)
    with mock.patch.dict(os.environ, {name: value}):
        try:
            settings = load_settings()
        except SettingsError as exc:
            [line] = exc.problems
            assert line.startswith(f"{name}=") and allowed(field) in line
            return
    number = getattr(settings, field)
    assert math.isfinite(number)
    for bound in Settings.model_fields[field].metadata:
        if isinstance(bound, annotated_types.Ge):
            assert number >= bound.ge
        elif isinstance(bound, annotated_types.Gt):
            assert number > bound.gt
        elif isinstance(bound, annotated_types.Le):
            assert number <= bound.le
    if field == "heap_trim_seconds":
        assert number == 0 or number >= 1


@pytest.mark.parametrize(
    ("value", "addresses"),
    [
        ("kafka://127.0.0.1:9092", ["127.0.0.1:9092"]),
        ("kafka://a:1;kafka://b:2", ["a:1", "b:2"]),
        ("a:1, b:2", ["a:1", "b:2"]),
        (" a:1 ;; ", ["a:1"]),
    ],
)
def test_broker_addresses(value: str, addresses: list[str]) -> None:
    assert broker_addresses(value) == addresses


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.partitions = 3  # type: ignore[misc]
