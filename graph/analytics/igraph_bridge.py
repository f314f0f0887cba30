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

import multiprocessing
import random
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, compress, count
from operator import methodcaller
from typing import Any, TypeVar, cast

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
    "run_in_same_process",
    "run_in_worker_process",
    "sampled_clustering",
    "seeded",
    "to_igraph",
]

_RNG_LOCK = threading.Lock()

T = TypeVar("T")

_TOKENS = count()


class IGraph:
    """An undirected graph for igraph, and the node id of each vertex.

    Vertex ``i`` is ``names[i]``; edge ``e`` joins ``ends[0][e]`` and ``ends[1][e]``
    (edges in sorted order of their ends) with weight ``weights[e]`` (``None`` for a copy
    of the structure only). The weights stay one array rather than an igraph attribute
    (a list of Python floats, four times the memory), and the igraph graph itself is made
    on first use of :attr:`graph`: an algorithm run in the worker process
    (:func:`run_in_worker_process`) is sent the arrays instead.
    """

    __slots__ = ("_graph", "_lock", "ends", "names", "token", "weights")

    def __init__(
        self,
        names: tuple[str, ...],
        ends: tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]],
        weights: npt.NDArray[np.float64] | None,
    ) -> None:
        self.names = names
        self.ends = ends
        self.weights = weights
        self.token = next(_TOKENS)
        """Tells this copy from every other one made in this process."""
        self._graph: Any = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<IGraph of {len(self.names)} nodes and {len(self.ends[0])} edges>"

    @property
    def weighted(self) -> bool:
        """Whether the copy has weights."""
        return self.weights is not None

    @property
    def graph(self) -> Any:
        """The ``igraph.Graph`` (made once, on first use)."""
        with self._lock:
            if self._graph is None:
                self._graph = _graph_of(len(self.names), *self.ends)
            return self._graph

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
    codes = np.array(keys, dtype=np.int64)
    order = np.argsort(codes, kind="stable")
    ones, others = np.divmod(codes[order], max(n, 1))
    weights = None if weight is None else np.array(values, dtype=np.float64)[order]
    return IGraph(names, (ones.astype(np.int32), others.astype(np.int32)), weights)


def _tie_igraph(ties: TieGraph, weighted: bool) -> IGraph:
    names, ones, others, weights = ties.edge_arrays()
    return IGraph(tuple(names), (ones, others), weights if weighted else None)


_CHUNK = 100_000


def _graph_of(n: int, ones: npt.NDArray[np.int32], others: npt.NDArray[np.int32]) -> Any:
    # igraph reads the edges from an iterator: made a chunk at a time, a few million
    # ties never exist as Python tuples all at once (that would triple the copy's peak).
    edges = chain.from_iterable(
        zip(ones[i : i + _CHUNK].tolist(), others[i : i + _CHUNK].tolist(), strict=True)
        for i in range(0, len(ones), _CHUNK)
    )
    return igraph.Graph(n, edges, False)


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
    if len(copy.ends[0]) == 0:
        return [[name] for name in copy.names]
    return copy.groups(_run(copy, _leiden_job, resolution, seed, iterations))


def louvain(copy: IGraph, *, resolution: float = 1.0, seed: int = 0) -> list[list[str]]:
    """Communities maximizing (weighted) modularity, by the Louvain (multilevel) method.

    The level of highest modularity is returned; the result is reproducible through
    ``seed``, which orders the vertices each pass visits.

    >>> two_triangles = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> louvain(to_igraph(nx.relabel_nodes(two_triangles, str)))
    [['0', '1', '2'], ['3', '4', '5']]
    """
    if len(copy.ends[0]) == 0:
        return [[name] for name in copy.names]
    return copy.groups(_run(copy, _louvain_job, resolution, seed))


