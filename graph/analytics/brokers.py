"""Brokers and bridges: who connects otherwise separate groups, and what a cluster lacks.

:func:`brokers` ranks people (over the tie graph) or organizations (over the graph of
organizations tied through their people) by betweenness centrality, computed exactly
on small graphs and from ``samples`` seeded source nodes above ``exact_limit`` nodes
(Brandes' sampling), and reports Burt's constraint for each: low constraint means a
person's contacts are not each other's contacts, so the person spans a structural hole.
Betweenness and constraint run in python-igraph's C core (:func:`betweenness`, normalized
as :func:`networkx.betweenness_centrality` normalizes it, and Burt's constraint as
:func:`burt_constraint` computes it); the rest stays in NetworkX.

:func:`cluster_bridges` describes one cluster: its sector mix (education, research,
commercial) and the introductions across sectors that would most strengthen it.

Examples
--------
>>> import networkx as nx
>>> g = nx.barbell_graph(3, 1)   # two triangles joined through node 3
>>> {v: round(c, 3) for v, c in burt_constraint(g, [3, 0]).items()}
{3: 0.5, 0: 1.007}

References
----------
.. [1] R. S. Burt, "Structural holes and good ideas", American Journal of Sociology 110
   (2004) 349-399.
.. [2] U. Brandes and C. Pich, "Centrality estimation in large networks", International
   Journal of Bifurcation and Chaos 17 (2007) 2303-2318.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from operator import methodcaller
from typing import Annotated, Any

import networkx as nx

from graph.analytics import igraph_bridge
from graph.analytics.common import (
    Doc,
    bounded_sample,
    check_range,
    context_terms,
    organization_sectors,
    require,
)
from graph.analytics.reasons import Reason, ReasonKind, Suggestion, explain
from graph.model import Label, NodeRef, RelType, Sector
from graph.projection import Network, node_ref

__all__ = [
    "EDGE_BUDGET",
    "EXACT_LIMIT",
    "SAMPLES",
    "Broker",
    "BrokerKind",
    "ClusterBridges",
    "Introduction",
    "SectorShare",
    "betweenness",
    "brokers",
    "burt_constraint",
    "cluster_bridges",
    "organization_graph",
]

EXACT_LIMIT = 2000
"""Betweenness is exact up to this many nodes and sampled above."""

SAMPLES = 256
"""The most source nodes sampled betweenness starts from."""

EDGE_BUDGET = 50_000_000
"""Sampled betweenness uses at most this many edge visits (``samples * edges``), and at
least 4 sources: on a graph of 2.5 million ties that is 20 sources, about 3 s."""

_CLUSTER = f"{Label.CLUSTER.value}:"
_PLACES = (_CLUSTER, f"{Label.ORGANIZATION.value}:")


class BrokerKind(StrEnum):
    """What kind of broker to rank."""

    PEOPLE = "people"
    ORGANIZATIONS = "organizations"


@dataclass(frozen=True, slots=True)
class Broker:
    """A person or organization, its betweenness, Burt's constraint and its degree."""

    ref: NodeRef
    betweenness: Annotated[
        float,
        Doc(
            "Normalized betweenness centrality (sampled on large networks): the share "
            "of shortest paths between others that pass through this node."
        ),
    ]
    constraint: Annotated[
        float | None,
        Doc(
            "Burt's constraint on tie weights: low values mean the node spans "
            "structural holes (null when it has no ties)."
        ),
    ]
    degree: Annotated[int, Doc("How many ties the node has.")]


