"""Live analytics under load: reads during a write stream, memory, and a retry storm.

The served process (``python server.py``, one worker) is measured in three phases, in
one run, against baselines measured in the same run:

1. **Reads without writes** (the baseline). Eight client threads, each with its own
   keep-alive connection, ask for the ten best collaborators of people from the
   suggestions workload's sample (hubs included), one request after the other, for
   ``PHASE_SECONDS``.
2. **Reads during writes.** The same eight clients for as long again, while a writer
   holding an editor token puts people on project teams they are not on
   (``addProjectMember``) at ``WRITE_RATE`` writes per second. Every write moves the
   data version, so the server catches its network up from the change log while it
   answers. Reported: the suggestions p99 against phase 1's (goal ≤ 1.2x, and ≤ 50 ms
   on its own), and the share of requests answered (any non-200 answer, GraphQL error
   or user error of a write is a failure; goal: none).
3. **A retry storm.** Right after one more write, twenty clients ask for the largest
   communities every second for as long again. The service computes communities once
   per data version in the background and answers ``COMPUTING`` with
   ``extensions.retryAfter`` while the first computation runs; the clients wait that
   long before asking again (one second otherwise). Reported: how many clients got an
   answer (goal: all of them).

Memory is the resident set of the server and the processes it started (the worker
process of the long analytics), read from ``/proc/PID/status``: ``VmRSS`` when the
server is ready (``/readyz``, the network built: the *warm* RSS, also reported on its
own against the same server ready without its network, ``CONVENE_WARM_ANALYTICS`` off),
and the peak (``VmHWM``, reset through ``/proc/PID/clear_refs`` at the start of a
phase, and ``VmRSS`` sampled every 50 ms) during phase 2 (goal ≤ 1.5x warm) and during
the storm (goal ≤ 1.2x the RSS right before it). The server's ``VmHWM`` when it is
first ready is the peak of its full build (goal ≤ 8 GB, the target at a million
people). The clients run on the same machine as
the server and take their share of the CPU. The writes are removed from the store
afterwards.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import orjson

from bench.context import STORE_TITLES, BenchContext, each_store
from bench.figures import Figure, FigureSpec, Goal, ratio_at_least, ratio_at_most, value_at_most
from bench.http_server import ServedConvene
from bench.timing import percentile
from bench.workloads.http_common import GraphQLError, post, run_for
from bench.workloads.http_suggestions import sample_people

__all__ = [
    "CLIENTS",
    "COMMUNITIES_QUERY",
    "NAME",
    "STORM_CLIENTS",
    "SUGGESTIONS_QUERY",
    "WRITE_MUTATION",
    "figures",
    "new_memberships",
    "run",
]

NAME = "live"
CLIENTS = 8
STORM_CLIENTS = 20
WRITE_RATE = 5.0  # writes per second
SAMPLE_SIZE = 200
PHASE_SECONDS = 60.0
QUICK_PHASE_SECONDS = 20.0
TINY_PHASE_SECONDS = 2.0  # networks under 10,000 people: the parts work, nothing more
_SAMPLE_EVERY = 0.05  # seconds between reads of the server's VmRSS
_MB = 1024 * 1024

SUGGESTIONS_QUERY = """
query Suggestions($key: String!) {
  person(key: $key) {
    suggestedCollaborators(first: 10) { score node { ... on Person { key } } }
  }
}
"""
WRITE_MUTATION = """
mutation Join($input: AddProjectMemberInput!) {
  addProjectMember(input: $input) { userErrors { field message code } project { key } }
}
"""
COMMUNITIES_QUERY = "{ communities(first: 5) { size } }"

NO_FAILURE = Goal("no failed request (100%)", lambda value, _baseline: value >= 100)


def figures(stores: tuple[str, ...]) -> list[FigureSpec]:
    """Seven figures per store: latency, failures and memory under writes; the storm."""
    specs = []
    for kind in stores:
        title = STORE_TITLES[kind]
        specs += [
            FigureSpec(
                f"suggestions p99 during {WRITE_RATE:g} writes/s, {CLIENTS} clients ({title})",
                "ms",
                "the same clients without writes, same server (p99)",
                Goal.all_of(ratio_at_most(1.2), value_at_most(50, "ms")),
                store=kind,
            ),
            FigureSpec(
                f"requests answered during writes ({title})",
                "%",
                "the same clients without writes",
                NO_FAILURE,
                store=kind,
            ),
            FigureSpec(
                f"peak RSS during writes ({title})",
                "MB",
                "the server's RSS when ready (warm)",
                ratio_at_most(1.5),
                store=kind,
            ),
            FigureSpec(
                f"warm RSS per worker ({title})",
                "MB",
                "the same server ready without its network (warm-up off)",
                value_at_most(1024, "MB"),
                store=kind,
            ),
            FigureSpec(
                f"peak RSS while building the network ({title})",
                "MB",
                "the same server's RSS when ready (warm)",
                value_at_most(8192, "MB"),
                store=kind,
            ),
            FigureSpec(
                f"retry storm, clients answered ({title})",
                "clients",
                "the clients asking for communities",
                ratio_at_least(1, "every client answered"),
                store=kind,
            ),
            FigureSpec(
                f"peak RSS in the retry storm, with the analytics worker ({title})",
                "MB",
                "the same right before the storm",
                ratio_at_most(1.2),
                store=kind,
            ),
        ]
    return specs


# --------------------------------------------------------------------------- memory


def _status_kb(pid: int, field_name: str) -> int:
    """A ``kB`` field of ``/proc/PID/status`` (``VmRSS``, ``VmHWM``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/{pid}/status has no {field_name}")


def rss_mb(pid: int) -> float:
    """The resident set of process ``pid`` and the processes it started, now, in MB."""
    return sum(_rss_each(pid))


def _rss_each(pid: int) -> list[float]:
    """The resident sets of ``pid`` (first) and of each of its child processes (the
    worker process of the long analytics, say), in MB."""
    found = [_status_kb(pid, "VmRSS") * 1024 / _MB]
    for child in _children(pid):
        try:
            found.append(_status_kb(child, "VmRSS") * 1024 / _MB)
        except (OSError, RuntimeError):
            continue  # it has just exited
    return found


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # pid (comm) state ppid ...; comm may hold spaces, so read after its ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _rss_parts(pid: int) -> str:
    """The resident set split into the process's own memory and mapped file pages.

    The embedded store's readers map the database file; those pages count in ``VmRSS``
    (once per mapping) although the kernel can drop them at any time."""
    try:
        anon, files = (_status_kb(pid, name) / 1024 for name in ("RssAnon", "RssFile"))
    except RuntimeError:
        return "RssAnon/RssFile not reported by this kernel"
    return f"RssAnon {anon:.0f} MB, RssFile {files:.0f} MB"


class PeakRss:
    """The peak resident set of a process and the processes it started while the
    ``with`` block runs, in MB.

    Their ``VmRSS`` is sampled and added up. The kernel's own peak of the process
    (``VmHWM``) is reset on entry when ``clear_refs`` allows it, and the peak is at least
    that plus the largest resident set its children were seen with.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0
        self.children_peak = 0.0
        self.kernel_peak = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                each = _rss_each(self.pid)
            except (OSError, RuntimeError):
                return
            self.peak = max(self.peak, sum(each))
            self.children_peak = max(self.children_peak, sum(each[1:]))
            self._stop.wait(_SAMPLE_EVERY)

    def __enter__(self) -> PeakRss:
        try:
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")
            self.kernel_peak = True
        except OSError:
            self.kernel_peak = False
        self.peak = rss_mb(self.pid)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        if self.kernel_peak:
            own = _status_kb(self.pid, "VmHWM") * 1024 / _MB
            self.peak = max(self.peak, own + self.children_peak)


# --------------------------------------------------------------------------- writes


def new_memberships(path: Path, count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` (person, project) pairs of the network in ``path`` not yet on that team.

    People are drawn from those already on some project team who have not opted out
    (the writer's editor token may not act on anyone hidden from it), projects from all.

    >>> import tempfile
    >>> from data.synth import write_network
    >>> file = Path(tempfile.mkdtemp()) / "n.jsonl"
    >>> _ = write_network(file, 300, seed=1)
    >>> pairs = new_memberships(file, 10, seed=1)
    >>> len(set(pairs))
    10
    """
    members: set[tuple[str, str]] = set()
    people: dict[str, None] = {}
    hidden: set[str] = set()
    projects: list[str] = []
    with path.open("rb") as handle:
        for line in handle:
            if line.startswith(b'{"label":"Project"'):
                projects.append(str(orjson.loads(line)["key"]))
            elif line.startswith(b'{"label":"Person"') and b'"discoverable":false' in line:
                hidden.add(str(orjson.loads(line)["key"]))
            elif b'"rel":"MEMBER_OF"' in line and b'"end":"Project:' in line:
                record = orjson.loads(line)
                person = str(record["start"]).split(":", 1)[1]
                members.add((person, str(record["end"]).split(":", 1)[1]))
                people[person] = None
    if not people or not projects:
        raise ValueError(f"{path} has no project team to add anyone to")
    rng = random.Random(seed)
    keys = sorted(set(people) - hidden)
    pairs: dict[tuple[str, str], None] = {}
    for _ in range(count * 100):
        pair = (rng.choice(keys), rng.choice(projects))
        if pair not in members:
            pairs[pair] = None
            if len(pairs) == count:
                return list(pairs)
    raise ValueError(f"{path} has fewer than {count} new memberships to make")


def _write(client: httpx.Client, url: str, pair: tuple[str, str]) -> None:
    person, project = pair
    data = post(client, url, WRITE_MUTATION, {"input": {"person": person, "project": project}})
    payload = data["addProjectMember"]
    if payload["userErrors"]:
        raise GraphQLError(f"addProjectMember {pair}: {payload['userErrors']}")


# ---------------------------------------------------------------------------- reads


@dataclass(slots=True)
class _Phase:
    """What one phase of reads (and writes) saw."""

    latencies: list[float] = field(default_factory=list)  # ms, answered requests
    failures: list[str] = field(default_factory=list)
    writes: int = 0
    write_failures: list[str] = field(default_factory=list)
    written: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.failures) + self.writes

    @property
    def answered_share(self) -> float:
        failed = len(self.failures) + len(self.write_failures)
        return 100.0 * (self.requests - failed) / self.requests if self.requests else 0.0


