"""From the store to the projection: the typed network and the weighted ties between people.

A :class:`Network` holds two graphs built in one streaming pass over the store
(``iter_nodes`` then ``iter_relationships``; never one query per node):

``graph``
    The typed network: a :class:`~graph.typed.TypedGraph` (each node's relationships
    as one flat tuple of other end, type and kept properties; some 48 bytes a
    relationship) over ``"Label:key"`` ids. Each id's ``label``, ``key`` and the few
    properties analytics read (no private property such as email) are in ``data``;
    :meth:`Network.to_networkx_typed` gives both as a NetworkX ``MultiDiGraph`` keyed
    by relationship type.
``ties``
    The person-person tie graph: a weighted :class:`~graph.ties.TieGraph` (arrays, not
    dicts: a tie costs some 32 bytes) over the people who are discoverable. Two people
    are tied when they share a context (a project, study group, cohort, gathering
    attended, organization, or a cluster through their organizations); the tie
    remembers those contexts (``contexts``, strongest kind first) and adds up one
    weight per context.

For speed each node's attributes also carry tuples of the ids it is linked with, by
role (:data:`LINKS`): a person's ``interests``, ``skills``, ``groups``, ``gatherings``
and ``organizations``; a group's ``members``; a topic's ``people``, ``skilled`` and
``needed_by``; a project's ``needs``, ``topics`` and ``worked_at``.
:attr:`Network.data` maps each id to that attribute dict.

Ties that touch someone who set ``discoverable: false`` live apart in ``hidden_ties``,
so no analysis run on ``ties`` can show that person to anyone else, while their own
questions (their suggestions, their paths) can still start from them.

The weight of a tie from one shared context ``g`` is ::

    CONTEXT_STRENGTH[label of g] / (n_g - 1) * 0.5 ** (age_years / half_life_years)

``1 / (n_g - 1)`` is Newman's collaboration weight: each member of a group spends one
unit of tie strength over the group, so a 100-person cohort says far less about two of
its members than a 4-person team. ``n_g`` counts the group's discoverable members (plus
the one of the pair who opted out, for a tie of theirs), so no weight a viewer is shown
depends on people hidden from them; ties between two people who both opted out are not
kept at all (no one may be shown them). The age is the time since the shared context ended (a
gathering's last day, a cohort's end, the earlier ``until`` of two affiliations);
contexts still going on have age 0. Two affiliations that never overlapped give no tie.

Large groups are kept as stars. A group of more than ``pair_limit`` discoverable people
(100 by default) would add ``n (n - 1) / 2`` ties each weighing less than 1 % of a two-person
project, so it adds none: it stays a group node in ``graph`` whose members point at it,
and the analytics still use it as a shared context (the same gathering, the same
cluster). This keeps the tie graph linear in the number of memberships.

Examples
--------
>>> from graph.model import Node, NodeRef, Relationship
>>> ada, bo = NodeRef(Label.PERSON, "ada"), NodeRef(Label.PERSON, "bo")
>>> nodes = [Node(Label.PERSON, "ada", {"name": "Ada"}), Node(Label.PERSON, "bo", {"name": "Bo"}),
...          Node(Label.PROJECT, "loom", {"name": "Loom"})]
>>> loom = NodeRef(Label.PROJECT, "loom")
>>> rels = [Relationship(RelType.MEMBER_OF, ada, loom), Relationship(RelType.MEMBER_OF, bo, loom)]
>>> network = build_network(nodes, rels, as_of=dt.date(2024, 1, 1))
>>> network.ties.edge("Person:ada", "Person:bo")
{'weight': 1.0, 'contexts': ('Project:loom',)}

References
----------
.. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths, weighted
   networks, and centrality", Physical Review E 64, 016132 (2001).
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from array import array
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar, cast

import networkx as nx
import numpy as np
import numpy.typing as npt

from graph.layered import Layered
from graph.model import Label, Node, NodeRef, Relationship, RelType, node_id
from graph.store import GraphStore
from graph.ties import Contexts, TieGraph
from graph.typed import TypedGraph

__all__ = [
    "CONTEXT_STRENGTH",
    "DERIVED_ATTRS",
    "HALF_LIFE_YEARS",
    "PAIR_LIMIT",
    "Network",
    "build_network",
    "context_weight",
    "group_pairs",
    "node_ref",
    "person_id",
    "project",
    "tie_weight",
]

T = TypeVar("T")

PAIR_LIMIT = 100
"""Groups of more than this many people add no pairwise ties (they stay stars)."""

HALF_LIFE_YEARS = 4.0
"""A tie from a context that ended this many years ago counts half."""

CONTEXT_STRENGTH: Mapping[Label, float] = {
    Label.PROJECT: 1.0,
    Label.STUDY_GROUP: 1.0,
    Label.COHORT: 0.5,
    Label.GATHERING: 0.5,
    Label.ORGANIZATION: 0.5,
    Label.CLUSTER: 0.25,
}
"""How much one shared context of each kind says, before group size and age.

