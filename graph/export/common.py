"""What every export shares: what may be exported, attribute tables, ids, buffering.

An :class:`ExportView` streams a source's nodes and relationships as they may leave
Convene: people who set ``exportable: false`` are left out together with every
relationship that touches them, private properties (email) are never included, and
properties the model gives a default (``discoverable``, ``roles``, ...) are written out
even where the store leaves them implicit, so every reader sees the same values.
It reads the source in three passes (the keys of people who opted out, the nodes, the
relationships), so memory grows with the number of people who opted out, not with the
graph.

Examples
--------
>>> from graph.model import Label, Node, Relationship, RelType
>>> ada = Node(Label.PERSON, "ada", {"name": "Ada", "email": "ada@example.org"})
>>> bo = Node(Label.PERSON, "bo", {"name": "Bo", "exportable": False})
>>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
>>> view = ExportView(Snapshot([ada, bo, loom], [
...     Relationship(RelType.MEMBER_OF, ada.ref, loom.ref),
...     Relationship(RelType.MEMBER_OF, bo.ref, loom.ref)]))
>>> [(n.key, "email" in n.props, n.props.get("discoverable")) for n in view.nodes()]
[('ada', False, True), ('loom', False, None)]
>>> [(r.start.key, r.end.key) for r in view.relationships()], view.counts
([('ada', 'loom')], (2, 1))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from graph.model import (
    NODE_SPECS,
    REL_SPECS,
    Label,
    Node,
    PropKind,
    Relationship,
    RelType,
    node_id,
)

__all__ = [
    "EDGE_ATTRIBUTES",
    "LIST_SEPARATOR",
    "NODE_ATTRIBUTES",
    "RENAMED",
    "ExportView",
    "GraphSource",
    "Snapshot",
    "XmlKeys",
    "buffered",
    "edge_fields",
    "edge_id",
    "end_ids",
    "flat",
    "node_fields",
    "xml_safe",
]

LIST_SEPARATOR = ";"
"""Joins list values in formats without lists (GraphML, GEXF, CSV)."""

RENAMED: Mapping[str, str] = {"source": "citation"}
"""Properties exported under another name: in graph formats ``source`` names an edge's
start, so the ``source`` property (the document a record comes from) is ``citation``."""


class GraphSource(Protocol):
    """Anything that streams nodes and relationships: every store, or a :class:`Snapshot`."""

    def iter_nodes(self, labels: Sequence[Label] = ()) -> Iterator[Node]:
        """Stream every node (of ``labels``, or all)."""
        ...

    def iter_relationships(self, types: Sequence[RelType] = ()) -> Iterator[Relationship]:
        """Stream every relationship (of ``types``, or all)."""
        ...


@dataclass(frozen=True)
class Snapshot:
    """Nodes and relationships held in memory, exportable like a store (a selection, say).

    >>> topic = Node(Label.TOPIC, "math", {"name": "Math"})
    >>> [n.key for n in Snapshot([topic], []).iter_nodes([Label.TOPIC])]
    ['math']
    """

    nodes: Sequence[Node]
    relationships: Sequence[Relationship]

    def iter_nodes(self, labels: Sequence[Label] = ()) -> Iterator[Node]:
        """The nodes, of ``labels`` when given."""
        return (n for n in self.nodes if not labels or n.label in labels)

    def iter_relationships(self, types: Sequence[RelType] = ()) -> Iterator[Relationship]:
        """The relationships, of ``types`` when given."""
        return (r for r in self.relationships if not types or r.type in types)


def _attributes(specs: Iterable[Iterable[Any]]) -> tuple[tuple[str, PropKind], ...]:
    kinds: dict[str, PropKind] = {}
    for props in specs:
        for prop in props:
            if prop.private:
                continue
            name = RENAMED.get(prop.name, prop.name)
            known = kinds.setdefault(name, prop.kind)
            if known is not prop.kind and {known, prop.kind} != {PropKind.STR, PropKind.TEXT}:
                raise TypeError(f"property {name!r} has two kinds: {known} and {prop.kind}")
    return tuple(sorted(kinds.items()))


NODE_ATTRIBUTES: tuple[tuple[str, PropKind], ...] = _attributes(
    spec.props for spec in NODE_SPECS.values()
)
"""Every exportable node property and its kind, by exported name (private ones left out)."""

EDGE_ATTRIBUTES: tuple[tuple[str, PropKind], ...] = _attributes(
    spec.props for spec in REL_SPECS.values()
)
"""Every exportable relationship property and its kind, by name."""


def _defaults(props: Iterable[Any]) -> tuple[tuple[str, Any], ...]:
    return tuple((p.name, p.default) for p in props if p.default is not None and not p.private)


_DEFAULTS: Mapping[Label | RelType, tuple[tuple[str, Any], ...]] = {
    **{label: _defaults(spec.props) for label, spec in NODE_SPECS.items()},
    **{rel_type: _defaults(spec.props) for rel_type, spec in REL_SPECS.items()},
}

_PUBLIC: Mapping[Label | RelType, frozenset[str]] = {
    **{
        label: frozenset(p.name for p in s.props if not p.private)
        for label, s in NODE_SPECS.items()
    },
    **{t: frozenset(p.name for p in s.props if not p.private) for t, s in REL_SPECS.items()},
}


_XML_TYPES: Mapping[PropKind, str] = {PropKind.INT: "long", PropKind.BOOL: "boolean"}


@dataclass(frozen=True, slots=True)
class XmlKeys:
    """The attributes GraphML and GEXF declare for nodes or for edges, with their ids.

    Fixed fields come first, then every exportable property (see :data:`NODE_ATTRIBUTES`);
    ints are ``long``, booleans ``boolean``, the rest (text, dates, lists) ``string``.

    >>> keys = XmlKeys.declare(["type"], [("credits", PropKind.INT)], prefix="e")
    >>> keys.declared
    (('e0', 'type', 'string'), ('e1', 'credits', 'long'))
    >>> list(keys.values({"type": "ATTENDED"}, {"mode": None, "credits": 3}))
    [('e0', 'ATTENDED'), ('e1', 3)]
    """

    fixed: tuple[str, ...]
    ids: Mapping[str, str]
    declared: tuple[tuple[str, str, str], ...]
    """``(id, name, type)`` of every attribute, in the order declared."""

    @classmethod
    def declare(
        cls, fixed: Sequence[str], attributes: Sequence[tuple[str, PropKind]], prefix: str = ""
    ) -> XmlKeys:
        """Number ``fixed`` and then ``attributes`` as ``prefix0``, ``prefix1``, ...

        >>> XmlKeys.declare(["type"], [("type", PropKind.STR)]).declared
        (('0', 'type', 'string'),)
        """
        types = {name: "string" for name in fixed}
        for name, kind in attributes:
            types.setdefault(name, _XML_TYPES.get(kind, "string"))
        ids = {name: f"{prefix}{number}" for number, name in enumerate(types)}
        return cls(
            tuple(fixed), ids, tuple((ids[name], name, kind) for name, kind in types.items())
        )

    def values(
        self, fields: Mapping[str, Any], props: Mapping[str, Any]
    ) -> Iterator[tuple[str, Any]]:
        """``(id, value)`` of an element: its fixed fields, then its properties by name,
        those without a value left out.

        >>> keys = XmlKeys.declare(["type", "key"], [("name", PropKind.STR)], prefix="n")
        >>> list(keys.values({"type": "Topic", "key": "math"}, {"name": "Math"}))
        [('n0', 'Topic'), ('n1', 'math'), ('n2', 'Math')]
        """
        for name in self.fixed:
            yield self.ids[name], fields[name]
        for name, value in sorted(props.items()):
            if value is not None:
                yield self.ids[name], value


def end_ids(rel: Relationship) -> tuple[str, str]:
    """The ids of a relationship's start and end in every export (see ``node_id``).

    >>> from graph.model import NodeRef, RelType
    >>> end_ids(Relationship(RelType.NEEDS, NodeRef(Label.PROJECT, "p"), NodeRef(Label.TOPIC, "t")))
    ('Project:p', 'Topic:t')
    """
    return node_id(rel.start.label, rel.start.key), node_id(rel.end.label, rel.end.key)


def edge_id(rel: Relationship) -> str:
    """The id of a relationship in every export: ``TYPE:start->end`` (unique per graph).

    >>> from graph.model import NodeRef, RelType
    >>> edge_id(Relationship(RelType.NEEDS, NodeRef(Label.PROJECT, "p"), NodeRef(Label.TOPIC, "t")))
    'NEEDS:Project:p->Topic:t'
    """
    source, target = end_ids(rel)
    return f"{rel.type.value}:{source}->{target}"


def flat(value: Any) -> str:
    """A property value as text: lists joined by :data:`LIST_SEPARATOR`, booleans lower-case.

    >>> flat(["educator", "researcher"]), flat(True), flat(3)
    ('educator;researcher', 'true', '3')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def node_fields(node: Node) -> dict[str, str]:
    """The fixed fields of a node in every graph export, which writes the ones it needs.

    ``id`` and ``value`` are ``Label:key``, ``label`` is the name (else the key), ``type``
    the label.

    >>> node_fields(Node(Label.TOPIC, "math", {"name": "Math"}))
    {'id': 'Topic:math', 'value': 'Topic:math', 'label': 'Math', 'type': 'Topic', 'key': 'math'}
    """
    ident = node_id(node.label, node.key)
    return {
        "id": ident,
        "value": ident,
        "label": node.props.get("name", node.key),
        "type": node.label.value,
        "key": node.key,
    }