def label_propagation(copy: IGraph, *, seed: int = 0) -> list[list[str]]:
    """Communities by (weighted) label propagation, reproducible through ``seed``.

    >>> two_triangles = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)])
    >>> label_propagation(to_igraph(nx.relabel_nodes(two_triangles, str)))
    [['0', '1', '2'], ['3', '4', '5']]
    """
    if len(copy.ends[0]) == 0:
        return [[name] for name in copy.names]
    return copy.groups(_run(copy, _label_propagation_job, seed))


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
    chosen = None
    if sources is not None:
        index = {name: i for i, name in enumerate(copy.names)}
        chosen = [index[s] for s in sources]
    found = _run(copy, _betweenness_job, chosen)
    return {name: float(value) for name, value in zip(copy.names, found, strict=True)}


def constraint(copy: IGraph, nodes: Sequence[str]) -> dict[str, float]:
    """Burt's constraint of ``nodes``, on tie weights when the copy has them.

    It equals :func:`networkx.constraint` (``nan`` for an isolated node).

    >>> star = nx.star_graph(3)
    >>> constraint(to_igraph(nx.relabel_nodes(star, str)), ["0", "1"])
    {'0': 0.3333333333333333, '1': 1.0}
    """
    index = {name: i for i, name in enumerate(copy.names)}
    found = _run(copy, _constraint_job, [index[v] for v in nodes])
    return {v: float(c) for v, c in zip(nodes, found, strict=True)}


def component_sizes(copy: IGraph) -> list[int]:
    """The number of nodes in each connected component, largest first.

    >>> component_sizes(to_igraph(nx.Graph([("a", "b"), ("c", "d"), ("d", "e")])))
    [3, 2]
    """
    return sorted(_run(copy, _components_job), reverse=True)


def average_clustering(copy: IGraph) -> float:
    """The mean local clustering coefficient, nodes of degree below 2 counting 0.

    It equals :func:`networkx.average_clustering` (unweighted).

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> average_clustering(to_igraph(g)) == nx.average_clustering(g)
    True
    """
    if not copy.names:
        return 0.0
    return _run(copy, _clustering_job)


def sampled_clustering(copy: IGraph, trials: int, seed: int) -> float:
    """An estimate of :func:`average_clustering` from ``trials`` sampled nodes.

    Each trial picks a node and two of its neighbours at random (``random.Random(seed)``,
    nodes and neighbours in sorted order) and counts whether those two are tied, as
    :func:`networkx.algorithms.approximation.average_clustering` does.

    >>> sampled_clustering(to_igraph(nx.complete_graph(["a", "b", "c"])), 100, 0)
    1.0
    """
    return _run(copy, _sampled_clustering_job, trials, seed)


# ------------------------------------------------------------ the worker process

_Weights = npt.NDArray[np.float64] | None
_Ends = tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]


@dataclass(slots=True)
class _Offload:
    """The worker process in use: from what size, its pool (once started), and the
    copy it was last sent."""

    min_edges: int
    pool: ProcessPoolExecutor | None = None
    sent: int | None = None


_OFFLOAD_LOCK = threading.Lock()
_offload: _Offload | None = None
_WORKER_GRAPHS: dict[int, tuple[Any, _Weights]] = {}


def run_in_worker_process(min_edges: int = 50_000) -> None:
    """From now on, run every algorithm of this module (community detection,
    betweenness, constraint, components, clustering) on graphs of at least ``min_edges``
    edges in one worker process, as a server wants.

    igraph's C functions hold the interpreter lock for as long as they run (seconds at
    100,000 people), which would stop every other thread of the process: the event loop
    and every request with it. In the worker process they stop nothing; a copy is sent
    there as arrays once (the worker keeps the last one it was sent) and the answers come
    back as lists. The worker is started on first use and stops with this process.

    >>> run_in_worker_process(min_edges=0)
    >>> two_triangles = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> leiden(to_igraph(nx.relabel_nodes(two_triangles, str)))
    [['0', '1', '2'], ['3', '4', '5']]
    >>> run_in_same_process()
    """
    global _offload
    with _OFFLOAD_LOCK:
        if _offload is None:
            _offload = _Offload(min_edges)
        else:
            _offload.min_edges = min_edges


