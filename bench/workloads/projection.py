"""Projection rebuild: :func:`graph.projection.project` vs streaming the same rows bare.

The baseline reads every node and relationship through the same store calls the
projection uses (``iter_nodes``, ``iter_relationships``) and does nothing with them, so
the ratio is the cost of building the NetworkX graphs on top of reading. A streaming
pass warms the store first; each side runs ``repeats`` times and keeps its best time.
"""

from __future__ import annotations

from bench.context import STORE_TITLES, BenchContext, StoreUnavailable, one_per_store
from bench.figures import Figure, FigureSpec, Goal, ratio_at_most, value_at_most
from bench.timing import best_of
from graph.store import GraphStore

__all__ = ["NAME", "figures", "run"]

NAME = "projection"

GOAL = Goal.all_of(ratio_at_most(2), value_at_most(30, "s"))


def figures(stores: tuple[str, ...]) -> list[FigureSpec]:
    """The figures this workload reports, one per store."""
    return one_per_store(
        stores,
        "projection rebuild",
        "s",
        "streaming the same rows with no processing",
        GOAL,
    )


def stream(store: GraphStore) -> int:
    """Read every node and relationship and drop them; how many rows were read."""
    rows = 0
    for _ in store.iter_nodes():
        rows += 1
    for _ in store.iter_relationships():
        rows += 1
    return rows


def _measure(ctx: BenchContext, kind: str, spec: FigureSpec) -> Figure:
    from graph.projection import project

    store = ctx.loaded_store(kind)
    title = STORE_TITLES[kind]
    ctx.log(f"{title}: warming up with one streaming pass")
    stream(store)
    repeats = ctx.options.repeats
    ctx.log(f"{title}: streaming every row, best of {repeats} (timed)")
    baseline, rows = best_of(repeats, lambda: stream(store))
    ctx.log(f"{title}: rebuilding the projection, best of {repeats} (timed)")
    seconds, network = best_of(repeats, lambda: project(store))
    note = (
        f"{rows:,} rows streamed; network: {len(network.graph):,} nodes, "
        f"{network.graph.number_of_edges():,} edges; tie graph: "
        f"{network.ties.number_of_edges():,} ties between "
        f"{len(network.ties):,} people"
    )
    del network
    figure = spec.measure(seconds, baseline, note)
    ctx.log(
        f"{title}: projection {seconds:.2f} s vs streaming {baseline:.2f} s ({figure.ratio:.2f}x)"
    )
    return figure


def run(ctx: BenchContext) -> list[Figure]:
    """Measure the projection rebuild on every store of the run."""
    results = []
    for spec in figures(ctx.options.stores):
        assert spec.store is not None
        try:
            results.append(_measure(ctx, spec.store, spec))
        except StoreUnavailable as error:
            results.append(spec.skip(error.reason))
        except ImportError as error:
            results.append(spec.skip(f"graph/projection.py cannot be imported ({error})"))
    return results
