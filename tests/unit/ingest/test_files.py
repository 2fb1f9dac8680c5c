from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.ingest.files import Defaults, read_records, stream_lines
from tests.conftest import REPO


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
    assert record.error.reason == "no such file or directory"


@given(
    lines=st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), max_size=8),
    final_newline=st.booleans(),
    limit=st.integers(min_value=0, max_value=30),
    chunk=st.integers(min_value=1, max_value=16),
)
def test_streamed_lines_match_splitting_and_drop_what_is_over_the_limit(
    lines: list[bytes], final_newline: bool, limit: int, chunk: int
) -> None:
    document = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    expected = [
        (number, line if len(line) <= limit else None, len(line))
        for number, line in enumerate(document.split(b"\n"), start=1)
        if number <= document.count(b"\n") or line
    ]

    class Chunked(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            return super().read(min(chunk, size if size and size > 0 else chunk))

    assert list(stream_lines(Chunked(document), limit)) == expected


def test_an_oversized_jsonl_line_is_skipped_with_its_size_and_the_next_is_read(
    tmp_path: Path,
) -> None:
    huge = b'{"body": "' + b"x" * 5000 + b'"}'
    good = b'{"body": "ok", "source": "s"}'
    _write(tmp_path / "x.jsonl", huge + b"\n" + good + b"\n")
    first, second = read_records([tmp_path / "x.jsonl"], max_message_bytes=1000)
    assert first.error is not None and first.error.kind == "too_large"
    assert (first.line, first.raw, first.size) == (1, b"", len(huge))
    assert f"line is {len(huge)} bytes, over the limit of 1000" in first.error.reason
    assert (second.line, second.data) == (2, {"body": "ok", "source": "s"})


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("a.txt", b"title\n" + b"x" * 2000, "file"),
        ("a.json", b'  {"body": "' + b"x" * 2000 + b'"}', "file"),
    ],
)
def test_an_oversized_file_is_refused_without_being_read(
    tmp_path: Path, name: str, content: bytes, what: str
) -> None:
    _write(tmp_path / name, content)
    [record] = read_records([tmp_path / name], max_message_bytes=1000)
    assert record.error is not None and record.error.kind == "too_large"
    assert record.error.reason.startswith(f"{what} is {len(content)} bytes")
    assert (record.raw, record.size) == (b"", len(content))


def test_an_oversized_item_of_a_json_list_is_refused_and_the_others_are_read(
    tmp_path: Path,
) -> None:
    items = [{"body": "x" * 2000}, {"body": "ok"}]
    _write(tmp_path / "a.json", json.dumps(items))
    big, small = read_records([tmp_path / "a.json"], max_message_bytes=1000)
    assert big.error is not None and big.error.kind == "too_large" and big.line == 1
    assert small.data == {"body": "ok"}


@pytest.mark.slow
def test_a_200_mb_line_is_streamed_past_in_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"body": "')
        for _ in range(200):
            handle.write(b"x" * (1024 * 1024))
        handle.write(b'"}\n{"body": "ok", "source": "s"}\n')
    # A fresh interpreter reports its own peak: VmHWM starts anew at exec, while ru_maxrss
    # would carry over this test process's size from before it.
    script = textwrap.dedent(
        f"""
        import re
        from pathlib import Path
        from streams.ingest.files import read_records
        kinds = [r.error.kind if r.error else "ok" for r in read_records([Path({str(path)!r})])]
        status = Path("/proc/self/status").read_text()
        print(kinds, int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) // 1024)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    )
    kinds, peak_mib = result.stdout.rsplit(" ", 1)
    assert kinds == "['too_large', 'ok']"
    assert int(peak_mib) < 150, f"reading peaked at {peak_mib} MiB"
