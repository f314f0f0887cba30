"""Organizations: their hops and cluster membership."""

from __future__ import annotations

import datetime as dt

from graph.model import (
    Direction,
    Label,
    NodeRef,
    Relationship,
    RelType,
    Sector,
)
from graph.store import Hop
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
