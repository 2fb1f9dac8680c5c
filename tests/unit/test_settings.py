from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from streams.settings import Settings


def test_defaults_work_on_a_laptop(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in __import__("os").environ if n.startswith("FIGWATCH_")]:
        monkeypatch.delenv(name)
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
    ("name", "value"),
    [
        ("FIGWATCH_PARTITIONS", "0"),
        ("FIGWATCH_STORE", "redis"),
        ("FIGWATCH_LOG_FORMAT", "xml"),
        ("FIGWATCH_DEDUP_THRESHOLD", "1.5"),
    ],
)
def test_invalid_values_are_rejected(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.partitions = 3  # type: ignore[misc]
