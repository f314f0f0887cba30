"""Person-by-key throughput over HTTP with 8 concurrent clients, vs the framework floor.

Eight client threads, each with its own keep-alive connection, ask for people by key
for a fixed time; the floor is the same eight clients sending a trivial query
(``{ __typename }``) to the same server, so the ratio is the share of the framework's
own throughput that looking a person up keeps. The floor is measured before and after
(its mean is the baseline), so slow drift of a shared machine cancels out. The clients
run on the same machine as the server and take their share of the CPU on both sides.
"""

from __future__ import annotations

from typing import Any

import httpx

from bench.context import STORE_TITLES, BenchContext, each_store, one_per_store
from bench.figures import Figure, FigureSpec, ratio_at_least
from bench.http_server import ServedConvene
from bench.workloads.http_common import against_floor, people_in_teams, post

__all__ = ["CLIENTS", "NAME", "figures", "run"]

NAME = "throughput"
CLIENTS = 8
GOAL = ratio_at_least(0.5, "≥ 50% of the floor")

PERSON_QUERY = """
query Person($key: String!) {
  person(key: $key) { key name headline city country roles }
}
"""
FLOOR_QUERY = "{ __typename }"


def figures(stores: tuple[str, ...]) -> list[FigureSpec]:
    """The figures this workload reports, one per store."""
    return one_per_store(
        stores,
        f"person by key, {CLIENTS} concurrent clients",
        "requests/s",
        "a trivial query through the same server (the framework floor)",
        GOAL,
    )


def _measure(ctx: BenchContext, kind: str, spec: FigureSpec) -> Figure:
    ctx.loaded_store(kind)
    keys = people_in_teams(ctx.network_file, 1000, ctx.options.seed)
    seconds = 4.0 if ctx.options.quick or ctx.options.people < 10_000 else 15.0
    title = STORE_TITLES[kind]

    def person(session: httpx.Client, turn: int) -> Any:
        return post(session, served.url, PERSON_QUERY, {"key": keys[turn % len(keys)]})

    def floor(session: httpx.Client, turn: int) -> Any:
        return post(session, served.url, FLOOR_QUERY, {})

    with ServedConvene(ctx, kind) as served:
        rate, baseline, note = against_floor(
            ctx.log, title, "person by key", person, floor, seconds, CLIENTS
        )
    return spec.measure(rate, baseline, note)


def run(ctx: BenchContext) -> list[Figure]:
    """Measure person-by-key throughput on every store of the run."""
    return each_store(ctx, figures, lambda kind, specs: [_measure(ctx, kind, specs[0])])