def burt_constraint(
    graph: nx.Graph[str], nodes: Iterable[str], weight: str | None = "weight"
) -> dict[str, float]:
    """Burt's constraint of ``nodes``, as :func:`networkx.constraint` computes it.

    ``c(v) = sum over neighbours j of (p_vj + sum over neighbours q of p_vq p_qj) ** 2``
    with ``p_ij`` the share of ``i``'s tie weight that goes to ``j``. This version reads
    each neighbour's adjacency once, so a hub costs the sum of its neighbours' degrees
    rather than the cube of its own degree. Isolated nodes get ``nan``.

    Parameters
    ----------
    graph
        An undirected graph.
    nodes
        The nodes whose constraint to compute.
    weight
        The edge attribute holding tie strength, or ``None`` for all ties equal.

    Returns
    -------
    dict
        Node to constraint.

    Examples
    --------
    >>> star = nx.star_graph(3)
    >>> burt_constraint(star, [0])[0] == nx.constraint(star, [0])[0]
    True
    """

    def strength(data: Mapping[str, Any]) -> float:
        return 1.0 if weight is None else float(data.get(weight, 1.0))

    totals: dict[str, float] = {}

    def total(node: str) -> float:
        if node not in totals:
            totals[node] = sum(strength(d) for o, d in graph.adj[node].items() if o != node)
        return totals[node]

    out: dict[str, float] = {}
    for v in nodes:
        ties = {o: strength(d) for o, d in graph.adj[v].items() if o != v}
        if not ties:
            out[v] = math.nan
            continue
        scale = sum(ties.values())
        share = {o: w / scale for o, w in ties.items()}
        indirect: dict[str, float] = defaultdict(float)
        for q, p_vq in share.items():
            q_total = total(q)
            if q_total == 0:
                continue
            for j, data in graph.adj[q].items():
                if j in share and j != q:
                    indirect[j] += p_vq * strength(data) / q_total
        out[v] = sum((p_vj + indirect[j]) ** 2 for j, p_vj in share.items())
    return out


def betweenness(
    graph: nx.Graph[str] | igraph_bridge.IGraph, *, k: int | None = None, seed: int = 0
) -> dict[str, float]:
    """Normalized, unweighted betweenness centrality, exact or from ``k`` sampled sources.

    Exact, it equals :func:`networkx.betweenness_centrality` (normalized, without
    endpoints): the share of shortest paths between pairs of other nodes that pass
    through each node. Sampled, the sources are ``random.Random(seed).sample`` of the
    node ids in sorted order, and the sums are scaled as NetworkX scales them: by
    ``1 / (k (n - 2))``, or ``1 / ((k - 1) (n - 2))`` for a node that is itself a source.
    Brandes' algorithm runs in python-igraph's C core.

    Parameters
    ----------
    graph
        An undirected graph, or its copy made by :func:`graph.analytics.igraph_bridge.to_igraph`.
    k
        How many sources to sample; ``None`` (or at least the number of nodes) for exact.
    seed
        Seeds the choice of sources.

    Returns
    -------
    dict
        Node to betweenness, in sorted order of node.

    Examples
    --------
    >>> g = nx.relabel_nodes(nx.barbell_graph(3, 1), str)   # triangles joined through 3
    >>> exact, theirs = betweenness(g), nx.betweenness_centrality(g)
    >>> round(exact["3"], 3), all(math.isclose(exact[v], theirs[v]) for v in g)
    (0.6, True)
    >>> {v: round(b, 3) for v, b in betweenness(g, k=2, seed=1).items() if b}
    {'2': 0.6, '3': 0.6, '4': 0.4}
    """
    copy = (
        graph
        if isinstance(graph, igraph_bridge.IGraph)
        else igraph_bridge.to_igraph(graph, weight=None)
    )
    n = len(copy.names)
    if k is not None and k >= n:
        k = None
    sources = None if k is None else random.Random(seed).sample(copy.names, k)
    # igraph counts each unordered pair once, NetworkX each ordered pair: twice as much.
    pairs = igraph_bridge.betweenness(copy, sources)
    if n <= 2:
        return pairs
    if sources is None:
        return {v: 2 * b / ((n - 1) * (n - 2)) for v, b in pairs.items()}
    assert k is not None
    chosen = set(sources)
    other = 2 / (k * (n - 2))
    source = 2 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    return {v: b * (source if v in chosen else other) for v, b in pairs.items()}