Working side by side (a project, a study group) is the strongest tie; a cohort, a
gathering or an employer is a place where people meet; a cluster is an acquaintance at
one remove, through organizations."""

# The properties kept on the nodes of the typed graph: what the analytics read.
_NODE_ATTRS: Mapping[Label, tuple[str, ...]] = {
    Label.PERSON: ("name", "roles", "country", "discoverable", "exportable"),
    Label.ORGANIZATION: ("name", "kind", "sectors", "country"),
    Label.PROJECT: ("name", "stage", "started"),
    Label.GATHERING: ("name", "kind", "starts", "ends"),
    Label.COHORT: ("name", "starts", "ends"),
}
_EDGE_ATTRS = ("since", "until", "sector", "level", "mode")

LINKS: Mapping[RelType, tuple[str, str]] = {
    RelType.MEMBER_OF: ("groups", "members"),
    RelType.ATTENDED: ("gatherings", "members"),
    RelType.AFFILIATED_WITH: ("organizations", "members"),
    RelType.INTERESTED_IN: ("interests", "interested"),
    RelType.SKILLED_IN: ("skills", "skilled"),
    RelType.NEEDS: ("needs", "needed_by"),
    RelType.ABOUT: ("topics", "about"),
    RelType.WORKED_ON_AT: ("worked_at", "projects"),
    RelType.IN_CLUSTER: ("clusters", "organizations"),
}
"""Node attributes that list linked ids: relationship type -> (on its start, on its end).

