"""Person-by-key revalidated by ETag over HTTP (``304 Not Modified``), vs the framework floor.

Each of 1,000 people is asked once by ``GET`` for its answer's tag; then eight client
threads ask again and again with ``If-None-Match``, which the server answers ``304``
after reading the data version, without running the document. The floor is the same
eight clients sending a trivial query (``{ __typename }``) by ``GET``, measured before
and after (its mean is the baseline). Every timed answer is checked to be a ``304``, so
no full answer is counted.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from bench.context import STORE_TITLES, BenchContext, each_store, one_per_store
from bench.figures import Figure, FigureSpec, ratio_at_least
from bench.http_server import ServedConvene
from bench.workloads.http_common import GraphQLError, against_floor, people_in_teams
from bench.workloads.http_throughput import CLIENTS, FLOOR_QUERY, PERSON_QUERY

__all__ = ["NAME", "figures", "run"]

NAME = "revalidate"
GOAL = ratio_at_least(1.0, "≥ the floor: a 304 runs nothing")


def figures(stores: tuple[str, ...]) -> list[FigureSpec]:
    """The figures this workload reports, one per store."""
    return one_per_store(
        stores,
        f"person by key revalidated by ETag (304), {CLIENTS} concurrent clients",
        "requests/s",
        "a trivial query by GET through the same server (the framework floor)",
        GOAL,
    )


def _params(key: str) -> dict[str, str]:
    return {"query": PERSON_QUERY, "variables": json.dumps({"key": key})}


def _get(
    session: httpx.Client, url: str, params: dict[str, str], status: int, **headers: str
) -> Any:
    response = session.get(url, params=params, headers=headers)
    if response.status_code != status:
        raise GraphQLError(f"HTTP {response.status_code}, not {status}: {response.text[:200]}")
    return response


def _measure(ctx: BenchContext, kind: str, spec: FigureSpec) -> Figure:
    ctx.loaded_store(kind)
    keys = people_in_teams(ctx.network_file, 1000, ctx.options.seed)
    seconds = 4.0 if ctx.options.quick or ctx.options.people < 10_000 else 15.0
    title = STORE_TITLES[kind]

    with ServedConvene(ctx, kind) as served:
        with httpx.Client(timeout=30) as session:
            tags = [_get(session, served.url, _params(key), 200).headers["etag"] for key in keys]

        def revalidate(session: httpx.Client, turn: int) -> Any:
            slot = turn % len(keys)
            return _get(
                session, served.url, _params(keys[slot]), 304, **{"if-none-match": tags[slot]}
            )

        def floor(session: httpx.Client, turn: int) -> Any:
            return _get(session, served.url, {"query": FLOOR_QUERY}, 200)

        rate, baseline, note = against_floor(
            ctx.log, title, "304 by tag", revalidate, floor, seconds, CLIENTS
        )
    return spec.measure(rate, baseline, note)


def run(ctx: BenchContext) -> list[Figure]:
    """Measure revalidation throughput on every store of the run."""
    return each_store(ctx, figures, lambda kind, specs: [_measure(ctx, kind, specs[0])])
