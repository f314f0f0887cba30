"""GraphML export: Convene's streaming writer vs ``networkx.write_graphml`` of the same graph.

Convene's figure is :func:`graph.export.formats.write_export` in GraphML, reading the
store as it writes. The baseline builds the same exported graph (the same nodes, edges
and attributes, through the same :class:`~graph.export.common.ExportView`) as a NetworkX
``MultiDiGraph`` and times ``networkx.write_graphml`` alone, without the build.

Memory is the peak of the process's anonymous resident memory (its heap: Python objects
and C libraries such as lxml alike, but not pages of mapped database files) during the
write, above what it held when the write started, sampled every 5 ms; for the baseline
that is the memory above the graph itself. Each side runs in a fresh subprocess after a
warm-up read of the store, so neither inherits the other's heap. Linux only (``/proc``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.context import STORE_TITLES, BenchContext, each_store
from bench.figures import Figure, FigureSpec, ratio_at_most

__all__ = ["NAME", "figures", "run"]

NAME = "graphml"
_ROOT = Path(__file__).resolve().parents[2]
_TIMEOUT = 3600.0

TIME_GOAL = ratio_at_most(0.2, "≥ 5x faster than the baseline (ratio ≤ 0.2)")
MEMORY_GOAL = ratio_at_most(0.1, "≤ 10% of the baseline's peak")


def figures(stores: tuple[str, ...]) -> list[FigureSpec]:
    """Two figures per store: the export's time and its peak memory."""
    specs = []
    for kind in stores:
        title = STORE_TITLES[kind]
        specs.append(
            FigureSpec(
                f"GraphML export time ({title})",
                "s",
                "networkx.write_graphml of the same graph",
                TIME_GOAL,
                store=kind,
            )
        )
        specs.append(
            FigureSpec(
                f"GraphML export peak memory ({title})",
                "MB",
                "networkx.write_graphml of the same graph (above the graph itself)",
                MEMORY_GOAL,
                store=kind,
            )
        )
    return specs


# ------------------------------------------------------------- the child process


def _open(connection: dict[str, str]) -> Any:
    if connection["kind"] == "embedded":
        from graph.embedded.store import EmbeddedStore

        return EmbeddedStore.open(Path(connection["data_dir"]))
    from graph.neo4j.store import Neo4jStore

    return Neo4jStore.connect(connection["uri"], connection["user"], connection["password"])


def _anonymous_memory() -> int:
    """Bytes of this process's anonymous resident memory (its heap, not mapped files)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    raise OSError("no RssAnon in /proc/self/status")


class _PeakMemory:
    """Samples anonymous resident memory every few milliseconds while a block runs."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.before = self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.wait(self.interval):
            self.peak = max(self.peak, _anonymous_memory())

    def __enter__(self) -> _PeakMemory:
        self.before = self.peak = _anonymous_memory()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, _anonymous_memory())


def _measure(work: Callable[[], None]) -> dict[str, float]:
    with _PeakMemory() as memory:
        started = time.perf_counter()
        work()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": (memory.peak - memory.before) / 1e6}


def _convene(store: Any, out: Path) -> dict[str, float]:
    from graph.export.formats import ExportFormat, write_export

    def export() -> None:
        with out.open("wb") as handle:
            write_export(store, ExportFormat.GRAPHML, handle)

    for _ in store.iter_relationships():  # warm the store's caches
        pass
    return _measure(export)


def _networkx(store: Any, out: Path) -> dict[str, float]:
    import networkx as nx

    from graph.export.common import ExportView, end_ids, flat
    from graph.model import node_id

    def attributes(props: dict[str, Any]) -> dict[str, Any]:
        return {k: v if isinstance(v, (bool, int)) else flat(v) for k, v in props.items()}

    view = ExportView(store)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in view.nodes():
        node_attributes = attributes(dict(node.props))
        graph.add_node(node_id(node.label, node.key), type=node.label.value, **node_attributes)
    for rel in view.relationships():
        graph.add_edge(
            *end_ids(rel),
            key=rel.type.value,
            type=rel.type.value,
            **attributes(dict(rel.props)),
        )
    return _measure(lambda: nx.write_graphml(graph, out))


def child(argv: list[str]) -> None:
    """Measure one side (``convene`` or ``networkx``) and print the result as JSON."""
    side, connection = argv[0], json.loads(argv[1])
    store = _open(connection)
    with tempfile.TemporaryDirectory(prefix="convene-bench-graphml-") as scratch:
        out = Path(scratch) / "export.graphml"
        result = _convene(store, out) if side == "convene" else _networkx(store, out)
        result["bytes"] = out.stat().st_size
    store.close()
    print(json.dumps(result))


# ------------------------------------------------------------ the parent process


def _side(side: str, connection: dict[str, str]) -> dict[str, float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [sys.executable, "-m", "bench.workloads.graphml", side, json.dumps(connection)],
        cwd=_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"the {side} export failed: {last}")
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def _store_figures(ctx: BenchContext, kind: str, specs: list[FigureSpec]) -> list[Figure]:
    ctx.loaded_store(kind)
    connection = ctx.connection(kind)
    title = STORE_TITLES[kind]
    ctx.log(f"{title}: GraphML export by Convene")
    ours = _side("convene", connection)
    ctx.log(f"{title}: GraphML export by networkx.write_graphml")
    theirs = _side("networkx", connection)
    time_spec, memory_spec = specs
    size = f"{ours['bytes'] / 1e6:,.0f} MB written by Convene, {theirs['bytes'] / 1e6:,.0f} MB"
    figures = [
        time_spec.measure(
            ours["seconds"],
            theirs["seconds"],
            f"{size} by networkx; Convene's time includes reading the store, "
            "the baseline's excludes building the graph",
        ),
        memory_spec.measure(
            max(ours["peak_mb"], 0.001),
            theirs["peak_mb"],
            "peak anonymous resident memory during the write, above its start, each side "
            "in a fresh process",
        ),
    ]
    ctx.log(
        f"{title}: GraphML {ours['seconds']:.2f} s / {ours['peak_mb']:.1f} MB vs networkx "
        f"{theirs['seconds']:.2f} s / {theirs['peak_mb']:.1f} MB"
    )
    return figures


def run(ctx: BenchContext) -> list[Figure]:
    """Measure the GraphML export from every store of the run."""
    return each_store(ctx, figures, lambda kind, specs: _store_figures(ctx, kind, specs))


if __name__ == "__main__":
    child(sys.argv[1:])
