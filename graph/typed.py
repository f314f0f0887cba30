"""The typed network's relationships: each node's links, by type, in one flat tuple.

A :class:`TypedGraph` keeps, for every node id, the relationships that leave it
(``succ``) and those that reach it (``pred``) as one flat tuple
``(other, rel_type, props, other, rel_type, props, ...)``. ``props`` holds the kept
properties of that relationship; the same object sits at both of its ends, and the one
shared :data:`EMPTY` mapping stands for "no properties", and a build keeps one mapping
for all relationships with equal properties (they are read, never changed). A
relationship so costs some 48 bytes (three pointers at each end) where a NetworkX
``MultiDiGraph`` spends about 330 on its dicts of dicts of dicts.

The order is the ``MultiDiGraph``'s: the other ends in the order each was first linked,
and the relationships with one other end together, in the order they came. A node's
properties are not kept here but in :attr:`graph.projection.Network.data`.

Editing (:meth:`TypedGraph.edit`) copies a node's tuples on its first change only, and
the maps of nodes are :class:`~graph.layered.Layered`, so a new graph shares every
untouched node with the old one (which readers may still use) without copying the maps.

Examples
--------
>>> from graph.model import RelType
>>> graph = TypedGraph.build(
...     ["Person:ada", "Topic:t", "Project:loom"],
...     [("Person:ada", "Topic:t", RelType.SKILLED_IN, {"level": 3}),
...      ("Person:ada", "Project:loom", RelType.MEMBER_OF, {})])
>>> graph.out("Person:ada", RelType.SKILLED_IN)
['Topic:t']
>>> graph.rel("Person:ada", "Topic:t", RelType.SKILLED_IN)
{'level': 3}
>>> graph.number_of_edges(), len(graph)
(2, 3)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, cast

import networkx as nx

from graph.layered import Layered, LayeredEdit
from graph.model import RelType

__all__ = ["EMPTY", "TypedEdit", "TypedGraph"]

EMPTY: Mapping[str, Any] = MappingProxyType({})
"""The properties of every relationship that has none (one shared, read-only object)."""

Adjacency = tuple[Any, ...]
"""``(other, rel_type, props, other, rel_type, props, ...)``."""


class TypedGraph:
    """Every node's relationships as flat tuples (see the module docstring).

    >>> graph = TypedGraph.build(["Person:ada"], [])
    >>> "Person:ada" in graph, list(graph.edges())
    (True, [])
    """

    __slots__ = ("pred", "succ")

    def __init__(self, succ: Layered[str, Adjacency], pred: Layered[str, Adjacency]) -> None:
        self.succ = succ
        self.pred = pred

    @classmethod
    def build(
        cls,
        nodes: Iterable[str],
        relationships: Iterable[tuple[str, str, RelType, Mapping[str, Any]]],
    ) -> TypedGraph:
        """A graph of ``nodes`` and the relationships ``(start, end, type, props)``.

        Every end must be among ``nodes``. A relationship given twice (same ends and
        type) is kept once, with its properties merged, as ``MultiDiGraph`` does.
        Relationships with equal properties share one mapping: never change one.

        >>> graph = TypedGraph.build(
        ...     ["a", "b", "c"],
        ...     [("a", "c", RelType.MEMBER_OF, {}), ("a", "b", RelType.LEADS, {}),
        ...      ("a", "c", RelType.ATTENDED, {"mode": "online"})])
        >>> [(end, str(rel_type)) for end, rel_type, _ in graph.successors("a")]
        [('c', 'MEMBER_OF'), ('c', 'ATTENDED'), ('b', 'LEADS')]
        """
        succ: dict[str, list[Any]] = {node: [] for node in nodes}
        pred: dict[str, list[Any]] = {node: [] for node in succ}
        shared: dict[tuple[Any, ...], Mapping[str, Any]] = {}
        for start, end, rel_type, props in relationships:
            if not props:
                props = EMPTY
            else:
                # Few distinct property sets (a cohort's start date, say) among many
                # relationships: one object each.
                try:
                    key = tuple((name, type(value), value) for name, value in props.items())
                    props = shared.setdefault(key, props)
                except TypeError:  # a value that cannot be hashed: kept as it is
                    pass
            succ[start] += (end, rel_type, props)
            pred[end] += (start, rel_type, props)
        return cls(Layered(_frozen(succ)), Layered(_frozen(pred)))

    def __contains__(self, node: object) -> bool:
        return node in self.succ

    def __len__(self) -> int:
        return len(self.succ)

    def out(self, node: str, rel_type: RelType) -> list[str]:
        """The nodes ``node`` points at with ``rel_type``.

        >>> TypedGraph.build(["a", "b"], [("a", "b", RelType.LEADS, {})]).out("a", RelType.LEADS)
        ['b']
        """
        adj = self.succ[node]
        return [adj[i] for i in range(0, len(adj), 3) if adj[i + 1] is rel_type]

    def into(self, node: str, rel_type: RelType) -> list[str]:
        """The nodes that point at ``node`` with ``rel_type``.

        >>> TypedGraph.build(["a", "b"], [("a", "b", RelType.LEADS, {})]).into("b", RelType.LEADS)
        ['a']
        """
        adj = self.pred[node]
        return [adj[i] for i in range(0, len(adj), 3) if adj[i + 1] is rel_type]

    def rel(self, start: str, end: str, rel_type: RelType) -> Mapping[str, Any] | None:
        """The kept properties of one relationship, or ``None`` when there is none.

        >>> graph = TypedGraph.build(["a", "b"], [("a", "b", RelType.LEADS, {"since": "2020"})])
        >>> graph.rel("a", "b", RelType.LEADS), graph.rel("b", "a", RelType.LEADS)
        ({'since': '2020'}, None)
        """
        adj = self.succ.get(start, ())
        for i in range(0, len(adj), 3):
            if adj[i + 1] is rel_type and adj[i] == end:
                found: Mapping[str, Any] = adj[i + 2]
                return found
        return None

    def successors(self, node: str) -> Iterator[tuple[str, RelType, Mapping[str, Any]]]:
        """``(end, rel_type, props)`` of each relationship leaving ``node``.

        >>> graph = TypedGraph.build(["a", "b"], [("a", "b", RelType.LEADS, {})])
        >>> [(end, str(rel_type), dict(props)) for end, rel_type, props in graph.successors("a")]
        [('b', 'LEADS', {})]
        """
        adj = self.succ[node]
        return zip(adj[0::3], adj[1::3], adj[2::3], strict=True)

    def predecessors(self, node: str) -> Iterator[tuple[str, RelType, Mapping[str, Any]]]:
        """``(start, rel_type, props)`` of each relationship reaching ``node``.

        >>> graph = TypedGraph.build(["a", "b"], [("a", "b", RelType.LEADS, {})])
        >>> [(start, str(rel_type)) for start, rel_type, _ in graph.predecessors("b")]
        [('a', 'LEADS')]
        """
        adj = self.pred[node]
        return zip(adj[0::3], adj[1::3], adj[2::3], strict=True)

    def edges(self) -> Iterator[tuple[str, str, RelType, Mapping[str, Any]]]:
        """``(start, end, rel_type, props)`` of every relationship, node by node.

        >>> graph = TypedGraph.build(["a", "b"], [("a", "b", RelType.LEADS, {"since": "2020"})])
        >>> [(s, e, str(t), dict(p)) for s, e, t, p in graph.edges()]
        [('a', 'b', 'LEADS', {'since': '2020'})]
        """
        for start in self.succ:
            for end, rel_type, props in self.successors(start):
                yield start, end, rel_type, props

    def number_of_edges(self) -> int:
        """How many relationships the graph has.

        >>> TypedGraph.build(["a", "b"], [("a", "b", RelType.LEADS, {})]).number_of_edges()
        1
        """
        return sum(len(adj) for adj in self.succ.values()) // 3

    def to_networkx(self, data: Mapping[str, Mapping[str, Any]]) -> nx.MultiDiGraph[str]:
        """The same graph as a NetworkX ``MultiDiGraph`` keyed by relationship type,
        with ``data[node]`` as each node's attributes (copies: changing them changes
        nothing here).

        >>> graph = TypedGraph.build(["a", "b"], [("a", "b", RelType.LEADS, {"since": "2020"})])
        >>> g = graph.to_networkx({"a": {"name": "A"}, "b": {}})
        >>> list(g.edges(keys=True, data=True)), g.nodes["a"]
        ([('a', 'b', <RelType.LEADS: 'LEADS'>, {'since': '2020'})], {'name': 'A'})
        """
        found: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        found.add_nodes_from((node, dict(data[node])) for node in self.succ)
        for start, end, rel_type, props in self.edges():
            found.add_edge(start, end, key=rel_type)
            found.edges[start, end, rel_type].update(props)
        return found

    def edit(self) -> TypedEdit:
        """A copy to change, sharing every node it does not change with this graph.

        >>> old = TypedGraph.build(["a", "b"], [])
        >>> edit = old.edit()
        >>> edit.set_edge("a", "b", RelType.LEADS, {})
        >>> new = edit.done()
        >>> new.out("a", RelType.LEADS), old.out("a", RelType.LEADS)
        (['b'], [])
        """
        return TypedEdit(self)


class TypedEdit:
    """A :class:`TypedGraph` being changed: a node's tuples are copied on first change."""

    def __init__(self, old: TypedGraph) -> None:
        self.succ: LayeredEdit[str, Adjacency | list[Any]] = _editable(old.succ)
        self.pred: LayeredEdit[str, Adjacency | list[Any]] = _editable(old.pred)
        self._own_succ: set[str] = set()
        self._own_pred: set[str] = set()

    def __contains__(self, node: object) -> bool:
        return node in self.succ

    def successors(self, node: str) -> Iterator[tuple[str, RelType, Mapping[str, Any]]]:
        """``(end, rel_type, props)`` of each relationship leaving ``node`` now.

        >>> edit = TypedGraph.build(["a"], []).edit()
        >>> edit.set_edge("a", "a", RelType.LEADS, {})
        >>> [(end, str(rel_type)) for end, rel_type, _ in edit.successors("a")]
        [('a', 'LEADS')]
        """
        adj = self.succ[node]
        return zip(adj[0::3], adj[1::3], adj[2::3], strict=True)

    def predecessors(self, node: str) -> Iterator[tuple[str, RelType, Mapping[str, Any]]]:
        """``(start, rel_type, props)`` of each relationship reaching ``node`` now.

        >>> edit = TypedGraph.build(["a", "b"], []).edit()
        >>> edit.set_edge("a", "b", RelType.LEADS, {})
        >>> [(start, str(rel_type)) for start, rel_type, _ in edit.predecessors("b")]
        [('a', 'LEADS')]
        """
        adj = self.pred[node]
        return zip(adj[0::3], adj[1::3], adj[2::3], strict=True)

    def add_node(self, node: str) -> None:
        """Add a node without relationships.

        >>> edit = TypedGraph.build([], []).edit()
        >>> edit.add_node("a")
        >>> "a" in edit.done()
        True
        """
        self.succ[node] = ()
        self.pred[node] = ()

    def remove_node(self, node: str) -> set[str]:
        """Remove a node and its relationships; return the nodes it was linked with.

        >>> edit = TypedGraph.build(["a", "b"], [("a", "b", RelType.LEADS, {})]).edit()
        >>> edit.remove_node("b"), list(edit.done().edges())
        ({'a'}, [])
        """
        succ, pred = self.succ[node], self.pred[node]
        linked = set(succ[0::3]) | set(pred[0::3])
        for other in set(succ[0::3]):
            _drop(self._own(self.pred, self._own_pred, other), node)
        for other in set(pred[0::3]):
            _drop(self._own(self.succ, self._own_succ, other), node)
        del self.succ[node], self.pred[node]
        self._own_succ.discard(node)
        self._own_pred.discard(node)
        return linked

    def set_edge(
        self, start: str, end: str, rel_type: RelType, props: Mapping[str, Any] | None
    ) -> None:
        """Set (or, with ``None``, remove) the relationship ``start -rel_type-> end``.

        A relationship already there keeps its place; a new one goes after the others
        between the same two nodes, or last.

        >>> edit = TypedGraph.build(["a", "b"], [("a", "b", RelType.LEADS, {})]).edit()
        >>> edit.set_edge("a", "b", RelType.LEADS, {"since": "2020"})
        >>> edit.set_edge("a", "b", RelType.MEMBER_OF, None)  # not there: nothing to do
        >>> edit.done().rel("a", "b", RelType.LEADS)
        {'since': '2020'}
        """
        if props is None:
            if _find(self.succ[start], end, rel_type) < 0:
                return
            _put(self._own(self.succ, self._own_succ, start), end, rel_type, None)
            _put(self._own(self.pred, self._own_pred, end), start, rel_type, None)
            return
        props = props or EMPTY
        _put(self._own(self.succ, self._own_succ, start), end, rel_type, props)
        _put(self._own(self.pred, self._own_pred, end), start, rel_type, props)

    def done(self) -> TypedGraph:
        """The changed graph (this edit must not be used afterwards).

        >>> TypedGraph.build(["a"], []).edit().done().number_of_edges()
        0
        """
        for side, own in ((self.succ, self._own_succ), (self.pred, self._own_pred)):
            for node in own:
                side[node] = tuple(side[node])
        return TypedGraph(
            cast(Layered[str, Adjacency], self.succ.done()),
            cast(Layered[str, Adjacency], self.pred.done()),
        )

    @staticmethod
    def _own(side: LayeredEdit[str, Adjacency | list[Any]], own: set[str], node: str) -> list[Any]:
        if node not in own:
            side[node] = list(side[node])
            own.add(node)
        found = side[node]
        assert isinstance(found, list)
        return found