def edge_fields(rel: Relationship) -> dict[str, str]:
    """The fixed fields of a relationship in every graph export (``key`` and ``type`` are
    both the relationship type).

    >>> from graph.model import NodeRef
    >>> rel = Relationship(RelType.NEEDS, NodeRef(Label.PROJECT, "p"), NodeRef(Label.TOPIC, "t"))
    >>> edge_fields(rel)["source"], edge_fields(rel)["key"]
    ('Project:p', 'NEEDS')
    """
    source, target = end_ids(rel)
    return {
        "id": edge_id(rel),
        "source": source,
        "target": target,
        "key": rel.type.value,
        "type": rel.type.value,
    }


_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (most control characters).

    >>> xml_safe("tab\\tok, bell\\x07 gone")
    'tab\\tok, bell gone'
    """
    return _XML_INVALID.sub("", text)


@dataclass
class ExportView:
    """The nodes and relationships of a source that may be exported (see the module).

    With ``renamed`` (the default) properties carry their exported names (:data:`RENAMED`);
    the JSON Lines export keeps the model's names.
    """

    source: GraphSource
    renamed: bool = True
    hidden: frozenset[str] | None = None
    node_count: int = field(default=0, init=False)
    relationship_count: int = field(default=0, init=False)

    def _hidden(self) -> frozenset[str]:
        if self.hidden is None:
            self.hidden = frozenset(
                n.key
                for n in self.source.iter_nodes([Label.PERSON])
                if n.get("exportable") is False
            )
        return self.hidden

    def nodes(self, labels: Sequence[Label] = ()) -> Iterator[Node]:
        """Every exportable node, with its public properties only."""
        for node in self.source.iter_nodes(labels):
            if node.label is Label.PERSON and node.get("exportable") is False:
                continue
            self.node_count += 1
            yield Node(node.label, node.key, self._public(node.label, node.props))

    def relationships(self, types: Sequence[RelType] = ()) -> Iterator[Relationship]:
        """Every relationship between exportable nodes, with its public properties only."""
        hidden = self._hidden()
        for rel in self.source.iter_relationships(types):
            if (rel.start.label is Label.PERSON and rel.start.key in hidden) or (
                rel.end.label is Label.PERSON and rel.end.key in hidden
            ):
                continue
            self.relationship_count += 1
            yield Relationship(rel.type, rel.start, rel.end, self._public(rel.type, rel.props))

    def _public(self, owner: Label | RelType, props: Mapping[str, Any]) -> dict[str, Any]:
        public = _PUBLIC[owner]
        out = {k: v for k, v in props.items() if k in public}
        for name, default in _DEFAULTS[owner]:
            if out.get(name) is None:
                out[name] = list(default) if isinstance(default, tuple) else default
        if not self.renamed:
            return out
        return {RENAMED.get(k, k): v for k, v in out.items()}

    @property
    def counts(self) -> tuple[int, int]:
        """How many nodes and relationships have been streamed so far."""
        return self.node_count, self.relationship_count


def buffered(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[bytes]:
    """Encode text pieces as UTF-8 and yield them in chunks of about ``size`` bytes.

    >>> list(buffered(["a", "b", "c"], size=2))
    [b'ab', b'c']
    """
    parts: list[str] = []
    length = 0
    for piece in pieces:
        parts.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(parts).encode()
            parts, length = [], 0
    if parts:
        yield "".join(parts).encode()
