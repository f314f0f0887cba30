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

from collections.abc import Iterator, Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from graph.export.common import (
    EDGE_ATTRIBUTES,
    NODE_ATTRIBUTES,
    ExportView,
    XmlKeys,
    buffered,
    edge_fields,
    flat,
    node_fields,
    xml_safe,
)

__all__ = ["MEDIA_TYPE", "chunks"]

MEDIA_TYPE = "application/graphml+xml"

_NODE_KEYS = XmlKeys.declare(["type", "key", "label"], NODE_ATTRIBUTES, prefix="n")
_EDGE_KEYS = XmlKeys.declare(["type"], EDGE_ATTRIBUTES, prefix="e")


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
    for owner, keys in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS)):
        for key, name, kind in keys.declared:
            yield f'<key id="{key}" for="{owner}" attr.name="{name}" attr.type="{kind}"/>\n'
    yield '<graph id="convene" edgedefault="directed">\n'
    for node in view.nodes():
        fields = node_fields(node)
        yield f"<node id={_attr(fields['id'])}>{_data(_NODE_KEYS, fields, node.props)}</node>\n"
    for rel in view.relationships():
        fields = edge_fields(rel)
        yield (
            f"<edge id={_attr(fields['id'])} source={_attr(fields['source'])} "
            f"target={_attr(fields['target'])}>{_data(_EDGE_KEYS, fields, rel.props)}</edge>\n"
        )
    yield "</graph>\n</graphml>\n"


def _data(keys: XmlKeys, fields: Mapping[str, str], props: Mapping[str, Any]) -> str:
    return "".join(
        f'<data key="{key}">{_text(value)}</data>' for key, value in keys.values(fields, props)
    )
