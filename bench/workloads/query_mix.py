"""The same query mix through Convene and through ``@neo4j/graphql`` (not yet measured).

The figure and its goal are fixed here so that every run reports them. The plan: the
benchmark installs ``@neo4j/graphql`` from the npm registry into its temporary
directory, serves the same Neo4j data with an equivalent type definition, and drives
both servers with the same mix (person by key, nested teammates, a filtered list) from
eight clients.
"""

from __future__ import annotations

from bench.context import BenchContext
from bench.figures import Figure, FigureSpec, ratio_at_least

__all__ = ["NAME", "figures", "run"]

NAME = "mix"
_REASON = "the @neo4j/graphql comparison server is not set up by the benchmark yet"


def figures(stores: tuple[str, ...]) -> list[FigureSpec]:
    """One figure, on Neo4j only (the baseline serves Neo4j)."""
    if "neo4j" not in stores:
        return []
    return [
        FigureSpec(
            "query mix throughput vs @neo4j/graphql (Neo4j)",
            "requests/s",
            "@neo4j/graphql serving the same Neo4j data",
            ratio_at_least(1),
            store="neo4j",
        )
    ]


def run(ctx: BenchContext) -> list[Figure]:
    """Report the figure as not measured, with the reason."""
    return [spec.skip(_REASON) for spec in figures(ctx.options.stores)]
