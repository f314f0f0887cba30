"""Bulk import: ``convene import`` of the whole network vs one relationship per transaction.

The figure is what a user gets from ``convene import FILE`` (:func:`graph.importer.load_files`:
read and check every record, then write in batches), in relationships per second of the
whole import. The baseline writes a fixed sample of the same relationships one per
transaction through the same store, on the same fully loaded store: the sample is
deleted first (in one batch) and written back row by row.

A warm-up imports and clears a small network first, so that neither store is measured
cold (the JVM's JIT, SQLite's page cache).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any, cast

from bench.context import STORE_TITLES, BenchContext, StoreUnavailable
from bench.figures import Figure, FigureSpec, Goal, ratio_at_least, value_at_least
from bench.timing import Stopwatch
from data.synth import load_network
from graph.importer import load_files
from graph.model import Relationship
from graph.records import read_records
from graph.store import GraphStore, WriteBatch

__all__ = ["NAME", "figures", "run"]

NAME = "import"
_WARM_UP_PEOPLE = 300
_WARM_UP_ROWS = 100

GOAL = Goal.all_of(ratio_at_least(20), value_at_least(50_000, "relationships/s"))


def figures(stores: tuple[str, ...]) -> list[FigureSpec]:
    """The figures this workload reports, one per store."""
    return [
        FigureSpec(
            f"bulk import ({STORE_TITLES[kind]})",
            "relationships/s",
            "the same rows written one per transaction",
            GOAL,
            store=kind,
        )
        for kind in stores
    ]


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


def _measure(ctx: BenchContext, kind: str, spec: FigureSpec) -> Figure:
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
    return figure


def run(ctx: BenchContext) -> list[Figure]:
    """Measure the bulk import on every store of the run."""
    results = []
    for spec in figures(ctx.options.stores):
        assert spec.store is not None
        try:
            results.append(_measure(ctx, spec.store, spec))
        except StoreUnavailable as error:
            results.append(spec.skip(error.reason))
    return results