A cluster's ``members`` are the people of its organizations, and a topic's ``people``
those interested in it or skilled in it. Every list is sorted, so a network does not
depend on the order a store streams its relationships in."""

DERIVED_ATTRS: frozenset[str] = frozenset(
    {name for names in LINKS.values() for name in names} | {"members", "all_sectors", "people"}
)
"""The node attributes computed from relationships rather than read from properties."""

# Relationship from a person to a group whose members are tied.
_GROUP_RELS: Mapping[RelType, frozenset[Label]] = {
    RelType.MEMBER_OF: frozenset({Label.PROJECT, Label.STUDY_GROUP, Label.COHORT}),
    RelType.ATTENDED: frozenset({Label.GATHERING}),
    RelType.AFFILIATED_WITH: frozenset({Label.ORGANIZATION}),
}


# The prefix node_id puts before each key, for loops too hot for a call per id.
_PREFIX: Mapping[Label, str] = {label: node_id(label, "") for label in Label}
_LABELS: Mapping[str, Label] = {label.value: label for label in Label}


def person_id(key: str) -> str:
    """The id of a person in the projected graphs.

    >>> person_id("ada")
    'Person:ada'
    """
    return f"{Label.PERSON.value}:{key}"


def node_ref(node: str) -> NodeRef:
    """The :class:`NodeRef` behind a projected node id.

    >>> node_ref("Project:loom")
    NodeRef(label=<Label.PROJECT: 'Project'>, key='loom')
    """
    label, key = node.split(":", 1)
    return NodeRef(_LABELS[label], key)


def tie_weight(
    label: Label, group_size: int, age_years: float = 0.0, half_life_years: float = HALF_LIFE_YEARS
) -> float:
    """The weight one shared context gives a tie (see the module docstring).

    Parameters
    ----------
    label
        The kind of context (project, gathering, ...).
    group_size
        How many people share it (at least 2).
    age_years
        Years since the context ended; 0 while it goes on.
    half_life_years
        Years after which the weight is halved.

    Returns
    -------
    float
        ``CONTEXT_STRENGTH[label] / (group_size - 1) * 0.5 ** (age_years / half_life_years)``.

    Examples
    --------
    >>> tie_weight(Label.PROJECT, 2)
    1.0
    >>> round(tie_weight(Label.COHORT, 101), 4)
    0.005
    >>> tie_weight(Label.PROJECT, 5, age_years=4.0)
    0.125
    """
    decay: float = 0.5 ** (max(age_years, 0.0) / half_life_years)
    return CONTEXT_STRENGTH[label] / max(group_size - 1, 1) * decay


@lru_cache(maxsize=4096)
def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(eq=False)
class Network:
    """The projected network of one data version (see the module docstring).

    Analytics read it and never change it; a newer version is a new network
    (:mod:`graph.projection_updates` shares the untouched parts with the old one).

    Examples
    --------
    >>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
    >>> ada, bo = Node(Label.PERSON, "ada", {"name": "Ada"}), Node(Label.PERSON, "bo",
    ...     {"name": "Bo", "discoverable": False})
    >>> network = build_network([ada, bo, loom], [
    ...     Relationship(RelType.MEMBER_OF, ada.ref, loom.ref, {"since": "2020-01-01"}),
    ...     Relationship(RelType.MEMBER_OF, bo.ref, loom.ref)])
    >>> network.label("Project:loom"), network.attr("Person:ada", "name")
    (<Label.PROJECT: 'Project'>, 'Ada')
    >>> network.is_visible("Person:ada"), network.is_visible("Person:bo")
    (True, False)
    >>> network.people_of("Project:loom"), network.into("Project:loom", RelType.MEMBER_OF)
    (1, ['Person:ada', 'Person:bo'])
    >>> network.rel("Person:ada", "Project:loom", RelType.MEMBER_OF)
    {'since': '2020-01-01'}
    >>> dict(network.tie_neighbours("Person:ada")), list(network.tie_neighbours("Person:bo"))
    ({}, ['Person:ada'])
    """

    version: int
    as_of: dt.date
    graph: TypedGraph
    ties: TieGraph
    hidden_ties: TieGraph
    data: Mapping[str, Mapping[str, Any]]
    hidden: frozenset[str]
    pair_limit: int = PAIR_LIMIT
    half_life_years: float = HALF_LIFE_YEARS
    _numbers: dict[tuple[str, str], tuple[tuple[str, ...], npt.NDArray[np.int32]]] = field(
        default_factory=dict, repr=False
    )
    _memo: dict[Hashable, Any] = field(default_factory=dict, repr=False)
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A structure derived from this network (an igraph copy, say), built once.

        Results for clients are cached by :class:`graph.live.LiveNetwork`, which also
        keeps them across versions; this holds what those computations share.

        >>> network = build_network([], [])
        >>> network.memo("answer", lambda: 42), network.memo("answer", lambda: 0)
        (42, 42)
        """
        with self._memo_lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return cast(T, self._memo[key])

    def label(self, node: str) -> Label:
        """The label of a node."""
        return cast(Label, self.data[node]["label"])

    def attr(self, node: str, name: str, default: Any = None) -> Any:
        """A kept property or link list of a node (``default`` when it has none)."""
        return self.data[node].get(name, default)

    def linked(self, node: str, name: str) -> tuple[str, ...]:
        """The ids a node lists under ``name`` (see :data:`LINKS`); empty when none.

        >>> network = build_network(
        ...     [Node(Label.PERSON, "ada", {"name": "Ada"}), Node(Label.TOPIC, "t", {"name": "T"})],
        ...     [Relationship(RelType.SKILLED_IN, NodeRef(Label.PERSON, "ada"),
        ...                   NodeRef(Label.TOPIC, "t"))])
        >>> network.linked("Person:ada", "skills"), network.linked("Topic:t", "skilled")
        (('Topic:t',), ('Person:ada',))
        """
        found: tuple[str, ...] = self.data[node].get(name, ())
        return found

    def has(self, node: str, label: Label | None = None) -> bool:
        """Whether the network has the node (with that label, when given).

        >>> build_network([Node(Label.TOPIC, "math", {"name": "Math"})], []).has("Topic:math")
        True
        """
        data = self.data.get(node)
        return data is not None and (label is None or data["label"] is label)

    def is_visible(self, node: str) -> bool:
        """Whether others may be shown this node: anything but a non-discoverable person."""
        return node in self.data and node not in self.hidden

    def people_of(self, node: str) -> int:
        """How many discoverable people a group, cluster or topic has (0 for anything else).

        People who opted out are not counted, so no score built on a group's size can
        reveal them.

        >>> network = build_network(
        ...     [Node(Label.PERSON, "ada", {"name": "Ada"}),
        ...      Node(Label.PERSON, "bo", {"name": "Bo", "discoverable": False}),
        ...      Node(Label.TOPIC, "t", {"name": "T"})],
        ...     [Relationship(RelType.INTERESTED_IN, NodeRef(Label.PERSON, k),
        ...                   NodeRef(Label.TOPIC, "t")) for k in ("ada", "bo")])
        >>> network.people_of("Topic:t")
        1
        """
        data = self.data[node]
        return len(self.tie_numbers(node, "members" if data.get("members") else "people"))

    def tie_numbers(self, node: str, name: str) -> npt.NDArray[np.int32]:
        """The numbers in ``ties`` (see :meth:`graph.ties.TieGraph.number`) of the
        discoverable people a node lists under ``name``, in the order listed (a read-only
        array). Kept while the list is the same object: networks updated from this one
        without renumbering or new opt-outs start with what this one kept
        (:func:`graph.projection_updates.update_network`).

        >>> cy, dee = (Node(Label.PERSON, k, {"name": k}) for k in ("cy", "dee"))
        >>> eve = Node(Label.PERSON, "eve", {"name": "Eve", "discoverable": False})
        >>> kiln = Node(Label.PROJECT, "kiln", {"name": "Kiln"})
        >>> network = build_network([cy, dee, eve, kiln],
        ...     [Relationship(RelType.MEMBER_OF, p.ref, kiln.ref) for p in (cy, dee, eve)])
        >>> numbers = network.tie_numbers("Project:kiln", "members")
        >>> [network.ties.name(n) for n in numbers.tolist()]
        ['Person:cy', 'Person:dee']
        """
        listed = self.linked(node, name)
        kept = self._numbers.get((node, name))
        if kept is not None and kept[0] is listed:
            return kept[1]
        number = self.ties.number
        found = np.fromiter((n for p in listed if (n := number(p)) is not None), dtype=np.int32)
        found.flags.writeable = False
        self._numbers[node, name] = (listed, found)
        return found

    def out(self, node: str, rel_type: RelType) -> list[str]:
        """The nodes ``node`` points at with ``rel_type`` in the typed graph.

        >>> network = build_network(
        ...     [Node(Label.PERSON, "ada", {"name": "Ada"}), Node(Label.TOPIC, "t", {"name": "T"})],
        ...     [Relationship(RelType.SKILLED_IN, NodeRef(Label.PERSON, "ada"),
        ...                   NodeRef(Label.TOPIC, "t"))])
        >>> network.out("Person:ada", RelType.SKILLED_IN)
        ['Topic:t']
        """
        return self.graph.out(node, rel_type)

    def into(self, node: str, rel_type: RelType) -> list[str]:
        """The nodes that point at ``node`` with ``rel_type`` in the typed graph."""
        return self.graph.into(node, rel_type)

    def rel(self, start: str, end: str, rel_type: RelType) -> Mapping[str, Any] | None:
        """The kept properties of one relationship, or ``None`` when there is none."""
        return self.graph.rel(start, end, rel_type)

    def to_networkx_typed(self) -> nx.MultiDiGraph[str]:
        """The typed graph as a NetworkX ``MultiDiGraph`` keyed by relationship type, its
        nodes carrying :attr:`data` (a copy, built on each call).

        >>> network = build_network(
        ...     [Node(Label.PERSON, "ada", {"name": "Ada"}), Node(Label.TOPIC, "t", {"name": "T"})],
        ...     [Relationship(RelType.SKILLED_IN, NodeRef(Label.PERSON, "ada"),
        ...                   NodeRef(Label.TOPIC, "t"), {"level": 2})])
        >>> list(network.to_networkx_typed().edges(keys=True, data=True))
        [('Person:ada', 'Topic:t', <RelType.SKILLED_IN: 'SKILLED_IN'>, {'level': 2})]
        """
        return self.graph.to_networkx(self.data)

    def tie_degree(self, person: str) -> int:
        """How many discoverable people ``person`` is tied to: ``len(tie_neighbours(person))``
        without reading the ties themselves.

        >>> people = [Node(Label.PERSON, k, {"name": k}) for k in ("ada", "bo")]
        >>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
        >>> network = build_network([*people, loom],
        ...     [Relationship(RelType.MEMBER_OF, p.ref, loom.ref) for p in people])
        >>> network.tie_degree("Person:ada"), network.tie_degree("Person:nobody")
        (1, 0)
        """
        if person in self.ties:
            return self.ties.degree(person)
        return len(self.tie_neighbours(person))

    def tie_neighbours(self, person: str) -> Mapping[str, Mapping[str, Any]]:
        """The discoverable people tied to ``person``, with each tie's data.

        For a discoverable person this is their row of ``ties``; for someone who opted
        out it is their ties to discoverable people, so their own questions work.
        """
        if person in self.ties:
            return self.ties.neighbours(person)
        if person in self.hidden_ties:
            ties = self.ties
            return {
                other: data
                for other, data in self.hidden_ties.neighbours(person).items()
                if other in ties
            }
        return {}

    def tie_row(self, person: str) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """:meth:`tie_neighbours` as arrays: the neighbours' numbers in ``ties`` (see
        :meth:`graph.ties.TieGraph.number`), in increasing order, and the weights.

        >>> people = [Node(Label.PERSON, k, {"name": k}) for k in ("ada", "bo")]
        >>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
        >>> network = build_network([*people, loom],
        ...     [Relationship(RelType.MEMBER_OF, p.ref, loom.ref) for p in people])
        >>> others, weights = network.tie_row("Person:ada")
        >>> [network.ties.name(n) for n in others.tolist()], weights.tolist()
        (['Person:bo'], [1.0])
        """
        ties = self.ties
        number = ties.number(person)
        if number is not None:
            return ties.row(number)
        found = sorted(
            (number, data["weight"])
            for other, data in self.tie_neighbours(person).items()
            if (number := ties.number(other)) is not None
        )
        return (
            np.array([n for n, _ in found], dtype=np.int32),
            np.array([w for _, w in found], dtype=np.float64),
        )

    def compacted(self) -> Network:
        """The same network with its tie graphs' overlays folded into arrays (see
        :meth:`graph.ties.TieGraph.compacted`); ``self`` when there is nothing to fold.

        >>> network = build_network([], [])
        >>> network.compacted() is network
        True
        """
        ties, hidden_ties = self.ties.compacted(), self.hidden_ties.compacted()
        if ties is self.ties and hidden_ties is self.hidden_ties:
            return self
        with self._memo_lock:
            memo = dict(self._memo)
        return Network(
            self.version,
            self.as_of,
            self.graph,
            ties,
            hidden_ties,
            self.data,
            self.hidden,
            self.pair_limit,
            self.half_life_years,
            _memo=memo,
        )


