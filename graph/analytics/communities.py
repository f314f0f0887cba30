"""Communities: groups of people more tied to each other than to the rest.

Detected on the weighted tie graph of discoverable people with the Louvain method
(:func:`networkx.community.louvain_communities`) or asynchronous label propagation
(:func:`networkx.community.asyn_lpa_communities`), both reproducible through ``seed``.
Each community reports its members, size, and the topics and organizations most of its
members share.

Examples
--------
>>> from graph.model import Label, Node, Relationship, RelType
>>> from graph.projection import build_network
>>> people = {k: Node(Label.PERSON, k, {"name": k}) for k in ("a", "b", "c", "x", "y")}
>>> teams = {k: Node(Label.PROJECT, k, {"name": k}) for k in ("abc", "xy")}
>>> rels = [Relationship(RelType.MEMBER_OF, people[p].ref, teams[t].ref)
...         for t in teams for p in t]
>>> network = build_network([*people.values(), *teams.values()], rels)
>>> [[m.key for m in c.members] for c in detect_communities(network)]
[['a', 'b', 'c'], ['x', 'y']]

References
----------
.. [1] V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding of
   communities in large networks", J. Stat. Mech. (2008) P10008.
.. [2] G. Cordasco and L. Gargano, "Community detection via semi-synchronous label
   propagation algorithms", BASNA 2010.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx

from graph.analytics.common import check_range
from graph.model import NodeRef
from graph.projection import Network, node_ref

__all__ = [
    "Community",
    "CommunityMethod",
    "community_index",
    "detect_communities",
]


class CommunityMethod(StrEnum):
    """The community detection algorithm."""

    LOUVAIN = "louvain"
    LABEL_PROPAGATION = "label_propagation"


@dataclass(frozen=True, slots=True)
class Community:
    """A detected community: its members and what they have in common.

    ``topics`` and ``organizations`` are ``(node, how many members)`` pairs, most
    shared first.
    """

    index: int
    members: tuple[NodeRef, ...]
    size: int
    topics: tuple[tuple[NodeRef, int], ...]
    organizations: tuple[tuple[NodeRef, int], ...]


def detect_communities(
    network: Network,
    *,
    method: CommunityMethod = CommunityMethod.LOUVAIN,
    seed: int = 0,
    resolution: float = 1.0,
    min_size: int = 2,
    leading: int = 5,
) -> list[Community]:
    """Detect communities of discoverable people.

    Parameters
    ----------
    network
        The projected network (its ``ties`` hold only discoverable people).
    method
        Louvain (modularity, weighted) or label propagation (weighted).
    seed
        Makes the result reproducible.
    resolution
        Louvain's resolution: above 1 favours smaller communities.
    min_size
        Leave out communities smaller than this (1 keeps everyone, isolated people too).
    leading
        How many leading topics and organizations to report, 0 to 20.

    Returns
    -------
    list of Community
        Largest first (ties broken by first member); ``index`` is the position.

    Examples
    --------
    >>> from graph.model import Label, Node, Relationship, RelType
    >>> from graph.projection import build_network
    >>> people = [Node(Label.PERSON, k, {"name": k}) for k in ("ada", "bo", "cy")]
    >>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
    >>> ml = Node(Label.TOPIC, "ml", {"name": "ML"})
    >>> rels = [Relationship(RelType.MEMBER_OF, p.ref, loom.ref) for p in people]
    >>> rels += [Relationship(RelType.INTERESTED_IN, p.ref, ml.ref) for p in people[:2]]
    >>> [c] = detect_communities(build_network([*people, loom, ml], rels))
    >>> c.size, [(t.key, n) for t, n in c.topics]
    (3, [('ml', 2)])
    """
    check_range("min_size", min_size, 1, 1_000_000)
    check_range("leading", leading, 0, 20)
    graph = network.ties
    found: Iterable[set[str]]
    if method is CommunityMethod.LOUVAIN:
        found = nx.community.louvain_communities(
            graph, weight="weight", resolution=resolution, seed=seed
        )
    else:
        found = nx.community.asyn_lpa_communities(graph, weight="weight", seed=seed)
    groups = sorted((sorted(c) for c in found if len(c) >= min_size), key=lambda c: (-len(c), c))
    return [
        Community(
            index,
            tuple(node_ref(m) for m in members),
            len(members),
            _leading(network, members, ("interests", "skills"), leading),
            _leading(network, members, ("organizations",), leading),
        )
        for index, members in enumerate(groups)
    ]


def community_index(communities: Sequence[Community]) -> dict[str, int]:
    """Person node id to community index, as the community-aware link measures need.

    >>> from graph.model import Label, NodeRef
    >>> community_index([Community(0, (NodeRef(Label.PERSON, "ada"),), 1, (), ())])
    {'Person:ada': 0}
    """
    return {
        f"{m.label.value}:{m.key}": community.index
        for community in communities
        for m in community.members
    }


def _leading(
    network: Network, members: Sequence[str], names: Sequence[str], limit: int
) -> tuple[tuple[NodeRef, int], ...]:
    """The nodes most members list under ``names`` (each member counted once per node)."""
    counts: Counter[str] = Counter()
    for member in members:
        linked: set[str] = set()
        for name in names:
            linked.update(network.linked(member, name))
        counts.update(linked)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return tuple((node_ref(node), count) for node, count in ranked)
