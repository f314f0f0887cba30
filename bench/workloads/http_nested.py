"""Nested GraphQL latency: person → projects → teammates (20 x 10) over HTTP.

One client asks, one request at a time, for a sample of people, their first 20 projects
and the first 10 members of each. The baseline fetches the same data without the API:
on Neo4j one hand-written Cypher query through the driver; on the embedded store the
two store calls the resolvers would make, in process. Both sides see the same sample,
after one warm-up pass over it; the figure is the median latency. On the embedded store
a second figure sets the same latency against the trivial-query floor of the same
server (``{ __typename }``, the same client, one request at a time).
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from bench.context import STORE_TITLES, BenchContext, each_store
from bench.figures import Figure, FigureSpec, ratio_at_most
from bench.http_server import ServedConvene
from bench.timing import percentile
from bench.workloads.http_common import latencies, people_in_teams, post
from bench.workloads.http_throughput import FLOOR_QUERY
from graph.model import Direction, Label, NodeRef, RelType
from graph.store import GraphStore, Hop

__all__ = ["NAME", "figures", "run"]

NAME = "nested"
GOAL = ratio_at_most(3)
FLOOR_GOAL = ratio_at_most(2)
PROJECTS, TEAMMATES = 20, 10

TEAMMATES_QUERY = """
query Teammates($key: String!) {
  person(key: $key) {
    name
    projects(first: 20) {
      edges {
        role
        node {
          key
          name
          members(first: 10) { edges { role node { key name } } }
        }
      }
    }
  }
}
"""

TEAMMATES_CYPHER = """
MATCH (p:Person {key: $key})-[m:MEMBER_OF]->(project:Project)
WITH p, m, project ORDER BY project.key LIMIT $projects
CALL (project) {
  MATCH (project)<-[t:MEMBER_OF]-(mate:Person)
  WITH t, mate ORDER BY mate.key LIMIT $teammates
  RETURN collect({role: t.role, key: mate.key, name: mate.name}) AS team
}
RETURN p.name AS name,
       collect({role: m.role, key: project.key, name: project.name, team: team}) AS projects
"""

_BASELINES = {
    "neo4j": "the same data by hand-written Cypher through the driver",
    "embedded": "the same data by two direct store calls, in process",
}


_FLOOR = FigureSpec(
    "GraphQL p50, person → projects → teammates vs the floor (embedded)",
    "ms",
    "the trivial-query floor of the same server ({ __typename }, one client)",
    FLOOR_GOAL,
    store="embedded",
)


def figures(stores: tuple[str, ...]) -> list[FigureSpec]:
    """The figures this workload reports: one per store, and the floor's on the
    embedded store."""
    specs = []
    for kind in stores:
        specs.append(
            FigureSpec(
                f"GraphQL p50, person → projects → teammates ({STORE_TITLES[kind]})",
                "ms",
                _BASELINES[kind],
                GOAL,
                store=kind,
            )
        )
        if kind == "embedded":
            specs.append(_FLOOR)
    return specs


def _store_fetch(store: GraphStore) -> Callable[[str], object]:
    projects = Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT)
    members = Hop(RelType.MEMBER_OF, Direction.IN, Label.PERSON)

    def fetch(key: str) -> object:
        person = store.get_nodes([NodeRef(Label.PERSON, key)])
        page = store.neighbours(Label.PERSON, [key], projects, limit=PROJECTS)[key]
        project_keys = [item.node.key for item in page.items]
        return person, store.neighbours(Label.PROJECT, project_keys, members, limit=TEAMMATES)

    return fetch


def _cypher_fetch(ctx: BenchContext) -> tuple[Callable[[str], object], Callable[[], None]]:
    from neo4j import GraphDatabase

    connection = ctx.connection("neo4j")
    driver = GraphDatabase.driver(
        connection["uri"], auth=(connection["user"], connection["password"])
    )

    def fetch(key: str) -> object:
        records, _, _ = driver.execute_query(
            TEAMMATES_CYPHER, key=key, projects=PROJECTS, teammates=TEAMMATES, routing_="r"
        )
        return records

    return fetch, driver.close


def _measure(ctx: BenchContext, kind: str, specs: list[FigureSpec]) -> list[Figure]:
    spec = specs[0]
    store = ctx.loaded_store(kind)
    keys = people_in_teams(ctx.network_file, 100 if ctx.options.quick else 300, ctx.options.seed)
    title = STORE_TITLES[kind]
    with ServedConvene(ctx, kind) as served, httpx.Client(timeout=30) as client:
        ctx.log(f"{title}: nested GraphQL for {len(keys)} people, after a warm-up pass")
        ours = latencies(
            keys, lambda key: post(client, served.url, TEAMMATES_QUERY, {"key": key}), warm_up=True
        )
        floor = []
        if len(specs) > 1:  # the floor's figure (embedded)
            floor = latencies(
                keys, lambda key: post(client, served.url, FLOOR_QUERY, {}), warm_up=True
            )
    ctx.log(f"{title}: the same data without the API ({spec.baseline})")
    if kind == "neo4j":
        fetch, close = _cypher_fetch(ctx)
        try:
            theirs = latencies(keys, fetch, warm_up=True)
        finally:
            close()
    else:
        theirs = latencies(keys, _store_fetch(store), warm_up=True)
    p50, base50 = percentile(ours, 50), percentile(theirs, 50)
    note = (
        f"{len(keys)} people; p99 {percentile(ours, 99):.1f} ms vs "
        f"{percentile(theirs, 99):.1f} ms; one client, one request at a time"
    )
    figure = spec.measure(p50, base50, note)
    ctx.log(f"{title}: nested p50 {p50:.1f} ms vs {base50:.1f} ms ({figure.ratio:.2f}x)")
    if not floor:
        return [figure]
    floor50 = percentile(floor, 50)
    ctx.log(f"{title}: nested p50 {p50:.1f} ms vs the floor's {floor50:.2f} ms")
    against_floor = specs[1].measure(
        p50,
        floor50,
        f"{len(keys)} requests each; p99 {percentile(ours, 99):.1f} ms vs "
        f"{percentile(floor, 99):.1f} ms; one client, one request at a time",
    )
    return [figure, against_floor]


def run(ctx: BenchContext) -> list[Figure]:
    """Measure nested GraphQL latency on every store of the run."""
    return each_store(ctx, figures, lambda kind, specs: _measure(ctx, kind, specs))
