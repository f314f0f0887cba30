"""Collaborator suggestions with reasons over HTTP, warm, hubs included.

One client asks, one request at a time, for the ten best collaborators of each person
in a sample, with each suggestion's score and the kind and share of its reasons. The
sample mixes people drawn at random with people from the best-connected 1% (by the
number of relationships they have in the run's network, the single best-connected
person always among them), so that hubs weigh on the p99.

The service builds its analytics projection before it reports ready; the first request
is still timed on its own and reported in the note, then one warm-up pass over the
sample runs before the timed one.
The baselines, measured in the same run over the same sample:

- on Neo4j, a friend-of-a-friend Cypher query through the driver that scores people by
  the projects, gatherings and organizations they share with the person;
- on every store, the trivial-query floor of the same server (``{ __typename }``, one
  request at a time), measured before and after the suggestions and pooled.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson

from bench.context import STORE_TITLES, BenchContext, each_store
from bench.figures import Figure, FigureSpec, ratio_at_most, value_at_most
from bench.http_server import ServedConvene
from bench.timing import Stopwatch, percentile
from bench.workloads.http_common import GraphQLError, latencies, post

__all__ = [
    "FLOOR_QUERY",
    "FRIEND_OF_A_FRIEND_CYPHER",
    "NAME",
    "SUGGESTIONS_QUERY",
    "Sample",
    "figures",
    "run",
    "sample_people",
]

NAME = "suggestions"
SAMPLE_SIZE = 200
HUB_SHARE = 0.1  # of the sample, drawn from the best-connected 1% of people
FIRST = 10
_FIRST_CALL_TIMEOUT = 600.0  # the first request builds the projection

SUGGESTIONS_QUERY = """
query Suggestions($key: String!) {
  person(key: $key) {
    suggestedCollaborators(first: 10) { score reasons { kind contribution } }
  }
}
"""
FLOOR_QUERY = "{ __typename }"

FRIEND_OF_A_FRIEND_CYPHER = """
MATCH (p:Person {key: $key})-[:MEMBER_OF|ATTENDED|AFFILIATED_WITH]->(x)
      <-[:MEMBER_OF|ATTENDED|AFFILIATED_WITH]-(q:Person)
