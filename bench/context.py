"""The benchmark's own world: options, a temporary directory, the data and the stores.

Everything a run creates lives under one temporary directory (the synthetic network
file, the embedded store's data directory, the private Neo4j server's home) and is
removed when the run ends. The configured data directory of a running service is never
touched.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import cast

from bench.figures import Figure, FigureSpec, Goal
from bench.neo4j_server import OwnNeo4j
from data.synth import SynthSummary, write_network
from graph.importer import load_files
from graph.store import GraphStore, StoreError

__all__ = [
    "STORE_KINDS",
    "BenchContext",
    "BenchOptions",
    "StoreUnavailable",
    "each_store",
    "one_per_store",
]

STORE_KINDS = ("embedded", "neo4j")
STORE_TITLES = {"embedded": "embedded", "neo4j": "Neo4j"}


class StoreUnavailable(Exception):
    """A store the run wanted cannot be used; ``reason`` says why, in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class BenchOptions:
    """What to run, at which size, on which stores, and where the results go."""

    out: Path
    people: int = 100_000
    seed: int = 1
    quick: bool = False
    stores: tuple[str, ...] = STORE_KINDS
    workloads: tuple[str, ...] = ()
    baseline_rows: int = 2000
    repeats: int = 2
    work_root: Path | None = None


class BenchContext:
    """The data and stores of one run; a context manager that cleans up after itself.

    Stores open lazily: the first workload that asks for Neo4j starts the private
    server; if it cannot start, every later request gets the same reason at once.
    """

    def __init__(self, options: BenchOptions) -> None:
        self.options = options
        self.work_dir = Path(tempfile.mkdtemp(prefix="convene-bench-", dir=options.work_root))
        self.network_file = self.work_dir / "network.jsonl"
        self.summary = SynthSummary()
        self._started = time.perf_counter()
        self._stores: dict[str, GraphStore] = {}
        self._unavailable: dict[str, str] = {}
        self._loaded: set[str] = set()
        self._neo4j: OwnNeo4j | None = None

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> BenchContext:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the stores, stop the private Neo4j, delete the temporary directory."""
        for store in self._stores.values():
            with contextlib.suppress(StoreError):
                store.close()
        self._stores.clear()
        if self._neo4j is not None:
            self.log("stopping the benchmark's Neo4j")
            self._neo4j.stop()
            self._neo4j = None
        shutil.rmtree(self.work_dir, ignore_errors=True)

    def log(self, message: str) -> None:
        """One line on stderr, stamped with the seconds since the run began."""
        print(f"[{time.perf_counter() - self._started:7.1f}s] {message}", file=sys.stderr)

    # ----------------------------------------------------------------------- data

    def prepare(self) -> SynthSummary:
        """Write the synthetic network the workloads share (once)."""
        if not self.summary.nodes:
            people, seed = self.options.people, self.options.seed
            self.log(f"generating a synthetic network of {people:,} people (seed {seed})")
            self.summary = write_network(self.network_file, people, seed)
            self.log(
                f"wrote {self.summary.total_nodes:,} nodes and "
                f"{self.summary.total_relationships:,} relationships"
            )
        return self.summary

    # --------------------------------------------------------------------- stores

    def store(self, kind: str) -> GraphStore:
        """An open store of ``kind`` (``embedded`` or ``neo4j``), perhaps still empty.

        Raises
        ------
        StoreUnavailable
            When the store cannot be opened (for Neo4j: the server would not start).
        """
        if kind in self._unavailable:
            raise StoreUnavailable(self._unavailable[kind])
        if kind not in self._stores:
            try:
                self._stores[kind] = self._open(kind)
            except (RuntimeError, StoreError) as error:
                reason = getattr(error, "message", None) or str(error)
                self._unavailable[kind] = reason
                self.log(f"{STORE_TITLES.get(kind, kind)} is unavailable: {reason}")
                raise StoreUnavailable(reason) from error
        return self._stores[kind]

    def _open(self, kind: str) -> GraphStore:
        if kind == "embedded":
            from graph.embedded.store import EmbeddedStore

            return EmbeddedStore.open(self.work_dir / "embedded")
        if kind == "neo4j":
            from graph.neo4j.store import Neo4jStore

            self.log("starting the benchmark's own Neo4j server")
            self._neo4j = OwnNeo4j(self.work_dir / "neo4j-home")
            endpoint = self._neo4j.start()
            self.log(f"Neo4j is up on {endpoint.uri}")
            store = Neo4jStore.connect(endpoint.uri, endpoint.user, endpoint.password)
            return cast(GraphStore, store)
        raise RuntimeError(f"unknown store {kind!r}")

    def loaded_store(self, kind: str) -> GraphStore:
        """The store of ``kind`` holding the run's network (imported now if need be)."""
        store = self.store(kind)
        if kind not in self._loaded:
            self.prepare()
            self.log(f"importing the network into the {STORE_TITLES[kind]} store (not timed)")
            store.clear()
            load_files(store, [self.network_file])
            self._loaded.add(kind)
        return store

    def connection(self, kind: str) -> dict[str, str]:
        """How another process reaches the store of ``kind`` (which must be open).

        >>> import tempfile
        >>> with BenchContext(BenchOptions(out=Path(tempfile.mkdtemp()))) as ctx:
        ...     _ = ctx.store("embedded")
        ...     ctx.connection("embedded")["kind"]
        'embedded'
        """
        self.store(kind)
        if kind == "embedded":
            return {"kind": kind, "data_dir": str(self.work_dir / "embedded")}
        assert self._neo4j is not None and self._neo4j.endpoint is not None
        endpoint = self._neo4j.endpoint
        return {
            "kind": kind,
            "uri": endpoint.uri,
            "user": endpoint.user,
            "password": endpoint.password,
        }

    def neo4j_home(self) -> Path | None:
        """Where ``scripts/neo4j.sh`` keeps the run's own Neo4j (``CONVENE_NEO4J_HOME``
        for ``convene import --initial``), or ``None`` when none was started."""
        if self._neo4j is None:
            return None
        return self._neo4j.data_dir / "neo4j"

    def mark_loaded(self, kind: str) -> None:
        """Note that the store of ``kind`` now holds exactly the run's network."""
        self._loaded.add(kind)

    def mark_changed(self, kind: str) -> None:
        """Note that the store of ``kind`` no longer holds exactly the run's network."""
        self._loaded.discard(kind)


