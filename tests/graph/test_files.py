"""The data directory and everything Convene keeps in it are private to their owner."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from access.tokens import TokenStore, create_token
from graph.embedded.store import EmbeddedStore
from graph.model import Label, Node
from graph.store import WriteBatch


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that lets everyone read new files (the common 022)."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes_under(data_dir: Path) -> dict[str, int]:
    return {path.name: mode(path) for path in data_dir.iterdir()}


def write_a_topic(store: EmbeddedStore) -> None:
    batch = WriteBatch()
    batch.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
    store.apply(batch)


def test_a_new_data_directory_and_its_files_are_private(open_umask: None, tmp_path: Path) -> None:
    # given a umask that would leave new files world-readable
    data_dir = tmp_path / "data"
    # when the store and the token file are created and written
    store = EmbeddedStore.open(data_dir)
    try:
        write_a_topic(store)
        create_token(data_dir, "admin", "ops")
        with TokenStore.open(data_dir):
            files = modes_under(data_dir)
    finally:
        store.close()
    # then the directory is 0700 and every file in it (WAL and shared memory too) 0600
    assert mode(data_dir) == 0o700
    assert "convene.sqlite3-wal" in files
    assert {name for name in files if name.startswith("tokens")}
    assert files == {name: 0o600 for name in files}


def test_an_existing_world_readable_data_directory_is_tightened_on_open(
    open_umask: None, tmp_path: Path
) -> None:
    # given a data directory left readable by an older version
    data_dir = tmp_path / "data"
    store = EmbeddedStore.open(data_dir)
    write_a_topic(store)
    store.close()
    create_token(data_dir, "admin", "ops")
    data_dir.chmod(0o755)
    for path in data_dir.iterdir():
        path.chmod(0o644)
    # when the store and the token file are opened again
    store = EmbeddedStore.open(data_dir)
    try:
        with TokenStore.open(data_dir):
            files = modes_under(data_dir)
    finally:
        store.close()
    # then they are private again
    assert mode(data_dir) == 0o700
    assert files == {name: 0o600 for name in files}
