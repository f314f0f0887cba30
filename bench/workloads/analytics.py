"""Communities and brokers: python-igraph's C core vs the NetworkX code it replaced.

Convene's figures time :func:`graph.analytics.communities.detect_communities` (Leiden)
and :func:`graph.analytics.brokers.brokers` (people, then organizations; the top 100, as
the API asks) on the run's network, each from a cold start: the igraph copy of the tie
graph, which a served network makes once and shares, is made inside the timed call.

The baseline is the NetworkX code these replaced, run on the same network when it has at
most :data:`BASELINE_PEOPLE` people, and otherwise on a synthetic network of that many
(NetworkX's Louvain needs minutes at 100,000 people): ``louvain_communities`` for
communities; ``betweenness_centrality`` from as many sources as 10 million edge visits
allow (4 to 64, exact up to 2,000 nodes) and :func:`~graph.analytics.brokers.
burt_constraint` of the top 100 for brokers. The baseline leaves out what both sides
share (the leading topics and organizations of each community, the organization graph),
so it is the smaller job. Each side runs ``repeats`` times and keeps its best time.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any

from bench.context import STORE_TITLES, BenchContext, StoreUnavailable
from bench.figures import Figure, FigureSpec, value_at_most
from bench.timing import best_of

__all__ = ["BASELINE_PEOPLE", "NAME", "figures", "run"]

NAME = "analytics"

BASELINE_PEOPLE = 10_000
"""The largest network the NetworkX baseline is run on."""

GOAL = value_at_most(10, "s")

_ANALYSES = ("communities", "brokers of people", "brokers of organizations")


def figures(stores: tuple[str, ...]) -> list[FigureSpec]:
    """The figures this workload reports (one store is enough: analytics read the projection)."""
    store = _store_kind(stores)
    return [
        FigureSpec(
            "communities (Leiden, python-igraph)",
            "s",
            f"NetworkX louvain_communities (at most {BASELINE_PEOPLE:,} people)",
            GOAL,
            store=store,
        ),
        FigureSpec(
            "brokers of people (python-igraph betweenness and constraint)",
            "s",
            f"NetworkX betweenness_centrality and constraint (at most {BASELINE_PEOPLE:,} people)",
            GOAL,
            store=store,
        ),
        FigureSpec(
            "brokers of organizations (python-igraph betweenness and constraint)",
            "s",
            f"NetworkX betweenness_centrality and constraint (at most {BASELINE_PEOPLE:,} people)",
            GOAL,
            store=store,
        ),
    ]


def _store_kind(stores: tuple[str, ...]) -> str:
    return "embedded" if "embedded" in stores or not stores else stores[0]


def _cold(network: Any) -> Any:
    """The same network without what it has memoized, so each timed call starts cold."""
    return dataclasses.replace(network, _memo={}, _memo_lock=threading.Lock())


def _convene(network: Any) -> dict[str, Callable[[], object]]:
    from graph.analytics.brokers import BrokerKind, brokers
    from graph.analytics.communities import detect_communities

    return {
        "communities": lambda: detect_communities(_cold(network), seed=0),
        "brokers of people": lambda: brokers(_cold(network), first=100),
        "brokers of organizations": lambda: brokers(
            _cold(network), among=BrokerKind.ORGANIZATIONS, first=100
        ),
    }


def _networkx_brokers(graph: Any) -> list[tuple[float, str]]:
    import networkx as nx

    from graph.analytics.brokers import burt_constraint

    n = graph.number_of_nodes()
    samples = max(4, min(64, 10_000_000 // max(graph.number_of_edges(), 1)))
    k = None if n <= 2000 else min(samples, n)
    centrality = nx.betweenness_centrality(graph, k=k, normalized=True, seed=0)
    ranked = sorted(((-s, v) for v, s in centrality.items() if s > 0))[:100]
    burt_constraint(graph, [v for _, v in ranked])
    return ranked


def _networkx(network: Any) -> dict[str, Callable[[], object]]:
    import networkx as nx

    from graph.analytics.brokers import organization_graph

    organizations = organization_graph(network)
    ties = network.ties.to_networkx()
    return {
        "communities": lambda: nx.community.louvain_communities(ties, weight="weight", seed=0),
        "brokers of people": lambda: _networkx_brokers(ties),
        "brokers of organizations": lambda: _networkx_brokers(organizations),
    }


def _baseline_network(ctx: BenchContext, network: Any) -> tuple[Any, int]:
    """The network the baseline runs on, and how many people it was made for."""
    if ctx.options.people <= BASELINE_PEOPLE:
        return network, ctx.options.people
    from data.synth import load_network
    from graph.embedded.store import EmbeddedStore
    from graph.projection import project

    ctx.log(f"building a {BASELINE_PEOPLE:,}-person network for the NetworkX baseline")
    with EmbeddedStore.in_memory() as store:
        load_network(store, BASELINE_PEOPLE, ctx.options.seed)
        return project(store), BASELINE_PEOPLE


def _describe(network: Any) -> str:
    from graph.analytics.brokers import organization_graph

    organizations = organization_graph(network)
    return (
        f"{len(network.ties):,} people, {network.ties.number_of_edges():,} ties; "
        f"{organizations.number_of_nodes():,} organizations, "
        f"{organizations.number_of_edges():,} ties between them"
    )


def run(ctx: BenchContext) -> list[Figure]:
    """Time the three analyses with python-igraph, and the NetworkX baseline."""
    from graph.projection import project

    specs = figures(ctx.options.stores)
    kind = specs[0].store
    assert kind is not None
    try:
        store = ctx.loaded_store(kind)
    except StoreUnavailable as error:
        return [spec.skip(error.reason) for spec in specs]
    repeats = ctx.options.repeats
    ctx.log(f"{STORE_TITLES[kind]}: building the projection (not timed)")
    network = project(store)
    mine: dict[str, float] = {}
    for name, work in _convene(network).items():
        ctx.log(f"python-igraph: {name}, best of {repeats} (timed)")
        mine[name], _ = best_of(repeats, work)
        ctx.log(f"python-igraph: {name} {mine[name]:.2f} s")
    here = _describe(network)
    baseline_network, baseline_people = _baseline_network(ctx, network)
    if baseline_network is not network:
        del network
    theirs: dict[str, float] = {}
    for name, work in _networkx(baseline_network).items():
        ctx.log(f"NetworkX: {name} at {baseline_people:,} people, best of {repeats} (timed)")
        theirs[name], _ = best_of(repeats, work)
        ctx.log(f"NetworkX: {name} {theirs[name]:.2f} s")
    there = _describe(baseline_network)
    at_baseline_size: dict[str, float] = {}
    if baseline_people != ctx.options.people:
        for name, work in _convene(baseline_network).items():
            at_baseline_size[name], _ = best_of(repeats, work)
    results = []
    for spec, name in zip(specs, _ANALYSES, strict=True):
        note = f"{ctx.options.people:,} people ({here}); baseline at {baseline_people:,}"
        if at_baseline_size:
            note += (
                f" ({there}), where python-igraph took {at_baseline_size[name]:.2f} s"
                f" ({theirs[name] / at_baseline_size[name]:.1f}x faster)"
            )
        else:
            note += f" ({theirs[name] / mine[name]:.1f}x slower than python-igraph)"
        results.append(spec.measure(mine[name], theirs[name], note))
    return results
