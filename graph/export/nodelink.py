"""NetworkX node-link JSON, streamed: what :func:`networkx.node_link_graph` reads.

A directed multigraph: ``nodes`` carry ``id`` (``Label:key``), ``type``, ``key``,
``label`` (the name) and their properties; ``edges`` carry ``source``, ``target``,
``key`` (the relationship type, unique between two nodes), ``id``, ``type`` and their
properties. Read it with ``networkx.node_link_graph(data, edges="edges")``.

Examples
--------
>>> import networkx as nx, orjson
>>> from graph.export.common import ExportView, Snapshot
>>> from graph.model import Label, Node, Relationship, RelType
>>> ada = Node(Label.PERSON, "ada", {"name": "Ada"})
>>> math = Node(Label.TOPIC, "math", {"name": "Math"})
>>> both = [Relationship(t, ada.ref, math.ref) for t in (RelType.INTERESTED_IN, RelType.SKILLED_IN)]
>>> data = orjson.loads(b"".join(SHAPE.chunks(ExportView(Snapshot([ada, math], both)))))
>>> sorted(nx.node_link_graph(data, edges="edges").edges(keys=True))
[('Person:ada', 'Topic:math', 'INTERESTED_IN'), ('Person:ada', 'Topic:math', 'SKILLED_IN')]
"""

from __future__ import annotations

from graph.export.jsongraph import JsonShape

__all__ = ["MEDIA_TYPE", "SHAPE"]

MEDIA_TYPE = "application/json"

SHAPE = JsonShape(
    head='{"directed":true,"multigraph":true,"graph":{"name":"Convene"},"nodes":[',
    tail="]}\n",
    node_fields=("id", "type", "key", "label"),
    edge_fields=("source", "target", "key", "id", "type"),
    wrapped=False,
)
"""Top-level ``nodes`` and ``edges`` lists of plain objects."""