WHERE q <> p
RETURN q.key AS key, count(*) AS common
ORDER BY common DESC, key
LIMIT $first
"""

_PERSON_PREFIX = "Person:"


@dataclass(frozen=True, slots=True)
class Sample:
    """The people asked about: ``keys`` in asking order, and which of them are hubs."""

    keys: list[str]
    hubs: list[str]
    hub_threshold: int  # the fewest relationships a person of the best-connected 1% has
    top_degree: int


def _degrees(path: Path) -> Counter[str]:
    """Relationships per person, for the people anyone may ask about (discoverable)."""
    degrees: Counter[str] = Counter()
    hidden: set[str] = set()
    with path.open("rb") as handle:
        for line in handle:
            if line.startswith(b'{"label":"Person"') and b'"discoverable":false' in line:
                hidden.add(orjson.loads(line)["key"])
            if not line.startswith(b'{"rel"'):
                continue
            record = orjson.loads(line)
            for end in (record["start"], record["end"]):
                if end.startswith(_PERSON_PREFIX):
                    degrees[end[len(_PERSON_PREFIX) :]] += 1
    for key in hidden:
        degrees.pop(key, None)
    return degrees


def sample_people(path: Path, size: int, seed: int) -> Sample:
    """``size`` people of the network in ``path``, hubs included, always the same ones.

    A tenth of the sample (at least one person) comes from the best-connected 1% of
    people, the best-connected of all first; the rest are drawn at random from the
    others. People without any relationship, and people who are not discoverable (whom
    an anonymous client may not ask about), are left out.

    >>> import tempfile
    >>> from data.synth import write_network
    >>> file = Path(tempfile.mkdtemp()) / "n.jsonl"
    >>> _ = write_network(file, 300, seed=1)
    >>> sample = sample_people(file, 20, seed=1)
    >>> len(sample.keys), len(sample.hubs) >= 1, sample.hubs[0] in sample.keys
    (20, True, True)
    """
    degrees = _degrees(path)
    ranked = sorted(degrees, key=lambda key: (-degrees[key], key))
    if not ranked:
        raise ValueError(f"{path} has no person with a relationship")
    top = ranked[: max(1, len(ranked) // 100)]
    rng = random.Random(seed)
    hub_count = min(len(top), max(1, round(size * HUB_SHARE)))
    hubs = [top[0], *rng.sample(top[1:], hub_count - 1)] if hub_count > 1 else [top[0]]
    others = ranked[len(top) :]
    rest = rng.sample(others, min(len(others), max(0, size - len(hubs))))
    keys = [*hubs, *rest]
    rng.shuffle(keys)
    return Sample(keys, hubs, degrees[top[-1]], degrees[top[0]])


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


@dataclass(frozen=True, slots=True)
class _Served:
    first_call: float  # seconds, the projection build included
    ours: list[float]
    floor: list[float]
    hub_p50: float
    suggested: int


def _suggestions(client: httpx.Client, url: str, key: str) -> int:
    data = post(client, url, SUGGESTIONS_QUERY, {"key": key})
    person = data["person"]
    if person is None or person["suggestedCollaborators"] is None:
        raise GraphQLError(f"no suggestions for person {key!r}: {data}")
    return len(person["suggestedCollaborators"])


def _measure_served(ctx: BenchContext, kind: str, sample: Sample) -> _Served:
    title = STORE_TITLES[kind]
    with ServedConvene(ctx, kind) as served, httpx.Client(timeout=_FIRST_CALL_TIMEOUT) as client:
        url = served.url
        ctx.log(f"{title}: first suggestions request after start-up")
        with Stopwatch() as first:
            _suggestions(client, url, sample.keys[0])
        ctx.log(f"{title}: first request {first.seconds:.2f} s; warm-up pass, then timed")
        counts = [_suggestions(client, url, key) for key in sample.keys]

        def floor(_key: str) -> object:
            return post(client, url, FLOOR_QUERY, {})

        latencies(sample.keys[:20], floor, warm_up=False)
        floor_before = latencies(sample.keys, floor, warm_up=False)
        ours = latencies(sample.keys, lambda key: _suggestions(client, url, key), warm_up=False)
        floor_after = latencies(sample.keys, floor, warm_up=False)
    by_key = dict(zip(sample.keys, ours, strict=True))
    return _Served(
        first_call=first.seconds,
        ours=ours,
        floor=floor_before + floor_after,
        hub_p50=percentile([by_key[key] for key in sample.hubs], 50),
        suggested=sum(counts),
    )


def _friend_of_a_friend(ctx: BenchContext, keys: list[str]) -> list[float]:
    from neo4j import GraphDatabase

    connection = ctx.connection("neo4j")
    with GraphDatabase.driver(
        connection["uri"], auth=(connection["user"], connection["password"])
    ) as driver:

        def fetch(key: str) -> object:
            records, _, _ = driver.execute_query(
                FRIEND_OF_A_FRIEND_CYPHER, key=key, first=FIRST, routing_="r"
            )
            return records

        return latencies(keys, fetch, warm_up=True)


def _measure(ctx: BenchContext, kind: str, sample: Sample) -> list[Figure]:
    ctx.loaded_store(kind)
    title = STORE_TITLES[kind]
    served = _measure_served(ctx, kind, sample)
    p50, p99 = percentile(served.ours, 50), percentile(served.ours, 99)
    floor50, floor99 = percentile(served.floor, 50), percentile(served.floor, 99)
    common = (
        f"{len(sample.keys)} people, {len(sample.hubs)} of them from the best-connected 1% "
        f"(≥ {sample.hub_threshold} relationships; the most has {sample.top_degree}); "
        f"first request after start-up (the service warms its projection before it is "
        f"ready): {served.first_call:.2f} s; "
        f"{served.suggested} suggestions returned in the warm-up pass"
    )
    ctx.log(
        f"{title}: suggestions p50 {p50:.1f} ms, p99 {p99:.1f} ms (hubs p50 "
        f"{served.hub_p50:.1f} ms); floor p50 {floor50:.2f} ms, p99 {floor99:.2f} ms"
    )
    results = []
    for spec in figures((kind,)):
        if spec.name.startswith("suggestions p50 vs friend"):
            continue
        if "p99" in spec.name:
            note = f"{common}; p50 {p50:.1f} ms, hubs' p50 {served.hub_p50:.1f} ms"
            results.append(spec.measure(p99, floor99, note))
        else:
            note = f"{common}; p99 {p99:.1f} ms vs the floor's {floor99:.2f} ms"
            results.append(spec.measure(p50, floor50, note))
    if kind == "neo4j":
        ctx.log(f"{title}: friend-of-a-friend Cypher over the same sample, after a warm-up pass")
        theirs = _friend_of_a_friend(ctx, sample.keys)
        base50, base99 = percentile(theirs, 50), percentile(theirs, 99)
        ctx.log(f"{title}: friend-of-a-friend p50 {base50:.1f} ms, p99 {base99:.1f} ms")
        (spec,) = (s for s in figures(("neo4j",)) if s.name.startswith("suggestions p50 vs friend"))
        note = (
            f"{common}; p99 {p99:.1f} ms vs {base99:.1f} ms; Convene over HTTP, the "
            "Cypher through the driver, one request at a time"
        )
        results.insert(0, spec.measure(p50, base50, note))
    return results


def run(ctx: BenchContext) -> list[Figure]:
    """Measure warm suggestion latency on every store of the run."""
    sample = sample_people(ctx.network_file, SAMPLE_SIZE, ctx.options.seed)
    return each_store(ctx, figures, lambda kind, _specs: _measure(ctx, kind, sample))
