"""Input types: filters and orderings of the root connections, and mutation inputs.

The filter and order inputs of a root listing are built from one small table per label
(:func:`listing_inputs`: each filter's type, description and rule, and the properties
it sorts by besides key and name).

Mutation inputs follow Relay: one ``input`` object with a ``clientMutationId`` that the
payload echoes. In update inputs, a field left out is kept and a field set to null is
cleared. The inputs of the create, update and delete mutations of the node types and
of the relationship mutations are built from the model by :mod:`schema.crud`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import strawberry
from strawberry import UNSET
from strawberry.utils.str_converters import to_camel_case

from graph.model import Direction, Label, RelType
from graph.store import Condition
from resolvers.conditions import Equals, FilterRule, Holds, Linked, Within, conditions_of
from schema.enums import (
    GatheringKindEnum,
    OrderDirection,
    OrganizationKindEnum,
    RoleEnum,
    SectorEnum,
    StageEnum,
)

__all__ = [
    "CLUSTERS",
    "GATHERINGS",
    "ORGANIZATIONS",
    "PEOPLE",
    "PROJECTS",
    "DateRange",
    "ErasePersonInput",
    "Filtering",
    "SetPersonConsentInput",
    "class_body",
    "filter_conditions",
    "key_field",
    "listing_inputs",
    "mutation_id_field",
    "order_of",
    "props_of",
]

_CLIENT_MUTATION_ID = "A value of your choice, returned unchanged in the payload."
_NOT_PROPS = {"client_mutation_id", "key"}


def props_of(data: Any) -> dict[str, Any]:
    """The node properties an input sets: every field given, except key and
    ``clientMutationId`` (null stays None, which clears the property on update)."""
    return {
        f.name: getattr(data, f.name)
        for f in dataclasses.fields(data)
        if f.name not in _NOT_PROPS and getattr(data, f.name) is not UNSET
    }


def filter_conditions(data: Any) -> list[Condition]:
    """The store conditions of a filter input built by :func:`filter_input`: every field
    given, by its rule, a date range as ``(from, to)``.

    >>> from graph.model import Stage
    >>> before_2020 = DateRange(to=dt.date(2020, 1, 1))
    >>> filter_conditions(PROJECTS.filter_type(stage=Stage.PILOT, started=before_2020))
    [Eq(prop='stage', value='pilot'), Between(prop='started', low=None, high='2020-01-01')]
    """
    given = []
    for f in dataclasses.fields(data):
        value = getattr(data, f.name)
        if isinstance(value, DateRange):
            value = (value.from_, value.to)
        given.append((to_camel_case(f.name), value))
    return conditions_of(_RULES[type(data)], given)


def order_of(order: Any, default: str = "name") -> tuple[str, bool]:
    """``(property, descending)`` of an order input (or of the default order)."""
    if order is None:
        return default, False
    return order.field.value, order.direction is OrderDirection.DESC


def class_body(doc: str, fields: Mapping[str, tuple[Any, Any]]) -> dict[str, Any]:
    """The body of a strawberry class built at run time: ``fields`` (name -> (type,
    strawberry field)) and the docstring ``doc``."""
    body: dict[str, Any] = {name: field for name, (_, field) in fields.items()}
    body["__annotations__"] = {name: type_ for name, (type_, _) in fields.items()}
    body["__doc__"] = doc
    body["__module__"] = __name__
    return body


# ----------------------------------------------------------------- filters and orders


@strawberry.input(description="An inclusive range of dates; either end may be left open.")
class DateRange:
    """From and to, both inclusive."""

    from_: dt.date | None = strawberry.field(
        name="from", default=None, description="The earliest date (inclusive)."
    )
    to: dt.date | None = strawberry.field(default=None, description="The latest date (inclusive).")


_RULES: dict[type, dict[str, FilterRule]] = {}


def filter_input(
    label: Label, plural: str, fields: Mapping[str, tuple[Any, str, FilterRule]]
) -> Any:
    """``<Label>Filter``: the filters of the listing of ``plural``, each optional
    (``fields``: name -> (type, description, the rule that makes it store conditions;
    :mod:`resolvers.conditions`)); :func:`filter_conditions` applies the rules."""
    body = class_body(
        f"Filters of ``{plural}``.",
        {
            name: (type_ | None, strawberry.field(default=None, description=description))
            for name, (type_, description, _) in fields.items()
        },
    )
    filter_type = strawberry.input(
        type(f"{label.value}Filter", (), body),
        description=f"Narrow `{plural}` down; every filter given must hold.",
    )
    _RULES[filter_type] = {to_camel_case(name): rule for name, (_, _, rule) in fields.items()}
    return filter_type


def order_input(label: Label, plural: str, sort_keys: Mapping[str, str]) -> Any:
    """``<Label>Order``: a sort key of ``<Label>OrderField`` (the key, the display name
    and ``sort_keys``: property -> description) and a direction."""
    keys = {"key": "The key.", "name": "The display name.", **sort_keys}
    members = {key.upper(): strawberry.enum_value(key, description=d) for key, d in keys.items()}
    enum_name = f"{label.value}OrderField"
    field_enum: Any = Enum(enum_name, members)  # type: ignore[misc]  # built at run time
    field_enum.__doc__ = f"Sort keys of {plural}."
    body = class_body(
        "Field and direction.",
        {
            "field": (
                strawberry.enum(field_enum, description=f"What `{plural}` can be ordered by."),
                strawberry.field(description="What to sort by."),
            ),
            "direction": (
                OrderDirection,
                strawberry.field(default=OrderDirection.ASC, description="Which way."),
            ),
        },
    )
    return strawberry.input(
        type(f"{label.value}Order", (), body), description=f"How to order `{plural}`."
    )


@dataclass(frozen=True, slots=True)
class Filtering:
    """How a root listing narrows and orders its nodes: the filter and order inputs,
    and what the argument texts call the nodes (``people``)."""

    plural: str
    filter_type: Any
    order_type: Any


def listing_inputs(
    label: Label,
    plural: str,
    filters: Mapping[str, tuple[Any, str, FilterRule]],
    sort_keys: Mapping[str, str],
) -> Filtering:
    """The filter (:func:`filter_input`) and order (:func:`order_input`) inputs of the
    root listing of ``label``'s nodes, called ``plural`` in texts."""
    return Filtering(
        plural, filter_input(label, plural, filters), order_input(label, plural, sort_keys)
    )


