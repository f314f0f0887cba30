"""What the HTTP workloads share: a sample of people, GraphQL requests and timing them.

The sample is drawn from the run's network file (people on at least one project
team), with the run's seed, so that every workload and both stores ask about the same
people. :func:`throughput` runs client threads for a fixed time, each with its own
keep-alive connection; :func:`latencies` times one request after the other.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.timing import Stopwatch

__all__ = [
    "GraphQLError",
    "Request",
    "against_floor",
    "latencies",
    "people_in_teams",
    "post",
    "run_for",
    "throughput",
]

Request = Callable[[httpx.Client, int], Any]
"""One request on a client's connection; the int counts the client's turns."""

_MEMBER_OF_PROJECT = b'"rel":"MEMBER_OF"'
_PROJECT_END = b'"end":"Project:'


class GraphQLError(RuntimeError):
    """A GraphQL request failed (HTTP status or errors in the response)."""


def people_in_teams(path: Path, count: int, seed: int) -> list[str]:
    """Keys of ``count`` people who are on a project team, always the same ones.

    >>> import tempfile
    >>> from data.synth import write_network
    >>> file = Path(tempfile.mkdtemp()) / "n.jsonl"
    >>> _ = write_network(file, 100, seed=1)
    >>> len(people_in_teams(file, 5, seed=1))
    5
    """
    members: dict[str, None] = {}
    with path.open("rb") as handle:
        for line in handle:
            if _MEMBER_OF_PROJECT in line and _PROJECT_END in line:
                start = str(orjson.loads(line)["start"])
                members[start.split(":", 1)[1]] = None
    keys = sorted(members)
    return random.Random(seed).sample(keys, min(count, len(keys)))


def post(client: httpx.Client, url: str, query: str, variables: dict[str, Any]) -> Any:
    """Send one GraphQL request; its ``data``, or :class:`GraphQLError`."""
    response = client.post(url, json={"query": query, "variables": variables})
    if response.status_code != 200:
        raise GraphQLError(f"HTTP {response.status_code}: {response.text[:200]}")
    body = response.json()
    if body.get("errors"):
        raise GraphQLError(str(body["errors"])[:300])
    return body["data"]


def throughput(
    request: Request, seconds: float, clients: int, *, timeout: float = 30, spread: int = 1
) -> float:
    """Requests per second that ``clients`` threads complete in ``seconds``.

    Parameters
    ----------
    request
        What each client sends, turn after turn.
    seconds
        How long the clients run.
    clients
        How many threads, each with its own keep-alive connection.
    timeout
        Seconds a request may take.
    spread
        Client ``n`` starts at turn ``n * spread``, so that clients ask about
        different things at the same time.

    Returns
    -------
    float
        Completed requests per second, over all clients.

    Raises
    ------
    RuntimeError
        When a request fails (all clients stop at the first failure).
    """
    stop = threading.Event()
    done = [0] * clients
    failures: list[BaseException] = []

    def client(slot: int) -> None:
        with httpx.Client(timeout=timeout) as session:
            for turn in itertools.count(slot * spread):
                if stop.is_set():
                    return
                try:
                    request(session, turn)
                except Exception as error:
                    failures.append(error)
                    stop.set()
                    return
                done[slot] += 1

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(clients)]
    elapsed = run_for(threads, seconds, stop)
    if failures:
        raise RuntimeError(f"a request failed: {failures[0]}")
    return sum(done) / elapsed


def against_floor(
    log: Callable[[str], None],
    title: str,
    what: str,
    request: Request,
    floor: Request,
    seconds: float,
    clients: int,
) -> tuple[float, float, str]:
    """Throughput of ``request`` and of the ``floor`` (a trivial request to the same
    server), the floor measured before and after so that drift cancels out: (rate,
    baseline, note). Each runs a second first to warm up."""
    log(f"{title}: warming up both requests")
    throughput(floor, 1.0, clients)
    throughput(request, 1.0, clients)
    log(f"{title}: floor, {what}, floor; {seconds:.0f} s each ({clients} clients)")
    before = throughput(floor, seconds, clients)
    rate = throughput(request, seconds, clients)
    after = throughput(floor, seconds, clients)
    baseline = (before + after) / 2
    log(f"{title}: {what} {rate:,.0f}/s vs floor {baseline:,.0f}/s")
    note = f"floor {before:,.0f} requests/s before and {after:,.0f} after; {seconds:.0f} s each"
    return rate, baseline, note


def run_for(threads: list[threading.Thread], seconds: float, stop: threading.Event) -> float:
    """Start ``threads``, set ``stop`` after ``seconds`` (or as soon as one of them sets
    it) and wait for them all; the seconds that took.

    >>> stop = threading.Event()
    >>> run_for([threading.Thread(target=stop.wait)], 0.01, stop) >= 0.01
    True
    """
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def latencies(keys: list[str], fetch: Callable[[str], object], *, warm_up: bool) -> list[float]:
    """Milliseconds per call of ``fetch`` for each key, in order, one call at a time.

    With ``warm_up``, one untimed pass over the keys comes first.

    >>> times = latencies(["a", "b"], lambda key: key, warm_up=True)
    >>> len(times), all(t >= 0 for t in times)
    (2, True)
    """
    if warm_up:
        for key in keys:
            fetch(key)
    times = []
    for key in keys:
        with Stopwatch() as watch:
            fetch(key)
        times.append(watch.seconds * 1000)
    return times
