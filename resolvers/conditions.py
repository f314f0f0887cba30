"""Filter arguments as store conditions: shared helpers for the domain resolvers."""

from __future__ import annotations

import datetime as dt

from graph.model import Direction, Label, NodeRef, RelType, validate_key
from graph.store import Between, Condition, Related

__all__ = ["between", "related_to"]


def related_to(
    rel_type: RelType, direction: Direction, label: Label, key: str | None, field: str
) -> list[Condition]:
    """``[Related(...)]`` when a key was given (checked, naming ``field``), else ``[]``.

    >>> related_to(RelType.ABOUT, Direction.OUT, Label.TOPIC, "math", "topic")[0].other.key
    'math'
    """
    if key is None:
        return []
    return [Related(rel_type, direction, NodeRef(label, validate_key(key, field)))]


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
