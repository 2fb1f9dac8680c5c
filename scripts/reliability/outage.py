"""Broker outage: stop the broker mid-stream, start it again, and lose nothing.

The broker (its own, on a data dir of this run) is stopped while a wave is being produced and
processed, kept down for ``--down`` seconds, and started again on the same data dir and port.
Nobody touches the workers: they must reconnect by themselves, every article must come out
exactly once and the alerts must be exactly the expected ones.

Run: ``.venv/bin/python -m scripts.reliability.outage [--stories 300] [--down 30]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from scripts.reliability.common import (
    FAST_GROUP_ENV,
    Cluster,
    DeploymentOutputs,
    account,
    alert_details,
    check_alerts,
    create_topics,
    feed_waves,
    outcome_figures,
    print_figures,
    rss_mib,
)
from scripts.reliability.corpus import build_feed
from tests.support.kafka import BrokerProcess
from tests.support.worker import FigwatchDeployment


def run(
    broker: BrokerProcess,
    base_dir: Path,
    stories: int,
    down: float,
    workers: int = 1,
    guarantee: str = "at_least_once",
    seed: int = 8,
) -> dict[str, Any]:
    """Run the outage scenario on a started ``broker``; the figures, with verdicts."""
    bootstrap = broker.bootstrap
    port = bootstrap.rsplit(":", 1)[1]
    deployment = FigwatchDeployment(bootstrap, partitions=4)
    create_topics(deployment)
    feed = build_feed(stories, reports=3, seed=seed)
    cluster = Cluster(
        deployment, base_dir, {**FAST_GROUP_ENV, "FIGWATCH_PROCESSING_GUARANTEE": guarantee}
    )
    watch = DeploymentOutputs(bootstrap, deployment.topic)
    outage: dict[str, float] = {}
    errors: list[BaseException] = []
    outage_wave = min(1, len(feed.waves) - 1)

    def take_down() -> None:
        try:
            time.sleep(1.0)
            outage["stopped_at"] = time.monotonic()
            broker.stop()
            time.sleep(down)
            # The explicit port: broker.sh's "auto" takes a new one when the old port still has
            # sockets in TIME_WAIT, and then no client could ever find the broker again.
            BrokerProcess(broker.data_dir, port=port).start()
            outage["started_at"] = time.monotonic()
        except BaseException as error:  # noqa: BLE001  (reported after the run)
            errors.append(error)

    thread = threading.Thread(target=take_down, daemon=True)

    def before_wave(number: int) -> None:
        if number == outage_wave:
            thread.start()

    # Production is paced so that the outage falls in the middle of a wave's messages.
    pace = (down / 2) / max(1, len(feed.waves[outage_wave]))
    started = time.monotonic()
    try:
        for number in range(workers):
            cluster.start(f"w{number}")
        pids = {name: w.process.pid for name, w in cluster.workers.items() if w.process}
        seconds = feed_waves(
            bootstrap,
            deployment.topic("articles"),
            feed,
            watch,
            wave_timeout=down + 300,
            before_wave=before_wave,
            pace=pace,
        )
        thread.join()
        if errors:
            raise errors[0]
        expected = set(feed.expected_alerts)
        watch.wait_for(lambda o: expected <= set(o.alerts), 120)
        time.sleep(5)
        outputs = watch.poll()
        same = {name: w.process.pid for name, w in cluster.workers.items() if w.process}
        alive = all(w.running() for w in cluster.workers.values()) and same == pids
        memory = {name: round(rss_mib(pid), 1) for name, pid in same.items()}
    finally:
        cluster.stop_all()
        watch.close()
    accounting = account((a["id"] for a in feed.articles), outputs)
    alerts = check_alerts(feed.expected_alerts, outputs.alerts)
    return {
        "guarantee": guarantee,
        "workers": workers,
        "articles_in": accounting.articles_in,
        "broker_down_s": round(outage["started_at"] - outage["stopped_at"], 1),
        "outage_wave_s": round(seconds[outage_wave], 1),
        "wave_seconds": [round(s, 1) for s in seconds],
        "workers_never_restarted": alive,
        "worker_rss_mib": memory,
        "seconds": round(time.monotonic() - started, 1),
        **outcome_figures(accounting, alerts),
        **alert_details(alerts, feed.expected_alerts, outputs),
    }


def main() -> None:
    """Run on a broker of this run's own and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--down", type=float, default=30.0, help="seconds the broker is down")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--guarantee", choices=("exactly_once", "at_least_once"), default="at_least_once"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="figwatch-outage-"))
    print(f"work dir: {tmp}")
    broker = BrokerProcess(tmp / "kafka")
    broker.start()
    try:
        figures = run(broker, tmp, args.stories, args.down, args.workers, args.guarantee)
    finally:
        broker.stop()
    print_figures("outage", figures)
    sys.exit(0 if figures["articles_exact"] and figures["alerts_exact"] else 1)


if __name__ == "__main__":
    main()
