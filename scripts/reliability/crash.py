"""Crash test: two workers, four partitions, SIGKILL at random moments, joins and leaves.

Worker ``a`` starts; worker ``b`` joins while the first wave is in flight; during the middle
waves a random worker is killed with SIGKILL and started again on its state directory; ``b``
leaves (SIGTERM) during the last wave. At the end every input article id must have come out
exactly once (unique, duplicate or dead letter) and the alerts must be exactly the expected ones.

Run: ``.venv/bin/python -m scripts.reliability.crash [--stories 600] [--kills 4]``.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import threading
import time
from pathlib import Path

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
    scenario_broker,
)
from scripts.reliability.corpus import build_feed
from tests.support.worker import FigwatchDeployment


class Chaos:
    """Kills random workers at random moments from a background thread, restarting each."""

    def __init__(self, cluster: Cluster, rng: random.Random) -> None:
        self.cluster = cluster
        self.rng = rng
        self.threads: list[threading.Thread] = []
        self.errors: list[BaseException] = []

    def later(self, action: object, *args: object) -> None:
        """Run ``action(*args)`` in a thread; errors are kept for ``join``."""

        def run() -> None:
            try:
                action(*args)  # type: ignore[operator]
            except BaseException as error:  # noqa: BLE001  (re-raised by join)
                self.errors.append(error)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        self.threads.append(thread)

    def kill_and_restart(self, times: int, max_delay: float) -> None:
        """``times`` times: wait a random moment, SIGKILL a running worker, start it again."""
        for _ in range(times):
            time.sleep(self.rng.uniform(0.2, max_delay))
            running = self.cluster.running()
            if not running:
                continue
            name = self.rng.choice(running)
            self.cluster.kill(name)
            self.cluster.start(name)

    def join_worker(self, name: str, delay: float) -> None:
        """Start worker ``name`` after ``delay`` seconds: a member joins mid-stream."""
        time.sleep(delay)
        self.cluster.start(name)

    def leave(self, name: str, delay: float) -> None:
        """Stop worker ``name`` politely after ``delay`` seconds: a member leaves mid-stream."""
        time.sleep(delay)
        if name in self.cluster.workers:
            self.cluster.stop(name)

    def join(self) -> None:
        """Wait for every scheduled action; raise the first error one hit."""
        for thread in self.threads:
            thread.join()
        if self.errors:
            raise self.errors[0]


def run(
    bootstrap: str,
    base_dir: Path,
    stories: int,
    reports: int = 3,
    kills: int = 3,
    guarantee: str = "at_least_once",
    seed: int = 8,
    workers: int = 2,
) -> dict[str, object]:
    """Run the crash scenario against ``bootstrap``; the figures, with ``exact`` verdicts."""
    rng = random.Random(seed)
    deployment = FigwatchDeployment(bootstrap, partitions=4)
    create_topics(deployment)
    feed = build_feed(stories, reports, seed=seed)
    env = {**FAST_GROUP_ENV, "FIGWATCH_PROCESSING_GUARANTEE": guarantee}
    cluster = Cluster(deployment, base_dir, env)
    chaos = Chaos(cluster, rng)
    watch = DeploymentOutputs(bootstrap, deployment.topic)
    middle = list(range(1, len(feed.waves) - 1)) or [0]
    per_wave = math.ceil(kills / len(middle))

    def before_wave(number: int) -> None:
        chaos.join()  # the previous wave's actions finished: workers are up again
        if number == 0 and workers > 1:
            chaos.later(chaos.join_worker, "b", 1.0)
        if number in middle:
            chaos.later(chaos.kill_and_restart, per_wave, 3.0)
        if number == len(feed.waves) - 1 and workers > 1:
            chaos.later(chaos.leave, "b", 0.5)

    started = time.monotonic()
    try:
        cluster.start("a")
        seconds = feed_waves(
            bootstrap, deployment.topic("articles"), feed, watch, 300, before_wave=before_wave
        )
        chaos.join()
        expected = set(feed.expected_alerts)
        watch.wait_for(lambda o: expected <= set(o.alerts), 120)
        # Anything a replay would repeat arrives within a few polls of the last expected record.
        time.sleep(5)
        outputs = watch.poll()
        memory = {
            name: round(rss_mib(w.process.pid), 1)
            for name, w in cluster.workers.items()
            if w.process is not None and w.running()
        }
    finally:
        cluster.stop_all()
        watch.close()
    ids = [article["id"] for article in feed.articles]
    accounting = account(ids, outputs)
    alerts = check_alerts(feed.expected_alerts, outputs.alerts)
    return {
        "guarantee": guarantee,
        "articles_in": accounting.articles_in,
        "waves": len(feed.waves),
        "wave_seconds": [round(s, 1) for s in seconds],
        "kills": cluster.kills,
        "unique": sum(outputs.unique.values()),
        "duplicates": sum(outputs.duplicates.values()),
        "dead_letters": len(outputs.dead_letters),
        "worker_rss_mib": memory,
        "seconds": round(time.monotonic() - started, 1),
        **outcome_figures(accounting, alerts),
        **alert_details(alerts, feed.expected_alerts, outputs),
    }


def main() -> None:
    """Run the scenario on a private broker (or ``--broker``) and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--stories", type=int, default=600, help="stories (about 3.7 articles each)"
    )
    parser.add_argument("--reports", type=int, default=3)
    parser.add_argument("--kills", type=int, default=4)
    parser.add_argument(
        "--guarantee", choices=("exactly_once", "at_least_once"), default="at_least_once"
    )
    parser.add_argument("--broker", help="host:port of a running broker (default: start one)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--workers", type=int, choices=(1, 2), default=2)
    args = parser.parse_args()
    with scenario_broker("crash", args.broker) as (tmp, bootstrap):
        figures = run(
            bootstrap,
            tmp,
            args.stories,
            args.reports,
            args.kills,
            args.guarantee,
            args.seed,
            args.workers,
        )
    print_figures("crash", figures)
    sys.exit(0 if figures["articles_exact"] and figures["alerts_exact"] else 1)


if __name__ == "__main__":
    main()
