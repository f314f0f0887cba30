"""A person's ego network: the people around them and the ties among those people.

Built breadth-first over the tie graph, strongest ties first, so that a hub's ego
network keeps its ``max_nodes`` closest people and says it was cut (``truncated``).
Nobody who opted out appears in anyone else's ego network.

Examples
--------
>>> from graph.model import Node, Relationship, RelType
>>> from graph.projection import build_network
>>> people = [Node(Label.PERSON, k, {"name": k.title()}) for k in ("ada", "bo", "cy")]
>>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
>>> rels = [Relationship(RelType.MEMBER_OF, p.ref, loom.ref) for p in people]
>>> ego = ego_network(build_network([*people, loom], rels), "ada")
>>> [(n.ref.key, n.name, n.distance) for n in ego.nodes]
[('ada', 'Ada', 0), ('bo', 'Bo', 1), ('cy', 'Cy', 1)]
>>> [(e.source.key, e.target.key, e.weight) for e in ego.edges]
[('ada', 'bo', 0.5), ('ada', 'cy', 0.5), ('bo', 'cy', 0.5)]
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Annotated

from graph.analytics.common import Doc, check_range, require
from graph.cancel import check_cancelled
from graph.model import Label, NodeRef
from graph.projection import Network, node_ref

__all__ = ["EgoEdge", "EgoNetwork", "EgoNode", "ego_network"]


@dataclass(frozen=True, slots=True)
class EgoNode:
    """A person in an ego network and how many ties away from the centre they are."""

    ref: NodeRef
    name: Annotated[str, Doc("The person's name, for a label.")]
    distance: Annotated[int, Doc("How many ties away from the centre (0 for the centre).")]


@dataclass(frozen=True, slots=True)
class EgoEdge:
    """A tie in an ego network, with its weight and the contexts behind it."""

    source: NodeRef
    target: NodeRef
    weight: Annotated[float, Doc("The tie's strength.")]
    shared: Annotated[
        tuple[NodeRef, ...], Doc("The contexts behind the tie, the strongest kind first.")
    ]


@dataclass(frozen=True, slots=True)
class EgoNetwork:
    """The centre, the people around them, the ties among all of them."""

    center: NodeRef
    nodes: tuple[EgoNode, ...]
    edges: tuple[EgoEdge, ...]
    truncated: Annotated[bool, Doc("Whether people were left out to stay within `maxNodes`.")]


def ego_network(
    network: Network, person: str, *, radius: int = 1, max_nodes: int = 100
) -> EgoNetwork:
    """The people within ``radius`` ties of ``person`` and the ties among them.

    Parameters
    ----------
    network
        The projected network.
    person
        The centre's key (they may have opted out: it is their own network).
    radius
        How many ties out to go, 1 to 3.
    max_nodes
        The most people to include (centre included), 1 to 500; each person's
        strongest ties are followed first.

    Returns
    -------
    EgoNetwork
        Nodes by distance then key, edges by source then target (the centre first).

    Raises
    ------
    graph.store.NotFound
        The person does not exist.

    Examples
    --------
    >>> from graph.model import Node
    >>> from graph.projection import build_network
    >>> alone = build_network([Node(Label.PERSON, "ada", {"name": "Ada"})], [])
    >>> ego = ego_network(alone, "ada")
    >>> len(ego.nodes), ego.edges, ego.truncated
    (1, (), False)
    """
    check_range("radius", radius, 1, 3)
    check_range("max_nodes", max_nodes, 1, 500)
    center = require(network, Label.PERSON, person)
    distance = {center: 0}
    frontier = [center]
    truncated = False
    for depth in range(1, radius + 1):
        grown: list[str] = []
        for node in frontier:
            check_cancelled()
            room = max_nodes - len(distance)
            ties = network.tie_neighbours(node)
            fresh = [other for other in ties if other not in distance]
            if len(fresh) > room:
                truncated = True
                fresh = heapq.nsmallest(room, fresh, key=lambda o: (-float(ties[o]["weight"]), o))
            for other in fresh:
                distance[other] = depth
                grown.append(other)
        frontier = grown
    order = sorted(distance, key=lambda n: (distance[n], n))
    edges: list[EgoEdge] = []
    for index, node in enumerate(order):
        check_cancelled()
        ties = network.tie_neighbours(node)
        for other in order[index + 1 :]:
            tie = ties.get(other)
            if tie is not None:
                shared = tuple(node_ref(c) for c in tie["contexts"])
                edges.append(EgoEdge(node_ref(node), node_ref(other), float(tie["weight"]), shared))
    nodes = tuple(
        EgoNode(node_ref(n), str(network.attr(n, "name", "")), distance[n]) for n in order
    )
    return EgoNetwork(node_ref(center), nodes, tuple(edges), truncated)
