"""The type of the stores the fixtures open, for tests that write through them.

``GraphStore`` (graph/store.py) is what the service needs: reads and ``apply``. Tests
also write and read with the conveniences both stores inherit from ``StoreBase``
(``transaction``, ``upsert_nodes``, ``get_node``, ...). The store fixtures yield a
:data:`ConcreteStore`; a test or helper that uses those conveniences takes one, and one
that needs only the protocol takes a ``GraphStore``.
"""

from __future__ import annotations

from typing import TypeAlias

from graph.embedded.store import EmbeddedStore
from graph.neo4j.store import Neo4jStore

__all__ = ["ConcreteStore"]

ConcreteStore: TypeAlias = EmbeddedStore | Neo4jStore
