"""What a condition or an ordering means, before a store turns it into its own language.

The embedded store compiles conditions into SQL (:mod:`graph.embedded.conditions`), the
Neo4j store into Cypher (:mod:`graph.neo4j.conditions`). Both take from here which
property a condition names, which values it may be compared with, and whether a node
without the property meets it, so that a condition means the same in either store and
a wrong one is refused with the same message.

Examples
--------
>>> property_name(Label.PERSON, "country")
'country'
>>> range_bound(NODE_SPECS[Label.PROJECT].prop("started"), dt.date(2018, 1, 1), "started")
'2018-01-01'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from graph.model import NODE_SPECS, InvalidInput, Label, PropKind, PropSpec
from graph.store import Between, Contains

__all__ = [
    "Ordering",
    "list_item",
    "ordering",
    "plain",
    "property_name",
    "range_bound",
    "range_spec",
    "scalar_value",
    "unset_matches",
]

_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")

# The kinds of property whose values have an order a range can test.
_RANGE_KINDS = (PropKind.INT, PropKind.DATE, PropKind.STR, PropKind.TEXT)


def property_name(label: Label, prop: str) -> str:
    """The name of property ``prop`` of ``label``, safe to write into a statement.

    Parameters
    ----------
    label
        The node label whose spec names the property.
    prop
        A property name, as the condition gives it.

    Returns
    -------
    str
        The name from the model's spec (a plain identifier).

    Raises
    ------
    InvalidInput
        When ``label`` has no such property.

    Examples
    --------
    >>> property_name(Label.PERSON, "name")
    'name'
    >>> property_name(Label.PERSON, "name') --")
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: name') --: Person has no property "name') --"
    """
    spec = NODE_SPECS[label].prop(prop)
    if not _IDENTIFIER.fullmatch(spec.name):
        raise InvalidInput(prop, "is not a plain property name")
    return spec.name


def plain(value: Any) -> Any:
    """``value`` as stored: enums by their value, dates as ISO text, sequences as lists.

    Parameters
    ----------
    value
        A value from a condition (or a property's default).

    Returns
    -------
    Any
        The value as the stores keep it.

    Examples
    --------
    >>> from graph.model import Role
    >>> plain((Role.EDUCATOR, dt.date(2019, 5, 1)))
    ['educator', '2019-05-01']
    """
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def unset_matches(spec: PropSpec, value: Any) -> bool:
    """Whether a node without property ``spec`` meets ``spec = value``.

    A missing property reads as its default, and as ``None`` when it has none.

    Parameters
    ----------
    spec
        The property compared.
    value
        The plain value it is compared with (see :func:`plain`); ``None`` asks for
        nodes without it.

    Returns
    -------
    bool
        True when the property's default is ``value``, or both are ``None``.

    Examples
    --------
    >>> discoverable = NODE_SPECS[Label.PERSON].prop("discoverable")
    >>> unset_matches(discoverable, True), unset_matches(discoverable, None)
    (True, False)
    >>> unset_matches(NODE_SPECS[Label.PERSON].prop("city"), None)
    True
    """
    default = plain(spec.default)
    if value is None:
        return default is None
    return default is not None and type(default) is type(value) and default == value


def scalar_value(spec: PropSpec, value: Any, field: str) -> Any:
    """``value`` checked for comparing with a single-valued property ``spec``.

    Parameters
    ----------
    spec
        The property compared.
    value
        The plain value (see :func:`plain`).
    field
        The field named in the error.

    Returns
    -------
    Any
        ``value`` itself: a boolean for a boolean property, else text or a whole number.

    Raises
    ------
    InvalidInput
        When ``value`` is of another kind.

    Examples
    --------
    >>> scalar_value(NODE_SPECS[Label.PERSON].prop("discoverable"), 1, "discoverable")
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: discoverable: must be compared with true or false
    """
    if spec.kind is PropKind.BOOL:
        if not isinstance(value, bool):
            raise InvalidInput(field, "must be compared with true or false")
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidInput(field, f"cannot be compared with {type(value).__name__}")
    return value


def range_spec(label: Label, cond: Between) -> PropSpec:
    """The property a range condition tests, refused when its values have no order.

    Parameters
    ----------
    label
        The label of the tested nodes.
    cond
        The range condition.

    Returns
    -------
    PropSpec
        The property's spec.

    Raises
    ------
    InvalidInput
        When ``label`` has no such property, or it is a boolean or a list.

    Examples
    --------
    >>> range_spec(Label.PERSON, Between("roles", "a", "b"))
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: roles: cannot be compared by range (str_list)
    """
    spec = NODE_SPECS[label].prop(cond.prop)
    if spec.kind not in _RANGE_KINDS:
        raise InvalidInput(cond.prop, f"cannot be compared by range ({spec.kind.value})")
    return spec


def range_bound(spec: PropSpec, value: Any, field: str) -> Any:
    """One end of a range over property ``spec``, as stored.

    Parameters
    ----------
    spec
        The property tested (see :func:`range_spec`).
    value
        The bound.
    field
        The field named in the error.

    Returns
    -------
    Any
        A whole number for a number property, else text (dates as ISO text).

    Raises
    ------
    InvalidInput
        When the bound is of another kind.

    Examples
    --------
    >>> range_bound(NODE_SPECS[Label.PROJECT].prop("started"), 2018, "started")
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: started: bounds must be ISO dates or text
    """
    value = plain(value)
    if spec.kind is PropKind.INT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(field, "bounds must be whole numbers")
    elif not isinstance(value, str):
        raise InvalidInput(field, "bounds must be ISO dates or text")
    return value


def list_item(cond: Contains) -> str:
    """The item a list condition looks for.

    Parameters
    ----------
    cond
        The list condition.

    Returns
    -------
    str
        The item, as stored.

    Raises
    ------
    InvalidInput
        When the item is not text.

    Examples
    --------
    >>> from graph.model import Role
    >>> list_item(Contains("roles", Role.EDUCATOR))
    'educator'
    """
    value = plain(cond.value)
    if not isinstance(value, str):
        raise InvalidInput(cond.prop, "list items are text")
    return value


@dataclass(frozen=True, slots=True)
class Ordering:
    """How to order nodes of ``label``: by property ``prop`` (``None``: by key), then by key.

    ``required`` says that no node lacks the property; nodes that lack it come last,
    whichever the direction.

    >>> Ordering(Label.TOPIC, None, True, True).direction
    ' DESC'
    """

    label: Label
    prop: str | None
    descending: bool
    required: bool

    @property
    def direction(self) -> str:
        """The keyword after each sort term (``" DESC"`` or nothing)."""
        return " DESC" if self.descending else ""


def ordering(label: Label, order_by: str, descending: bool) -> Ordering:
    """The ordering of nodes of ``label`` by ``order_by``.

    Parameters
    ----------
    label
        The label of the ordered nodes.
    order_by
        ``key`` or a property name of ``label``.
    descending
        Whether larger values come first (missing values stay last).

    Returns
    -------
    Ordering
        The property (checked by :func:`property_name`), direction and whether it is
        required.

    Examples
    --------
    >>> ordering(Label.PERSON, "key", False).prop
    >>> ordering(Label.PERSON, "city", True)
    Ordering(label=<Label.PERSON: 'Person'>, prop='city', descending=True, required=False)
    """
    if order_by == "key":
        return Ordering(label, None, descending, True)
    name = property_name(label, order_by)
    return Ordering(label, name, descending, NODE_SPECS[label].prop(order_by).required)
