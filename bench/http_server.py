"""Servers in subprocesses for the HTTP workloads, each on a free loopback port.

:class:`ServedProcess` starts a server, waits until it answers and stops it when the
``with`` block ends. :class:`ServedConvene` is Convene: ``python server.py``,
configured through the environment like any deployment, reading the benchmark's own
store (the embedded store's temporary data directory, or the benchmark's private
Neo4j). ``settings`` adds to (or overrides) the server's environment, and ``pid``
names the server process, for workloads that watch its memory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx

from bench.context import BenchContext
from bench.neo4j_server import free_port

__all__ = ["ServedConvene", "ServedProcess"]

_ROOT = Path(__file__).resolve().parents[1]
_START_TIMEOUT = 300.0  # readiness waits for the analytics warm-up


class ServedProcess:
    """A server in a subprocess: started by :meth:`start`, stopped when the ``with`` ends.

    Subclasses say what the server is called in errors (``name``), how long it may take
    to start (``start_timeout``) and when it is ready (:meth:`ready`).
    """

    name = "the server"
    start_timeout = 60.0
    not_ready = "did not answer"

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None

    def ready(self) -> bool:
        """One readiness request: whether the server answers as it should."""
        raise NotImplementedError

    def exit_reason(self, output: str) -> str:
        """What to report of the output of a server that exited at startup."""
        return (output.splitlines() or ["no output"])[-1]

    def start(self, command: Sequence[str], cwd: Path, env: Mapping[str, str], log: Path) -> None:
        """Run ``command`` with its output in ``log`` and wait until it is ready.

        Raises :class:`RuntimeError` with the server's last words when it exits, or
        when it is not ready within ``start_timeout`` (it is then stopped).
        """
        with log.open("wb") as output:
            self._process = subprocess.Popen(
                list(command), cwd=cwd, env=dict(env), stdout=output, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                output_text = log.read_text(errors="replace").strip()
                self._process = None
                raise RuntimeError(
                    f"{self.name} exited at startup: {self.exit_reason(output_text)}"
                )
            try:
                if self.ready():
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} {self.not_ready} within {self.start_timeout:.0f} s")

    @property
    def pid(self) -> int:
        """The server's process id (while it runs)."""
        if self._process is None:
            raise RuntimeError(f"{self.name} is not running")
        return self._process.pid

    def stop(self) -> None:
        """Stop the server; idempotent."""
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class ServedConvene(ServedProcess):
    """Serve the store of ``kind`` from ``ctx`` over HTTP; ``url`` is the GraphQL endpoint."""

    start_timeout = _START_TIMEOUT
    not_ready = "did not become ready"

    def __init__(
        self, ctx: BenchContext, kind: str, settings: Mapping[str, str] | None = None
    ) -> None:
        super().__init__()
        # The full build at start grows with the network (about 4.5 minutes at a million).
        self.start_timeout = _START_TIMEOUT + ctx.options.people / 1000
        self.ctx = ctx
        self.kind = kind
        self.settings = dict(settings or {})
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/graphql"

    def _env(self) -> dict[str, str]:
        connection = self.ctx.connection(self.kind)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CONVENE_", "NEO4J_"))}
        env.update(
            CONVENE_STORE=self.kind,
            CONVENE_HOST="127.0.0.1",
            CONVENE_PORT=str(self.port),
            CONVENE_PROFILE="local",
            CONVENE_ALLOW_ANONYMOUS="true",
            PYTHONPATH=os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")])),
        )
        if self.kind == "embedded":
            env["CONVENE_DATA_DIR"] = connection["data_dir"]
        else:
            env["CONVENE_DATA_DIR"] = str(self.ctx.work_dir / "server-data")
            env.update(
                NEO4J_URI=connection["uri"],
                NEO4J_USER=connection["user"],
                NEO4J_PASSWORD=connection["password"],
            )
        env.update(self.settings)
        return env

    @property
    def data_dir(self) -> Path:
        """The server's data directory (where it keeps its API tokens)."""
        return Path(self._env()["CONVENE_DATA_DIR"])

    def ready(self) -> bool:
        """Whether ``/readyz`` answers 200 (the analytics warm-up done)."""
        return httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200

    def __enter__(self) -> ServedConvene:
        self.ctx.log(f"serving the {self.kind} store on {self.base}")
        log = self.ctx.work_dir / f"server-{self.kind}.log"
        self.start([sys.executable, "server.py"], _ROOT, self._env(), log)
        return self
