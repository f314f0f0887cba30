"""Tie graphs in python-igraph: the C implementations behind communities, brokers, stats.

The projection's tie graph (:class:`graph.ties.TieGraph`) serves the analytics that read
one person's neighbourhood at a time. The whole-graph algorithms whose pure-Python cost
grows with the graph (community detection, betweenness, components, clustering) run in
python-igraph's C core instead, on a copy made by :func:`to_igraph` (from a tie graph's
arrays, or from a NetworkX graph): vertices numbered in sorted order of node id, ties
listed in sorted order of their two ends, weights alongside. The copy depends only on
which nodes and ties a graph holds, not on the order they were added.

igraph draws random numbers from one process-wide generator. :func:`seeded` installs a
``random.Random(seed)`` for the length of one call, under a lock so that concurrent calls
never share it, and puts back Python's :mod:`random` module (igraph's default) after.
With both, a seeded call gives the same answer for the same graph.

python-igraph has no type hints; this is the only module that imports it, and everything
it returns leaves here as plain, typed values keyed by node id.

Examples
--------
>>> import networkx as nx
>>> ties = nx.Graph([("b", "a", {"weight": 2.0}), ("a", "c", {"weight": 0.5})])
>>> copy = to_igraph(ties)
>>> copy.names, copy.graph.get_edgelist(), copy.weights.tolist()
(('a', 'b', 'c'), [(0, 1), (0, 2)], [2.0, 0.5])

References
----------
.. [1] G. Csárdi and T. Nepusz, "The igraph software package for complex network
   research", InterJournal Complex Systems 1695 (2006).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import methodcaller
from typing import Any

# python-igraph ships no type hints or stubs (see [tool.mypy] in pyproject.toml); the
# typed functions below wrap every use.
import igraph
import networkx as nx
import numpy as np
import numpy.typing as npt

from graph.projection import Network
from graph.ties import TieGraph

__all__ = [
    "IGraph",
    "average_clustering",
    "betweenness",
    "component_sizes",
    "constraint",
    "label_propagation",
    "leiden",
    "louvain",
    "network_ties",
    "sampled_clustering",
    "seeded",
    "to_igraph",
]

_RNG_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class IGraph:
    """An undirected graph as igraph holds it, and the node id of each vertex.

    Vertex ``i`` is ``names[i]``; edges are listed in sorted order of their ends, and
    ``weights[e]`` is edge ``e``'s weight (``None`` for a copy of the structure only).
    The weights stay one array rather than an igraph attribute (a list of Python floats,
    four times the memory); the algorithms are handed the array.
    """

    names: tuple[str, ...]
    weights: npt.NDArray[np.float64] | None = field(repr=False)
    graph: Any = field(repr=False)

    @property
    def weighted(self) -> bool:
        """Whether the copy has weights."""
        return self.weights is not None

    def groups(self, membership: Sequence[int]) -> list[list[str]]:
        """Node ids grouped by community number, groups and members in order.

        >>> import networkx as nx
        >>> to_igraph(nx.path_graph(["x", "y", "z"])).groups([1, 0, 1])
        [['y'], ['x', 'z']]
        """
        found: dict[int, list[str]] = {}
        for name, group in zip(self.names, membership, strict=True):
            found.setdefault(group, []).append(name)
        return [found[g] for g in sorted(found)]


def to_igraph(graph: nx.Graph[str] | TieGraph, weight: str | None = "weight") -> IGraph:
    """An igraph copy of a tie graph or an undirected NetworkX graph whose nodes are strings.

    Parameters
    ----------
    graph
        The graph to copy (self-loops are kept, as igraph allows them). A
        :class:`~graph.ties.TieGraph` is copied straight from its arrays.
    weight
        The edge attribute to copy as the ``weight`` edge attribute (1.0 where an edge
        lacks it), or ``None`` to copy the structure only.

    Returns
    -------
    IGraph
        Vertex ``i`` is ``names[i]``, the ``i``-th node id in sorted order.

    Examples
    --------
    >>> g = nx.Graph([("b", "c"), ("a", "b")])
    >>> copy = to_igraph(g, weight=None)
    >>> copy.names, copy.graph.get_edgelist(), copy.weighted
    (('a', 'b', 'c'), [(0, 1), (1, 2)], False)
    >>> ties = TieGraph.build(["c"], [("b", "a", 2.0, ("Project:p",))])
    >>> copy = to_igraph(ties)
    >>> copy.names, copy.graph.get_edgelist(), copy.weights.tolist()
    (('a', 'b', 'c'), [(0, 1)], [2.0])
    """
    if isinstance(graph, TieGraph):
        return _tie_igraph(graph, weight is not None)
    names = tuple(sorted(graph))
    index = {name: i for i, name in enumerate(names)}
    n = len(names)
    strength = methodcaller("get", weight, 1.0)
    keys: list[int] = []
    values: list[float] = []
    adjacency = dict(graph.adjacency())
    # Each tie is read from the side of its smaller end; map and compress keep the loop
    # over a node's neighbours in C, which matters at millions of ties.
    for a, name in enumerate(names):
        neighbours = adjacency[name]
        ends = list(map(index.__getitem__, neighbours))
        keep = list(map(a.__le__, ends))
        keys.extend(map((a * n).__add__, compress(ends, keep)))
        if weight is not None:
            values.extend(map(strength, compress(neighbours.values(), keep)))
    # Sorting makes the copy independent of the order ties were added.
    order = sorted(range(len(keys)), key=keys.__getitem__)
    edges = list(map(divmod, map(keys.__getitem__, order), repeat(n)))
    weights = None if weight is None else np.array(values, dtype=np.float64)[order]
    return IGraph(names, weights, igraph.Graph(n, edges, False))


_CHUNK = 100_000


def _tie_igraph(ties: TieGraph, weighted: bool) -> IGraph:
    names, ones, others, weights = ties.edge_arrays()
    # igraph reads the edges from an iterator: made a chunk at a time, a few million
    # ties never exist as Python tuples all at once (that would triple the copy's peak).
    edges = chain.from_iterable(
        zip(ones[i : i + _CHUNK].tolist(), others[i : i + _CHUNK].tolist(), strict=True)
        for i in range(0, len(ones), _CHUNK)
    )
    graph = igraph.Graph(len(names), edges, False)
    return IGraph(tuple(names), weights if weighted else None, graph)


def network_ties(network: Network) -> IGraph:
    """The weighted tie graph of ``network`` as :func:`to_igraph` copies it, once.

    The copy is kept with the network (see :meth:`graph.projection.Network.memo`), so
    communities and brokers of one data version share it.

    >>> from graph.projection import build_network
    >>> network = build_network([], [])
    >>> network_ties(network) is network_ties(network)
    True
    """
    return network.memo(("igraph_bridge", "ties"), lambda: to_igraph(network.ties))


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """igraph's random numbers come from ``random.Random(seed)`` inside the block.

    Calls from other threads wait until the block ends; Python's :mod:`random` module,
    igraph's default generator, is back in place afterwards.

    >>> g = to_igraph(nx.karate_club_graph().subgraph(range(10)))
    >>> runs = []
    >>> for _ in range(2):
    ...     with seeded(3):
    ...         runs.append(g.graph.community_label_propagation().membership)
    >>> runs[0] == runs[1]
    True
    """
    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)


def leiden(
    copy: IGraph, *, resolution: float = 1.0, seed: int = 0, iterations: int = 2
) -> list[list[str]]:
    """Communities maximizing (weighted) modularity, by the Leiden algorithm.

    Leiden refines Louvain: every community it returns is connected, and it reaches a
    higher modularity in less time. ``iterations`` passes are made (each may improve the
    partition); the result is reproducible through ``seed``.

    Examples
    --------
    >>> two_triangles = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> leiden(to_igraph(nx.relabel_nodes(two_triangles, str)))
    [['0', '1', '2'], ['3', '4', '5']]

    References
    ----------
    .. [1] V. A. Traag, L. Waltman and N. J. van Eck, "From Louvain to Leiden:
       guaranteeing well-connected communities", Scientific Reports 9 (2019) 5233.
    """
    if copy.graph.ecount() == 0:
        return [[name] for name in copy.names]
    with seeded(seed):
        found = copy.graph.community_leiden(
            objective_function="modularity",
            weights=_weights(copy),
            resolution=resolution,
            n_iterations=iterations,
        )
    return copy.groups(found.membership)


def louvain(copy: IGraph, *, resolution: float = 1.0, seed: int = 0) -> list[list[str]]:
    """Communities maximizing (weighted) modularity, by the Louvain (multilevel) method.

    The level of highest modularity is returned; the result is reproducible through
    ``seed``, which orders the vertices each pass visits.

    >>> two_triangles = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> louvain(to_igraph(nx.relabel_nodes(two_triangles, str)))
    [['0', '1', '2'], ['3', '4', '5']]
    """
    if copy.graph.ecount() == 0:
        return [[name] for name in copy.names]
    with seeded(seed):
        found = copy.graph.community_multilevel(weights=_weights(copy), resolution=resolution)
    return copy.groups(found.membership)


def label_propagation(copy: IGraph, *, seed: int = 0) -> list[list[str]]:
    """Communities by (weighted) label propagation, reproducible through ``seed``.

    >>> two_triangles = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)])
    >>> label_propagation(to_igraph(nx.relabel_nodes(two_triangles, str)))
    [['0', '1', '2'], ['3', '4', '5']]
    """
    if copy.graph.ecount() == 0:
        return [[name] for name in copy.names]
    with seeded(seed):
        found = copy.graph.community_label_propagation(weights=_weights(copy))
    return copy.groups(found.membership)


def betweenness(copy: IGraph, sources: Sequence[str] | None = None) -> dict[str, float]:
    """Unweighted betweenness: for each node, the shortest paths through it.

    Each unordered pair of nodes adds the share of its shortest paths that pass through
    the node (Brandes' algorithm); with ``sources``, only pairs with one end among them
    count, once each. Not normalized.

    >>> copy = to_igraph(nx.path_graph(["a", "b", "c", "d"]), weight=None)
    >>> betweenness(copy)
    {'a': 0.0, 'b': 2.0, 'c': 2.0, 'd': 0.0}
    >>> betweenness(copy, sources=["a"])
    {'a': 0.0, 'b': 1.0, 'c': 0.5, 'd': 0.0}
    """
    if sources is None:
        found = copy.graph.betweenness(directed=False)
    else:
        index = {name: i for i, name in enumerate(copy.names)}
        found = copy.graph.betweenness(directed=False, sources=[index[s] for s in sources])
    return {name: float(value) for name, value in zip(copy.names, found, strict=True)}


def constraint(copy: IGraph, nodes: Sequence[str]) -> dict[str, float]:
    """Burt's constraint of ``nodes``, on tie weights when the copy has them.

    It equals :func:`networkx.constraint` (``nan`` for an isolated node).

    >>> star = nx.star_graph(3)
    >>> constraint(to_igraph(nx.relabel_nodes(star, str)), ["0", "1"])
    {'0': 0.3333333333333333, '1': 1.0}
    """
    index = {name: i for i, name in enumerate(copy.names)}
    # constraint() takes weights only as a list or an attribute name, not an array.
    weights = None if copy.weights is None else copy.weights.tolist()
    found = copy.graph.constraint([index[v] for v in nodes], weights=weights)
    return {v: float(c) for v, c in zip(nodes, found, strict=True)}


def component_sizes(copy: IGraph) -> list[int]:
    """The number of nodes in each connected component, largest first.

    >>> component_sizes(to_igraph(nx.Graph([("a", "b"), ("c", "d"), ("d", "e")])))
    [3, 2]
    """
    return sorted(copy.graph.connected_components().sizes(), reverse=True)


def average_clustering(copy: IGraph) -> float:
    """The mean local clustering coefficient, nodes of degree below 2 counting 0.

    It equals :func:`networkx.average_clustering` (unweighted).

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> average_clustering(to_igraph(g)) == nx.average_clustering(g)
    True
    """
    if copy.graph.vcount() == 0:
        return 0.0
    return float(copy.graph.transitivity_avglocal_undirected(mode="zero"))


def sampled_clustering(copy: IGraph, trials: int, seed: int) -> float:
    """An estimate of :func:`average_clustering` from ``trials`` sampled nodes.

    Each trial picks a node and two of its neighbours at random (``random.Random(seed)``,
    nodes and neighbours in sorted order) and counts whether those two are tied, as
    :func:`networkx.algorithms.approximation.average_clustering` does.

    >>> sampled_clustering(to_igraph(nx.complete_graph(["a", "b", "c"])), 100, 0)
    1.0
    """
    rng = random.Random(seed)
    graph = copy.graph
    n = graph.vcount()
    triangles = 0
    for node in [int(rng.random() * n) for _ in range(trials)]:
        neighbours = graph.neighbors(node)
        if len(neighbours) < 2:
            continue
        u, v = rng.sample(neighbours, 2)
        triangles += graph.are_adjacent(u, v)
    return triangles / trials


def _weights(copy: IGraph) -> npt.NDArray[np.float64] | None:
    return copy.weights
