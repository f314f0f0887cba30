"""Freshness: how soon a write shows up in the analytics, against a full rebuild.

On the run's network, a :class:`graph.live.LiveNetwork` is built once (not timed); then
each of ``WRITES`` writes adds a person to a project they are not on (as
``addProjectMember`` does), and the time from the write's return to the first network
that includes it is measured; the new teammates must then be missing from the person's
collaborator suggestions ("not yet working with"). The baseline is a full rebuild of
the same network in the same run. The writes are removed afterwards.
"""

from __future__ import annotations

import statistics
import time

from bench.context import STORE_TITLES, BenchContext, each_store, one_per_store
from bench.figures import Figure, FigureSpec, Goal, value_at_most
from graph.store import GraphStore

__all__ = ["NAME", "figures", "run"]

NAME = "freshness"

WRITES = 20

GOAL = Goal.all_of(value_at_most(1, "s"))


def figures(stores: tuple[str, ...]) -> list[FigureSpec]:
    """The figures this workload reports, one per store."""
    return one_per_store(
        stores,
        "write to suggestions, p95",
        "s",
        "a full rebuild of the network",
        GOAL,
    )


def _measure(ctx: BenchContext, kind: str, spec: FigureSpec) -> Figure:
    from graph.analytics.collaborators import suggest_collaborators
    from graph.live import LiveNetwork
    from graph.model import Label, Relationship, RelType
    from graph.projection import node_ref, project
    from graph.store import WriteBatch

    store: GraphStore = ctx.loaded_store(kind)
    title = STORE_TITLES[kind]
    ctx.log(f"{title}: full rebuild (the baseline, timed)")
    started = time.perf_counter()
    rebuilt = project(store)
    baseline = time.perf_counter() - started
    people = [n for n in rebuilt.ties if rebuilt.tie_neighbours(n)][
        :: max(1, len(rebuilt.ties) // 997)
    ]
    projects = sorted(n for n, d in rebuilt.data.items() if d["label"] is Label.PROJECT)
    del rebuilt
    live = LiveNetwork(store, max_delta=1_000_000)
    ctx.log(f"{title}: building the live network (not timed)")
    network = live.fresh()
    added: list[Relationship] = []
    delays: list[float] = []
    stale = 0
    try:
        for i in range(WRITES):
            person = people[(i * 37) % len(people)]
            project_id = next(
                p
                for p in projects[(i * 101) % len(projects) :] + projects
                if person not in network.attr(p, "members", ())
                and 0 < network.people_of(p) <= network.pair_limit
            )
            rel = Relationship(RelType.MEMBER_OF, node_ref(person), node_ref(project_id))
            batch = WriteBatch()
            batch.upsert_relationships([rel])
            version = store.apply(batch)
            written = time.perf_counter()
            network = live.get(wait=30)
            while network.version < version:
                network = live.get(wait=30)
            delays.append(time.perf_counter() - written)
            added.append(rel)
            teammates = {m for m in network.attr(project_id, "members", ()) if m != person}
            suggested = suggest_collaborators(network, person.split(":", 1)[1], first=50)
            if teammates & {f"Person:{s.ref.key}" for s in suggested}:
                stale += 1
    finally:
        if added:
            batch = WriteBatch()
            batch.delete_relationships([rel.ref for rel in added])
            store.apply(batch)
        live.close()
    p95 = statistics.quantiles(delays, n=20)[-1] if len(delays) > 1 else delays[0]
    note = (
        f"{WRITES} writes: median {statistics.median(delays) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms; "
        f"{live.updates} catch-ups from the change log, {live.builds} full builds; "
        f"new teammates still suggested after {stale} of {WRITES} writes"
    )
    ctx.log(f"{title}: {note}; full rebuild {baseline:.2f} s")
    return spec.measure(p95, baseline, note)


def run(ctx: BenchContext) -> list[Figure]:
    """Measure write-to-suggestions freshness on every store of the run."""
    return each_store(ctx, figures, lambda kind, specs: [_measure(ctx, kind, specs[0])])
