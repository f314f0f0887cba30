"""The igraph copy and the worker process that runs the long algorithms."""

from __future__ import annotations

import multiprocessing
import random
from typing import Any

import networkx as nx

from graph.analytics import igraph_bridge
from graph.ties import TieGraph


def weighted_graph() -> nx.Graph[str]:
    graph: nx.Graph[str] = nx.relabel_nodes(
        nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=1), str
    )
    rng = random.Random(2)
    for u, v in graph.edges:
        graph[u][v]["weight"] = rng.random() ** 3
    return graph


def answers(copy: igraph_bridge.IGraph) -> dict[str, Any]:
    nodes = sorted(copy.names)[:20]
    return {
        "leiden": igraph_bridge.leiden(copy, seed=3),
        "louvain": igraph_bridge.louvain(copy, seed=3),
        "label_propagation": igraph_bridge.label_propagation(copy, seed=3),
        "betweenness": igraph_bridge.betweenness(copy),
        "betweenness_from": igraph_bridge.betweenness(copy, sources=nodes[:5]),
        "constraint": igraph_bridge.constraint(copy, nodes),
        "components": igraph_bridge.component_sizes(copy),
        "clustering": igraph_bridge.average_clustering(copy),
        "sampled_clustering": igraph_bridge.sampled_clustering(copy, 500, seed=4),
    }


def test_the_worker_process_gives_the_answers_of_the_calling_thread() -> None:
    # given a weighted graph and its answers computed here
    copy = igraph_bridge.to_igraph(weighted_graph())
    here = answers(copy)
    # when the same algorithms run in the worker process (a fresh copy, never built here)
    igraph_bridge.run_in_worker_process(min_edges=0)
    try:
        fresh = igraph_bridge.to_igraph(weighted_graph())
        there = answers(fresh)
        workers = multiprocessing.active_children()
    finally:
        igraph_bridge.run_in_same_process()
    # then a worker ran them, the answers are the same, and nothing was built here
    assert workers
    assert there == here
    assert fresh._graph is None


def test_graphs_below_the_threshold_stay_in_the_calling_thread() -> None:
    # given the worker process in use for graphs of 1,000 edges or more
    ties = TieGraph.build([], [("a", "b", 1.0, ("P:x",)), ("b", "c", 2.0, ("P:y",))])
    igraph_bridge.run_in_worker_process(min_edges=1_000)
    try:
        # when communities of a small graph are asked for
        found = igraph_bridge.leiden(igraph_bridge.to_igraph(ties))
        started = multiprocessing.active_children()
    finally:
        igraph_bridge.run_in_same_process()
    # then no worker was started
    assert found == [["a", "b", "c"]]
    assert not started


def test_a_copy_is_read_from_the_ties_arrays_in_canonical_order() -> None:
    # given a tie graph edited after it was built
    ties = TieGraph.build(["d"], [("c", "a", 0.5, ("P:x",)), ("a", "b", 2.0, ("P:y",))])
    edit = ties.edit()
    edit.set_tie("d", "b", 1.5, ("P:z",))
    # when it is copied for igraph
    copy = igraph_bridge.to_igraph(edit.done())
    # then vertices are in order of id, edges in order of their ends, weights alongside
    assert copy.names == ("a", "b", "c", "d")
    assert copy.graph.get_edgelist() == [(0, 1), (0, 2), (1, 3)]
    assert copy.weights is not None and copy.weights.tolist() == [2.0, 0.5, 1.5]
