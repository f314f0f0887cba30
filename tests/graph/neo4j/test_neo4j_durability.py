"""An acknowledged write survives ``kill -9`` of the Neo4j server.

The test runs its own Neo4j (private data directory and ports, started with the
project's script) so that killing it disturbs no other test.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model import Label, Node, NodeRef
from graph.neo4j.store import Neo4jStore
from settings import Settings

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "neo4j.sh"

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
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


@pytest.fixture
def server(tmp_path: Path, neo4j_store: object) -> Iterator[Server]:
    # neo4j_store: only run where the project's Neo4j works at all
    own = Server(tmp_path)
    own.script("start")
    yield own
    own.script("stop")


def test_an_acknowledged_write_survives_kill_9_of_the_server(server: Server) -> None:
    # given a write the store acknowledged
    store = server.connect()
    version = store.upsert_nodes(
        [Node(Label.PERSON, f"p{i}", {"name": f"Person {i}"}) for i in range(500)]
    )
    store.close()
    # when the server is killed without warning and started again
    server.kill_hard()
    server.script("start")
    # then the write and its version are there
    again = server.connect()
    try:
        assert again.counts().nodes["Person"] == 500
        assert again.get_node(NodeRef(Label.PERSON, "p499")).props["name"] == "Person 499"
        assert again.data_version() == version
    finally:
        again.close()
