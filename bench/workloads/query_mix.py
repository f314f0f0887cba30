"""The same query mix through Convene and through ``@neo4j/graphql``, on the same Neo4j.

The benchmark sets the baseline up by itself: it copies ``bench/neo4j_graphql`` (a
small GraphQL Yoga server around ``@neo4j/graphql``, with type definitions for people,
projects, organizations and gatherings over Convene's own relationship types) into its
temporary directory, installs the locked packages there with ``npm ci`` from the npm
registry, and starts it with ``node`` on a free loopback port, pointed at the
benchmark's private Neo4j, which Convene's server reads too.

The mix, four kinds of request in turn, each asked of both servers in their own
dialect for the same data:

- a person by key;
- a person's first 10 projects (by key), and each project's first 10 members (by key);
- a gathering's first 20 attendees (by key);
- a page of 20 people living in a country (by key).

Convene shows anonymous clients only discoverable people; the baseline's requests ask
for the same. Before anything is timed, a few requests of each kind go to both servers,
and the keys and names they return must be the same. Then eight client threads, each with its own
keep-alive connection, send the mix to one server for a fixed time: the baseline before
and after (its mean counts), Convene in between.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.context import BenchContext, each_store
from bench.figures import Figure, FigureSpec, ratio_at_least
from bench.http_server import ServedConvene, ServedProcess
from bench.neo4j_server import free_port
from bench.workloads.http_common import Request, post, throughput

__all__ = [
    "CLIENTS",
    "KINDS",
    "NAME",
    "SERVER_DIR",
    "MixKeys",
    "ServedNeo4jGraphQL",
    "figures",
    "mix_keys",
    "run",
]

NAME = "mix"
CLIENTS = 8
SERVER_DIR = Path(__file__).resolve().parents[1] / "neo4j_graphql"
_SERVER_FILES = ("package.json", "package-lock.json", "server.mjs")
_INSTALL_TIMEOUT = 300.0
_START_TIMEOUT = 60.0
_CHECKED = 5  # requests of each kind whose answers are compared before timing

KINDS = ("person", "teammates", "attendees", "people")

# Convene's dialect: connections with edges, ordered by key.
CONVENE_QUERIES = {
    "person": """
query Person($key: String!) {
  person(key: $key) { key name city country }
}
""",
    "teammates": """
query Teammates($key: String!) {
  person(key: $key) {
    key
    name
    projects(first: 10) {
      edges { node { key name members(first: 10) { edges { node { key name } } } } }
    }
  }
}
""",
    "attendees": """
query Attendees($key: String!) {
  gathering(key: $key) { key name attendees(first: 20) { edges { node { key name } } } }
}
""",
    "people": """
query People($country: String!) {
  people(first: 20, filter: {country: $country}, orderBy: {field: KEY, direction: ASC}) {
    edges { node { key name } }
  }
}
""",
}

# @neo4j/graphql's dialect (version 7): lists with where, sort and limit. Convene shows an
# anonymous client only the people who did not opt out of being discoverable (an unset
# ``discoverable`` means yes), so every list of people asked of @neo4j/graphql says so too.
THEIR_QUERIES = {
    "person": """
query Person($key: String!) {
  people(where: {key: {eq: $key}, OR: [{discoverable: {eq: true}}, {discoverable: {eq: null}}]}) {
    key
    name
    city
    country
  }
}
""",
    "teammates": """
query Teammates($key: String!) {
  people(where: {key: {eq: $key}, OR: [{discoverable: {eq: true}}, {discoverable: {eq: null}}]}) {
    key
    name
    projects(limit: 10, sort: [{key: ASC}]) {
      key
      name
      members(
        limit: 10
        sort: [{key: ASC}]
        where: {OR: [{discoverable: {eq: true}}, {discoverable: {eq: null}}]}
      ) { key name }
    }
  }
}
""",
    "attendees": """
query Attendees($key: String!) {
  gatherings(where: {key: {eq: $key}}) {
    key
    name
    attendees(
      limit: 20
      sort: [{key: ASC}]
      where: {OR: [{discoverable: {eq: true}}, {discoverable: {eq: null}}]}
    ) { key name }
  }
}
""",
    "people": """