def _suggestions(client: httpx.Client, url: str, key: str) -> None:
    person = post(client, url, SUGGESTIONS_QUERY, {"key": key})["person"]
    if person is None or person["suggestedCollaborators"] is None:
        raise GraphQLError(f"no suggestions for person {key!r}")


def _reads(
    url: str,
    keys: list[str],
    seconds: float,
    writes: list[tuple[str, str]] | None = None,
    token: str = "",
) -> _Phase:
    """``CLIENTS`` threads asking for suggestions for ``seconds``, with the writer when
    ``writes`` is given (it writes them in order at ``WRITE_RATE``)."""
    phase = _Phase()
    stop = threading.Event()
    lock = threading.Lock()

    def reader(slot: int) -> None:
        with httpx.Client(timeout=30) as session:
            for turn in itertools.count(slot * 17):
                if stop.is_set():
                    return
                started = time.perf_counter()
                try:
                    _suggestions(session, url, keys[turn % len(keys)])
                except (GraphQLError, httpx.HTTPError) as error:
                    with lock:
                        phase.failures.append(f"{type(error).__name__}: {error}")
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    phase.latencies.append(elapsed)

    def writer(pairs: list[tuple[str, str]]) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(timeout=30, headers=headers) as session:
            begun = time.perf_counter()
            for i, pair in enumerate(pairs):
                delay = begun + i / WRITE_RATE - time.perf_counter()
                if stop.wait(max(0.0, delay)):
                    return
                phase.writes += 1
                try:
                    _write(session, url, pair)
                except (GraphQLError, httpx.HTTPError) as error:
                    phase.write_failures.append(f"{type(error).__name__}: {error}")
                    continue
                phase.written.append(pair)

    threads = [threading.Thread(target=reader, args=(slot,)) for slot in range(CLIENTS)]
    if writes is not None:
        threads.append(threading.Thread(target=writer, args=(writes,)))
    phase.seconds = run_for(threads, seconds, stop)
    return phase


