"""A Neo4j server of the benchmark's own: its own data directory, its own free ports.

Other work on the machine clears the shared development server at any moment, so the
benchmark never uses it: :class:`OwnNeo4j` starts ``scripts/neo4j.sh`` with
``CONVENE_DATA_DIR`` pointing into the benchmark's temporary directory and two free
loopback ports, and stops it again at the end.
"""

from __future__ import annotations

import os
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

__all__ = ["NEO4J_SCRIPT", "Neo4jEndpoint", "OwnNeo4j", "free_port"]

NEO4J_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "neo4j.sh"
_START_TIMEOUT = 300.0
_STOP_TIMEOUT = 120.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Neo4jEndpoint:
    """Where the benchmark's Neo4j listens and how to log in."""

    uri: str
    user: str
    password: str
    bolt_port: int
    http_port: int


class OwnNeo4j:
    """Start a private Neo4j under ``data_dir``; stop it when the ``with`` block ends.

    ``start()`` returns the endpoint, or raises :class:`RuntimeError` with the script's
    last words when the server cannot start.
    """

    def __init__(self, data_dir: Path, password: str = "convene-bench-password") -> None:
        self.data_dir = data_dir
        self.password = password
        self.endpoint: Neo4jEndpoint | None = None

    def _env(self, bolt_port: int, http_port: int) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            CONVENE_DATA_DIR=str(self.data_dir),
            NEO4J_BOLT_PORT=str(bolt_port),
            NEO4J_HTTP_PORT=str(http_port),
            NEO4J_PASSWORD=self.password,
        )
        return env

    def start(self) -> Neo4jEndpoint:
        """Start the server and wait until it answers."""
        if not NEO4J_SCRIPT.is_file():
            raise RuntimeError(f"{NEO4J_SCRIPT} is missing")
        bolt_port, http_port = free_port(), free_port()
        while http_port == bolt_port:
            http_port = free_port()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.endpoint = Neo4jEndpoint(
            f"bolt://127.0.0.1:{bolt_port}", "neo4j", self.password, bolt_port, http_port
        )
        try:
            result = subprocess.run(
                ["bash", str(NEO4J_SCRIPT), "start"],
                env=self._env(bolt_port, http_port),
                capture_output=True,
                text=True,
                timeout=_START_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            self.stop()
            raise RuntimeError(f"scripts/neo4j.sh start took over {_START_TIMEOUT:.0f} s") from None
        # The port decides, not the exit status: the server may be up even when the
        # script stumbles afterwards (its password check, say).
        if not _listening(bolt_port):
            self.stop()
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"scripts/neo4j.sh start failed: {last}")
        return self.endpoint

    def stop(self) -> None:
        """Stop the server if this object started it; idempotent."""
        if self.endpoint is None:
            return
        endpoint, self.endpoint = self.endpoint, None
        subprocess.run(
            ["bash", str(NEO4J_SCRIPT), "stop"],
            env=self._env(endpoint.bolt_port, endpoint.http_port),
            capture_output=True,
            text=True,
            timeout=_STOP_TIMEOUT,
            check=False,
        )

    def __enter__(self) -> OwnNeo4j:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False
