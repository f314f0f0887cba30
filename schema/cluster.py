"""``Cluster``: a regional education innovation cluster, its members and convenings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import cluster as hops
from schema.analytics import ClusterBridgesType, ResultsFirst, bridges_of
from schema.connection import (
    Connection,
    PartnershipConnection,
    SectorMembershipConnection,
    SupportConnection,
)
from schema.context import Info
from schema.fields import related_connection
from schema.node import NetworkNode, describe
from schema.pagination import After, Before, First, Last

if TYPE_CHECKING:
    from schema.gathering import GatheringType
    from schema.organization import OrganizationType
    from schema.topic import TopicType

__all__ = ["ClusterType"]

_CL = Label.CLUSTER

OrganizationRef = Annotated["OrganizationType", strawberry.lazy("schema.organization")]
GatheringRef = Annotated["GatheringType", strawberry.lazy("schema.gathering")]
TopicRef = Annotated["TopicType", strawberry.lazy("schema.topic")]


@strawberry.type(name="Cluster", description=NODE_SPECS[Label.CLUSTER].description)
class ClusterType(NetworkNode):
    """A cluster node."""

    @strawberry.field(description=describe(_CL, "summary"))
    def summary(self) -> str | None:
        return self.model.get("summary")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_CL, "city"))
    def city(self) -> str | None:
        return self.model.get("city")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_CL, "region"))
    def region(self) -> str | None:
        return self.model.get("region")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_CL, "country"))
    def country(self) -> str | None:
        return self.model.get("country")  # type: ignore[no-any-return]

    @strawberry.field(
        description="Member organizations; each edge has the sector the member "
        "brings (education, research or commercial)."
    )
    async def members(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> SectorMembershipConnection[OrganizationRef]:
        return await related_connection(
            info,
            self.model,
            hops.MEMBERS,
            SectorMembershipConnection,
            first,
            after,
            last,
            before,
        )

    @strawberry.field(description="Convenings where the cluster met.")
    async def convenings(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[GatheringRef]:
        return await related_connection(
            info, self.model, hops.CONVENINGS, Connection, first, after, last, before
        )

    @strawberry.field(description="Organizations that lead the cluster.")
    async def leads(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[OrganizationRef]:
        return await related_connection(
            info, self.model, hops.LEADS, Connection, first, after, last, before
        )

    @strawberry.field(
        description="Organizations that support the cluster; each edge has the kind of support."
    )
    async def supporters(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> SupportConnection[OrganizationRef]:
        return await related_connection(
            info, self.model, hops.SUPPORTERS, SupportConnection, first, after, last, before
        )

    @strawberry.field(description="Partner organizations; each edge has the partner's role.")
    async def partners(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> PartnershipConnection[OrganizationRef]:
        return await related_connection(
            info, self.model, hops.PARTNERS, PartnershipConnection, first, after, last, before
        )

    @strawberry.field(description="Topics the cluster is about.")
    async def topics(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[TopicRef]:
        return await related_connection(
            info, self.model, hops.TOPICS, Connection, first, after, last, before
        )

    @strawberry.field(
        description="The cluster's sector mix, its ties across sectors and the "
        "education-research-commercial introductions that would most strengthen it."
    )
    async def bridges(self, info: Info, first: ResultsFirst = 5) -> ClusterBridgesType:
        return await bridges_of(info, self.model, first)