def _kept(node: Node) -> dict[str, Any]:
    attrs: dict[str, Any] = {"label": node.label, "key": node.key}
    for name in _NODE_ATTRS.get(node.label, ("name",)):
        value = node.get(name)
        if value is not None:
            attrs[name] = tuple(value) if isinstance(value, list) else value
    return attrs


def build_network(
    nodes: Iterable[Node],
    relationships: Iterable[Relationship],
    *,
    version: int = 0,
    as_of: dt.date | None = None,
    pair_limit: int = PAIR_LIMIT,
    half_life_years: float = HALF_LIFE_YEARS,
) -> Network:
    """Build a :class:`Network` from streams of nodes and relationships.

    Parameters
    ----------
    nodes, relationships
        Every node, then every relationship (relationships whose ends were not among
        ``nodes`` are skipped).
    version
        The data version the streams come from.
    as_of
        The day from which ages are measured (today when omitted).
    pair_limit
        Groups of more people than this add no pairwise ties (see the module docstring).
    half_life_years
        Years after which a tie from a finished context weighs half.

    Returns
    -------
    Network
        The typed graph, the tie graph and the ties of people who opted out.

    Examples
    --------
    >>> people = [Node(Label.PERSON, k, {"name": k.title()}) for k in ("ada", "bo", "cy")]
    >>> gathering = Node(Label.GATHERING, "g", {"name": "G", "ends": "2020-01-01"})
    >>> attended = [Relationship(RelType.ATTENDED, p.ref, gathering.ref) for p in people]
    >>> network = build_network([*people, gathering], attended, as_of=dt.date(2024, 1, 1))
    >>> list(network.ties.edges(data="weight"))[0]
    ('Person:ada', 'Person:bo', 0.125)
    >>> network.people_of("Gathering:g")
    3
    """
    today = as_of or dt.date.today()
    data = {node_id(node.label, node.key): _kept(node) for node in nodes}
    links = _Links()
    graph = TypedGraph.build(data, links.read(data, relationships))
    links.finish(data)

    people = sorted(node for node, attrs in data.items() if attrs["label"] is Label.PERSON)
    hidden = frozenset(p for p in people if not data[p].get("discoverable", True))
    pairs = _Pairs(people, hidden)
    for group in sorted(links.spans):
        spans = links.spans[group]
        _add_pairs(pairs, group, spans, data[group], today, half_life_years, hidden, pair_limit)
    ties, hidden_ties = pairs.tie_graphs()
    return Network(
        version,
        today,
        graph,
        ties,
        hidden_ties,
        Layered(cast(dict[str, Mapping[str, Any]], data)),
        hidden,
        pair_limit,
        half_life_years,
    )