query People($country: String!) {
  people(
    limit: 20
    where: {country: {eq: $country}, OR: [{discoverable: {eq: true}}, {discoverable: {eq: null}}]}
    sort: [{key: ASC}]
  ) { key name }
}
""",
}


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


# ------------------------------------------------------------------------ the keys


@dataclass(frozen=True, slots=True)
class MixKeys:
    """What the mix asks about: people on teams, gatherings, and countries."""

    people: list[str]
    gatherings: list[str]
    countries: list[str]

    def variables(self, kind: str, turn: int) -> dict[str, str]:
        """The variables of the ``turn``-th request of ``kind``."""
        if kind == "attendees":
            return {"key": self.gatherings[turn % len(self.gatherings)]}
        if kind == "people":
            return {"country": self.countries[turn % len(self.countries)]}
        return {"key": self.people[turn % len(self.people)]}


def mix_keys(path: Path, count: int, seed: int) -> MixKeys:
    """People on a project team, gatherings with attendees, countries people live in.

    Only discoverable people are asked about: Convene hides the others from anonymous
    clients, ``@neo4j/graphql`` knows nothing of that.

    >>> import tempfile
    >>> from data.synth import write_network
    >>> file = Path(tempfile.mkdtemp()) / "n.jsonl"
    >>> _ = write_network(file, 200, seed=1)
    >>> keys = mix_keys(file, 5, seed=1)
    >>> len(keys.people), bool(keys.gatherings), bool(keys.countries)
    (5, True, True)
    """
    hidden: set[str] = set()
    members: dict[str, None] = {}
    gatherings: dict[str, None] = {}
    countries: dict[str, None] = {}
    with path.open("rb") as handle:
        for line in handle:
            if line.startswith(b'{"label":"Person"'):
                record = orjson.loads(line)
                if record["props"].get("discoverable") is False:
                    hidden.add(record["key"])
                elif record["props"].get("country"):
                    countries[record["props"]["country"]] = None
            elif b'"rel":"MEMBER_OF"' in line and b'"end":"Project:' in line:
                members[orjson.loads(line)["start"].split(":", 1)[1]] = None
            elif b'"rel":"ATTENDED"' in line:
                gatherings[orjson.loads(line)["end"].split(":", 1)[1]] = None
    rng = random.Random(seed)
    people = sorted(key for key in members if key not in hidden)
    return MixKeys(
        rng.sample(people, min(count, len(people))),
        rng.sample(sorted(gatherings), min(count, len(gatherings))),
        sorted(countries),
    )


# ----------------------------------------------------- the same data, both dialects


def _names(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(item["key"], item["name"]) for item in items]


def _nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


def convene_answer(kind: str, data: dict[str, Any]) -> Any:
    """The keys and names in a Convene response, shaped alike for both servers."""
    if kind == "people":
        return _names(_nodes(data["people"]))
    if kind == "attendees":
        gathering = data["gathering"]
        if gathering is None:
            return None
        return (gathering["key"], gathering["name"], _names(_nodes(gathering["attendees"])))
    person = data["person"]
    if kind == "person" or person is None:
        return person
    projects = [
        (project["key"], project["name"], _names(_nodes(project["members"])))
        for project in _nodes(person["projects"])
    ]
    return (person["key"], person["name"], projects)


def their_answer(kind: str, data: dict[str, Any]) -> Any:
    """The keys and names in an ``@neo4j/graphql`` response, shaped like Convene's."""
    if kind == "people":
        return _names(data["people"])
    if kind == "attendees":
        if not data["gatherings"]:
            return None
        (gathering,) = data["gatherings"]
        return (gathering["key"], gathering["name"], _names(gathering["attendees"]))
    if not data["people"]:
        return None
    (person,) = data["people"]
    if kind == "person":
        return person
    projects = [
        (project["key"], project["name"], _names(project["members"]))
        for project in person["projects"]
    ]
    return (person["key"], person["name"], projects)


# ------------------------------------------------------------- the baseline server