def _editable(side: Layered[str, Adjacency]) -> LayeredEdit[str, Adjacency | list[Any]]:
    return cast(LayeredEdit[str, Adjacency | list[Any]], side.edit())


def _frozen(side: dict[str, list[Any]]) -> dict[str, Adjacency]:
    """Each node's list as a tuple, its relationships grouped by other end (in the order
    each other end first came), a repeated relationship merged into its first."""
    found: dict[str, Adjacency] = {}
    for node, adj in side.items():
        others = adj[0::3]
        if len(set(others)) == len(others):
            found[node] = tuple(adj)
            continue
        grouped: dict[str, dict[RelType, Mapping[str, Any]]] = {}
        for other, rel_type, props in zip(others, adj[1::3], adj[2::3], strict=True):
            keys = grouped.setdefault(other, {})
            keys[rel_type] = {**keys[rel_type], **props} or EMPTY if rel_type in keys else props
        found[node] = tuple(
            x
            for other, keys in grouped.items()
            for rel_type, props in keys.items()
            for x in (other, rel_type, props)
        )
    side.clear()
    return found


def _find(adj: Adjacency | list[Any], other: str, rel_type: RelType) -> int:
    if other not in adj:
        return -1
    for i in range(0, len(adj), 3):
        if adj[i + 1] is rel_type and adj[i] == other:
            return i
    return -1


def _put(adj: list[Any], other: str, rel_type: RelType, props: Mapping[str, Any] | None) -> None:
    """Set, add or (``props`` ``None``) remove one entry of a node's list in place."""
    at = _find(adj, other, rel_type)
    if at >= 0:
        if props is None:
            del adj[at : at + 3]
        else:
            adj[at + 2] = props
        return
    if props is None:
        return
    last = -1
    if other in adj:
        last = max(i for i in range(0, len(adj), 3) if adj[i] == other)
    at = len(adj) if last < 0 else last + 3
    adj[at:at] = (other, rel_type, props)


def _drop(adj: list[Any], other: str) -> None:
    """Remove every entry of ``other`` from a node's list in place."""
    adj[:] = [
        x
        for i in range(0, len(adj), 3)
        if adj[i] != other
        for x in (adj[i], adj[i + 1], adj[i + 2])
    ]