_Span = tuple[dt.date | None, dt.date | None] | None
"""When a membership began and ended; ``None`` when neither is known."""


class _Links:
    """Who is linked with what, gathered while the relationships stream past."""

    def __init__(self) -> None:
        self.spans: dict[str, dict[str, _Span]] = defaultdict(dict)
        self.lists: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.cluster_sectors: dict[str, set[str]] = defaultdict(set)

    def read(
        self, data: Mapping[str, Any], relationships: Iterable[Relationship]
    ) -> Iterator[tuple[str, str, RelType, dict[str, Any]]]:
        # Each id as the one string object the node dict holds: an id made afresh for
        # every relationship and kept in the adjacency would cost some 80 bytes a time.
        ids = {node: node for node in data}
        lists = self.lists
        for rel in relationships:
            start = ids.get(_PREFIX[rel.start.label] + rel.start.key)
            end = ids.get(_PREFIX[rel.end.label] + rel.end.key)
            if start is None or end is None:
                continue
            props = rel.props
            data = {name: props[name] for name in _EDGE_ATTRS if props.get(name) is not None}
            yield start, end, rel.type, data
            names = LINKS.get(rel.type)
            if names is None:
                continue
            lists[start, names[0]].append(end)
            labels = _GROUP_RELS.get(rel.type)
            if labels is not None:
                if rel.end.label in labels:
                    since, until = _date(data.get("since")), _date(data.get("until"))
                    self.spans[end][start] = (since, until) if since or until else None
            else:
                lists[end, names[1]].append(start)
            if rel.type is RelType.IN_CLUSTER and data.get("sector"):
                self.cluster_sectors[start].add(data["sector"])

    def finish(self, data: Mapping[str, dict[str, Any]]) -> None:
        """Store the link lists on the nodes; give clusters and topics their people."""
        for (node, name), linked in self.lists.items():
            data[node][name] = tuple(sorted(linked))
        for org, sectors in self.cluster_sectors.items():
            data[org]["all_sectors"] = tuple(sorted(sectors | set(data[org].get("sectors", ()))))
        for cluster, attrs in data.items():
            if attrs["label"] is not Label.CLUSTER:
                continue
            merged: dict[str, _Span] = {}
            for org in attrs.get("organizations", ()):
                for person, span in self.spans.get(org, {}).items():
                    merged[person] = _merge(merged[person], span) if person in merged else span
            if merged:
                self.spans[cluster] = merged
        for group, spans in self.spans.items():
            data[group]["members"] = tuple(sorted(spans))
        for attrs in data.values():
            if attrs["label"] is Label.TOPIC:
                both = attrs.get("interested", ()) + attrs.get("skilled", ())
                attrs["people"] = tuple(dict.fromkeys(both))


