"""Convene served over HTTP for the HTTP workloads: uvicorn on a free loopback port.

The server is ``python server.py`` in a subprocess, configured through the environment
like any deployment, reading the benchmark's own store (the embedded store's temporary
data directory, or the benchmark's private Neo4j). It is stopped when the ``with`` block
ends.
``settings`` adds to (or overrides) the server's environment, and ``pid`` names the
server process, for workloads that watch its memory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

import httpx

from bench.context import BenchContext
from bench.neo4j_server import free_port

__all__ = ["ServedConvene"]

_ROOT = Path(__file__).resolve().parents[1]
_START_TIMEOUT = 300.0  # readiness waits for the analytics warm-up


class ServedConvene:
    """Serve the store of ``kind`` from ``ctx`` over HTTP; ``url`` is the GraphQL endpoint."""

    def __init__(
        self, ctx: BenchContext, kind: str, settings: Mapping[str, str] | None = None
    ) -> None:
        self.ctx = ctx
        self.kind = kind
        self.settings = dict(settings or {})
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/graphql"
        self._process: subprocess.Popen[bytes] | None = None

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

    @property
    def pid(self) -> int:
        """The server's process id (while it runs)."""
        if self._process is None:
            raise RuntimeError("the server is not running")
        return self._process.pid

    def __enter__(self) -> ServedConvene:
        self.ctx.log(f"serving the {self.kind} store on {self.base}")
        log = self.ctx.work_dir / f"server-{self.kind}.log"
        with log.open("wb") as output:
            self._process = subprocess.Popen(
                [sys.executable, "server.py"],
                cwd=_ROOT,
                env=self._env(),
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                output_text = log.read_text(errors="replace").strip()
                last = (output_text.splitlines() or ["no output"])[-1]
                self._process = None
                raise RuntimeError(f"the server exited at startup: {last}")
            try:
                if httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not become ready within {_START_TIMEOUT:.0f} s")

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

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
