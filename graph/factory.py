"""Open the store a process is configured for.

Examples
--------
>>> import tempfile
>>> store = open_store("embedded", data_dir=Path(tempfile.mkdtemp()))
>>> store.counts().nodes
{}
>>> store.close()
"""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore, InvalidInput

__all__ = ["open_store"]


def open_store(
    kind: str,
    *,
    data_dir: Path,
    neo4j_uri: str = "bolt://127.0.0.1:7687",
    neo4j_user: str = "neo4j",
    neo4j_password: str = "",
) -> GraphStore:
    """Open the embedded store under ``data_dir`` or connect to Neo4j.

    Raises ``Unavailable`` with a one-line explanation when Neo4j cannot be reached,
    and ``InvalidInput`` for an unknown kind.

    >>> open_store("sqlite", data_dir=Path("."))
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: CONVENE_STORE: unknown store 'sqlite' (use embedded or neo4j)
    """
    if kind == "embedded":
        from graph.embedded.store import EmbeddedStore

        return EmbeddedStore.open(data_dir)
    if kind == "neo4j":
        from graph.neo4j.store import Neo4jStore

        return Neo4jStore.connect(neo4j_uri, neo4j_user, neo4j_password)
    raise InvalidInput("CONVENE_STORE", f"unknown store {kind!r} (use embedded or neo4j)")