def _merge(old: _Span, new: _Span) -> _Span:
    if old is None or new is None:
        return old or new
    starts = [d for d in (old[0], new[0]) if d is not None]
    until = None if old[1] is None or new[1] is None else max(old[1], new[1])
    return (min(starts) if starts else None, until)


def group_pairs(
    members: Iterable[str], hidden: Set[str], pair_limit: int
) -> Iterator[tuple[tuple[str, str], int]]:
    """The pairs of a group that are tied through it, each with the group size it counts.

    The size is the number of discoverable members, plus one when one of the pair opted
    out (they count themselves), so no weight depends on people a viewer may not see.
    Pairs of two people who opted out are left out (no one may be shown such a tie),
    and so is every pair of a group whose size would pass ``pair_limit``.

    >>> list(group_pairs(["Person:a", "Person:b", "Person:c"], {"Person:c"}, 100))
    [(('Person:a', 'Person:b'), 2), (('Person:a', 'Person:c'), 3), (('Person:b', 'Person:c'), 3)]
    >>> list(group_pairs(["Person:a", "Person:b", "Person:c"], set(), 2))
    []
    """
    ordered = sorted(members)
    visible = [m for m in ordered if m not in hidden]
    shy = [m for m in ordered if m in hidden]
    size = len(visible)
    found: list[tuple[tuple[str, str], int]] = []
    if 2 <= size <= pair_limit:
        found.extend((pair, size) for pair in itertools.combinations(visible, 2))
    if visible and size + 1 <= pair_limit:
        found.extend(
            ((one, other) if one < other else (other, one), size + 1)
            for one in visible
            for other in shy
        )
    found.sort()
    return iter(found)


