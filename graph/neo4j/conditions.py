"""Compile store conditions and orderings into Cypher over a node variable.

Property names reach the Cypher text only after they were found in the model's specs
(and checked to be plain identifiers); values always travel as ``$parameters``,
collected in a :class:`Params`.

Examples
--------
>>> params = Params()
>>> compile_where("n", Label.PERSON, [Eq("country", "Chile")], params)
'n.country = $w0'
>>> params.values
{'w0': 'Chile'}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph import conditions as shared
from graph.model import NODE_SPECS, Direction, InvalidInput, Label, PropKind, RelType
from graph.neo4j.queries import arrows
from graph.store import Between, Condition, Contains, Eq, Related, check_conditions

__all__ = ["Params", "compile_order", "compile_where"]


class Params:
    """Parameters collected while compiling, each under a fresh name.

    >>> params = Params()
    >>> params.add(3), params.add("x")
    ('$w0', '$w1')
    >>> params.values
    {'w0': 3, 'w1': 'x'}
    """

    def __init__(self, prefix: str = "w") -> None:
        self.prefix = prefix
        self.values: dict[str, Any] = {}

    def add(self, value: Any) -> str:
        """Keep ``value`` and return the ``$name`` to put in the statement.

        Parameters
        ----------
        value
            Any value the driver can send.

        Returns
        -------
        str
            The parameter's reference, such as ``$w0``.

        Examples
        --------
        >>> Params(prefix="c").add(True)
        '$c0'
        """
        name = f"{self.prefix}{len(self.values)}"
        self.values[name] = value
        return f"${name}"


def _property(var: str, label: Label, prop: str) -> str:
    return f"{var}.{shared.property_name(label, prop)}"


def _eq(var: str, label: Label, cond: Eq, params: Params) -> str:
    spec = NODE_SPECS[label].prop(cond.prop)
    prop = _property(var, label, cond.prop)
    value = shared.plain(cond.value)
    missing = f"{prop} IS NULL"
    if value is None:
        return missing if shared.unset_matches(spec, value) else "false"
    if spec.kind is PropKind.STR_LIST:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise InvalidInput(cond.prop, "is a list property; compare it with a list of text")
        test = f"{prop} = {params.add(value)}"
    else:
        test = f"{prop} = {params.add(shared.scalar_value(spec, value, cond.prop))}"
    if shared.unset_matches(spec, value):
        return f"({missing} OR {test})"
    return test


def _between(var: str, label: Label, cond: Between, params: Params) -> str:
    spec = shared.range_spec(label, cond)
    prop = _property(var, label, cond.prop)
    tests: list[str] = []
    if cond.low is not None:
        tests.append(f"{prop} >= {params.add(shared.range_bound(spec, cond.low, cond.prop))}")
    if cond.high is not None:
        tests.append(f"{prop} <= {params.add(shared.range_bound(spec, cond.high, cond.prop))}")
    if not tests:
        tests.append(f"{prop} IS NOT NULL")
    return " AND ".join(tests)


def _contains(var: str, label: Label, cond: Contains, params: Params) -> str:
    prop = _property(var, label, cond.prop)
    return f"{params.add(shared.list_item(cond))} IN {prop}"


def _related(var: str, cond: Related, params: Params) -> str:
    if not isinstance(cond.rel_type, RelType) or not isinstance(cond.other.label, Label):
        raise InvalidInput("related", "needs a relationship type and a label from the model")
    arrow = arrows(cond.rel_type, Direction(cond.direction))[1]
    other = f"(:{cond.other.label.value} {{key: {params.add(cond.other.key)}}})"
    return f"EXISTS {{ MATCH ({var}){arrow}{other} }}"


def compile_where(var: str, label: Label, conditions: Sequence[Condition], params: Params) -> str:
    """The Cypher test that node ``var`` of ``label`` meets every condition.

    Parameters
    ----------
    var
        The variable the statement binds the tested nodes to.
    label
        The label of the tested nodes (it fixes the property specs and defaults).
    conditions
        Conditions that must all hold.
    params
        Where the values go; the text refers to them by name.

    Returns
    -------
    str
        ``true`` when there are no conditions.

    Raises
    ------
    InvalidInput
        On a property ``label`` lacks or a value of the wrong kind (see
        :mod:`graph.conditions`).

    Examples
    --------
    >>> params = Params()
    >>> compile_where("n", Label.PERSON, [Eq("discoverable", True)], params)
    '(n.discoverable IS NULL OR n.discoverable = $w0)'
    >>> compile_where("b", Label.PROJECT, [Between("started", "2018-01-01")], params)
    'b.started >= $w1'
    >>> compile_where("n", Label.PERSON, [Eq("shoe_size", 42)], params)
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: shoe_size: Person has no property 'shoe_size'
    """
    check_conditions(label, conditions)
    tests: list[str] = []
    for cond in conditions:
        if isinstance(cond, Eq):
            tests.append(_eq(var, label, cond, params))
        elif isinstance(cond, Contains):
            tests.append(_contains(var, label, cond, params))
        elif isinstance(cond, Between):
            tests.append(_between(var, label, cond, params))
        elif isinstance(cond, Related):
            tests.append(_related(var, cond, params))
        else:
            raise InvalidInput("where", f"unknown condition {type(cond).__name__}")
    return " AND ".join(tests) if tests else "true"


def compile_order(order: shared.Ordering) -> str:
    """The Cypher after ``ORDER BY`` that sorts nodes ``n`` as ``order`` says.

    ``order`` comes from :func:`graph.conditions.ordering`. Nodes without the property
    come last, whichever the direction; ties go by key.

    >>> from graph.conditions import ordering
    >>> compile_order(ordering(Label.PERSON, "key", True))
    'n.key DESC'
    >>> compile_order(ordering(Label.PERSON, "city", True))
    'n.city IS NULL, n.city DESC, n.key'
    """
    if order.prop is None:
        return f"n.key{order.direction}"
    prop = f"n.{order.prop}"
    return f"{prop} IS NULL, {prop}{order.direction}, n.key"