def organization_graph(network: Network) -> nx.Graph[str]:
    """Organizations tied through their people, weighted by those ties.

    Two organizations are tied by every discoverable person affiliated with both (weight
    1 each) and by every tie between their discoverable people (that tie's weight) that
    comes from working together: ties only from sharing an organization or a cluster are
    left out, since they would join every organization of a cluster, and every
    organization of each of a person's colleagues, to every other.

    Examples
    --------
    >>> from graph.model import Node, Relationship
    >>> from graph.projection import build_network
    >>> ada = Node(Label.PERSON, "ada", {"name": "Ada"})
    >>> orgs = [Node(Label.ORGANIZATION, k, {"name": k}) for k in ("u", "v")]
    >>> works = [Relationship(RelType.AFFILIATED_WITH, ada.ref, o.ref) for o in orgs]
    >>> list(organization_graph(build_network([ada, *orgs], works)).edges(data="weight"))
    [('Organization:u', 'Organization:v', 1.0)]
    """
    weights: dict[tuple[str, str], float] = defaultdict(float)
    graph: nx.Graph[str] = nx.Graph()
    for node, data in network.data.items():
        if data["label"] is Label.ORGANIZATION:
            graph.add_node(node)
    orgs_of = {person: network.linked(person, "organizations") for person in network.ties}
    for orgs in orgs_of.values():
        for pair in itertools.combinations(sorted(orgs), 2):
            weights[pair] += 1.0
    # A tie counts when any of its contexts is not a place; map keeps that test in C.
    place = methodcaller("startswith", _PLACES)
    for one, other, data in network.ties.edges(data=True):
        if all(map(place, data["contexts"])):
            continue
        weight = float(data["weight"])
        for a in orgs_of[one]:
            for b in orgs_of[other]:
                if a != b:
                    weights[(a, b) if a < b else (b, a)] += weight
    graph.add_edges_from((a, b, {"weight": w}) for (a, b), w in weights.items())
    return graph