PEOPLE = listing_inputs(
    Label.PERSON,
    "people",
    {
        "role": (RoleEnum, "Has this role.", Holds("roles")),
        "country": (str, "Lives in this country.", Equals("country")),
        "organization": (
            str,
            "Is affiliated with the organization with this key.",
            Linked(RelType.AFFILIATED_WITH, Direction.OUT, Label.ORGANIZATION),
        ),
        "project": (
            str,
            "Is on the team of the project with this key.",
            Linked(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT),
        ),
        "gathering": (
            str,
            "Attended the gathering with this key.",
            Linked(RelType.ATTENDED, Direction.OUT, Label.GATHERING),
        ),
        "topic": (
            str,
            "Is interested in the topic with this key.",
            Linked(RelType.INTERESTED_IN, Direction.OUT, Label.TOPIC),
        ),
        "skill": (
            str,
            "Is skilled in the topic with this key.",
            Linked(RelType.SKILLED_IN, Direction.OUT, Label.TOPIC),
        ),
    },
    {"country": "The country (unset last)."},
)


ORGANIZATIONS = listing_inputs(
    Label.ORGANIZATION,
    "organizations",
    {
        "kind": (OrganizationKindEnum, "Is this kind.", Equals("kind")),
        "sector": (SectorEnum, "Works in this sector.", Holds("sectors")),
        "country": (str, "Is in this country.", Equals("country")),
        "cluster": (
            str,
            "Is a member of the cluster with this key.",
            Linked(RelType.IN_CLUSTER, Direction.OUT, Label.CLUSTER),
        ),
        "part_of": (
            str,
            "Is part of the organization with this key.",
            Linked(RelType.PART_OF, Direction.OUT, Label.ORGANIZATION),
        ),
    },
    {"kind": "The kind (unset last).", "country": "The country (unset last)."},
)


PROJECTS = listing_inputs(
    Label.PROJECT,
    "projects",
    {
        "stage": (StageEnum, "Is at this stage.", Equals("stage")),
        "topic": (
            str,
            "Is about the topic with this key.",
            Linked(RelType.ABOUT, Direction.OUT, Label.TOPIC),
        ),
        "gathering": (
            str,
            "Worked at the gathering with this key.",
            Linked(RelType.WORKED_ON_AT, Direction.OUT, Label.GATHERING),
        ),
        "started": (DateRange, "Started within this range.", Within("started")),
    },
    {"stage": "The stage (unset last).", "started": "The start date (unset last)."},
)


GATHERINGS = listing_inputs(
    Label.GATHERING,
    "gatherings",
    {
        "kind": (GatheringKindEnum, "Is this kind.", Equals("kind")),
        "country": (str, "Took place in this country.", Equals("country")),
        "topic": (
            str,
            "Is about the topic with this key.",
            Linked(RelType.ABOUT, Direction.OUT, Label.TOPIC),
        ),
        "host": (
            str,
            "Was hosted by the organization with this key.",
            Linked(RelType.HOSTED, Direction.IN, Label.ORGANIZATION),
        ),
        "starts": (DateRange, "Began within this range.", Within("starts")),
    },
    {"starts": "The first day (unset last)."},
)


CLUSTERS = listing_inputs(
    Label.CLUSTER,
    "clusters",
    {
        "country": (str, "Is in this country.", Equals("country")),
        "topic": (
            str,
            "Is about the topic with this key.",
            Linked(RelType.ABOUT, Direction.OUT, Label.TOPIC),
        ),
        "organization": (
            str,
            "Has the organization with this key as a member.",
            Linked(RelType.IN_CLUSTER, Direction.IN, Label.ORGANIZATION),
        ),
    },
    {"country": "The country (unset last)."},
)


# ------------------------------------------------------------------- mutation inputs


def mutation_id_field() -> Any:
    """The ``clientMutationId`` field every mutation input starts with."""
    return strawberry.field(default=None, description=_CLIENT_MUTATION_ID)


def key_field(what: str) -> Any:
    """A required field naming an existing node by key (``"person"``: the person's key)."""
    return strawberry.field(description=f"The {what}'s key.")


@strawberry.input(
    description="The person to erase: their node, relationships, tokens and change log entries."
)
class ErasePersonInput:
    """Fields of ``erasePerson``."""

    client_mutation_id: str | None = mutation_id_field()
    key: str = key_field("person")


@strawberry.input(description="A person's consent flags; flags left out are kept.")
class SetPersonConsentInput:
    """Fields of ``setPersonConsent``."""

    client_mutation_id: str | None = mutation_id_field()
    person: str = key_field("person")
    discoverable: bool | None = strawberry.field(
        default=None, description="Whether others may find and be recommended this person."
    )
    exportable: bool | None = strawberry.field(
        default=None, description="Whether the person appears in network exports."
    )
