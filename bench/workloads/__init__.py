"""The benchmark's workloads, one module each, in the order a run measures them.

A workload module has ``NAME`` (what ``--workloads`` selects it by), ``figures(stores)``
(the :class:`~bench.figures.FigureSpec` of every figure it reports, so that a failed
workload can still be reported) and ``run(context)`` (the measured figures). To add one,
write the module and list it in :data:`WORKLOADS`.

The import runs first: it loads the stores that the later workloads read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from bench.context import BenchContext
from bench.figures import Figure, FigureSpec
from bench.workloads import (
    analytics,
    bulk_import,
    freshness,
    graphml,
    http_nested,
    http_revalidate,
    http_suggestions,
    http_throughput,
    live,
    projection,
    query_mix,
)

__all__ = ["WORKLOADS", "Workload", "workload_names"]


@dataclass(frozen=True, slots=True)
class Workload:
    """A workload's name, its promised figures and how to run it."""

    name: str
    figures: Callable[[tuple[str, ...]], list[FigureSpec]]
    run: Callable[[BenchContext], list[Figure]]

    @classmethod
    def of(cls, module: ModuleType) -> Workload:
        """The workload a module defines."""
        return cls(module.NAME, module.figures, module.run)


WORKLOADS: tuple[Workload, ...] = tuple(
    Workload.of(module)
    for module in (
        bulk_import,
        projection,
        freshness,
        analytics,
        graphml,
        http_nested,
        http_throughput,
        http_revalidate,
        http_suggestions,
        query_mix,
        live,
    )
)


def workload_names() -> list[str]:
    """The names ``--workloads`` accepts, in run order.

    >>> workload_names()[0]
    'import'
    """
    return [workload.name for workload in WORKLOADS]
