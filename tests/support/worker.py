"""Run `figwatch worker` as a subprocess with its own topics, group and state, as a user would."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from kafka import KafkaAdminClient
from kafka.admin import NewTopic

TOPIC_SETTINGS = (
    "articles",
    "valid",
    "unique",
    "duplicates",
    "claims",
    "alerts",
    "dead_letters",
)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class FigwatchDeployment:
    """A set of uuid-named topics and an app id: one isolated figwatch installation."""

    bootstrap: str
    partitions: int = 4
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    @property
    def app_id(self) -> str:
        return f"figwatch-test-{self.run_id}"

    def topic(self, name: str) -> str:
        """Full name of a figwatch topic, e.g. ``topic("alerts")``."""
        return f"fw-{self.run_id}-{name.replace('_', '-')}"

    def env(self) -> dict[str, str]:
        values = {
            "FIGWATCH_BROKER": f"kafka://{self.bootstrap}",
            "FIGWATCH_APP_ID": self.app_id,
            "FIGWATCH_PARTITIONS": str(self.partitions),
            "FIGWATCH_LOG_LEVEL": "INFO",
        }
        for name in TOPIC_SETTINGS:
            values[f"FIGWATCH_TOPIC_{name.upper()}"] = self.topic(name)
        return values

    def create_topics(self) -> None:
        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap)
        try:
            admin.create_topics(
                [
                    NewTopic(self.topic(name), num_partitions=self.partitions, replication_factor=1)
                    for name in TOPIC_SETTINGS
                ]
            )
        finally:
            admin.close()


class WorkerProcess:
    """One `figwatch worker` process; its log goes to a file in its data dir."""

    def __init__(
        self,
        deployment: FigwatchDeployment,
        data_dir: Path,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.deployment = deployment
        self.data_dir = data_dir
        self.port = free_port()
        self.log_path = data_dir / f"worker-{self.port}.log"
        self.env = {
            **os.environ,
            **deployment.env(),
            "FIGWATCH_DATA_DIR": str(data_dir),
            "FIGWATCH_WEB_PORT": str(self.port),
            **(extra_env or {}),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120.0) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streams", "worker"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited with {self.process.returncode}:\n{self.log()}")
            if "Worker]: Ready" in self.log():
                return
            time.sleep(0.25)
        raise TimeoutError(f"worker not ready after {timeout}s:\n{self.log()[-4000:]}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def metrics(self) -> str:
        url = f"http://127.0.0.1:{self.port}/metrics"
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 60.0) -> None:
        if not self.running():
            return
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)

    def kill(self) -> None:
        if self.running():
            assert self.process is not None
            self.process.kill()
            self.process.wait(timeout=30)
