"""Input types: filters and orderings of the root connections, and mutation inputs.

Mutation inputs follow Relay: one ``input`` object with a ``clientMutationId`` that the
payload echoes. In update inputs, a field left out is kept and a field set to null is
cleared. The inputs of the create, update and delete mutations of the node types and
of the relationship mutations are built from the model by :mod:`schema.crud`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from strawberry import UNSET

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
    "filter_arguments",
    "key_field",
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


# ----------------------------------------------------------------- filters and orders


@strawberry.input(description="An inclusive range of dates; either end may be left open.")
class DateRange:
    """From and to, both inclusive."""

    from_: dt.date | None = strawberry.field(
        name="from", default=None, description="The earliest date (inclusive)."
    )
    to: dt.date | None = strawberry.field(default=None, description="The latest date (inclusive).")


@strawberry.input(description="Narrow `people` down; every filter given must hold.")
class PersonFilter:
    """Filters of ``people``."""

    role: RoleEnum | None = strawberry.field(default=None, description="Has this role.")
    country: str | None = strawberry.field(default=None, description="Lives in this country.")
    organization: str | None = strawberry.field(
        default=None, description="Is affiliated with the organization with this key."
    )
    project: str | None = strawberry.field(
        default=None, description="Is on the team of the project with this key."
    )
    gathering: str | None = strawberry.field(
        default=None, description="Attended the gathering with this key."
    )
    topic: str | None = strawberry.field(
        default=None, description="Is interested in the topic with this key."
    )
    skill: str | None = strawberry.field(
        default=None, description="Is skilled in the topic with this key."
    )


@strawberry.enum(description="What `people` can be ordered by.")
class PersonOrderField(Enum):
    """Sort keys of people."""

    KEY = strawberry.enum_value("key", description="The key.")
    NAME = strawberry.enum_value("name", description="The display name.")
    COUNTRY = strawberry.enum_value("country", description="The country (unset last).")


@strawberry.input(description="How to order `people`.")
class PersonOrder:
    """Field and direction."""

    field: PersonOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way."
    )


@strawberry.input(description="Narrow `organizations` down; every filter given must hold.")
class OrganizationFilter:
    """Filters of ``organizations``."""

    kind: OrganizationKindEnum | None = strawberry.field(default=None, description="Is this kind.")
    sector: SectorEnum | None = strawberry.field(default=None, description="Works in this sector.")
    country: str | None = strawberry.field(default=None, description="Is in this country.")
    cluster: str | None = strawberry.field(
        default=None, description="Is a member of the cluster with this key."
    )
    part_of: str | None = strawberry.field(
        default=None, description="Is part of the organization with this key."
    )


@strawberry.enum(description="What `organizations` can be ordered by.")
class OrganizationOrderField(Enum):
    """Sort keys of organizations."""

    KEY = strawberry.enum_value("key", description="The key.")
    NAME = strawberry.enum_value("name", description="The display name.")
    KIND = strawberry.enum_value("kind", description="The kind (unset last).")
    COUNTRY = strawberry.enum_value("country", description="The country (unset last).")


@strawberry.input(description="How to order `organizations`.")
class OrganizationOrder:
    """Field and direction."""

    field: OrganizationOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way."
    )


@strawberry.input(description="Narrow `projects` down; every filter given must hold.")
class ProjectFilter:
    """Filters of ``projects``."""

    stage: StageEnum | None = strawberry.field(default=None, description="Is at this stage.")
    topic: str | None = strawberry.field(
        default=None, description="Is about the topic with this key."
    )
    gathering: str | None = strawberry.field(
        default=None, description="Worked at the gathering with this key."
    )
    started: DateRange | None = strawberry.field(
        default=None, description="Started within this range."
    )


@strawberry.enum(description="What `projects` can be ordered by.")
class ProjectOrderField(Enum):
    """Sort keys of projects."""

    KEY = strawberry.enum_value("key", description="The key.")
    NAME = strawberry.enum_value("name", description="The display name.")
    STAGE = strawberry.enum_value("stage", description="The stage (unset last).")
    STARTED = strawberry.enum_value("started", description="The start date (unset last).")


@strawberry.input(description="How to order `projects`.")
class ProjectOrder:
    """Field and direction."""

    field: ProjectOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way."
    )


@strawberry.input(description="Narrow `gatherings` down; every filter given must hold.")
class GatheringFilter:
    """Filters of ``gatherings``."""

    kind: GatheringKindEnum | None = strawberry.field(default=None, description="Is this kind.")
    country: str | None = strawberry.field(default=None, description="Took place in this country.")
    topic: str | None = strawberry.field(
        default=None, description="Is about the topic with this key."
    )
    host: str | None = strawberry.field(
        default=None, description="Was hosted by the organization with this key."
    )
    starts: DateRange | None = strawberry.field(
        default=None, description="Began within this range."
    )


@strawberry.enum(description="What `gatherings` can be ordered by.")
class GatheringOrderField(Enum):
    """Sort keys of gatherings."""

    KEY = strawberry.enum_value("key", description="The key.")
    NAME = strawberry.enum_value("name", description="The display name.")
    STARTS = strawberry.enum_value("starts", description="The first day (unset last).")


@strawberry.input(description="How to order `gatherings`.")
class GatheringOrder:
    """Field and direction."""

    field: GatheringOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way."
    )


@strawberry.input(description="Narrow `clusters` down; every filter given must hold.")
class ClusterFilter:
    """Filters of ``clusters``."""

    country: str | None = strawberry.field(default=None, description="Is in this country.")
    topic: str | None = strawberry.field(
        default=None, description="Is about the topic with this key."
    )
    organization: str | None = strawberry.field(
        default=None, description="Has the organization with this key as a member."
    )


@strawberry.enum(description="What `clusters` can be ordered by.")
class ClusterOrderField(Enum):
    """Sort keys of clusters."""

    KEY = strawberry.enum_value("key", description="The key.")
    NAME = strawberry.enum_value("name", description="The display name.")
    COUNTRY = strawberry.enum_value("country", description="The country (unset last).")


@strawberry.input(description="How to order `clusters`.")
class ClusterOrder:
    """Field and direction."""

    field: ClusterOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way."
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