class ServedNeo4jGraphQL(ServedProcess):
    """``@neo4j/graphql`` installed under ``ctx.work_dir`` and served over HTTP.

    Raises :class:`RuntimeError` with the last words of ``npm`` or ``node`` when it
    cannot be installed or started.
    """

    name = "@neo4j/graphql"
    start_timeout = _START_TIMEOUT

    def __init__(self, ctx: BenchContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.home = ctx.work_dir / "neo4j-graphql"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/graphql"
        self.install_seconds = 0.0

    def install(self) -> None:
        """Copy the server and install its locked packages (``npm ci``)."""
        npm, node = shutil.which("npm"), shutil.which("node")
        if npm is None or node is None:
            raise RuntimeError("node and npm are needed to serve @neo4j/graphql")
        self.home.mkdir(parents=True, exist_ok=True)
        for name in _SERVER_FILES:
            shutil.copy2(SERVER_DIR / name, self.home / name)
        self.ctx.log("installing @neo4j/graphql with npm ci (not timed)")
        started = time.perf_counter()
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=_INSTALL_TIMEOUT,
            check=False,
        )
        self.install_seconds = time.perf_counter() - started
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"npm ci failed: {last}")

    def __enter__(self) -> ServedNeo4jGraphQL:
        self.install()
        connection = self.ctx.connection("neo4j")
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        env.update(
            NEO4J_URI=connection["uri"],
            NEO4J_USER=connection["user"],
            NEO4J_PASSWORD=connection["password"],
            PORT=str(self.port),
            NODE_ENV="production",
        )
        self.ctx.log(f"serving @neo4j/graphql on {self.url}")
        node = shutil.which("node") or "node"
        self.start([node, "server.mjs"], self.home, env, self.ctx.work_dir / "neo4j-graphql.log")
        return self

    def ready(self) -> bool:
        """Whether a trivial query answers 200."""
        response = httpx.post(self.url, json={"query": "{ __typename }"}, timeout=2)
        return response.status_code == 200

    def exit_reason(self, output: str) -> str:
        """The line of a Node.js crash that names the error, else the last line."""
        lines = output.splitlines()
        for line in lines:
            if "Error" in line:
                return line.strip()[:300]
        return lines[-1][:300] if lines else "no output"


# ------------------------------------------------------------------------- timing


def _throughput(request: Request, seconds: float) -> float:
    # Clients start far apart in the mix, and a request to @neo4j/graphql may be slow.
    return throughput(request, seconds, CLIENTS, timeout=60, spread=7919)


def _mix(url: str, queries: dict[str, str], keys: MixKeys) -> Request:
    def request(session: httpx.Client, turn: int) -> Any:
        kind = KINDS[turn % len(KINDS)]
        return post(session, url, queries[kind], keys.variables(kind, turn // len(KINDS)))

    return request


def _check_same_data(ours_url: str, their_url: str, keys: MixKeys) -> None:
    """A few requests of each kind to both servers; the keys and names must agree."""
    with httpx.Client(timeout=60) as client:
        for kind, turn in itertools.product(KINDS, range(_CHECKED)):
            variables = keys.variables(kind, turn)
            ours = convene_answer(kind, post(client, ours_url, CONVENE_QUERIES[kind], variables))
            theirs = their_answer(kind, post(client, their_url, THEIR_QUERIES[kind], variables))
            if ours != theirs:
                raise RuntimeError(
                    f"the servers disagree on {kind} {variables}: "
                    f"Convene {str(ours)[:200]}, @neo4j/graphql {str(theirs)[:200]}"
                )


def _measure(ctx: BenchContext, spec: FigureSpec) -> Figure:
    ctx.loaded_store("neo4j")
    keys = mix_keys(ctx.network_file, 1000, ctx.options.seed)
    seconds = 4.0 if ctx.options.quick or ctx.options.people < 10_000 else 15.0
    with ServedConvene(ctx, "neo4j") as ours, ServedNeo4jGraphQL(ctx) as theirs:
        ctx.log("checking that both servers return the same data for each kind of request")
        _check_same_data(ours.url, theirs.url, keys)
        convene = _mix(ours.url, CONVENE_QUERIES, keys)
        baseline = _mix(theirs.url, THEIR_QUERIES, keys)
        ctx.log("warming up both servers")
        _throughput(baseline, 1.0)
        _throughput(convene, 1.0)
        ctx.log(
            f"@neo4j/graphql, Convene, @neo4j/graphql; {seconds:.0f} s each ({CLIENTS} clients)"
        )
        before = _throughput(baseline, seconds)
        rate = _throughput(convene, seconds)
        after = _throughput(baseline, seconds)
    their_rate = (before + after) / 2
    note = (
        f"mix of {', '.join(KINDS)} in turn, {CLIENTS} clients; @neo4j/graphql "
        f"{before:,.0f} requests/s before and {after:,.0f} after; {seconds:.0f} s each; "
        f"same keys and names checked for {_CHECKED} requests of each kind; npm ci took "
        f"{theirs.install_seconds:.0f} s (not timed)"
    )
    figure = spec.measure(rate, their_rate, note)
    ctx.log(f"query mix: Convene {rate:,.0f}/s vs @neo4j/graphql {their_rate:,.0f}/s")
    return figure


def run(ctx: BenchContext) -> list[Figure]:
    """Measure the query mix on Convene and on ``@neo4j/graphql`` (Neo4j only)."""
    return each_store(ctx, figures, lambda _kind, specs: [_measure(ctx, specs[0])])
