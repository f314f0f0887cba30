"""Organizations: their hops, the filters of ``organizations`` and cluster membership."""

from __future__ import annotations

import datetime as dt

from graph.model import (
    Direction,
    Label,
    NodeRef,
    OrganizationKind,
    Relationship,
    RelType,
    Sector,
)
from graph.store import Condition, Contains, Eq, Hop
from resolvers.conditions import related_to
from resolvers.context import Context
from resolvers.mutations import WriteResult, link

__all__ = [
    "CLUSTERS",
    "HOSTED",
    "LED_CLUSTERS",
    "LED_PROGRAMS",
    "PARTNERED_CLUSTERS",
    "PARTNERED_GATHERINGS",
    "PARTNERED_PROGRAMS",
    "PARTS",
    "PART_OF",
    "PEOPLE",
    "SUPPORTED_CLUSTERS",
    "SUPPORTED_PROGRAMS",
    "add_to_cluster",
    "organizations_conditions",
]

PEOPLE = Hop(RelType.AFFILIATED_WITH, Direction.IN, Label.PERSON)
PARTS = Hop(RelType.PART_OF, Direction.IN, Label.ORGANIZATION)
PART_OF = Hop(RelType.PART_OF, Direction.OUT, Label.ORGANIZATION)
CLUSTERS = Hop(RelType.IN_CLUSTER, Direction.OUT, Label.CLUSTER)
HOSTED = Hop(RelType.HOSTED, Direction.OUT, Label.GATHERING)
SUPPORTED_PROGRAMS = Hop(RelType.SUPPORTS, Direction.OUT, Label.PROGRAM)
SUPPORTED_CLUSTERS = Hop(RelType.SUPPORTS, Direction.OUT, Label.CLUSTER)
LED_PROGRAMS = Hop(RelType.LEADS, Direction.OUT, Label.PROGRAM)
LED_CLUSTERS = Hop(RelType.LEADS, Direction.OUT, Label.CLUSTER)
PARTNERED_GATHERINGS = Hop(RelType.PARTNERED_IN, Direction.OUT, Label.GATHERING)
PARTNERED_CLUSTERS = Hop(RelType.PARTNERED_IN, Direction.OUT, Label.CLUSTER)
PARTNERED_PROGRAMS = Hop(RelType.PARTNERED_IN, Direction.OUT, Label.PROGRAM)


def organizations_conditions(
    *,
    kind: OrganizationKind | None = None,
    sector: Sector | None = None,
    country: str | None = None,
    cluster: str | None = None,
    part_of: str | None = None,
) -> list[Condition]:
    """The store conditions of an ``organizations`` filter; every given filter must hold.

    >>> organizations_conditions(kind=OrganizationKind.UNIVERSITY, sector=Sector.RESEARCH)
    [Eq(prop='kind', value='university'), Contains(prop='sectors', value='research')]
    """
    out: list[Condition] = []
    if kind is not None:
        out.append(Eq("kind", kind.value))
    if sector is not None:
        out.append(Contains("sectors", sector.value))
    if country is not None:
        out.append(Eq("country", country))
    out += related_to(RelType.IN_CLUSTER, Direction.OUT, Label.CLUSTER, cluster, "cluster")
    out += related_to(RelType.PART_OF, Direction.OUT, Label.ORGANIZATION, part_of, "partOf")
    return out


async def add_to_cluster(
    context: Context, organization: str, cluster: str, sector: Sector, since: dt.date | None
) -> WriteResult:
    """Make an organization a member of a cluster for a sector (or change its sector)."""
    props: dict[str, object] = {"sector": sector.value}
    if since is not None:
        props["since"] = since
    rel = Relationship(
        RelType.IN_CLUSTER,
        NodeRef(Label.ORGANIZATION, organization),
        NodeRef(Label.CLUSTER, cluster),
        props,
    )
    return await link(context, rel, {Label.ORGANIZATION: "organization", Label.CLUSTER: "cluster"})
