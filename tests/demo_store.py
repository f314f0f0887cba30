"""The demo network in an embedded store, for tests that serve or read it."""

from __future__ import annotations

from pathlib import Path


def seed_demo(data_dir: Path) -> Path:
    """Load the demo network into an embedded store at ``data_dir``; returns it."""
    from data import demo_files
    from graph.embedded.store import EmbeddedStore
    from graph.importer import load_files

    store = EmbeddedStore.open(data_dir)
    try:
        load_files(store, demo_files())
    finally:
        store.close()
    return data_dir
