"""Collaborator suggestions with reasons over HTTP, warm, hubs included (not yet measured).

The figures and goals are fixed here so that every run reports them; they are measured
once the GraphQL schema serves suggestions. The plan: p50 and p99 over a sample that
includes the best-connected 1% of people, against (a) a friend-of-a-friend Cypher query
scoring common neighbours on the same Neo4j and (b) the trivial-query floor of the same
server (:mod:`bench.workloads.http_throughput`).
"""

from __future__ import annotations

from bench.context import STORE_TITLES, BenchContext
from bench.figures import Figure, FigureSpec, ratio_at_most, value_at_most

__all__ = ["NAME", "figures", "run"]

NAME = "suggestions"
_REASON = "the GraphQL schema does not serve collaborator suggestions yet"


def figures(stores: tuple[str, ...]) -> list[FigureSpec]:
    """Against friend-of-a-friend Cypher (Neo4j), the floor, and the p99 limit."""
    specs = []
    if "neo4j" in stores:
        specs.append(
            FigureSpec(
                "suggestions p50 vs friend-of-a-friend Cypher (Neo4j)",
                "ms",
                "friend-of-a-friend Cypher scoring common neighbours, same Neo4j",
                ratio_at_most(0.1, "≥ 10x faster than the baseline (ratio ≤ 0.1)"),
                store="neo4j",
            )
        )
    for kind in stores:
        title = STORE_TITLES[kind]
        specs.append(
            FigureSpec(
                f"suggestions p50 vs the floor ({title})",
                "ms",
                "the trivial-query floor of the same server",
                ratio_at_most(2),
                store=kind,
            )
        )
        specs.append(
            FigureSpec(
                f"suggestions p99, hubs included ({title})",
                "ms",
                "the trivial-query floor of the same server (p99)",
                value_at_most(50, "ms"),
                store=kind,
            )
        )
    return specs


def run(ctx: BenchContext) -> list[Figure]:
    """Report the suggestion figures as not measured, with the reason."""
    return [spec.skip(_REASON) for spec in figures(ctx.options.stores)]