# ---------------------------------------------------------------------------- storm


@dataclass(slots=True)
class _Storm:
    """What the retry storm's clients saw."""

    answered_after: list[float] = field(default_factory=list)  # seconds, per client
    computing: int = 0
    retry_afters: list[int] = field(default_factory=list)
    answers: int = 0
    failures: list[str] = field(default_factory=list)


def _storm(url: str, seconds: float) -> _Storm:
    """``STORM_CLIENTS`` threads asking for communities every second for ``seconds``
    (each at least once; an answer to a request sent in time counts)."""
    storm = _Storm()
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def client() -> None:
        answered = False
        with httpx.Client(timeout=30) as session:
            while True:  # at least once, even when the machine is slow to start threads
                asked = time.perf_counter()
                wait = 1.0
                try:
                    response = session.post(url, json={"query": COMMUNITIES_QUERY})
                    body = response.json() if response.status_code == 200 else {}
                except (httpx.HTTPError, ValueError) as error:
                    body, response = {}, None
                    with lock:
                        storm.failures.append(f"{type(error).__name__}: {error}")
                errors = body.get("errors") or []
                codes = [(e.get("extensions") or {}).get("code") for e in errors]
                with lock:
                    if response is not None and response.status_code != 200:
                        storm.failures.append(f"HTTP {response.status_code}")
                    elif errors and codes == ["COMPUTING"]:
                        storm.computing += 1
                        retry = int(errors[0]["extensions"].get("retryAfter") or 1)
                        storm.retry_afters.append(retry)
                        wait = float(retry)
                    elif errors:
                        storm.failures.append(str(errors)[:300])
                    elif (body.get("data") or {}).get("communities") is not None:
                        storm.answers += 1
                        if not answered:
                            answered = True
                            storm.answered_after.append(time.perf_counter() - started)
                if time.perf_counter() >= deadline:
                    return
                pause = asked + wait - time.perf_counter()
                if pause > 0:
                    time.sleep(min(pause, max(0.0, deadline - time.perf_counter())))

    threads = [threading.Thread(target=client) for _ in range(STORM_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return storm


# -------------------------------------------------------------------------- measure


def _phase_seconds(ctx: BenchContext) -> float:
    if ctx.options.people < 10_000:
        return TINY_PHASE_SECONDS
    return QUICK_PHASE_SECONDS if ctx.options.quick else PHASE_SECONDS


def _floor_rss(ctx: BenchContext, kind: str) -> float:
    """The RSS of the same server ready without its network."""
    with ServedConvene(ctx, kind, {"CONVENE_WARM_ANALYTICS": "false"}) as served:
        return rss_mb(served.pid)


def _first_failures(failures: list[str]) -> str:
    return "; first: " + " | ".join(failures[:2]) if failures else ""


def _measure(ctx: BenchContext, kind: str, specs: list[FigureSpec]) -> list[Figure]:
    from access.tokens import create_token, revoke_token
    from graph.model import Relationship, RelType
    from graph.projection import node_ref
    from graph.store import WriteBatch

    store = ctx.loaded_store(kind)
    title = STORE_TITLES[kind]
    seconds = _phase_seconds(ctx)
    keys = sample_people(ctx.network_file, SAMPLE_SIZE, ctx.options.seed).keys
    pairs = new_memberships(ctx.network_file, int(seconds * WRITE_RATE) + 1, ctx.options.seed)
    ctx.log(f"{title}: the server ready without its network (for the RSS floor)")
    floor = _floor_rss(ctx, kind)
    served = ServedConvene(ctx, kind)
    served.data_dir.mkdir(parents=True, exist_ok=True)
    token_name = f"bench-live-writer-{time.time_ns()}"
    token = create_token(served.data_dir, "editor", token_name)
    written: list[tuple[str, str]] = []
    clean = False  # whether ``written`` is surely every write that reached the store
    try:
        with served:
            pid = served.pid
            warm = rss_mb(pid)
            built_peak = _status_kb(pid, "VmHWM") * 1024 / _MB  # no phase has run yet
            ctx.log(
                f"{title}: ready, RSS {warm:.0f} MB (without the network {floor:.0f} MB), "
                f"{built_peak:.0f} MB at most while building"
            )
            ctx.log(f"{title}: when ready, {_rss_parts(pid)}")
            _reads(served.url, keys, min(5.0, seconds / 4))
            ctx.log(f"{title}: {CLIENTS} clients, {seconds:.0f} s without writes, then with")
            quiet = _reads(served.url, keys, seconds)
            after_quiet = rss_mb(pid)
            with PeakRss(pid) as writing_peak:
                busy = _reads(served.url, keys, seconds, pairs[:-1], token)
            written += busy.written
            ctx.log(f"{title}: one more write, then {STORM_CLIENTS} clients ask for communities")
            before_storm = rss_mb(pid)
            ctx.log(f"{title}: after the writes, {_rss_parts(pid)}")
            with httpx.Client(timeout=30, headers={"Authorization": f"Bearer {token}"}) as session:
                _write(session, served.url, pairs[-1])
                written.append(pairs[-1])
            with PeakRss(pid) as storm_peak:
                storm = _storm(served.url, seconds)
        clean = not busy.write_failures
    finally:
        revoke_token(served.data_dir, token_name)
        if written:
            batch = WriteBatch()
            batch.delete_relationships(
                Relationship(
                    RelType.MEMBER_OF, node_ref(f"Person:{p}"), node_ref(f"Project:{j}")
                ).ref
                for p, j in written
            )
            store.apply(batch)
        if not clean:
            ctx.mark_changed(kind)

    p99, base99 = percentile(busy.latencies, 99), percentile(quiet.latencies, 99)
    p50, base50 = percentile(busy.latencies, 50), percentile(quiet.latencies, 50)
    rate = busy.writes / busy.seconds
    ctx.log(
        f"{title}: suggestions p99 {p99:.1f} ms during writes vs {base99:.1f} ms without "
        f"(p50 {p50:.1f} vs {base50:.1f}); {len(busy.failures)} failed reads, "
        f"{len(busy.write_failures)} failed writes of {busy.writes} ({rate:.1f}/s); "
        f"RSS warm {warm:.0f} MB, peak during writes {writing_peak.peak:.0f} MB"
    )
    answered = len(storm.answered_after)
    ctx.log(
        f"{title}: storm: {answered} of {STORM_CLIENTS} clients answered, "
        f"{storm.computing} COMPUTING answers, {len(storm.failures)} failures; "
        f"RSS {before_storm:.0f} MB before, peak {storm_peak.peak:.0f} MB"
    )
    reads = (
        f"{len(quiet.latencies):,} requests without writes "
        f"({len(quiet.latencies) / quiet.seconds:,.0f}/s), "
        f"{len(busy.latencies):,} during {busy.writes} writes at {rate:.1f}/s "
        f"({len(busy.latencies) / busy.seconds:,.0f}/s); {seconds:.0f} s each, "
        f"{len(keys)} people (hubs included)"
    )
    peak_source = "VmHWM reset per phase" if writing_peak.kernel_peak else "VmRSS sampled"
    first = f"{min(storm.answered_after):.1f} s" if storm.answered_after else "never"
    last = f"{max(storm.answered_after):.1f} s" if storm.answered_after else "never"
    notes = [
        f"p50 {p50:.1f} ms vs {base50:.1f} ms; {reads}",
        f"{len(busy.failures)} failed reads and {len(busy.write_failures)} failed writes "
        f"during writes, {len(quiet.failures)} failed reads without"
        + _first_failures(busy.failures + busy.write_failures + quiet.failures),
        f"RSS after the read-only phase {after_quiet:.0f} MB; peak from {peak_source}",
        f"one worker process; RSS after /readyz, the network built ({ctx.options.people:,} people)",
        "the kernel's peak (VmHWM) of the server process when /readyz first answers: "
        "the full build at start, before any request",
        f"{STORM_CLIENTS - answered} clients never answered; first answer after {first}, "
        f"last client's after {last}; {storm.computing} COMPUTING answers "
        f"(retryAfter {min(storm.retry_afters, default=0)}"
        f"-{max(storm.retry_afters, default=0)} s), "
        f"{storm.answers} answers, {len(storm.failures)} other failures"
        + _first_failures(storm.failures),
        f"peak from {peak_source}; {seconds:.0f} s of storm",
    ]
    values = [
        (p99, base99),
        (busy.answered_share, quiet.answered_share),
        (writing_peak.peak, warm),
        (warm, floor),
        (built_peak, warm),
        (float(answered), float(STORM_CLIENTS)),
        (storm_peak.peak, before_storm),
    ]
    return [
        spec.measure(value, baseline, note)
        for spec, (value, baseline), note in zip(specs, values, notes, strict=True)
    ]


def run(ctx: BenchContext) -> list[Figure]:
    """Measure reads under writes, memory and a retry storm on every store of the run."""
    return each_store(ctx, figures, lambda kind, specs: _measure(ctx, kind, specs))