def run_in_same_process() -> None:
    """Run every algorithm in the calling thread again (the default); stop the worker.

    >>> run_in_same_process()
    """
    global _offload
    with _OFFLOAD_LOCK:
        found, _offload = _offload, None
    if found is not None and found.pool is not None:
        found.pool.shutdown(wait=True, cancel_futures=True)


def _run(copy: IGraph, job: Callable[..., T], *args: Any) -> T:
    """``job(graph, weights, *args)`` here, or in the worker process when it is in use
    and the graph is large enough."""
    with _OFFLOAD_LOCK:
        offload = _offload
        if offload is None or len(copy.ends[0]) < offload.min_edges:
            offload = None
        elif offload.pool is None:
            offload.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    if offload is None or offload.pool is None:
        return job(copy.graph, copy.weights, *args)
    parts = (len(copy.names), copy.ends, copy.weights)
    held, found = offload.pool.submit(
        _in_worker, copy.token, None if offload.sent == copy.token else parts, job, args
    ).result()
    if not held:  # another copy was sent meanwhile
        held, found = offload.pool.submit(_in_worker, copy.token, parts, job, args).result()
    offload.sent = copy.token
    return cast(T, found)


def _in_worker(
    token: int,
    parts: tuple[int, _Ends, _Weights] | None,
    job: Callable[..., T],
    args: tuple[Any, ...],
) -> tuple[bool, T | None]:
    """Run ``job`` on the copy ``token`` (built from ``parts`` when they come, kept until
    another copy comes); ``(False, None)`` when the worker does not hold that copy."""
    held = _WORKER_GRAPHS.get(token)
    if held is None:
        if parts is None:
            return False, None
        n, ends, weights = parts
        _WORKER_GRAPHS.clear()
        held = _WORKER_GRAPHS[token] = (_graph_of(n, *ends), weights)
    graph, weights = held
    return True, job(graph, weights, *args)


def _leiden_job(
    graph: Any, weights: _Weights, resolution: float, seed: int, iterations: int
) -> list[int]:
    with seeded(seed):
        found = graph.community_leiden(
            objective_function="modularity",
            weights=weights,
            resolution=resolution,
            n_iterations=iterations,
        )
    return list(found.membership)


def _louvain_job(graph: Any, weights: _Weights, resolution: float, seed: int) -> list[int]:
    with seeded(seed):
        found = graph.community_multilevel(weights=weights, resolution=resolution)
    return list(found.membership)


def _label_propagation_job(graph: Any, weights: _Weights, seed: int) -> list[int]:
    with seeded(seed):
        found = graph.community_label_propagation(weights=weights)
    return list(found.membership)


def _betweenness_job(graph: Any, _weights: _Weights, sources: list[int] | None) -> list[float]:
    if sources is None:
        return list(graph.betweenness(directed=False))
    return list(graph.betweenness(directed=False, sources=sources))


def _components_job(graph: Any, _weights: _Weights) -> list[int]:
    return list(graph.connected_components().sizes())


def _clustering_job(graph: Any, _weights: _Weights) -> float:
    return float(graph.transitivity_avglocal_undirected(mode="zero"))


def _sampled_clustering_job(graph: Any, _weights: _Weights, trials: int, seed: int) -> float:
    rng = random.Random(seed)
    n = graph.vcount()
    triangles = 0
    for node in [int(rng.random() * n) for _ in range(trials)]:
        neighbours = graph.neighbors(node)
        if len(neighbours) < 2:
            continue
        u, v = rng.sample(neighbours, 2)
        triangles += graph.are_adjacent(u, v)
    return triangles / trials


def _constraint_job(graph: Any, weights: _Weights, nodes: list[int]) -> list[float]:
    # constraint() takes weights only as a list or an attribute name, not an array.
    return list(graph.constraint(nodes, weights=None if weights is None else weights.tolist()))
