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
>>> data = orjson.loads(b"".join(chunks(ExportView(Snapshot([ada, math], both)))))
>>> sorted(nx.node_link_graph(data, edges="edges").edges(keys=True))
[('Person:ada', 'Topic:math', 'INTERESTED_IN'), ('Person:ada', 'Topic:math', 'SKILLED_IN')]
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from graph.export.common import ExportView, buffered, edge_id, end_ids
from graph.model import node_id

__all__ = ["MEDIA_TYPE", "chunks"]

MEDIA_TYPE = "application/json"


def chunks(view: ExportView) -> Iterator[bytes]:
    """The node-link document of ``view``, as UTF-8 chunks written while streaming.

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
    b'{"directed":true,"multigraph":true,"graph":{"name":"Convene"},"nodes":[],"edges":[]}\\n'
    """
    return buffered(_pieces(view))


def _pieces(view: ExportView) -> Iterator[str]:
    yield '{"directed":true,"multigraph":true,"graph":{"name":"Convene"},"nodes":['
    separator = ""
    for node in view.nodes():
        data = {
            "id": node_id(node.label, node.key),
            "type": node.label.value,
            "key": node.key,
            "label": node.props.get("name", node.key),
            **node.props,
        }
        yield separator + orjson.dumps(data).decode()
        separator = ","
    yield '],"edges":['
    separator = ""
    for rel in view.relationships():
        source, target = end_ids(rel)
        data = {
            "source": source,
            "target": target,
            "key": rel.type.value,
            "id": edge_id(rel),
            "type": rel.type.value,
            **rel.props,
        }
        yield separator + orjson.dumps(data).decode()
        separator = ","
    yield "]}\n"
