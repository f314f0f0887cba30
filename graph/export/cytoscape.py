"""Cytoscape.js JSON (``{"elements": {"nodes": [...], "edges": [...]}}``), streamed.

Each element is ``{"data": {...}}``. A node's data holds ``id`` (``Label:key``),
``label`` (its name, for display), ``type`` (its label), ``key`` and its properties;
an edge's holds ``id``, ``source``, ``target``, ``type`` and its properties. Lists stay
lists. NetworkX reads the same document back with :func:`networkx.cytoscape_graph`:
for that, nodes also carry ``value`` (their id), edges ``key`` (their type), and the
document says it is a directed multigraph.

Examples
--------
>>> import orjson
>>> from graph.export.common import ExportView, Snapshot
>>> from graph.model import Label, Node
>>> doc = orjson.loads(b"".join(SHAPE.chunks(ExportView(Snapshot(
...     [Node(Label.PERSON, "ada", {"name": "Ada", "roles": ["educator"]})], [])))))
>>> doc["elements"]["nodes"][0]["data"]["roles"], doc["elements"]["edges"]
(['educator'], [])
"""

from __future__ import annotations

from graph.export.jsongraph import JsonShape

__all__ = ["MEDIA_TYPE", "SHAPE"]

MEDIA_TYPE = "application/json"

SHAPE = JsonShape(
    head='{"data":{"name":"Convene"},"directed":true,"multigraph":true,"elements":{"nodes":[',
    tail="]}}\n",
    node_fields=("id", "value", "label", "type", "key"),
    edge_fields=("id", "source", "target", "key", "type"),
    wrapped=True,
)
"""Elements under ``elements``, each as ``{"data": {...}}``."""
