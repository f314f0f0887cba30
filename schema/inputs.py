"""Input types: filters and orderings of the root connections, and mutation inputs.

The filter and order inputs of a root listing are built from one small table per label
(:func:`filter_input`: each filter's type and description; :func:`order_input`: the
properties it sorts by besides key and name).

Mutation inputs follow Relay: one ``input`` object with a ``clientMutationId`` that the
payload echoes. In update inputs, a field left out is kept and a field set to null is
cleared. The inputs of the create, update and delete mutations of the node types and
of the relationship mutations are built from the model by :mod:`schema.crud`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from enum import Enum
from typing import Any

import strawberry
from strawberry import UNSET

from graph.model import Label
from schema.enums import (
    GatheringKindEnum,
    OrderDirection,
    OrganizationKindEnum,
    RoleEnum,
    SectorEnum,
    StageEnum,
)

__all__ = [
    "ClusterFilter",
    "ClusterOrder",
    "DateRange",
    "ErasePersonInput",
    "GatheringFilter",
    "GatheringOrder",
    "OrganizationFilter",
    "OrganizationOrder",
    "PersonFilter",
    "PersonOrder",
    "ProjectFilter",
    "ProjectOrder",
    "SetPersonConsentInput",
    "class_body",
    "filter_arguments",
    "filter_input",
    "key_field",
    "mutation_id_field",
    "order_input",
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


def filter_arguments(data: Any) -> dict[str, Any]:
    """The keyword arguments of a filter input for the resolvers' condition functions:
    every field given, a date range as ``<field>_from`` and ``<field>_to``.

    >>> import datetime as dt
    >>> filter_arguments(ProjectFilter(topic="ai", started=DateRange(from_=dt.date(2019, 1, 1))))
    {'topic': 'ai', 'started_from': datetime.date(2019, 1, 1), 'started_to': None}
    """
    arguments: dict[str, Any] = {}
    for f in dataclasses.fields(data):
        value = getattr(data, f.name)
        if isinstance(value, DateRange):
            arguments[f"{f.name}_from"], arguments[f"{f.name}_to"] = value.from_, value.to
        elif value is not None:
            arguments[f.name] = value
    return arguments


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


def filter_input(label: Label, plural: str, fields: Mapping[str, tuple[Any, str]]) -> Any:
    """``<Label>Filter``: the filters of the listing of ``plural``, each optional
    (``fields``: name -> (type, description)); a ``DateRange`` stands for the condition
    function's ``<name>_from`` and ``<name>_to`` (:func:`filter_arguments`)."""
    body = class_body(
        f"Filters of ``{plural}``.",
        {
            name: (type_ | None, strawberry.field(default=None, description=description))
            for name, (type_, description) in fields.items()
        },
    )
    return strawberry.input(
        type(f"{label.value}Filter", (), body),
        description=f"Narrow `{plural}` down; every filter given must hold.",
    )


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


PersonFilter = filter_input(
    Label.PERSON,
    "people",
    {
        "role": (RoleEnum, "Has this role."),
        "country": (str, "Lives in this country."),
        "organization": (str, "Is affiliated with the organization with this key."),
        "project": (str, "Is on the team of the project with this key."),
        "gathering": (str, "Attended the gathering with this key."),
        "topic": (str, "Is interested in the topic with this key."),
        "skill": (str, "Is skilled in the topic with this key."),
    },
)
PersonOrder = order_input(Label.PERSON, "people", {"country": "The country (unset last)."})

OrganizationFilter = filter_input(
    Label.ORGANIZATION,
    "organizations",
    {
        "kind": (OrganizationKindEnum, "Is this kind."),
        "sector": (SectorEnum, "Works in this sector."),
        "country": (str, "Is in this country."),
        "cluster": (str, "Is a member of the cluster with this key."),
        "part_of": (str, "Is part of the organization with this key."),
    },
)
OrganizationOrder = order_input(
    Label.ORGANIZATION,
    "organizations",
    {"kind": "The kind (unset last).", "country": "The country (unset last)."},
)

ProjectFilter = filter_input(
    Label.PROJECT,
    "projects",
    {
        "stage": (StageEnum, "Is at this stage."),
        "topic": (str, "Is about the topic with this key."),
        "gathering": (str, "Worked at the gathering with this key."),
        "started": (DateRange, "Started within this range."),
    },
)
ProjectOrder = order_input(
    Label.PROJECT,
    "projects",
    {"stage": "The stage (unset last).", "started": "The start date (unset last)."},
)

GatheringFilter = filter_input(
    Label.GATHERING,
    "gatherings",
    {
        "kind": (GatheringKindEnum, "Is this kind."),
        "country": (str, "Took place in this country."),
        "topic": (str, "Is about the topic with this key."),
        "host": (str, "Was hosted by the organization with this key."),
        "starts": (DateRange, "Began within this range."),
    },
)
GatheringOrder = order_input(
    Label.GATHERING, "gatherings", {"starts": "The first day (unset last)."}
)

ClusterFilter = filter_input(
    Label.CLUSTER,
    "clusters",
    {
        "country": (str, "Is in this country."),
        "topic": (str, "Is about the topic with this key."),
        "organization": (str, "Has the organization with this key as a member."),
    },
)
ClusterOrder = order_input(Label.CLUSTER, "clusters", {"country": "The country (unset last)."})


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
