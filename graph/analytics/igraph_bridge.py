"""NetworkX graphs in python-igraph: the C implementations behind communities and brokers.

NetworkX stays the projection's data structure and runs the analytics that read one
person's neighbourhood at a time. The whole-graph algorithms whose pure-Python cost grows
with the graph (community detection, betweenness) run in python-igraph's C core instead,
on a copy made by :func:`to_igraph`: vertices numbered in sorted order of node id, ties
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
>>> copy.names, copy.graph.get_edgelist(), copy.graph.es["weight"]
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
from itertools import compress, repeat
from operator import methodcaller
from typing import Any

# python-igraph ships no type hints or stubs (see [tool.mypy] in pyproject.toml); the
# typed functions below wrap every use.
import igraph
import networkx as nx

from graph.projection import Network

__all__ = [
    "IGraph",
    "betweenness",
    "constraint",
    "label_propagation",
    "leiden",
    "louvain",
    "network_ties",
    "seeded",
    "to_igraph",
]

_RNG_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class IGraph:
    """An undirected graph as igraph holds it, and the node id of each vertex.

    Vertex ``i`` is ``names[i]``; edges are listed in sorted order of their ends and,
    when ``weighted``, carry a ``weight`` attribute.
    """

    names: tuple[str, ...]
    weighted: bool
    graph: Any = field(repr=False)

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


def to_igraph(graph: nx.Graph[str], weight: str | None = "weight") -> IGraph:
    """An igraph copy of an undirected NetworkX graph whose nodes are strings.

    Parameters
    ----------
    graph
        The graph to copy (self-loops are kept, as igraph allows them).
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
    """
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
    attrs = {} if weight is None else {"weight": list(map(values.__getitem__, order))}
    return IGraph(names, weight is not None, igraph.Graph(n, edges, False, edge_attrs=attrs))


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
    found = copy.graph.constraint([index[v] for v in nodes], weights=_weights(copy))
    return {v: float(c) for v, c in zip(nodes, found, strict=True)}


def _weights(copy: IGraph) -> str | None:
    return "weight" if copy.weighted else None
