"""Filters of the root listings as store conditions.

A listing's filter is a table of rules, one per filter field: :class:`Equals` (a
property has the value), :class:`Holds` (a list property holds it), :class:`Linked`
(a relationship to the node with that key) and :class:`Within` (a date
property within a range). :func:`conditions_of` turns the fields a client gave into
the store's conditions; every given filter must hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from graph.model import Direction, Label, NodeRef, RelType
from graph.store import Between, Condition, Contains, Eq, Related
from graph.validation import validate_key

__all__ = ["Equals", "FilterRule", "Holds", "Linked", "Within", "between", "conditions_of"]


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


@dataclass(frozen=True, slots=True)
class Equals:
    """The property ``prop`` equals the value (an enum's member: its value).

    >>> Equals("country").conditions("US", "country")
    [Eq(prop='country', value='US')]
    """

    prop: str

    def conditions(self, value: Any, field: str) -> list[Condition]:
        """The conditions of ``value`` given for the filter ``field``."""
        return [Eq(self.prop, _plain(value))]


@dataclass(frozen=True, slots=True)
class Holds:
    """The list property ``prop`` holds the value.

    >>> from graph.model import Role
    >>> Holds("roles").conditions(Role.RESEARCHER, "role")
    [Contains(prop='roles', value='researcher')]
    """

    prop: str

    def conditions(self, value: Any, field: str) -> list[Condition]:
        """The conditions of ``value`` given for the filter ``field``."""
        return [Contains(self.prop, _plain(value))]


@dataclass(frozen=True, slots=True)
class Linked:
    """A relationship of ``rel_type`` in ``direction`` leads to the node of ``label``
    whose key is the value (the key is checked, naming the filter field).

    >>> Linked(RelType.ABOUT, Direction.OUT, Label.TOPIC).conditions("math", "topic")[0].other
    NodeRef(label=<Label.TOPIC: 'Topic'>, key='math')
    """

    rel_type: RelType
    direction: Direction
    label: Label

    def conditions(self, value: Any, field: str) -> list[Condition]:
        """The conditions of ``value`` given for the filter ``field``."""
        other = NodeRef(self.label, validate_key(value, field))
        return [Related(self.rel_type, self.direction, other)]


@dataclass(frozen=True, slots=True)
class Within:
    """The date property ``prop`` lies within ``(low, high)``, both inclusive, either
    open (None).

    >>> Within("starts").conditions((dt.date(2019, 1, 1), None), "starts")
    [Between(prop='starts', low='2019-01-01', high=None)]
    """

    prop: str

    def conditions(self, value: Any, field: str) -> list[Condition]:
        """The conditions of ``value`` given for the filter ``field``."""
        low, high = value
        return between(self.prop, low, high)


FilterRule = Equals | Holds | Linked | Within


def conditions_of(
    rules: Mapping[str, FilterRule], given: Iterable[tuple[str, Any]]
) -> list[Condition]:
    """The store conditions of the filter fields given (name, value), by ``rules``;
    a field given as None is left out.

    >>> conditions_of({"country": Equals("country")}, [("country", "US")])
    [Eq(prop='country', value='US')]
    """
    out: list[Condition] = []
    for name, value in given:
        if value is not None:
            out += rules[name].conditions(value, name)
    return out


def between(prop: str, low: dt.date | None, high: dt.date | None) -> list[Condition]:
    """``[Between(prop, low, high)]`` on ISO dates, or ``[]`` when both ends are open.

    >>> between("starts", dt.date(2019, 1, 1), None)
    [Between(prop='starts', low='2019-01-01', high=None)]
    """
    if low is None and high is None:
        return []
    return [
        Between(
            prop,
            None if low is None else low.isoformat(),
            None if high is None else high.isoformat(),
        )
    ]