def one_per_store(
    stores: tuple[str, ...], name: str, unit: str, baseline: str, goal: Goal
) -> list[FigureSpec]:
    """One figure per store, named ``name (Store)``, for workloads that measure each alike.

    >>> from bench.figures import ratio_at_most
    >>> [spec.name for spec in one_per_store(STORE_KINDS, "rebuild", "s", "rows", ratio_at_most(2))]
    ['rebuild (embedded)', 'rebuild (Neo4j)']
    """
    return [
        FigureSpec(f"{name} ({STORE_TITLES[kind]})", unit, baseline, goal, store=kind)
        for kind in stores
    ]


def each_store(
    ctx: BenchContext,
    figures: Callable[[tuple[str, ...]], list[FigureSpec]],
    measure: Callable[[str, list[FigureSpec]], list[Figure]],
) -> list[Figure]:
    """The figures of a workload on every store of the run, in the run's store order.

    ``measure(kind, specs)`` measures the figures ``figures((kind,))`` promises for one
    store; a store it finds unavailable has each of them skipped, with the reason.
    """
    results: list[Figure] = []
    for kind in ctx.options.stores:
        specs = figures((kind,))
        if not specs:
            continue
        try:
            results.extend(measure(kind, specs))
        except StoreUnavailable as error:
            results.extend(spec.skip(error.reason) for spec in specs)
    return results
