"""The embedded store keeps every acknowledged write through a kill -9, and never half
a batch."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.embedded.store import EmbeddedStore
from graph.model import Direction, Label, Node, NodeRef, RelType
from graph.store import Hop
from tests.graph.changelog_replay import caught_up

REPO = Path(__file__).resolve().parents[3]

WRITE_ONCE_THEN_WAIT = """
import sys, time
from pathlib import Path
from graph.embedded.store import EmbeddedStore
from graph.model import Label, Node

store = EmbeddedStore.open(Path(sys.argv[1]))
version = store.upsert_nodes(
    [Node(Label.TOPIC, f"t{i}", {"name": f"Durable topic {i}"}) for i in range(100)]
)
print("ACK", version, flush=True)
time.sleep(600)
"""

WRITE_BATCHES_FOREVER = """
import sys
from pathlib import Path
from graph.embedded.store import EmbeddedStore
from graph.model import Label, Node, NodeRef, Relationship, RelType
from graph.store import WriteBatch

store = EmbeddedStore.open(Path(sys.argv[1]))
batch_number, size = int(sys.argv[2]), int(sys.argv[3])
print("READY", flush=True)
while True:
    hub = NodeRef(Label.PROJECT, f"hub{batch_number}")
    batch = WriteBatch()
    batch.upsert_nodes([Node(hub.label, hub.key, {"name": f"Batch {batch_number}"})])
    people = [
        Node(Label.PERSON, f"b{batch_number}-{i}",
             {"name": f"Batch {batch_number} person {i}", "headline": "durable " * 40})
        for i in range(size)
    ]
    batch.upsert_nodes(people)
    batch.upsert_relationships(
        [Relationship(RelType.MEMBER_OF, person.ref, hub, {"role": "member"}) for person in people]
    )
    store.apply(batch)
    batch_number += 1
"""


# Each batch adds a project with members, renames the previous project and deletes its
# first member (with that member's relationship).
WRITE_CHANGING_BATCHES_FOREVER = """
import sys
from pathlib import Path
from graph.embedded.store import EmbeddedStore
from graph.model import Label, Node, NodeRef, Relationship, RelType
from graph.store import WriteBatch

store = EmbeddedStore.open(Path(sys.argv[1]))
size = int(sys.argv[2])
batch_number = store.data_version()
print("READY", flush=True)
while True:
    hub = NodeRef(Label.PROJECT, f"hub{batch_number}")
    batch = WriteBatch()
    people = [
        Node(Label.PERSON, f"b{batch_number}-{i}", {"name": f"Batch {batch_number} person {i}"})
        for i in range(size)
    ]
    batch.upsert_nodes([Node(hub.label, hub.key, {"name": f"Batch {batch_number}"}), *people])
    batch.upsert_relationships(
        [Relationship(RelType.MEMBER_OF, person.ref, hub, {"role": "member"}) for person in people]
    )
    if batch_number > 0:
        previous = batch_number - 1
        batch.update_node(NodeRef(Label.PROJECT, f"hub{previous}"), {"stage": "active"})
        batch.delete_nodes([NodeRef(Label.PERSON, f"b{previous}-0")])
    store.apply(batch)
    batch_number += 1
"""


def start_child(script: str, *args: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )


def kill(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    if child.stdout is not None:
        child.stdout.close()


def test_an_acknowledged_write_survives_kill_9(tmp_path: Path) -> None:
    # given a process that wrote a batch and said so
    data_dir = tmp_path / "data"
    child = start_child(WRITE_ONCE_THEN_WAIT, data_dir)
    try:
        assert child.stdout is not None
        ack = child.stdout.readline().split()
        # when it is killed right after the acknowledgement
    finally:
        kill(child)
    assert ack[0] == "ACK"
    # then reopening shows the whole write and its version
    with EmbeddedStore.open(data_dir) as store:
        assert store.counts().nodes == {"Topic": 100}
        assert store.data_version() == int(ack[1])
        assert [hit.node.key for hit in store.search("durable topic 42")] == ["t42"]


@pytest.mark.slow
def test_a_write_in_progress_when_killed_is_all_there_or_not_at_all(tmp_path: Path) -> None:
    # given a process writing batches of one project and `size` members, killed mid-way
    # a few times
    data_dir = tmp_path / "data"
    size = 1500
    rounds = 4
    rng = random.Random(630)
    for _ in range(rounds):
        with EmbeddedStore.open(data_dir) as store:
            done = store.counts().nodes.get("Project", 0)
        child = start_child(WRITE_BATCHES_FOREVER, data_dir, done, size)
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "READY"
            time.sleep(rng.uniform(0.2, 1.5))
        finally:
            kill(child)
        # then every batch is whole: counts are whole multiples of a batch
        with EmbeddedStore.open(data_dir) as store:
            counts = store.counts()
            batches = counts.nodes.get("Project", 0)
            assert counts.nodes.get("Person", 0) == batches * size
            assert counts.relationships.get("MEMBER_OF", 0) == batches * size
            assert store.data_version() == batches
            if batches:
                last = f"hub{batches - 1}"
                hop = Hop(RelType.MEMBER_OF, Direction.IN, Label.PERSON)
                assert store.neighbours(Label.PROJECT, [last], hop, limit=0)[last].total == size
                hits = store.search(f"batch {batches - 1} person", limit=batches * size)
                found = {
                    hit.node.key for hit in hits if hit.node.key.startswith(f"b{batches - 1}-")
                }
                assert len(found) == size
    # and SQLite finds the file sound
    with sqlite3.connect(data_dir / "convene.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_reopening_keeps_the_data_and_the_version(tmp_path: Path) -> None:
    # given a store with some writes, closed
    data_dir = tmp_path / "data"
    with EmbeddedStore.open(data_dir) as store:
        store.upsert_nodes([Node(Label.PERSON, "ada", {"name": "Ada Lovelace"})])
        store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Mathematics"})])
        version = store.delete_nodes([NodeRef(Label.TOPIC, "math")])
    # when it is opened again
    with EmbeddedStore.open(data_dir) as store:
        # then everything is as it was left, and versions keep counting from there
        assert version == 3
        assert store.data_version() == 3
        assert (
            store.get_nodes([NodeRef(Label.PERSON, "ada"), NodeRef(Label.TOPIC, "math")])[1] is None
        )
        assert store.get_node(NodeRef(Label.PERSON, "ada")).props["name"] == "Ada Lovelace"
        assert [hit.node.key for hit in store.search("lovelace")] == ["ada"]
        assert store.upsert_nodes([Node(Label.TOPIC, "art", {"name": "Art"})]) == 4


@pytest.mark.slow
def test_the_change_log_matches_the_data_after_kill_9_during_writes(tmp_path: Path) -> None:
    # given a process writing batches that create, change and delete, killed mid-way
    # a few times
    data_dir = tmp_path / "data"
    rng = random.Random(631)
    for _ in range(3):
        child = start_child(WRITE_CHANGING_BATCHES_FOREVER, data_dir, 800)
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "READY"
            time.sleep(rng.uniform(0.3, 1.2))
        finally:
            kill(child)
        # then the log has one entry per version up to the data version
        with EmbeddedStore.open(data_dir) as store:
            version = store.data_version()
            changes = store.changes_since(0)
            assert changes is not None
            assert [change.version for change in changes] == list(range(1, version + 1))
            # and following it from nothing gives exactly what the store holds
            nodes, rels = caught_up(store)
            assert nodes == {node.ref: node for node in store.iter_nodes()}
            assert rels == {rel.ref: rel for rel in store.iter_relationships()}
    assert version > 0
