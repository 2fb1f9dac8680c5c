from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from streams.ingest.files import Defaults, read_records


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_txt_first_line_is_the_headline_and_manifest_gives_the_rest(tmp_path: Path) -> None:
    _write(tmp_path / "ar" / "a.txt", "عنوان الخبر\nنص الخبر هنا.\n")
    manifest = {
        "articles": [
            {
                "file": "ar/a.txt",
                "published_at": "2018-02-05T10:00:00Z",
                "source": "Levant Wire",
                "language": "ar",
                "url": "https://example.com/a",
            }
        ]
    }
    _write(tmp_path / "manifest.json", json.dumps(manifest))
    [record] = read_records([tmp_path])
    assert record.error is None
    assert record.data == {
        "title": "عنوان الخبر",
        "body": "نص الخبر هنا.",
        "published_at": "2018-02-05T10:00:00Z",
        "source": "Levant Wire",
        "language": "ar",
        "url": "https://example.com/a",
    }


def test_defaults_fill_only_missing_fields(tmp_path: Path) -> None:
    when = datetime(2020, 1, 1, tzinfo=UTC)
    _write(tmp_path / "x.jsonl", '{"source": "A", "body": "b"}\n{"body": "c"}\n')
    defaults = Defaults(source="Default", language="en", published_at=when)
    first, second = read_records([tmp_path / "x.jsonl"], defaults)
    assert first.data is not None and first.data["source"] == "A"
    assert second.data is not None and second.data["source"] == "Default"
    assert second.data["published_at"] == when.isoformat()


def test_bad_jsonl_lines_are_reported_with_their_line_numbers(tmp_path: Path) -> None:
    _write(tmp_path / "x.jsonl", '{"body": "ok", "source": "s"}\n\n{broken\n[1]\n')
    records = list(read_records([tmp_path / "x.jsonl"]))
    assert [(r.line, r.error.kind if r.error else None) for r in records] == [
        (1, None),
        (3, "invalid_json"),
        (4, "not_an_object"),
    ]
    assert records[1].where.endswith("x.jsonl:3")


def test_json_file_may_hold_a_list(tmp_path: Path) -> None:
    _write(tmp_path / "x.json", json.dumps([{"body": "a", "source": "s"}, 5]))
    records = list(read_records([tmp_path / "x.json"]))
    assert records[0].data == {"body": "a", "source": "s"}
    assert records[1].error is not None and records[1].error.kind == "not_an_object"


def test_txt_in_another_encoding_is_rejected(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "عنوان\nنص".encode("cp1256"))
    [record] = read_records([tmp_path])
    assert record.error is not None and record.error.kind == "invalid_encoding"


def test_directories_are_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    _write(tmp_path / "b" / "2.txt", "t\nbody")
    _write(tmp_path / "a" / "1.txt", "t\nbody")
    _write(tmp_path / "a" / "notes.md", "ignored")
    origins = [r.origin.name for r in read_records([tmp_path])]
    assert origins == ["1.txt", "2.txt"]


def test_missing_path_is_an_error_record(tmp_path: Path) -> None:
    [record] = read_records([tmp_path / "nope.jsonl"])
    assert record.error is not None
    assert "no such file" in record.error.reason
