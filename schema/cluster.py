"""``Cluster``: a regional education innovation cluster, its members and convenings."""

from __future__ import annotations

import strawberry

from graph.model import Direction, Label, RelType
from graph.store import Hop
from schema.analytics import ClusterBridgesType, ResultsFirst, bridges_of
from schema.connection import (
    Connection,
    PartnershipConnection,
    SectorMembershipConnection,
    SupportConnection,
)
from schema.context import Info
from schema.fields import node_type, relationship
from schema.node import NetworkNode
from schema.refs import GatheringRef, OrganizationRef, TopicRef

__all__ = ["ClusterType"]


@node_type(Label.CLUSTER)
class ClusterType(NetworkNode):
    """A cluster node."""

    members = relationship(
        Hop(RelType.IN_CLUSTER, Direction.IN, Label.ORGANIZATION),
        SectorMembershipConnection[OrganizationRef],
        "Member organizations; each edge has the sector the member "
        "brings (education, research or commercial).",
    )

    convenings = relationship(
        Hop(RelType.CONVENED_AT, Direction.OUT, Label.GATHERING),
        Connection[GatheringRef],
        "Convenings where the cluster met.",
    )

    leads = relationship(
        Hop(RelType.LEADS, Direction.IN, Label.ORGANIZATION),
        Connection[OrganizationRef],
        "Organizations that lead the cluster.",
    )

    supporters = relationship(
        Hop(RelType.SUPPORTS, Direction.IN, Label.ORGANIZATION),
        SupportConnection[OrganizationRef],
        "Organizations that support the cluster; each edge has the kind of support.",
    )

    partners = relationship(
        Hop(RelType.PARTNERED_IN, Direction.IN, Label.ORGANIZATION),
        PartnershipConnection[OrganizationRef],
        "Partner organizations; each edge has the partner's role.",
    )

    topics = relationship(
        Hop(RelType.ABOUT, Direction.OUT, Label.TOPIC),
        Connection[TopicRef],
        "Topics the cluster is about.",
    )

    @strawberry.field(
        description="The cluster's sector mix, its ties across sectors and the "
        "education-research-commercial introductions that would most strengthen it."
    )
    async def bridges(self, info: Info, first: ResultsFirst = 5) -> ClusterBridgesType:
        return await bridges_of(info, self.model, first)
