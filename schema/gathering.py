"""``Gathering``: a multi-day event where people and project teams meet."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import gathering as hops
from schema.analytics import TeamPlanType, teams_for
from schema.connection import AttendanceConnection, Connection, PartnershipConnection, as_date
from schema.context import Info
from schema.enums import GatheringKindEnum, to_enum
from schema.fields import related_connection
from schema.node import NetworkNode, describe
from schema.pagination import After, Before, First, Last

if TYPE_CHECKING:
    from schema.cluster import ClusterType
    from schema.cohort import CohortType
    from schema.organization import OrganizationType
    from schema.person import PersonType
    from schema.project import ProjectType
    from schema.topic import TopicType

__all__ = ["GatheringType"]

_G = Label.GATHERING

PersonRef = Annotated["PersonType", strawberry.lazy("schema.person")]
ProjectRef = Annotated["ProjectType", strawberry.lazy("schema.project")]
OrganizationRef = Annotated["OrganizationType", strawberry.lazy("schema.organization")]
ClusterRef = Annotated["ClusterType", strawberry.lazy("schema.cluster")]
CohortRef = Annotated["CohortType", strawberry.lazy("schema.cohort")]
TopicRef = Annotated["TopicType", strawberry.lazy("schema.topic")]


@strawberry.type(name="Gathering", description=NODE_SPECS[Label.GATHERING].description)
class GatheringType(NetworkNode):
    """A gathering node."""

    @strawberry.field(description=describe(_G, "kind"))
    def kind(self) -> GatheringKindEnum:
        return to_enum(GatheringKindEnum, self.model.get("kind")) or GatheringKindEnum.GATHERING

    @strawberry.field(description=describe(_G, "starts"))
    def starts(self) -> dt.date | None:
        return as_date(self.model.get("starts"))

    @strawberry.field(description=describe(_G, "ends"))
    def ends(self) -> dt.date | None:
        return as_date(self.model.get("ends"))

    @strawberry.field(description=describe(_G, "public_day"))
    def public_day(self) -> dt.date | None:
        return as_date(self.model.get("public_day"))

    @strawberry.field(description=describe(_G, "summary"))
    def summary(self) -> str | None:
        return self.model.get("summary")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_G, "city"))
    def city(self) -> str | None:
        return self.model.get("city")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_G, "region"))
    def region(self) -> str | None:
        return self.model.get("region")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_G, "country"))
    def country(self) -> str | None:
        return self.model.get("country")  # type: ignore[no-any-return]

    @strawberry.field(description="Who attended; each edge has the mode, EDT 630 credits and role.")
    async def attendees(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> AttendanceConnection[PersonRef]:
        return await related_connection(
            info, self.model, hops.ATTENDEES, AttendanceConnection, first, after, last, before
        )

    @strawberry.field(description="Project teams that worked at the gathering.")
    async def projects(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ProjectRef]:
        return await related_connection(
            info, self.model, hops.PROJECTS, Connection, first, after, last, before
        )

    @strawberry.field(description="Organizations that hosted the gathering.")
    async def hosts(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[OrganizationRef]:
        return await related_connection(
            info, self.model, hops.HOSTS, Connection, first, after, last, before
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

    @strawberry.field(description="Topics the gathering is about.")
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

    @strawberry.field(description="Clusters that met at this gathering (a convening).")
    async def clusters(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ClusterRef]:
        return await related_connection(
            info, self.model, hops.CLUSTERS, Connection, first, after, last, before
        )

    @strawberry.field(description="Cohorts that met at this gathering (a cohort kickoff).")
    async def cohorts(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[CohortRef]:
        return await related_connection(
            info, self.model, hops.COHORTS, Connection, first, after, last, before
        )

    @strawberry.field(
        description="Teams proposed from the registered attendees: each covers a project's "
        "needed skills, mixes organizations and sectors and creates new ties, with why; "
        "fewer teams and a reason when there are not enough attendees."
    )
    async def suggested_teams(
        self,
        info: Info,
        size: Annotated[int, strawberry.argument(description="People per team, 2 to 12.")] = 4,
        count: Annotated[int, strawberry.argument(description="How many teams, 1 to 50.")] = 3,
    ) -> TeamPlanType:
        return await teams_for(info, self.model, size, count)
