"""Network statistics: how big the network is and how it hangs together.

Counts come from the typed graph (every node and relationship); the structural figures
(components, density, degree, clustering) from the tie graph of discoverable people,
computed by python-igraph on the copy communities and brokers share
(:func:`graph.analytics.igraph_bridge.network_ties`). Average clustering is exact up to
``exact_limit`` people and estimated above it from ``trials`` seeded samples (as
:func:`networkx.algorithms.approximation.average_clustering` does).

Examples
--------
>>> from graph.model import Node, Relationship, RelType
>>> from graph.projection import build_network
>>> people = [Node(Label.PERSON, k, {"name": k}) for k in ("ada", "bo", "cy")]
>>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
>>> rels = [Relationship(RelType.MEMBER_OF, p.ref, loom.ref) for p in people[:2]]
>>> stats = network_stats(build_network([*people, loom], rels))
>>> stats.people, stats.ties, stats.components, stats.largest_component
(3, 1, 2, 2)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Annotated

import numpy as np

from graph.analytics import igraph_bridge
from graph.analytics.common import Doc
from graph.model import Label, RelType
from graph.projection import Network

__all__ = ["EXACT_LIMIT", "NetworkStats", "network_stats"]

EXACT_LIMIT = 5000
"""Average clustering is exact up to this many people and sampled above."""


@dataclass(frozen=True, slots=True)
class NetworkStats:
    """Sizes and shape of the network at one data version."""

    version: Annotated[int, Doc("The data version these figures describe.")]
    nodes: dict[str, int]
    relationships: dict[str, int]
    people: Annotated[int, Doc("People in all.")]
    discoverable_people: Annotated[
        int, Doc("People who are discoverable (the tie graph's people).")
    ]
    ties: Annotated[int, Doc("Ties between discoverable people.")]
    components: Annotated[int, Doc("Connected components of the tie graph.")]
    largest_component: Annotated[int, Doc("People in the largest component.")]
    isolated: Annotated[int, Doc("People without any tie.")]
    density: Annotated[float, Doc("Density of the tie graph (0 to 1).")]
    average_degree: Annotated[float, Doc("Average number of ties per person.")]
    average_tie_weight: Annotated[float, Doc("Average tie weight.")]
    average_clustering: Annotated[float, Doc("Average clustering coefficient of the tie graph.")]
    clustering_estimated: Annotated[
        bool, Doc("Whether the clustering coefficient was estimated by sampling.")
    ]


def network_stats(
    network: Network,
    *,
    public: bool = True,
    seed: int = 0,
    exact_limit: int = EXACT_LIMIT,
    trials: int = 2000,
) -> NetworkStats:
    """Count and measure the network.

    Parameters
    ----------
    network
        The projected network.
    public
        Count only what anyone may be shown: people who opted out and their
        relationships are left out of every figure (admins ask with ``False``).
    seed
        Seeds the clustering estimate on large networks.
    exact_limit
        Above this many discoverable people, average clustering is estimated.
    trials
        How many samples the clustering estimate draws.

    Returns
    -------
    NetworkStats
        ``nodes`` per label and ``relationships`` per type (every label and type, zero
        included); the rest over the tie graph of discoverable people.

    Examples
    --------
    >>> from graph.projection import build_network
    >>> stats = network_stats(build_network([], []))
    >>> stats.nodes["Person"], stats.density, stats.average_clustering
    (0, 0.0, 0.0)
    """
    hidden = network.hidden if public else frozenset()
    nodes = Counter(
        str(data["label"].value) for node, data in network.data.items() if node not in hidden
    )
    relationships = Counter(
        str(rel_type)
        for start, end, rel_type, _ in network.graph.edges()
        if start not in hidden and end not in hidden
    )
    ties = network.ties
    copy = igraph_bridge.network_ties(network)
    people = nodes.get(Label.PERSON.value, 0)
    n = len(ties)
    m = ties.number_of_edges()
    components = igraph_bridge.component_sizes(copy)
    estimated = n > exact_limit
    if n == 0:
        clustering = 0.0
    elif estimated:
        clustering = igraph_bridge.sampled_clustering(copy, trials, seed)
    else:
        clustering = igraph_bridge.average_clustering(copy)
    weights = copy.weights if copy.weights is not None and m else np.zeros(0)
    return NetworkStats(
        version=network.version,
        nodes={label.value: nodes.get(label.value, 0) for label in Label},
        relationships={t.value: relationships.get(t.value, 0) for t in RelType},
        people=people,
        discoverable_people=n,
        ties=m,
        components=len(components),
        largest_component=max(components, default=0),
        isolated=sum(1 for size in components if size == 1),
        density=2 * m / (n * (n - 1)) if n > 1 else 0.0,
        average_degree=2 * m / n if n else 0.0,
        average_tie_weight=float(weights.mean()) if len(weights) else 0.0,
        average_clustering=clustering,
        clustering_estimated=estimated,
    )
