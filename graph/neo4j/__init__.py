"""The Neo4j store: the graph kept in a Neo4j 5 server.

``driver`` creates the driver and translates its errors, ``queries`` holds every Cypher
statement, ``conditions`` compiles conditions and orderings into Cypher, ``fulltext``
turns text into Lucene terms, and ``store`` implements the GraphStore protocol on top
of them.

Examples
--------
>>> from graph.neo4j import Neo4jStore
>>> store = Neo4jStore.connect("bolt://127.0.0.1:7687", "neo4j", "pw")  # doctest: +SKIP
"""

from graph.neo4j.store import Neo4jStore

__all__ = ["Neo4jStore"]
