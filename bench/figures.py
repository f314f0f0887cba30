"""What a benchmark reports: a figure, the baseline measured beside it, and its goal.

Every figure is measured in the same run as its baseline, so that the ratio between
them means something on a shared, noisy machine. ``ratio`` is always
``value / baseline_value``: above 1 for a throughput that beats its baseline, below 1
for a time that does.

Examples
--------
>>> goal = Goal.all_of(ratio_at_least(20), value_at_least(50_000, "relationships/s"))
>>> figure = Figure.measured(
...     "bulk import (embedded)", 60_000.0, "relationships/s",
...     "one relationship per transaction", 1_000.0, goal)
>>> figure.ratio, figure.met, figure.goal
(60.0, True, '≥ 20x the baseline and ≥ 50,000 relationships/s')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

__all__ = [
    "Figure",
    "FigureSpec",
    "Goal",
    "ratio_at_least",
    "ratio_at_most",
    "value_at_least",
    "value_at_most",
]

Check = Callable[[float, float], bool]


def _number(value: float) -> str:
    if value >= 1000 and float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:g}"


@dataclass(frozen=True, slots=True)
class Goal:
    """A human-readable goal and the check behind it (given value and baseline value)."""

    text: str
    check: Check

    @staticmethod
    def all_of(*goals: Goal) -> Goal:
        """Every goal must hold.

        >>> Goal.all_of(ratio_at_most(2), value_at_most(30, "s")).text
        '≤ 2x the baseline and ≤ 30 s'
        """
        return Goal(
            " and ".join(goal.text for goal in goals),
            lambda value, baseline: all(goal.check(value, baseline) for goal in goals),
        )


def ratio_at_least(times: float, text: str | None = None) -> Goal:
    """The value is at least ``times`` the baseline value (a throughput).

    >>> ratio_at_least(0.5, "≥ 50% of the floor").check(60.0, 100.0)
    True
    """
    return Goal(
        text or f"≥ {_number(times)}x the baseline",
        lambda value, baseline: baseline > 0 and value / baseline >= times,
    )


def ratio_at_most(times: float, text: str | None = None) -> Goal:
    """The value is at most ``times`` the baseline value (a time or a size).

    >>> ratio_at_most(3).check(2.0, 1.0)
    True
    """
    return Goal(
        text or f"≤ {_number(times)}x the baseline",
        lambda value, baseline: baseline > 0 and value / baseline <= times,
    )


def value_at_least(limit: float, unit: str) -> Goal:
    """The value itself is at least ``limit``.

    >>> value_at_least(50_000, "relationships/s").text
    '≥ 50,000 relationships/s'
    """
    return Goal(f"≥ {_number(limit)} {unit}", lambda value, _baseline: value >= limit)


def value_at_most(limit: float, unit: str) -> Goal:
    """The value itself is at most ``limit``.

    >>> value_at_most(50, "ms").check(49.0, 1.0)
    True
    """
    return Goal(f"≤ {_number(limit)} {unit}", lambda value, _baseline: value <= limit)


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured figure next to its baseline; ``value`` is None when not measured."""

    name: str
    value: float | None
    unit: str
    baseline: str
    baseline_value: float | None
    ratio: float | None
    goal: str
    met: bool
    store: str | None = None
    note: str = ""

    @classmethod
    def measured(
        cls,
        name: str,
        value: float,
        unit: str,
        baseline: str,
        baseline_value: float,
        goal: Goal,
        *,
        store: str | None = None,
        note: str = "",
    ) -> Figure:
        """A figure measured with its baseline; the ratio and the verdict follow."""
        ratio = value / baseline_value if baseline_value else None
        return cls(
            name=name,
            value=value,
            unit=unit,
            baseline=baseline,
            baseline_value=baseline_value,
            ratio=ratio,
            goal=goal.text,
            met=goal.check(value, baseline_value),
            store=store,
            note=note,
        )

    @classmethod
    def not_measured(
        cls,
        name: str,
        unit: str,
        baseline: str,
        goal: Goal,
        reason: str,
        *,
        store: str | None = None,
    ) -> Figure:
        """A figure that could not be measured, and why (never counts as met).

        >>> Figure.not_measured("x", "s", "y", ratio_at_most(2), "Neo4j did not start").note
        'not measured: Neo4j did not start'
        """
        return cls(
            name=name,
            value=None,
            unit=unit,
            baseline=baseline,
            baseline_value=None,
            ratio=None,
            goal=goal.text,
            met=False,
            store=store,
            note=f"not measured: {reason}",
        )

    def as_json(self) -> dict[str, Any]:
        """The figure as the object ``results.json`` lists."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class FigureSpec:
    """A figure a workload promises to report, before it is measured.

    >>> spec = FigureSpec("projection (embedded)", "s", "streaming the rows", ratio_at_most(2))
    >>> spec.measure(3.0, 2.0).met, spec.skip("no data").value is None
    (True, True)
    """

    name: str
    unit: str
    baseline: str
    goal: Goal
    store: str | None = None

    def measure(self, value: float, baseline_value: float, note: str = "") -> Figure:
        """The figure with its measured value and baseline value."""
        return Figure.measured(
            self.name,
            value,
            self.unit,
            self.baseline,
            baseline_value,
            self.goal,
            store=self.store,
            note=note,
        )

    def skip(self, reason: str) -> Figure:
        """The figure, reported as not measured for ``reason``."""
        return Figure.not_measured(
            self.name, self.unit, self.baseline, self.goal, reason, store=self.store
        )
