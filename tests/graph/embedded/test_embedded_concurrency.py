"""Threads share one embedded store: reads run beside writes and see whole batches."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.embedded.store import EmbeddedStore
from graph.model import Direction, Label, Node, NodeRef, Relationship, RelType
from graph.store import Hop, NodeQuery, Unavailable, WriteBatch

P, PR = Label.PERSON, Label.PROJECT
HUB = NodeRef(PR, "hub")
MEMBERS = Hop(RelType.MEMBER_OF, Direction.IN, P)
BATCH = 5


def members_batch(number: int) -> WriteBatch:
    """Five people who join the hub, in one batch."""
    batch = WriteBatch()
    people = [Node(P, f"m{number:03d}-{i}", {"name": f"Member {number} {i}"}) for i in range(BATCH)]
    batch.upsert_nodes(people)
    batch.upsert_relationships([Relationship(RelType.MEMBER_OF, p.ref, HUB) for p in people])
    return batch


def run_threads(targets: list[Callable[[], None]]) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                target()
            except BaseException as error:
                errors.append(error)

        return run

    threads = [threading.Thread(target=guarded(target)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_readers_in_threads_see_only_whole_batches_while_a_writer_writes(tmp_path: Path) -> None:
    # given a hub project and a writer adding members five at a time
    store = EmbeddedStore.open(tmp_path / "data")
    store.upsert_nodes([Node(PR, "hub", {"name": "Hub"})])
    writing = threading.Event()
    writing.set()
    seen_versions: list[list[int]] = []

    def writer() -> None:
        try:
            for number in range(60):
                store.apply(members_batch(number))
        finally:
            writing.clear()

    def reader() -> None:
        versions: list[int] = []
        seen_versions.append(versions)
        while writing.is_set():
            versions.append(store.data_version())
            page = store.neighbours(PR, ["hub"], MEMBERS)["hub"]
            assert page.total % BATCH == 0
            assert len(page.items) == page.total
            listed = store.list_nodes(NodeQuery(P, order_by="name", limit=3))
            assert listed.total % BATCH == 0
            assert sum(1 for _ in store.iter_nodes([P])) % BATCH == 0
            assert len(store.search("member", limit=1000)) % BATCH == 0

    # when four readers run alongside
    errors = run_threads([writer, reader, reader, reader, reader])
    # then no read failed or saw half a batch, and versions never went back
    assert errors == []
    for versions in seen_versions:
        assert versions == sorted(versions)
    assert store.counts().nodes["Person"] == 60 * BATCH
    store.close()


def test_writers_in_threads_each_get_their_own_version(tmp_path: Path) -> None:
    # given a store and four threads writing ten batches each
    store = EmbeddedStore.open(tmp_path / "data")
    store.upsert_nodes([Node(PR, "hub", {"name": "Hub"})])
    versions: list[int] = []
    lock = threading.Lock()

    def writer(first: int) -> Callable[[], None]:
        def run() -> None:
            for number in range(first, first + 10):
                version = store.apply(members_batch(number))
                with lock:
                    versions.append(version)

        return run

    # when they run at once
    errors = run_threads([writer(0), writer(10), writer(20), writer(30)])
    # then every batch landed under a version of its own
    assert errors == []
    assert sorted(versions) == list(range(2, 42))
    assert store.counts().relationships["MEMBER_OF"] == 40 * BATCH
    store.close()


def test_reads_do_not_wait_for_a_write_held_open_by_another_process(tmp_path: Path) -> None:
    # given a store and another connection holding the write lock with a change pending
    store = EmbeddedStore.open(tmp_path / "data", busy_timeout=0.2)
    store.upsert_nodes([Node(PR, "hub", {"name": "Hub"})])
    store.apply(members_batch(0))
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE meta SET value = value + 100 WHERE name = 'data_version'")
    try:
        # when the store reads, then it answers from the last committed state
        assert store.data_version() == 2
        assert store.neighbours(PR, ["hub"], MEMBERS)["hub"].total == BATCH
        assert store.list_nodes(NodeQuery(P)).total == BATCH
        assert len(store.search("member")) == BATCH
        # and a write gives up with a clear error naming the file
        with pytest.raises(Unavailable) as error:
            store.apply(members_batch(1))
        assert str(store.path) in error.value.message
        assert "locked" in error.value.message
    finally:
        other.execute("ROLLBACK")
        other.close()
    # once the lock is gone, writing works and nothing of the refused batch is there
    assert store.data_version() == 2
    assert store.apply(members_batch(1)) == 3
    assert store.list_nodes(NodeQuery(P)).total == 2 * BATCH
    store.close()


def test_two_stores_on_one_file_share_data_and_versions(tmp_path: Path) -> None:
    # given two stores open on the same data directory (as two processes would)
    first = EmbeddedStore.open(tmp_path / "data")
    second = EmbeddedStore.open(tmp_path / "data")
    # when each writes
    first.upsert_nodes([Node(PR, "hub", {"name": "Hub"})])
    first.apply(members_batch(0))
    version = second.apply(members_batch(1))
    # then each sees both writes and one sequence of versions
    assert version == 3
    assert first.data_version() == 3
    assert first.counts().nodes["Person"] == 2 * BATCH
    first.close()
    second.close()
