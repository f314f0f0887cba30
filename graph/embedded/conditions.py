"""Compile store conditions and orderings into SQL over a ``nodes`` row named ``n``.

Property names reach the SQL text only after they were found in the model's specs (and
checked to be plain identifiers); values are always bound as ``?`` parameters.

Examples
--------
>>> where = compile_where(Label.PERSON, [Eq("country", "Chile")])
>>> where.sql
"json_extract(n.props, '$.country') = ?"
>>> where.params
('Chile',)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from graph import conditions as shared
from graph.model import NODE_SPECS, Direction, InvalidInput, Label, PropKind
from graph.store import Between, Condition, Contains, Eq, Related, check_conditions

__all__ = ["Fragment", "compile_order", "compile_where", "json_path"]


@dataclass(frozen=True, slots=True)
class Fragment:
    """A piece of SQL and the parameters its ``?`` placeholders take, in order.

    >>> Fragment("1", ()).sql
    '1'
    """

    sql: str
    params: tuple[Any, ...]


def json_path(label: Label, prop: str) -> str:
    """The SQL string literal of the JSON path to property ``prop`` of ``label``.

    The name is the one :func:`graph.conditions.property_name` finds in the model (or
    ``InvalidInput``), so no text of the caller's reaches the SQL.

    >>> json_path(Label.PERSON, "name")
    "'$.name'"
    """
    return f"'$.{shared.property_name(label, prop)}'"


def _eq(label: Label, cond: Eq) -> Fragment:
    spec = NODE_SPECS[label].prop(cond.prop)
    path = json_path(label, cond.prop)
    value = shared.plain(cond.value)
    missing = f"json_type(n.props, {path}) IS NULL"
    if value is None:
        return Fragment(missing if shared.unset_matches(spec, value) else "0", ())
    if spec.kind is PropKind.STR_LIST:
        if not isinstance(value, list):
            raise InvalidInput(cond.prop, "is a list property; compare it with a list")
        test = f"json_extract(n.props, {path}) = json(?)"
        param: Any = orjson.dumps(value).decode()
    else:
        test = f"json_extract(n.props, {path}) = ?"
        param = shared.scalar_value(spec, value, cond.prop)
        if isinstance(param, bool):
            # JSON booleans read back from json_extract as 1 and 0.
            param = int(param)
    if shared.unset_matches(spec, value):
        return Fragment(f"({missing} OR {test})", (param,))
    return Fragment(test, (param,))


def _between(label: Label, cond: Between) -> Fragment:
    spec = shared.range_spec(label, cond)
    path = json_path(label, cond.prop)
    value = f"json_extract(n.props, {path})"
    tests: list[str] = []
    params: list[Any] = []
    if cond.low is not None:
        tests.append(f"{value} >= ?")
        params.append(shared.range_bound(spec, cond.low, cond.prop))
    if cond.high is not None:
        tests.append(f"{value} <= ?")
        params.append(shared.range_bound(spec, cond.high, cond.prop))
    if not tests:
        tests.append(f"json_type(n.props, {path}) IS NOT NULL")
    return Fragment(" AND ".join(tests), tuple(params))


def _contains(label: Label, cond: Contains) -> Fragment:
    path = json_path(label, cond.prop)
    return Fragment(
        f"EXISTS (SELECT 1 FROM json_each(n.props, {path}) AS item WHERE item.value = ?)",
        (shared.list_item(cond),),
    )


def _related(label: Label, cond: Related) -> Fragment:
    # The node's own side of the relationship is looked up through an index: the
    # other end is bound, so the subquery reads a prefix of relationships_by_end
    # (OUT) or of the primary key (IN).
    other = cond.other
    if cond.direction is Direction.OUT:
        return Fragment(
            "n.key IN (SELECT rel.start_key FROM relationships AS rel WHERE rel.end_label = ? "
            "AND rel.end_key = ? AND rel.type = ? AND rel.start_label = ?)",
            (other.label.value, other.key, cond.rel_type.value, label.value),
        )
    return Fragment(
        "n.key IN (SELECT rel.end_key FROM relationships AS rel WHERE rel.type = ? "
        "AND rel.start_label = ? AND rel.start_key = ? AND rel.end_label = ?)",
        (cond.rel_type.value, other.label.value, other.key, label.value),
    )


def compile_where(label: Label, conditions: Sequence[Condition]) -> Fragment:
    """The SQL test that a node ``n`` of ``label`` meets every condition.

    Parameters
    ----------
    label
        The label of the nodes tested (it fixes the property specs and defaults).
    conditions
        Conditions that must all hold.

    Returns
    -------
    Fragment
        ``1`` (always true) when there are no conditions.

    Raises
    ------
    InvalidInput
        When a condition names a property ``label`` does not have, or compares it with
        a value of the wrong kind.

    Examples
    --------
    >>> compile_where(Label.PERSON, []).sql
    '1'
    >>> print(compile_where(Label.PERSON, [Eq("discoverable", True)]).sql)
    (json_type(n.props, '$.discoverable') IS NULL OR json_extract(n.props, '$.discoverable') = ?)
    >>> compile_where(Label.PROJECT, [Between("started", "2018-01-01", None)]).params
    ('2018-01-01',)
    """
    check_conditions(label, conditions)
    fragments: list[Fragment] = []
    for cond in conditions:
        if isinstance(cond, Eq):
            fragments.append(_eq(label, cond))
        elif isinstance(cond, Contains):
            fragments.append(_contains(label, cond))
        elif isinstance(cond, Between):
            fragments.append(_between(label, cond))
        else:
            fragments.append(_related(label, cond))
    if not fragments:
        return Fragment("1", ())
    return Fragment(
        " AND ".join(f.sql for f in fragments),
        tuple(param for f in fragments for param in f.params),
    )


def compile_order(order: shared.Ordering) -> str:
    """The SQL after ``ORDER BY`` that sorts nodes ``n`` as ``order`` says.

    ``order`` comes from :func:`graph.conditions.ordering`; ties go by key.

    >>> from graph.conditions import ordering
    >>> compile_order(ordering(Label.PERSON, "key", True))
    'n.key DESC'
    >>> compile_order(ordering(Label.PERSON, "name", False))
    "json_extract(n.props, '$.name'), n.key"
    >>> print(compile_order(ordering(Label.PERSON, "city", True)))
    json_type(n.props, '$.city') IS NULL, json_extract(n.props, '$.city') DESC, n.key
    """
    if order.prop is None:
        return f"n.key{order.direction}"
    path = json_path(order.label, order.prop)
    value = f"json_extract(n.props, {path}){order.direction}, n.key"
    if order.required:
        # A required property is never missing; leaving out the test lets the
        # nodes_by_name index serve the order.
        return value
    return f"json_type(n.props, {path}) IS NULL, {value}"
