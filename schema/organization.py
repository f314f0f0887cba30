"""``Organization``: a university, school, district, company, ... or a part of one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import organization as hops
from schema.connection import (
    AffiliationConnection,
    Connection,
    PartnershipConnection,
    SectorMembershipConnection,
    SupportConnection,
)
from schema.context import Info
from schema.enums import OrganizationKindEnum, SectorEnum, to_enum
from schema.fields import related_connection
from schema.node import NetworkNode, describe
from schema.pagination import After, Before, First, Last

if TYPE_CHECKING:
    from schema.cluster import ClusterType
    from schema.gathering import GatheringType
    from schema.person import PersonType
    from schema.program import ProgramType

__all__ = ["OrganizationType"]

_O = Label.ORGANIZATION

PersonRef = Annotated["PersonType", strawberry.lazy("schema.person")]
OrganizationRef = Annotated["OrganizationType", strawberry.lazy("schema.organization")]
ClusterRef = Annotated["ClusterType", strawberry.lazy("schema.cluster")]
GatheringRef = Annotated["GatheringType", strawberry.lazy("schema.gathering")]
ProgramRef = Annotated["ProgramType", strawberry.lazy("schema.program")]


@strawberry.type(name="Organization", description=NODE_SPECS[Label.ORGANIZATION].description)
class OrganizationType(NetworkNode):
    """An organization node."""

    @strawberry.field(description=describe(_O, "kind"))
    def kind(self) -> OrganizationKindEnum | None:
        return to_enum(OrganizationKindEnum, self.model.get("kind"))

    @strawberry.field(description=describe(_O, "sectors"))
    def sectors(self) -> list[SectorEnum]:
        return [SectorEnum(value) for value in self.model.get("sectors") or ()]

    @strawberry.field(description=describe(_O, "summary"))
    def summary(self) -> str | None:
        return self.model.get("summary")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_O, "city"))
    def city(self) -> str | None:
        return self.model.get("city")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_O, "region"))
    def region(self) -> str | None:
        return self.model.get("region")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_O, "country"))
    def country(self) -> str | None:
        return self.model.get("country")  # type: ignore[no-any-return]

    @strawberry.field(
        description="People who work for or with the organization; each edge has the title "
        "and dates."
    )
    async def people(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> AffiliationConnection[PersonRef]:
        return await related_connection(
            info, self.model, hops.PEOPLE, AffiliationConnection, first, after, last, before
        )

    @strawberry.field(description="Parts of this organization (schools of a university, ...).")
    async def parts(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[OrganizationRef]:
        return await related_connection(
            info, self.model, hops.PARTS, Connection, first, after, last, before
        )

    @strawberry.field(description="The larger organizations this one is part of.")
    async def part_of(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[OrganizationRef]:
        return await related_connection(
            info, self.model, hops.PART_OF, Connection, first, after, last, before
        )

    @strawberry.field(
        description="Education innovation clusters the organization is a member of; each edge "
        "has the sector it brings."
    )
    async def clusters(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> SectorMembershipConnection[ClusterRef]:
        return await related_connection(
            info,
            self.model,
            hops.CLUSTERS,
            SectorMembershipConnection,
            first,
            after,
            last,
            before,
        )

    @strawberry.field(description="Gatherings the organization hosted.")
    async def hosted_gatherings(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[GatheringRef]:
        return await related_connection(
            info, self.model, hops.HOSTED, Connection, first, after, last, before
        )

    @strawberry.field(
        description="Programs the organization supports; each edge has the kind of support."
    )
    async def supported_programs(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> SupportConnection[ProgramRef]:
        return await related_connection(
            info,
            self.model,
            hops.SUPPORTED_PROGRAMS,
            SupportConnection,
            first,
            after,
            last,
            before,
        )

    @strawberry.field(
        description="Clusters the organization supports; each edge has the kind of support."
    )
    async def supported_clusters(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> SupportConnection[ClusterRef]:
        return await related_connection(
            info,
            self.model,
            hops.SUPPORTED_CLUSTERS,
            SupportConnection,
            first,
            after,
            last,
            before,
        )

    @strawberry.field(description="Programs the organization leads.")
    async def led_programs(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ProgramRef]:
        return await related_connection(
            info, self.model, hops.LED_PROGRAMS, Connection, first, after, last, before
        )

    @strawberry.field(description="Clusters the organization leads.")
    async def led_clusters(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ClusterRef]:
        return await related_connection(
            info, self.model, hops.LED_CLUSTERS, Connection, first, after, last, before
        )

    @strawberry.field(
        description="Gatherings the organization is a partner in; each edge has its role."
    )
    async def partnered_gatherings(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> PartnershipConnection[GatheringRef]:
        return await related_connection(
            info,
            self.model,
            hops.PARTNERED_GATHERINGS,
            PartnershipConnection,
            first,
            after,
            last,
            before,
        )

    @strawberry.field(
        description="Clusters the organization is a partner in; each edge has its role."
    )
    async def partnered_clusters(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> PartnershipConnection[ClusterRef]:
        return await related_connection(
            info,
            self.model,
            hops.PARTNERED_CLUSTERS,
            PartnershipConnection,
            first,
            after,
            last,
            before,
        )

    @strawberry.field(
        description="Programs the organization is a partner in; each edge has its role."
    )
    async def partnered_programs(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> PartnershipConnection[ProgramRef]:
        return await related_connection(
            info,
            self.model,
            hops.PARTNERED_PROGRAMS,
            PartnershipConnection,
            first,
            after,
            last,
            before,
        )
