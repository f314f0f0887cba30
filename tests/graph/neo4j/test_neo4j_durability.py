"""An acknowledged write survives ``kill -9`` of the Neo4j server, the change log and
the analytics network still agree with the data, and analytics keep answering from
the last network while the server restarts.

The test runs its own Neo4j (private data directory and ports, started with the
project's script) so that killing it disturbs no other test.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from starlette.requests import Request

from graph.live import LiveNetwork
from graph.model import Label, Node, NodeRef, Relationship, RelType
from graph.projection import Network, project
from graph.projection_updates import update_network
from graph.store import StoreError, WriteBatch
from tests.graph.changelog_replay import caught_up
from tests.graph.neo4j.own_server import OwnServer
from tests.graph.test_projection_updates import assert_same
from web import health

AS_OF = dt.date(2024, 1, 1)

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture
def server(tmp_path: Path, neo4j_store: object) -> Iterator[OwnServer]:
    # neo4j_store: only run where the project's Neo4j works at all
    own = OwnServer(tmp_path)
    own.script("start")
    yield own
    own.script("stop")


def test_an_acknowledged_write_survives_kill_9_of_the_server(server: OwnServer) -> None:
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


def changing_batch(number: int, size: int) -> WriteBatch:
    """Batch ``number``: a project and ``size`` new members; the previous batch's
    project changes and one of its people is deleted."""
    hub = NodeRef(Label.PROJECT, f"hub{number}")
    people = [Node(Label.PERSON, f"b{number}-{i}", {"name": f"B{number} {i}"}) for i in range(size)]
    batch = WriteBatch()
    batch.upsert_nodes([Node(hub.label, hub.key, {"name": f"Batch {number}"}), *people])
    batch.upsert_relationships(
        Relationship(RelType.MEMBER_OF, person.ref, hub, {"role": "member"}) for person in people
    )
    if number > 0:
        batch.update_node(NodeRef(Label.PROJECT, f"hub{number - 1}"), {"stage": "pilot"})
        batch.delete_nodes([NodeRef(Label.PERSON, f"b{number - 1}-0")])
    return batch


def test_after_kill_9_during_writes_the_change_log_and_the_network_agree_with_the_data(
    server: OwnServer,
) -> None:
    # given a network built from the store, and a writer that keeps committing batches
    store = server.connect()
    store.apply(changing_batch(0, 20))
    before = project(store, as_of=AS_OF)
    acknowledged: list[int] = []
    stop = threading.Event()

    def write() -> None:
        number = 1
        while not stop.is_set():
            try:
                acknowledged.append(store.apply(changing_batch(number, 20)))
            except StoreError:
                return
            number += 1

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    # when the server is killed without warning mid-burst, and started again
    deadline = time.monotonic() + 120
    while len(acknowledged) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(random.Random(17).uniform(0.0, 0.5))
    server.kill_hard()
    stop.set()
    writer.join(timeout=120)
    assert not writer.is_alive()
    store.close()
    server.script("start")
    again = server.connect()
    try:
        # then every acknowledged batch is there, with one log entry per version
        version = again.data_version()
        assert acknowledged and acknowledged[-1] <= version
        changes = again.changes_since(0)
        assert changes is not None
        assert [change.version for change in changes] == list(range(1, version + 1))
        # and following the log gives exactly what the store holds
        nodes, rels = caught_up(again)
        assert nodes == {node.ref: node for node in again.iter_nodes()}
        assert rels == {rel.ref: rel for rel in again.iter_relationships()}
        # and the network caught up from the log equals a full build
        since = again.changes_since(before.version)
        assert since is not None
        node_refs = list(dict.fromkeys(ref for change in since for ref in change.nodes))
        rel_refs = list(dict.fromkeys(ref for change in since for ref in change.relationships))
        updated = update_network(
            before,
            version,
            nodes=list(zip(node_refs, again.get_nodes(node_refs), strict=True)),
            relationships=list(zip(rel_refs, again.get_relationships(rel_refs), strict=True)),
        )
        assert_same(updated, project(again, as_of=AS_OF))
    finally:
        again.close()


def test_analytics_answer_from_the_last_network_while_neo4j_restarts(server: OwnServer) -> None:
    # given a live network built from the server's data, and readers asking for it
    store = server.connect()
    team = [NodeRef(Label.PERSON, key) for key in ("ada", "bo", "cy")]
    batch = WriteBatch()
    batch.upsert_nodes([Node(ref.label, ref.key, {"name": ref.key.title()}) for ref in team])
    batch.upsert_nodes([Node(Label.PROJECT, "loom", {"name": "Loom"})])
    batch.upsert_relationships(
        Relationship(RelType.MEMBER_OF, ref, NodeRef(Label.PROJECT, "loom")) for ref in team[:2]
    )
    store.apply(batch)
    live = LiveNetwork(store, today=lambda: AS_OF)
    try:
        built = live.get(wait=30)
        answers: list[Network] = []
        failures: list[BaseException] = []
        stop = threading.Event()

        def read() -> None:
            while not stop.is_set():
                try:
                    answers.append(live.get(wait=0.5))
                except BaseException as error:
                    failures.append(error)
                time.sleep(0.02)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        # when the server stops under them
        server.script("stop")
        readiness = asyncio.run(health.readyz(cast(Request, None), store, live))
        during = len(answers)
        deadline = time.monotonic() + 10
        while len(answers) < during + 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        # then every reader got the last network, and /readyz says the store is down but
        # analytics still answer from that network
        assert not failures
        assert len(answers) >= during + 20 and all(answer is built for answer in answers)
        assert readiness.status_code == 503
        body = json.loads(bytes(readiness.body))
        assert body["status"] == "unavailable" and body["network"]["version"] == built.version
        # and once it is back, a write made then is caught up
        server.script("start")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                store.upsert_relationships(
                    [Relationship(RelType.MEMBER_OF, team[2], NodeRef(Label.PROJECT, "loom"))]
                )
                break
            except StoreError:
                time.sleep(0.5)
        caught = live.get(wait=30)
        stop.set()
        reader.join(timeout=10)
        assert not failures
        assert caught.ties.has_edge("Person:ada", "Person:cy")
        assert live.status()["storeError"] is None
    finally:
        live.close()
        store.close()
