"""Communities: groups of people more tied to each other than to the rest.

Detected on the weighted tie graph of discoverable people by python-igraph's C
implementations (see :mod:`graph.analytics.igraph_bridge`): the Leiden algorithm
(modularity) by default, the Louvain method, or label propagation. All three are
reproducible: the same network and ``seed`` give the same communities. Each community
reports its members, size, and the topics and organizations most of its members share.

Leiden is the default because it is Louvain with a refinement step: its communities are
always connected, and on the tie graph of 100,000 people it reaches a higher modularity
than Louvain in under half the time.

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
.. [1] V. A. Traag, L. Waltman and N. J. van Eck, "From Louvain to Leiden: guaranteeing
   well-connected communities", Scientific Reports 9 (2019) 5233.
.. [2] V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding of
   communities in large networks", J. Stat. Mech. (2008) P10008.
.. [3] U. N. Raghavan, R. Albert and S. Kumara, "Near linear time algorithm to detect
   community structures in large-scale networks", Phys. Rev. E 76 (2007) 036106.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from graph.analytics import igraph_bridge
from graph.analytics.common import Doc, check_range
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

    LEIDEN = "leiden"
    LOUVAIN = "louvain"
    LABEL_PROPAGATION = "label_propagation"


@dataclass(frozen=True, slots=True)
class Community:
    """A detected community: its members and what they have in common.

    ``topics`` and ``organizations`` are ``(node, how many members)`` pairs, most
    shared first.
    """

    index: Annotated[int, Doc("Its position: 0 is the largest community.")]
    members: tuple[NodeRef, ...]
    size: Annotated[int, Doc("How many people it has.")]
    topics: tuple[tuple[NodeRef, int], ...]
    organizations: tuple[tuple[NodeRef, int], ...]


def detect_communities(
    network: Network,
    *,
    method: CommunityMethod = CommunityMethod.LEIDEN,
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
        Leiden or Louvain (both maximize weighted modularity), or label propagation
        (weighted).
    seed
        Makes the result reproducible.
    resolution
        The modularity's resolution (Leiden, Louvain): above 1 favours smaller
        communities.
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
    ties = igraph_bridge.network_ties(network)
    if method is CommunityMethod.LEIDEN:
        found = igraph_bridge.leiden(ties, resolution=resolution, seed=seed)
    elif method is CommunityMethod.LOUVAIN:
        found = igraph_bridge.louvain(ties, resolution=resolution, seed=seed)
    else:
        found = igraph_bridge.label_propagation(ties, seed=seed)
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