def brokers(
    network: Network,
    *,
    among: BrokerKind = BrokerKind.PEOPLE,
    first: int = 10,
    seed: int = 0,
    exact_limit: int = EXACT_LIMIT,
    samples: int | None = None,
) -> list[Broker]:
    """The people (or organizations) that most connect otherwise separate groups.

    Parameters
    ----------
    network
        The projected network; people who opted out are left out of the graph before
        anything is computed.
    among
        People (the tie graph) or organizations (:func:`organization_graph`).
    first
        How many brokers, 1 to 100.
    seed
        Seeds the choice of sources for sampled betweenness.
    exact_limit
        Graphs with more nodes than this get sampled betweenness.
    samples
        How many sources sampled betweenness uses; by default as many as
        :data:`EDGE_BUDGET` allows, between 4 and :data:`SAMPLES`.

    Returns
    -------
    list of Broker
        Highest (normalized, unweighted) betweenness first, ties broken by key; only
        nodes with positive betweenness. ``constraint`` is Burt's, on tie weights.

    Examples
    --------
    >>> from graph.model import Node, Relationship
    >>> from graph.projection import build_network
    >>> people = {k: Node(Label.PERSON, k, {"name": k}) for k in ("ada", "bo", "cy")}
    >>> teams = {k: Node(Label.PROJECT, k, {"name": k}) for k in ("loom", "kiln")}
    >>> pairs = [("ada", "loom"), ("bo", "loom"), ("bo", "kiln"), ("cy", "kiln")]
    >>> rels = [Relationship(RelType.MEMBER_OF, people[p].ref, teams[t].ref) for p, t in pairs]
    >>> [(b.ref.key, b.betweenness, b.constraint) for b in brokers(
    ...     build_network([*people.values(), *teams.values()], rels))]
    [('bo', 1.0, 0.5)]

    References
    ----------
    .. [1] U. Brandes, "A faster algorithm for betweenness centrality", Journal of
       Mathematical Sociology 25 (2001) 163-177.
    """
    check_range("first", first, 1, 100)
    degree: Callable[[str], int]
    if among is BrokerKind.PEOPLE:
        copy = igraph_bridge.network_ties(network)
        degree = network.ties.degree
    else:
        organizations = organization_graph(network)
        copy = igraph_bridge.to_igraph(organizations)
        degree = organizations.degree.__getitem__
    n = len(copy.names)
    if samples is None:
        samples = max(4, min(SAMPLES, EDGE_BUDGET // max(copy.graph.ecount(), 1)))
    k = None if n <= exact_limit else min(samples, n)
    centrality = betweenness(copy, k=k, seed=seed)
    ranked = sorted(
        ((score, node) for node, score in centrality.items() if score > 0),
        key=lambda item: (-item[0], item[1]),
    )[:first]
    constraint = igraph_bridge.constraint(copy, [node for _, node in ranked])
    return [
        Broker(
            node_ref(node),
            float(score),
            None if math.isnan(constraint[node]) else constraint[node],
            degree(node),
        )
        for score, node in ranked
    ]


@dataclass(frozen=True, slots=True)
class SectorShare:
    """One sector of a cluster: its organizations and how many people they have."""

    sector: Annotated[Sector, Doc("The sector (education, research or commercial).")]
    organizations: Annotated[
        tuple[NodeRef, ...], Doc("The member organizations that bring this sector.")
    ]
    people: Annotated[int, Doc("How many people those organizations have.")]


@dataclass(frozen=True, slots=True)
class Introduction:
    """Two people from different sectors of a cluster who should meet, and why."""

    people: Annotated[tuple[NodeRef, NodeRef], Doc("The two people.")]
    sectors: Annotated[tuple[Sector, Sector], Doc("The sector of each of the two.")]
    score: Annotated[float, Doc("How much the introduction would strengthen the cluster.")]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class ClusterBridges:
    """A cluster's sector mix, its ties across sectors, and introductions to make."""

    cluster: NodeRef
    sectors: tuple[SectorShare, ...]
    cross_ties: Mapping[tuple[Sector, Sector], int]
    introductions: tuple[Introduction, ...]


def cluster_bridges(
    network: Network,
    cluster: str,
    *,
    first: int = 5,
    seed: int = 0,
    per_sector: int = 10,
) -> ClusterBridges:
    """A cluster's sector mix and the cross-sector introductions that would strengthen it.

    Each organization counts in the sector it brings to the cluster (``IN_CLUSTER``'s
    ``sector``). For every pair of sectors the existing ties between their people are
    counted; the pairs with the fewest ties come first. For each pair the best-connected
    discoverable people of each side (up to ``per_sector``) who are not yet tied are
    proposed, scored by the scarcity of ties between their sectors
    (``cross_sector_bridge``, ``1 / (1 + ties)``) plus the topics they share
    (``shared_topic``), so that each introduction has something to talk about.

    Parameters
    ----------
    network
        The projected network.
    cluster
        The cluster's key.
    first
        How many introductions, 1 to 100.
    seed
        Seeds the sampling of large sectors.
    per_sector
        How many people of each sector to consider.

    Returns
    -------
    ClusterBridges
        Sectors in the order education, research, commercial; introductions best first.

    Raises
    ------
    graph.store.NotFound
        The cluster does not exist.

    Examples
    --------
    >>> from graph.model import Node, Relationship
    >>> from graph.projection import build_network
    >>> c = Node(Label.CLUSTER, "c", {"name": "C"})
    >>> school = Node(Label.ORGANIZATION, "school", {"name": "School"})
    >>> firm = Node(Label.ORGANIZATION, "firm", {"name": "Firm"})
    >>> ada, bo = (Node(Label.PERSON, k, {"name": k}) for k in ("ada", "bo"))
    >>> network = build_network([c, school, firm, ada, bo], [
    ...     Relationship(RelType.IN_CLUSTER, school.ref, c.ref, {"sector": "education"}),
    ...     Relationship(RelType.IN_CLUSTER, firm.ref, c.ref, {"sector": "commercial"}),
    ...     Relationship(RelType.AFFILIATED_WITH, ada.ref, school.ref),
    ...     Relationship(RelType.AFFILIATED_WITH, bo.ref, firm.ref)])
    >>> report = cluster_bridges(network, "c")
    >>> [(s.sector, s.people) for s in report.sectors]
    [(<Sector.EDUCATION: 'education'>, 1), (<Sector.COMMERCIAL: 'commercial'>, 1)]
    >>> [(i.people[0].key, i.people[1].key, [s.name for s in i.sectors])
    ...  for i in report.introductions]
    [('ada', 'bo', ['EDUCATION', 'COMMERCIAL'])]
    """
    check_range("first", first, 1, 100)
    cluster_id = require(network, Label.CLUSTER, cluster)
    rng = random.Random(seed)
    by_sector: dict[Sector, list[str]] = defaultdict(list)
    for org in network.linked(cluster_id, "organizations"):
        data = network.rel(org, cluster_id, RelType.IN_CLUSTER) or {}
        sector = data.get("sector")
        for value in [sector] if sector else sorted(organization_sectors(network, org)):
            by_sector[Sector(value)].append(org)
    # Only discoverable people count, so no figure reveals someone who opted out.
    people = {
        sector: sorted(
            {p for o in orgs for p in network.linked(o, "members") if network.is_visible(p)}
        )
        for sector, orgs in by_sector.items()
    }
    shares = tuple(
        SectorShare(
            sector,
            tuple(node_ref(o) for o in sorted(by_sector[sector])),
            len(people[sector]),
        )
        for sector in Sector
        if sector in by_sector
    )
    cross: dict[tuple[Sector, Sector], int] = {}
    for a, b in itertools.combinations([s.sector for s in shares], 2):
        side = set(people[b])
        cross[a, b] = sum(
            1
            for p in people[a]
            for o, tie in network.tie_neighbours(p).items()
            if o in side and _beyond_clusters(tie)
        )

    introductions: list[Introduction] = []
    for (a, b), ties in sorted(cross.items(), key=lambda item: (item[1], item[0])):
        for one in _central(network, people[a], per_sector, rng):
            for other in _central(network, people[b], per_sector, rng):
                tie = network.tie_neighbours(one).get(other)
                if tie is not None and _beyond_clusters(tie):
                    continue
                introductions.append(_introduce(network, one, other, (a, b), ties))
    introductions.sort(key=lambda i: (-i.score, i.people))
    return ClusterBridges(node_ref(cluster_id), shares, cross, tuple(introductions[:first]))


def _beyond_clusters(tie: Mapping[str, Any]) -> bool:
    """Whether a tie comes from more than sharing a cluster (which all its people do)."""
    return any(not c.startswith(_CLUSTER) for c in tie["contexts"])


def _central(network: Network, people: list[str], limit: int, rng: random.Random) -> list[str]:
    """The best-connected of ``people`` (from a seeded sample when there are many)."""
    pool = bounded_sample(people, 20 * limit, rng)
    return sorted(pool, key=lambda p: (-network.tie_degree(p), p))[:limit]


def _introduce(
    network: Network, one: str, other: str, sectors: tuple[Sector, Sector], ties: int
) -> Introduction:
    orgs = [
        *sorted(network.linked(one, "organizations")),
        *sorted(network.linked(other, "organizations")),
    ]
    topics = set(network.linked(one, "interests")) | set(network.linked(one, "skills"))
    theirs = set(network.linked(other, "interests")) | set(network.linked(other, "skills"))
    suggestion: Suggestion = explain(
        node_ref(other),
        {
            ReasonKind.CROSS_SECTOR_BRIDGE: [(org, 1.0 / (1 + ties) / len(orgs)) for org in orgs],
            ReasonKind.SHARED_TOPIC: context_terms(network, topics & theirs),
        },
    )
    return Introduction(
        (node_ref(one), node_ref(other)), sectors, suggestion.score, suggestion.reasons
    )
