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
>>> doc = orjson.loads(b"".join(chunks(ExportView(Snapshot(
...     [Node(Label.PERSON, "ada", {"name": "Ada", "roles": ["educator"]})], [])))))
>>> doc["elements"]["nodes"][0]["data"]["roles"], doc["elements"]["edges"]
(['educator'], [])
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from graph.export.common import ExportView, buffered, edge_id, end_ids
from graph.model import node_id

__all__ = ["MEDIA_TYPE", "chunks"]

MEDIA_TYPE = "application/json"


def chunks(view: ExportView) -> Iterator[bytes]:
    """The Cytoscape.js document of ``view``, as UTF-8 chunks written while streaming.

    Parameters
    ----------
    view
        What to export (people who opted out and private properties already left out).

    Returns
    -------
    Iterator of bytes
        The document, in chunks of about 64 KiB.

    Examples
    --------
    >>> from graph.export.common import ExportView, Snapshot
    >>> b"".join(chunks(ExportView(Snapshot([], []))))
    b'{"data":{"name":"Convene"},"directed":true,"multigraph":true,"elements":{"nodes":[],"edges":[]}}\\n'
    """
    return buffered(_pieces(view))


def _pieces(view: ExportView) -> Iterator[str]:
    yield '{"data":{"name":"Convene"},"directed":true,"multigraph":true,"elements":{"nodes":['
    separator = ""
    for node in view.nodes():
        ident = node_id(node.label, node.key)
        data = {
            "id": ident,
            "value": ident,
            "label": node.props.get("name", node.key),
            "type": node.label.value,
            "key": node.key,
            **node.props,
        }
        yield separator + orjson.dumps({"data": data}).decode()
        separator = ","
    yield '],"edges":['
    separator = ""
    for rel in view.relationships():
        source, target = end_ids(rel)
        data = {
            "id": edge_id(rel),
            "source": source,
            "target": target,
            "key": rel.type.value,
            "type": rel.type.value,
            **rel.props,
        }
        yield separator + orjson.dumps({"data": data}).decode()
        separator = ","
    yield "]}}\n"
