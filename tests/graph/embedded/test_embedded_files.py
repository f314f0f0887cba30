"""The embedded store's files: where they go, and clear errors when they cannot be used."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from graph.embedded.store import EmbeddedStore
from graph.model import Label, Node
from graph.store import Unavailable

MATH = Node(Label.TOPIC, "math", {"name": "Math"})


def test_open_creates_the_directory_and_the_database(tmp_path: Path) -> None:
    # given a data directory that does not exist yet
    data_dir = tmp_path / "deep" / "data"
    # when the store opens it
    with EmbeddedStore.open(data_dir) as store:
        store.upsert_nodes([MATH])
    # then the database is the one file Convene documents
    assert (data_dir / "convene.sqlite3").is_file()


def test_a_data_dir_that_is_a_file_is_unavailable(tmp_path: Path) -> None:
    # given a regular file where the data directory should be
    data_dir = tmp_path / "data"
    data_dir.write_text("not a directory")
    # when / then opening names it
    with pytest.raises(Unavailable) as error:
        EmbeddedStore.open(data_dir)
    assert str(data_dir) in error.value.message
    assert "\n" not in error.value.message


def test_a_data_dir_under_a_file_is_unavailable(tmp_path: Path) -> None:
    # given a path whose parent is a regular file (unwritable even for root)
    (tmp_path / "file").write_text("x")
    data_dir = tmp_path / "file" / "data"
    # when / then
    with pytest.raises(Unavailable) as error:
        EmbeddedStore.open(data_dir)
    assert str(data_dir) in error.value.message


def test_a_database_path_taken_by_a_directory_is_unavailable(tmp_path: Path) -> None:
    # given a directory where the database file should be
    (tmp_path / "data" / "convene.sqlite3").mkdir(parents=True)
    # when / then the message names the file
    with pytest.raises(Unavailable) as error:
        EmbeddedStore.open(tmp_path / "data")
    assert "convene.sqlite3" in error.value.message


def test_a_file_that_is_not_a_database_is_unavailable(tmp_path: Path) -> None:
    # given garbage in the database file
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "convene.sqlite3").write_bytes(b"this is not SQLite" * 100)
    # when / then
    with pytest.raises(Unavailable) as error:
        EmbeddedStore.open(tmp_path / "data")
    assert "not a Convene database" in error.value.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_data_dir_is_unavailable(tmp_path: Path) -> None:
    # given a directory nobody may write to
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        # when / then
        with pytest.raises(Unavailable) as error:
            EmbeddedStore.open(locked)
        assert str(locked) in error.value.message
    finally:
        locked.chmod(0o700)


def test_opening_does_not_wait_for_another_writer(tmp_path: Path) -> None:
    # given an existing store whose file another process is writing to
    with EmbeddedStore.open(tmp_path / "data") as store:
        store.upsert_nodes([MATH])
    other = sqlite3.connect(tmp_path / "data" / "convene.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        # when the store opens, then it can read straight away
        with EmbeddedStore.open(tmp_path / "data", busy_timeout=0.1) as store:
            assert store.counts().nodes == {"Topic": 1}
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_schema_from_a_newer_version_is_unavailable(tmp_path: Path) -> None:
    # given a database written by a newer Convene
    with EmbeddedStore.open(tmp_path / "data") as store:
        path = store.path
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = 99 WHERE name = 'schema_version'")
    conn.close()
    # when / then
    with pytest.raises(Unavailable) as error:
        EmbeddedStore.open(tmp_path / "data")
    assert "newer" in error.value.message


def test_a_database_from_schema_1_gains_an_empty_change_log(tmp_path: Path) -> None:
    # given a database as schema 1 left it: data, a version, no change log
    with EmbeddedStore.open(tmp_path / "data") as store:
        store.upsert_nodes([MATH])
        store.upsert_nodes([Node(Label.TOPIC, "art", {"name": "Art"})])
        path = store.path
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE changes")
        conn.execute("UPDATE meta SET value = 1 WHERE name = 'schema_version'")
    conn.close()
    # when it is opened
    with EmbeddedStore.open(tmp_path / "data") as store:
        # then the log answers from now on, and older versions must rebuild
        assert store.changes_since(2) == []
        assert store.changes_since(1) is None
        assert store.upsert_nodes([Node(Label.TOPIC, "law", {"name": "Law"})]) == 3
        assert [change.version for change in store.changes_since(2) or []] == [3]
        assert store.counts().nodes == {"Topic": 3}
    with sqlite3.connect(path) as conn:
        schema = conn.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
    conn.close()
    assert schema == (2,)


def test_a_closed_store_is_unavailable_and_closing_twice_is_fine(tmp_path: Path) -> None:
    # given a closed store
    store = EmbeddedStore.open(tmp_path / "data")
    store.close()
    store.close()
    # when / then reads and writes say so
    with pytest.raises(Unavailable, match="closed"):
        store.data_version()
    with pytest.raises(Unavailable, match="closed"):
        store.upsert_nodes([MATH])
    with pytest.raises(Unavailable, match="closed"):
        list(store.iter_nodes())


def test_an_in_memory_store_leaves_nothing_behind(tmp_path: Path) -> None:
    # given a throwaway store with data
    store = EmbeddedStore.in_memory()
    store.upsert_nodes([MATH])
    folder = store.path.parent
    assert folder.is_dir()
    # when it closes
    store.close()
    # then its files are gone
    assert not folder.exists()
