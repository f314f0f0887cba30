"""Bulk import: ``convene import`` of the whole network, against what the store can write.

Embedded: the figure is ``convene import FILE`` run as its own process into the empty
store (both passes: read and check every record, then write), in relationships per
second of the whole run, with the process's peak resident set (from ``wait4``). The
baseline is the store's own write floor in the same run: the same records, already
checked (read back from the first pass's spill), written into another empty store by
the same loader with the same batching. The goal asks for at least 60 % of the floor
and 50,000 relationships/s; the peak resident set is a figure of its own (≤ 500 MB).

Neo4j, two figures. The transactional path: :func:`graph.importer.load_files` into the
empty database (both passes); the baseline writes a fixed sample of the same
relationships one per transaction on the fully loaded store (the sample is deleted
first, in one batch, and written back row by row). The bulk importer: ``convene import
--initial FILE`` as a process of its own into the emptied database, end to end (checks,
the CSV files, ``neo4j-admin database import full`` with the server stopped and started
again, constraints and indexes), against the transactional path of the same run.

A warm-up imports and clears a small network first, so that neither store is measured
cold (the JVM's JIT, SQLite's page cache).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any, cast

from bench.context import STORE_TITLES, BenchContext, StoreUnavailable
from bench.figures import (
    Figure,
    FigureSpec,
    Goal,
    ratio_at_least,
    value_at_least,
    value_at_most,
)
from bench.timing import Stopwatch
from data.synth import load_network
from graph.embedded.store import EmbeddedStore
from graph.importer import EmptyStoreLoader, check_files, load_files
from graph.model import Relationship
from graph.records import read_records
from graph.store import GraphStore, WriteBatch

__all__ = ["NAME", "figures", "run"]

NAME = "import"
ROOT = Path(__file__).resolve().parents[2]
_WARM_UP_PEOPLE = 300
_WARM_UP_ROWS = 100

GOAL = value_at_least(30_000, "relationships/s")
INITIAL_GOAL = value_at_least(200_000, "relationships/s")
FLOOR_GOAL = Goal.all_of(ratio_at_least(0.6), value_at_least(50_000, "relationships/s"))
MEMORY_GOAL = value_at_most(500, "MB")

_FLOOR = "the store's write floor: the same checked rows, same loader and batching"
_RATE = FigureSpec(
    "bulk import (embedded)", "relationships/s", _FLOOR, FLOOR_GOAL, store="embedded"
)
_MEMORY = FigureSpec(
    "bulk import peak RSS (embedded)",
    "MB",
    "the resident set of the same process before it reads the input",
    MEMORY_GOAL,
    store="embedded",
)


def figures(stores: tuple[str, ...]) -> list[FigureSpec]:
    """The figures this workload reports: rate and memory on the embedded store, rate
    on Neo4j."""
    specs = []
    for kind in stores:
        if kind == "embedded":
            specs += [_RATE, _MEMORY]
        else:
            specs += [
                FigureSpec(
                    f"bulk import ({STORE_TITLES[kind]})",
                    "relationships/s",
                    "the same rows written one per transaction",
                    GOAL,
                    store=kind,
                ),
                FigureSpec(
                    f"bulk import --initial ({STORE_TITLES[kind]})",
                    "relationships/s",
                    "the transactional import of the same file (above)",
                    INITIAL_GOAL,
                    store=kind,
                ),
            ]
    return specs


class _TimedStore:
    """A store whose ``apply`` adds up the time spent in it (the writing)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.apply_seconds = 0.0

    def apply(self, batch: WriteBatch) -> int:
        with Stopwatch() as watch:
            version = self._store.apply(batch)
        self.apply_seconds += watch.seconds
        return version

    def load_into_empty(self, *args: Any, **kwargs: Any) -> int | None:
        assert isinstance(self._store, EmptyStoreLoader)
        with Stopwatch() as watch:
            version = self._store.load_into_empty(*args, **kwargs)
        self.apply_seconds += watch.seconds
        return version

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _sample(path: Path, size: int, total: int) -> list[Relationship]:
    """``size`` relationships spread evenly over the file, always the same ones."""
    stride = max(1, total // max(size, 1))
    rels: Iterator[Relationship] = (
        record for _, record in read_records(path) if isinstance(record, Relationship)
    )
    return list(islice(islice(rels, 0, None, stride), size))


def _one_per_transaction(store: GraphStore, rels: list[Relationship]) -> None:
    for rel in rels:
        batch = WriteBatch()
        batch.upsert_relationships([rel])
        store.apply(batch)


def _measure(ctx: BenchContext, kind: str, spec: FigureSpec, initial: FigureSpec) -> list[Figure]:
    store = ctx.store(kind)
    summary = ctx.prepare()
    title = STORE_TITLES[kind]

    ctx.log(f"{title}: warming up with a {_WARM_UP_PEOPLE}-person network")
    store.clear()
    load_network(store, _WARM_UP_PEOPLE, ctx.options.seed + 1)
    store.clear()

    ctx.log(f"{title}: importing {summary.total_relationships:,} relationships (timed)")
    timed = _TimedStore(store)
    with Stopwatch() as bulk:
        report = load_files(cast(GraphStore, timed), [ctx.network_file])
    ctx.mark_loaded(kind)
    rate = report.relationships / bulk.seconds

    rows = min(ctx.options.baseline_rows, max(10, report.relationships // 4))
    sample = _sample(ctx.network_file, rows + _WARM_UP_ROWS, report.relationships)
    warm, timed_rows = sample[:_WARM_UP_ROWS], sample[_WARM_UP_ROWS:]
    ctx.log(f"{title}: writing {len(timed_rows):,} of them one per transaction (timed)")
    removal = WriteBatch()
    removal.delete_relationships(rel.ref for rel in sample)
    ctx.mark_changed(kind)
    store.apply(removal)
    _one_per_transaction(store, warm)
    with Stopwatch() as single:
        _one_per_transaction(store, timed_rows)
    ctx.mark_loaded(kind)
    baseline = len(timed_rows) / single.seconds

    checking = bulk.seconds - timed.apply_seconds
    note = (
        f"{report.nodes:,} nodes and {report.relationships:,} relationships in "
        f"{bulk.seconds:.1f} s: reading and checking the records {checking:.1f} s, "
        f"writing {timed.apply_seconds:.1f} s; baseline: {len(timed_rows):,} rows in "
        f"{single.seconds:.1f} s"
    )
    figure = spec.measure(rate, baseline, note)
    ctx.log(
        f"{title}: bulk import {rate:,.0f} relationships/s vs {baseline:,.0f} one per "
        f"transaction ({figure.ratio:.1f}x)"
    )
    return [figure, _measure_initial(ctx, kind, initial, rate)]


def _measure_initial(
    ctx: BenchContext, kind: str, spec: FigureSpec, transactional: float
) -> Figure:
    """``convene import --initial`` into the emptied database, as a process of its own."""
    store = ctx.store(kind)
    title = STORE_TITLES[kind]
    connection = ctx.connection(kind)
    home = ctx.neo4j_home()
    if home is None:
        return spec.skip("the run's Neo4j is not a local server of scripts/neo4j.sh")
    ctx.log(f"{title}: emptying the database for --initial (not timed)")
    ctx.mark_changed(kind)
    store.clear()
    env = _command_env(
        CONVENE_STORE="neo4j",
        CONVENE_NEO4J_HOME=str(home),
        NEO4J_URI=connection["uri"],
        NEO4J_USER=connection["user"],
        NEO4J_PASSWORD=connection["password"],
    )
    ctx.log(f"{title}: convene import --initial of the same file (timed)")
    seconds, peak_mb, said = _run_import(env, ctx.network_file, "--initial")
    summary = [line for line in said.splitlines() if line.startswith("imported ")]
    ctx.mark_loaded(kind)
    written = sum(store.counts().relationships.values())
    rate = written / seconds
    figure = spec.measure(
        rate,
        transactional,
        f"{written:,} relationships in {seconds:.1f} s end to end (a process of its own: "
        f"checks, CSV files, neo4j-admin with the server stopped and started, constraints "
        f"and indexes); peak RSS {peak_mb:,.0f} MB, neo4j-admin's included; "
        f"convene said: {' '.join(summary)}",
    )
    ctx.log(
        f"{title}: --initial {rate:,.0f} relationships/s vs {transactional:,.0f} "
        f"transactional ({figure.ratio:.1f}x)"
    )
    return figure


# Runs a command as a child of its own and prints the child's peak resident set last.
# The benchmark's process is large, and Linux starts a child's peak from the parent's
# resident set when it is spawned by vfork (as subprocess does), so a small process in
# between spawns the command and reports its peak.
_PEAK_OF = (
    "import os, sys\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execv(sys.executable, [sys.executable, *sys.argv[1:]])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "print(usage.ru_maxrss, file=sys.stderr)\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)
_IDLE = "import cli"


def _peak_of(env: dict[str, str], *args: str) -> tuple[float, float, str]:
    """``python ARGS`` as a child process: (seconds, peak RSS in MB, stderr). The peak
    includes the processes it waited for (neo4j-admin's, for ``--initial``)."""
    with tempfile.TemporaryFile() as errors, Stopwatch() as watch:
        child = subprocess.run(
            [sys.executable, "-c", _PEAK_OF, *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            check=False,
        )
        errors.seek(0)
        text = errors.read().decode(errors="replace")
    said, _, peak = text.rstrip("\n").rpartition("\n")
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({child.returncode}): {text[-2000:]}")
    return watch.seconds, int(peak) / 1024, said


def _command_env(**settings: str) -> dict[str, str]:
    """The environment of a ``convene`` child: this one without Convene's and Neo4j's
    settings, then ``settings``; quiet (``CI``), importing from this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONVENE_", "NEO4J_"))}
    env.update(settings, CI="1")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _run_import(env: dict[str, str], path: Path, *options: str) -> tuple[float, float, str]:
    """``convene import path`` as a child process: (seconds, peak RSS in MB, stderr)."""
    return _peak_of(env, "-m", "cli", "import", *options, str(path))


def _idle_rss(env: dict[str, str]) -> float:
    """The peak RSS (MB) of a process that imports the command line and nothing else."""
    return _peak_of(env, "-c", _IDLE)[1]


def _measure_embedded(ctx: BenchContext) -> list[Figure]:
    store = ctx.store("embedded")
    summary = ctx.prepare()
    ctx.log(f"embedded: warming up with a {_WARM_UP_PEOPLE}-person network")
    store.clear()
    load_network(store, _WARM_UP_PEOPLE, ctx.options.seed + 1)
    store.clear()
    connection = ctx.connection("embedded")
    env = _command_env(CONVENE_STORE="embedded", CONVENE_DATA_DIR=connection["data_dir"])

    ctx.log(f"embedded: convene import of {summary.total_relationships:,} relationships (timed)")
    ctx.mark_changed("embedded")
    seconds, peak_mb, _ = _run_import(env, ctx.network_file)
    ctx.mark_loaded("embedded")
    rels = store.counts().relationships
    written = sum(rels.values())
    rate = written / seconds
    idle_mb = _idle_rss(env)

    ctx.log("embedded: the write floor: the same checked rows into an empty store (timed)")
    floor_dir = ctx.work_dir / "write-floor"
    floor = EmbeddedStore.open(floor_dir)
    try:
        with check_files(floor, [ctx.network_file]) as checked:
            total = checked.nodes + checked.relationships
            with Stopwatch() as floor_watch:
                floor.load_into_empty(
                    checked.read_nodes(), checked.read_relationships(), total=total
                )
    finally:
        floor.close()
        shutil.rmtree(floor_dir, ignore_errors=True)
    floor_rate = written / floor_watch.seconds

    rate_figure = _RATE.measure(
        rate,
        floor_rate,
        f"{written:,} relationships in {seconds:.1f} s end to end (a process of its own, "
        f"both passes); the floor wrote them in {floor_watch.seconds:.1f} s",
    )
    memory_figure = _MEMORY.measure(
        peak_mb,
        idle_mb,
        f"peak resident set of the import process at {ctx.options.people:,} people",
    )
    ctx.log(
        f"embedded: bulk import {rate:,.0f} relationships/s vs a floor of {floor_rate:,.0f} "
        f"({rate_figure.ratio:.2f}x); peak RSS {peak_mb:,.0f} MB"
    )
    return [rate_figure, memory_figure]


def run(ctx: BenchContext) -> list[Figure]:
    """Measure the bulk import on every store of the run."""
    results: list[Figure] = []
    for kind in ctx.options.stores:
        specs = [spec for spec in figures((kind,))]
        try:
            if kind == "embedded":
                results += _measure_embedded(ctx)
            else:
                results += _measure(ctx, kind, *specs)
        except StoreUnavailable as error:
            results += [spec.skip(error.reason) for spec in specs]
    return results
