"""GraphML with typed attributes, streamed.

Keys are declared up front from the model (every exportable property of every label
and relationship type, plus ``type``, ``key`` and the display ``label``), so the file
is written in one pass: ints as ``long``, booleans as ``boolean``, everything else as
``string`` (lists joined by ``;``, dates in ISO form). Node ids are ``Label:key``; each
edge has the id ``TYPE:start->end`` so that parallel edges of different types survive
a round trip through NetworkX (``read_graphml`` returns a multigraph) and igraph.

Examples
--------
>>> import io, networkx as nx
>>> from graph.export.common import ExportView, Snapshot
>>> from graph.model import Label, Node, Relationship, RelType
>>> ada = Node(Label.PERSON, "ada", {"name": "Ada"})
>>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
>>> view = ExportView(Snapshot([ada, loom], [Relationship(RelType.MEMBER_OF, ada.ref, loom.ref)]))
>>> g = nx.read_graphml(io.BytesIO(b"".join(chunks(view))))
>>> g.nodes["Person:ada"]["label"], list(g.edges(data="type"))
('Ada', [('Person:ada', 'Project:loom', 'MEMBER_OF')])
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from graph.export.common import (
    EDGE_ATTRIBUTES,
    NODE_ATTRIBUTES,
    ExportView,
    buffered,
    edge_id,
    end_ids,
    flat,
    xml_attributes,
    xml_safe,
)
from graph.model import node_id

__all__ = ["MEDIA_TYPE", "chunks"]

MEDIA_TYPE = "application/graphml+xml"


def _text(value: object) -> str:
    return escape(xml_safe(flat(value)))


def _attr(value: str) -> str:
    return quoteattr(xml_safe(value))


def chunks(view: ExportView) -> Iterator[bytes]:
    """The GraphML document of ``view``, as UTF-8 chunks written while streaming.

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
    >>> text = b"".join(chunks(ExportView(Snapshot([], [])))).decode()
    >>> text.count('<key id="n'), text.endswith("</graphml>\\n")
    (22, True)
    """
    return buffered(_pieces(view))


def _pieces(view: ExportView) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    node_keys: dict[str, str] = {}
    for name, kind in xml_attributes(["type", "key", "label"], NODE_ATTRIBUTES):
        node_keys[name] = f"n{len(node_keys)}"
        yield f'<key id="{node_keys[name]}" for="node" attr.name="{name}" attr.type="{kind}"/>\n'
    edge_keys: dict[str, str] = {}
    for name, kind in xml_attributes(["type"], EDGE_ATTRIBUTES):
        edge_keys[name] = f"e{len(edge_keys)}"
        yield f'<key id="{edge_keys[name]}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n'
    yield '<graph id="convene" edgedefault="directed">\n'
    for node in view.nodes():
        yield f"<node id={_attr(node_id(node.label, node.key))}>"
        yield f'<data key="{node_keys["type"]}">{node.label.value}</data>'
        yield f'<data key="{node_keys["key"]}">{_text(node.key)}</data>'
        yield f'<data key="{node_keys["label"]}">{_text(node.props.get("name", node.key))}</data>'
        for name, value in sorted(node.props.items()):
            if value is not None:
                yield f'<data key="{node_keys[name]}">{_text(value)}</data>'
        yield "</node>\n"
    for rel in view.relationships():
        source, target = end_ids(rel)
        yield f"<edge id={_attr(edge_id(rel))} source={_attr(source)} target={_attr(target)}>"
        yield f'<data key="{edge_keys["type"]}">{rel.type.value}</data>'
        for name, value in sorted(rel.props.items()):
            if value is not None:
                yield f'<data key="{edge_keys[name]}">{_text(value)}</data>'
        yield "</edge>\n"
    yield "</graph>\n</graphml>\n"
