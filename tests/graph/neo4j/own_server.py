"""A Neo4j server of a test's own (private data directory and ports, started with the
project's script), for tests that kill or restart it without disturbing any other test."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from graph.neo4j.store import Neo4jStore
from settings import Settings

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "neo4j.sh"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class OwnServer:
    """One private Neo4j: start, stop, ``kill -9``, connect."""

    def __init__(self, data_dir: Path) -> None:
        self.bolt = free_port()
        self.env = {
            **os.environ,
            "CONVENE_DATA_DIR": str(data_dir),
            "NEO4J_BOLT_PORT": str(self.bolt),
            "NEO4J_HTTP_PORT": str(free_port()),
        }
        self.pid_file = data_dir / "neo4j" / "run" / "neo4j.pid"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt}"

    def script(self, command: str) -> None:
        subprocess.run(
            [str(SCRIPT), command], env=self.env, check=True, capture_output=True, timeout=240
        )

    def kill_hard(self) -> None:
        pid = int(self.pid_file.read_text().strip())
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        raise AssertionError(f"Neo4j (pid {pid}) did not die")

    def connect(self) -> Neo4jStore:
        password = Settings.from_env().neo4j_password
        return Neo4jStore.connect(self.uri, "neo4j", password)
