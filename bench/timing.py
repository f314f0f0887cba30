"""Clocks and statistics the workloads share.

Examples
--------
>>> with Stopwatch() as watch:
...     _ = sum(range(1000))
>>> watch.seconds >= 0
True
>>> percentile([1.0, 2.0, 3.0, 4.0], 50)
2.5
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TypeVar

__all__ = ["Stopwatch", "best_of", "percentile"]

T = TypeVar("T")


class Stopwatch:
    """Wall-clock seconds spent inside a ``with`` block (``time.perf_counter``)."""

    def __init__(self) -> None:
        self.started = 0.0
        self.seconds = 0.0

    def __enter__(self) -> Stopwatch:
        self.started = time.perf_counter()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.seconds = time.perf_counter() - self.started


def best_of(repeats: int, work: Callable[[], T]) -> tuple[float, T]:
    """Run ``work`` ``repeats`` times; the shortest time and the last result.

    The shortest run is the one least disturbed by the rest of the machine.

    >>> seconds, result = best_of(2, lambda: 42)
    >>> result
    42
    """
    best = math.inf
    last: list[T] = []
    for _ in range(max(1, repeats)):
        with Stopwatch() as watch:
            result = work()
        best = min(best, watch.seconds)
        last[:] = [result]
    return best, last[0]


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation, as numpy's default.

    >>> percentile([10.0, 20.0, 30.0], 99)
    29.8
    """
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
