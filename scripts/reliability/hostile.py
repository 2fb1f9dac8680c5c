"""Hostile input: thousands of bad messages among valid ones; the worker must stay up.

Every bad message must reach the dead-letter topic with the expected error kind (matched by
its input partition and offset), every valid one must come out exactly once (unique or
duplicate), and the worker must still run. A few edge cases ride along in every run: 2.5 MB
keys and 2.5 MB of headers on malformed and on valid messages (the dead letter must record
their sizes), a valid article whose url is ``javascript:``, and articles dated 9999-12-31 and
0001-01-01. Then the run is looked at as users would (``surfaces``): the alerts printed by
``figwatch alerts``, Faust's debug views on the worker's port, a command given a nonsense
setting. ``--scaling`` also prints how the extractor's time grows with input size (no
broker needed).

Run: ``.venv/bin/python -m scripts.reliability.hostile [--bad 10000] [--valid 1000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from schemas.codec import encode
from schemas.dead_letter import DeadLetter
from scripts.reliability.common import (
    DeploymentOutputs,
    Headers,
    account,
    create_topics,
    print_figures,
    produce,
    rss_mib,
    scenario_broker,
)
from scripts.reliability.corpus import (
    EPOCH,
    build_feed,
    encode_article,
    filler_sentences,
)
from tests.support.worker import FigwatchDeployment, WorkerProcess

# Small limits keep the oversized messages small, while digit runs of 100,000 characters fit.
MAX_BODY_BYTES = 128 * 1024
MAX_MESSAGE_BYTES = 256 * 1024
LIMITS_ENV = {
    "FIGWATCH_MAX_BODY_BYTES": str(MAX_BODY_BYTES),
    "FIGWATCH_MAX_MESSAGE_BYTES": str(MAX_MESSAGE_BYTES),
}

# Over the worker's message limit on its own, and far over a dead letter's room for it.
OVERSIZED_BYTES = 2_500_000

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
SCRIPTS = "abcXYZабвгд中文字αβγ😀🇸🇾١٢٣۴۵۶०१२ـًٌٍَُِّْ"


@dataclass(frozen=True, slots=True)
class Message:
    """One input message and what must become of it: a dead letter kind, or None (valid)."""

    key: bytes | None
    value: bytes | None
    expect: str | None
    family: str
    article_id: str | None = None
    headers: Headers = field(default_factory=list)

    @property
    def headers_size(self) -> int:
        """Bytes of the header names and values, as a dead letter records them."""
        return sum(len(name.encode()) + len(value) for name, value in self.headers)


def _valid_data(rng: random.Random, number: int, body: str | None = None) -> dict[str, Any]:
    language = rng.choice(("ar", "en"))
    text = body if body is not None else " ".join(rng.sample(filler_sentences()[language], 4))
    return {
        "id": f"hostile-valid-{number}",
        "source": "Hostile Wire",
        "url": f"https://example.org/hostile/{number}",
        "title": f"hostile {number}",
        "body": text,
        "published_at": EPOCH.isoformat(),
    }


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _bad_families(rng: random.Random) -> dict[str, tuple[str, Callable[[int], bytes | None]]]:
    """Each family: the error kind it must produce and a builder of one message."""

    def base(n: int) -> dict[str, Any]:
        return {**_valid_data(rng, n), "id": f"hostile-bad-{n}"}

    def over_body(n: int) -> bytes:
        return _json({**base(n), "body": "كلمة " * (MAX_BODY_BYTES // 9 + 10)})

    def over_message(n: int) -> bytes:
        return _json({**base(n), "padding": "x" * (MAX_MESSAGE_BYTES + 1024)})

    def nested(n: int) -> bytes:
        depth = rng.choice((10_000, 100_000))
        return b'{"source": "s", "body": "b", "x": ' + b"[" * depth + b"]" * depth + b"}"

    def invalid_utf8(n: int) -> bytes:
        good = _json(base(n))
        cut = rng.randrange(1, len(good))
        return (
            good[:cut] + rng.choice((b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80")) + good[cut:]
        )

    def invalid_json(n: int) -> bytes:
        # Cut between characters, not inside one: a cut UTF-8 sequence is an encoding error.
        good = json.dumps(base(n), ensure_ascii=False)
        cut = good[: rng.randrange(1, len(good))].encode("utf-8")
        return rng.choice((cut, good.encode("utf-8") + b"}", b"", b"{'a': 1}"))

    return {
        "invalid_utf8": ("invalid_encoding", invalid_utf8),
        "invalid_json": ("invalid_json", invalid_json),
        "nested_json": ("invalid_json", nested),
        "not_object": (
            "not_an_object",
            lambda n: rng.choice((b"[1, 2]", b"42", b'"text"', b"null", b"true")),
        ),
        "wrong_types": (
            "validation",
            lambda n: _json(
                {
                    **base(n),
                    rng.choice(("body", "source", "title")): rng.choice((42, [1], {"a": 1}, True)),
                }
            ),
        ),
        "missing_fields": (
            "validation",
            lambda n: _json({k: v for k, v in base(n).items() if k not in ("body", "source")}),
        ),
        "nul_body": ("validation", lambda n: _json({**base(n), "body": "قتل 40\x00 شخصا"})),
        # An escaped lone surrogate is valid JSON and valid UTF-8 but cannot be re-encoded.
        "lone_surrogate": (
            "validation",
            lambda n: json.dumps({**base(n), "title": "\ud800"}).encode("ascii"),
        ),
        "blank_body": (
            "validation",
            lambda n: _json({**base(n), "body": rng.choice([" \n\t\u3000 ", " \n " + BIDI])}),
        ),
        "tombstone": ("validation", lambda n: None),
        "over_body": ("validation", over_body),
        "over_message": ("too_large", over_message),
    }


# Large messages are rare so that 10,000 bad messages stay a few tens of MB.
FAMILY_WEIGHTS = {"over_body": 0.2, "over_message": 0.2, "nested_json": 0.3}


def hostile_valid_bodies(rng: random.Random) -> list[Callable[[], str]]:
    """Bodies that are strange but valid: the pipeline must process them, not reject them."""
    pool = filler_sentences()
    return [
        lambda: "".join(rng.choice(BIDI + "قتل 40 ألفا ") for _ in range(400)),
        lambda: "".join(rng.choice(SCRIPTS + " 0123456789,.") for _ in range(2000)),
        lambda: "قتل " + "9" * 100_000 + " شخصا في الزلزال.",
        lambda: " ".join(
            rng.choice("0123456789١٢٣٤٥٦٧٨٩٠") * rng.randrange(1, 30) for _ in range(3000)
        ),
        lambda: rng.choice(pool["ar"]) + BIDI + rng.choice(pool["en"]) + " 1,000,000,000,000,000",
        lambda: "ألف " * 5000 + "مليون مليار ألف",
    ]


def edge_cases(rng: random.Random) -> list[Message]:
    """The oversized keys and headers, the ``javascript:`` url and the dates at the ends."""
    huge_key = b"k" * OVERSIZED_BYTES
    huge_headers = [("trace", b"t-1"), ("blob", b"h" * OVERSIZED_BYTES), ("after", b"x")]

    def article(name: str, **fields: str) -> Message:
        data = {**_valid_data(rng, 0), "id": f"hostile-edge-{name}", **fields}
        return Message(data["id"].encode(), _json(data), None, f"edge_{name}", data["id"])

    return [
        Message(huge_key, b'{"id": "x", "body": ', "invalid_json", "oversized_key_bad"),
        Message(b"bad", b"[1, 2]", "not_an_object", "oversized_headers_bad", None, huge_headers),
        replace(article("oversized_key"), key=huge_key),
        replace(article("oversized_headers"), headers=huge_headers),
        article("javascript_url", url="javascript:alert(document.domain)"),
        article("latest_date", published_at="9999-12-31T23:59:59Z"),
        article("earliest_date", published_at="0001-01-01T00:00:00Z"),
    ]


def messages(bad: int, valid: int, seed: int = 8) -> list[Message]:
    """``bad`` hostile messages, ``valid`` articles (a quarter strange) and the edge cases."""
    rng = random.Random(seed)
    families = _bad_families(rng)
    names = list(families)
    weights = [FAMILY_WEIGHTS.get(name, 1.0) for name in names]
    out: list[Message] = []
    for n in range(bad):
        name = rng.choices(names, weights)[0]
        kind, build = families[name]
        out.append(Message(f"bad-{n}".encode(), build(n), kind, name))
    strange = hostile_valid_bodies(rng)
    feed = build_feed(max(1, valid // 4), reports=3, copy_share=0.2, seed=seed)
    for article in feed.articles[: valid - valid // 4]:
        out.append(
            Message(article["id"].encode(), encode_article(article), None, "valid", article["id"])
        )
    for n in range(valid // 4):
        data = _valid_data(rng, n, body=rng.choice(strange)())
        out.append(Message(data["id"].encode(), _json(data), None, "valid_strange", data["id"]))
    out.extend(edge_cases(rng))
    rng.shuffle(out)
    return out


def run(
    bootstrap: str, base_dir: Path, bad: int, valid: int, seed: int = 8, timeout: float = 900
) -> dict[str, Any]:
    """Send the hostile mix to one worker; the figures, with ``exact`` verdicts."""
    deployment = FigwatchDeployment(bootstrap, partitions=4)
    create_topics(deployment)
    mix = messages(bad, valid, seed)
    worker = WorkerProcess(deployment, base_dir / "worker", LIMITS_ENV)
    worker.start(timeout=180)
    watch = DeploymentOutputs(bootstrap, deployment.topic)
    try:
        started = time.monotonic()
        coordinates = produce(
            bootstrap, deployment.topic("articles"), ((m.key, m.value, m.headers) for m in mix)
        )
        expected_dead = {
            where: m.expect for where, m in zip(coordinates, mix, strict=True) if m.expect
        }
        family_at = {where: m.family for where, m in zip(coordinates, mix, strict=True)}
        oversized = {
            where: m
            for where, m in zip(coordinates, mix, strict=True)
            if m.expect and m.family.startswith("oversized_")
        }
        valid_ids = [m.article_id for m in mix if m.article_id]

        def done(outputs: Any) -> bool:
            seen = outputs.accounted()
            return len(outputs.dead_letters) >= len(expected_dead) and all(
                seen[i] for i in valid_ids
            )

        watch.wait_for(done, timeout=timeout)
        elapsed = time.monotonic() - started
        time.sleep(3)
        outputs = watch.poll()
        alive = worker.running()
        memory = rss_mib(worker.process.pid) if worker.process and alive else 0.0
        exposed = surfaces(deployment, worker.port)
    finally:
        worker.stop()
        watch.close()
    got = {(d.partition, d.offset): d for d in outputs.dead_letters}
    wrong = {
        w: (kind, got[w].error_kind)
        for w, kind in expected_dead.items()
        if w in got and got[w].error_kind != kind
    }
    missing_dead = [w for w in expected_dead if w not in got]
    unexpected_dead = [w for w in got if w not in expected_dead]
    accounting = account(valid_ids, outputs)
    families = Counter(m.family for m in mix)
    edge_ids = [m.article_id for m in mix if m.family.startswith("edge_") and m.article_id]
    seen = outputs.accounted()
    return {
        "messages_in": len(mix),
        "bad_in": len(expected_dead),
        "valid_in": len(valid_ids),
        "families": dict(sorted(families.items())),
        "dead_letters": len(outputs.dead_letters),
        "dead_letter_kinds": dict(Counter(d.error_kind for d in outputs.dead_letters)),
        "bad_missing": len(missing_dead),
        "bad_missing_by_family": dict(Counter(family_at[w] for w in missing_dead)),
        "valid_repeated_examples": {
            i: (outputs.unique[i], outputs.duplicates[i]) for i in list(accounting.repeated)[:3]
        },
        "bad_wrong_kind": len(wrong),
        "wrong_kind_examples": list(wrong.values())[:5],
        "valid_unexpectedly_dead": len(unexpected_dead),
        "valid_accounted_once": accounting.accounted_once,
        "valid_missing": len(accounting.missing),
        "valid_repeated": len(accounting.repeated),
        "without_reason": sum(1 for d in outputs.dead_letters if not d.reason),
        "oversized_dead_letters": len(oversized),
        "oversized_sizes_recorded": sum(
            1 for w, m in oversized.items() if w in got and _sizes_recorded(got[w], m)
        ),
        "largest_dead_letter_bytes": max((len(encode(d)) for d in outputs.dead_letters), default=0),
        "edge_valid_once": sum(1 for i in edge_ids if seen[i] == 1),
        "edge_valid_in": len(edge_ids),
        **exposed,
        "alerts": sum(outputs.alerts.values()),
        "worker_alive": alive,
        "worker_rss_mib": round(memory, 1),
        "seconds": round(elapsed, 1),
        "messages_per_s": round(len(mix) / elapsed, 1),
        "exact": alive
        and not missing_dead
        and not wrong
        and not unexpected_dead
        and accounting.exact
        and all(w in got and _sizes_recorded(got[w], m) for w, m in oversized.items())
        and exposed["terminal_raw_controls"] == 0
        and set(exposed["route_status"].values()) == {404}
        and exposed["bad_setting_exit"] == 2
        and exposed["bad_setting_stderr_lines"] == 1,
    }


# What a terminal obeys (C0 and C1 controls but tab and newline, DEL) and what reorders text
# (bidi embeddings, overrides, isolates): article fields must never print them raw.
_RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_DEBUG_ROUTES = ("/table/", "/router/", "/graph/", "/no/such/path")


def surfaces(deployment: FigwatchDeployment, web_port: int) -> dict[str, Any]:
    """What an analyst and a client see of the hostile run, as they would look at it.

    ``figwatch alerts`` prints the run's alerts (their evidence holds the articles' bidi and
    control characters) with none raw; Faust's table and router views and an unknown path
    answer 404 on the worker's port; a nonsense setting stops a command with one line.
    """
    env = {**os.environ, **deployment.env(), "FIGWATCH_LOG_LEVEL": "WARNING"}
    printed = ""
    read = ("--from-beginning", "--max", "1000", "--timeout", "20")
    for mode in ((), ("--json",)):
        result = subprocess.run(  # noqa: S603  (fixed arguments, no shell)
            [sys.executable, "-m", "streams", "alerts", *mode, *read],
            capture_output=True, text=True, env=env, timeout=180, check=False,
        )  # fmt: skip
        printed += result.stdout
    status = {}
    for path in _DEBUG_ROUTES:
        try:
            url = f"http://127.0.0.1:{web_port}{path}"
            with urllib.request.urlopen(url, timeout=10) as r:
                status[path] = r.status
        except urllib.error.HTTPError as error:
            status[path] = error.code
    bad = subprocess.run(
        [sys.executable, "-m", "streams", "worker"],
        capture_output=True, text=True, env={**env, "FIGWATCH_PARTITIONS": "abc"},
        timeout=60, check=False,
    )  # fmt: skip
    return {
        "alerts_printed_lines": len(printed.splitlines()),
        "terminal_raw_controls": len(_RAW_CONTROLS.findall(printed)),
        "route_status": status,
        "bad_setting_exit": bad.returncode,
        "bad_setting_stderr_lines": len(bad.stderr.strip().splitlines()),
    }


def _sizes_recorded(letter: DeadLetter, message: Message) -> bool:
    """The dead letter of an oversized message kept the heads and the full sizes."""
    key = message.key or b""
    return (
        letter.original_size == len(message.value or b"")
        and letter.key_size == len(key)
        and letter.key_truncated == (len(key) > len(letter.key or b""))
        and key.startswith(letter.key or b"")
        and letter.headers_size == message.headers_size
        and letter.headers_truncated == (len(letter.headers) < len(message.headers))
        and [(h.name, h.value) for h in letter.headers] == message.headers[: len(letter.headers)]
    )


def scaling(sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)) -> Iterator[dict[str, Any]]:
    """Time of normalize + extract_claims on hostile bodies of growing size."""
    from schemas.article import Article
    from streams.claims.extract import extract_claims
    from streams.text.normalize import normalize

    rng = random.Random(8)
    pool = filler_sentences()
    shapes: dict[str, Callable[[int], str]] = {
        "digit_run": lambda size: "9" * size,
        "digit_groups": lambda size: ("1,234 " * (size // 6 + 1))[:size],
        "bidi_mixed": lambda size: "".join(rng.choice(BIDI + SCRIPTS + " 40") for _ in range(size)),
        "news": lambda size: (" ".join(pool["ar"]) * (size // 1000 + 1))[:size],
    }
    # Lexicons load on the first call: keep that out of the timings.
    extract_claims(Article(id="w", source="s", body="40 killed", published_at=datetime.now(UTC)))
    for shape, build in shapes.items():
        for size in sizes:
            body = build(size)
            article = Article.model_validate(
                {"id": "s", "source": "s", "body": body, "published_at": datetime.now(UTC)},
                context={"max_body_bytes": 64 * size},
            )
            started = time.perf_counter()
            normalize(body)
            claims = extract_claims(article)
            seconds = time.perf_counter() - started
            yield {
                "shape": shape,
                "chars": size,
                "seconds": round(seconds, 4),
                "us_per_char": round(seconds / size * 1e6, 3),
                "claims": len(claims),
            }


def main() -> None:
    """Run on a private broker (or ``--broker``) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bad", type=int, default=10_000)
    parser.add_argument("--valid", type=int, default=1_000)
    parser.add_argument("--broker", help="host:port of a running broker (default: start one)")
    parser.add_argument("--scaling", action="store_true", help="also time the extractor")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    if args.scaling:
        print("== extractor time by input size")
        for row in scaling():
            print(row)
    with scenario_broker("hostile", args.broker) as (tmp, bootstrap):
        figures = run(bootstrap, tmp, args.bad, args.valid, args.seed)
    print_figures("hostile", figures)
    sys.exit(0 if figures["exact"] else 1)


if __name__ == "__main__":
    main()
