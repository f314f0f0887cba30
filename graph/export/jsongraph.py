"""The writer of both JSON graph documents: Cytoscape.js and NetworkX node-link.

The two documents hold the same nodes and edges with the same fields; they differ in
the text around the lists, in the order of each element's fixed fields and in whether
an element is wrapped as ``{"data": {...}}``. A :class:`JsonShape` says that much,
and its :meth:`~JsonShape.chunks` writes the document while the view streams.

Node fields: ``id`` and ``value`` (``Label:key``), ``label`` (the name, else the key),
``type`` (the label) and ``key``. Edge fields: ``id`` (see ``edge_id``), ``source``,
``target``, ``key`` and ``type`` (both the relationship type). Each element's
properties follow its fixed fields; lists stay lists.

Examples
--------
>>> from graph.export.common import Snapshot
>>> from graph.model import Label, Node
>>> shape = JsonShape('{"nodes":[', "]}", ("id", "type"), ("source", "target"), wrapped=False)
>>> b"".join(shape.chunks(ExportView(Snapshot([Node(Label.TOPIC, "math")], []))))
b'{"nodes":[{"id":"Topic:math","type":"Topic","synthetic":false}],"edges":[]}'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from graph.export.common import ExportView, buffered, edge_fields, node_fields

__all__ = ["JsonShape"]


@dataclass(frozen=True, slots=True)
class JsonShape:
    """How one JSON graph document is laid out.

    ``head`` comes before the first node, ``tail`` after the last edge, and
    ``"],"edges":["`` between the lists. ``node_fields`` and ``edge_fields`` are the
    fixed fields of each element, in order; ``wrapped`` puts each element under
    ``data``.

    >>> JsonShape("[", "]", ("id",), ("id",), wrapped=True).wrapped
    True
    """

    head: str
    tail: str
    node_fields: tuple[str, ...]
    edge_fields: tuple[str, ...]
    wrapped: bool

    def chunks(self, view: ExportView) -> Iterator[bytes]:
        """The document of ``view``, as UTF-8 chunks of about 64 KiB written while it streams.

        ``view`` already leaves out people who opted out and private properties.

        >>> from graph.export.common import Snapshot
        >>> shape = JsonShape("{", "}", (), (), wrapped=True)
        >>> b"".join(shape.chunks(ExportView(Snapshot([], []))))
        b'{],"edges":[}'
        """
        return buffered(self._pieces(view))

    def _element(
        self, fields: dict[str, Any], names: tuple[str, ...], props: Mapping[str, Any]
    ) -> str:
        data = {**{name: fields[name] for name in names}, **props}
        return orjson.dumps({"data": data} if self.wrapped else data).decode()

    def _pieces(self, view: ExportView) -> Iterator[str]:
        yield self.head
        separator = ""
        for node in view.nodes():
            yield separator + self._element(node_fields(node), self.node_fields, node.props)
            separator = ","
        yield '],"edges":['
        separator = ""
        for rel in view.relationships():
            yield separator + self._element(edge_fields(rel), self.edge_fields, rel.props)
            separator = ","
        yield self.tail