def _add_pairs(
    pairs: _Pairs,
    group: str,
    spans: Mapping[str, _Span],
    attrs: Mapping[str, Any],
    today: dt.date,
    half_life_years: float,
    hidden: Set[str],
    pair_limit: int,
) -> None:
    """Log one group's weight for each pair it ties."""
    label = attrs["label"]
    group_end = _group_end(attrs)
    number = pairs.group(group)
    for pair, size in group_pairs(spans, hidden, pair_limit):
        met, end = _shared_end(spans[pair[0]], spans[pair[1]], group_end)
        if not met:
            continue
        pairs.add(pair, context_weight(label, size, end, today, half_life_years), number)


def context_weight(
    label: Label, size: int, end: dt.date | None, today: dt.date, half_life_years: float
) -> float:
    """The weight one shared context gives a tie, aged from ``end`` (None: ongoing) to ``today``.

    >>> context_weight(Label.PROJECT, 3, dt.date(2020, 1, 1), dt.date(2024, 1, 1), 4.0)
    0.25
    """
    age = (today - end).days / 365.25 if end else 0.0
    decay: float = 0.5 ** (max(age, 0.0) / half_life_years)
    return tie_weight(label, size) * decay


class _Pairs:
    """Every (pair, group, weight) a build finds, in arrays, then summed per pair.

    Logging each pair's contexts as rows of four numbers and adding them up with numpy
    at the end keeps a build's memory at some 20 bytes per pair and context, where a dict
    of pairs would hold a tuple, a list and a float for each.
    """

    def __init__(self, people: list[str], hidden: frozenset[str]) -> None:
        self.people = people
        self.index = {person: i for i, person in enumerate(people)}
        self.hidden = hidden
        self.groups: list[str] = []
        self.ones = array("i")
        self.others = array("i")
        self.weights = array("d")
        self.contexts = array("i")

    def group(self, group: str) -> int:
        self.groups.append(group)
        return len(self.groups) - 1

    def add(self, pair: tuple[str, str], weight: float, group: int) -> None:
        index = self.index
        self.ones.append(index[pair[0]])
        self.others.append(index[pair[1]])
        self.weights.append(weight)
        self.contexts.append(group)

    def tie_graphs(self) -> tuple[TieGraph, TieGraph]:
        """The tie graphs of discoverable people and of the ties of those who opted out.

        Weights of one pair are added in the order their groups were logged (the order
        of group ids), as a build always did.
        """
        n = len(self.people)
        ones = np.frombuffer(self.ones, dtype=np.int32)
        others = np.frombuffer(self.others, dtype=np.int32)
        keys = ones.astype(np.int64)
        keys *= max(n, 1)
        keys += others
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]])[: len(keys)])
        counts = np.diff(np.append(starts, len(keys)))
        del keys
        weights = (
            np.add.reduceat(np.frombuffer(self.weights, dtype=np.float64)[order], starts)
            if len(order)
            else np.zeros(0)
        )
        groups = np.frombuffer(self.contexts, dtype=np.int32)[order]
        first = order[starts]
        del order
        ones, others = ones[first], others[first]
        del first
        # Everything logged is read: its memory goes before the graphs are built.
        self.ones, self.others = array("i"), array("i")
        self.weights, self.contexts = array("d"), array("i")
        table: dict[Contexts, int] = {}
        names = self.groups
        context_ids = np.empty(len(starts), dtype=np.int32)
        single = counts == 1
        lookup = np.full(max(len(names), 1), -1, dtype=np.int32)
        for group in np.unique(groups[starts[single]]).tolist():
            lookup[group] = table.setdefault((names[group],), len(table))
        context_ids[single] = lookup[groups[starts[single]]]
        for tie in np.flatnonzero(~single).tolist():
            start = int(starts[tie])
            shared = sorted(
                (names[g] for g in groups[start : start + int(counts[tie])].tolist()),
                key=_context_order,
            )
            context_ids[tie] = table.setdefault(tuple(shared), len(table))
        del groups, starts, counts, single
        shy = np.zeros(n, dtype=bool)
        shy[[self.index[p] for p in self.hidden]] = True
        public = ~(shy[ones] | shy[others])
        sets = list(table)
        present = (~shy).astype(np.uint8).tobytes()
        ties = TieGraph.from_arrays(
            self.people,
            self.index,
            present,
            ones[public],
            others[public],
            weights[public],
            context_ids[public],
            sets,
        )
        private = ~public
        with_hidden = shy.copy()
        with_hidden[ones[private]] = True
        with_hidden[others[private]] = True
        hidden_ties = TieGraph.from_arrays(
            self.people,
            self.index,
            with_hidden.astype(np.uint8).tobytes(),
            ones[private],
            others[private],
            weights[private],
            context_ids[private],
            sets,
        )
        return ties, hidden_ties


def _context_order(group: str) -> tuple[float, str]:
    return (-CONTEXT_STRENGTH[Label(group.split(":", 1)[0])], group)


def _group_end(attrs: Mapping[str, Any]) -> dt.date | None:
    label = attrs["label"]
    if label is Label.GATHERING:
        return _date(attrs.get("ends")) or _date(attrs.get("starts"))
    if label is Label.COHORT:
        return _date(attrs.get("ends"))
    return None


def _shared_end(
    first: _Span, second: _Span, group_end: dt.date | None
) -> tuple[bool, dt.date | None]:
    """Whether two members' times overlapped, and when the overlap ended (None: ongoing)."""
    since_a, until_a = first or (None, None)
    since_b, until_b = second or (None, None)
    if (until_a and since_b and until_a < since_b) or (until_b and since_a and until_b < since_a):
        return False, None
    ends = [d for d in (until_a, until_b, group_end) if d is not None]
    return True, (min(ends) if ends else None)


def project(
    store: GraphStore,
    *,
    as_of: dt.date | None = None,
    pair_limit: int = PAIR_LIMIT,
    half_life_years: float = HALF_LIFE_YEARS,
) -> Network:
    """Project a store: stream every node and relationship into a :class:`Network`.

    The version is read before streaming, so a write that lands meanwhile makes the
    network look older than it is and the next catch-up (:mod:`graph.live`) applies it
    again.

    Examples
    --------
    >>> from graph.embedded.store import EmbeddedStore
    >>> store = EmbeddedStore.in_memory()
    >>> _ = store.upsert_nodes([Node(Label.PERSON, "ada", {"name": "Ada"})])
    >>> network = project(store)
    >>> network.version == store.data_version(), list(network.ties)
    (True, ['Person:ada'])
    """
    version = store.data_version()
    return build_network(
        store.iter_nodes(),
        store.iter_relationships(),
        version=version,
        as_of=as_of,
        pair_limit=pair_limit,
        half_life_years=half_life_years,
    )
