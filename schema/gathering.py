"""``Gathering``: a multi-day event where people and project teams meet."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import gathering as hops
from schema.analytics import TeamPlanType, teams_for
from schema.connection import AttendanceConnection, Connection, PartnershipConnection, as_date
from schema.context import Info
from schema.enums import GatheringKindEnum, to_enum
from schema.fields import relationship
from schema.node import NetworkNode, describe, optional_text
from schema.refs import ClusterRef, CohortRef, OrganizationRef, PersonRef, ProjectRef, TopicRef

__all__ = ["GatheringType"]

_G = Label.GATHERING


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
        return optional_text(self.model.get("summary"))

    @strawberry.field(description=describe(_G, "city"))
    def city(self) -> str | None:
        return optional_text(self.model.get("city"))

    @strawberry.field(description=describe(_G, "region"))
    def region(self) -> str | None:
        return optional_text(self.model.get("region"))

    @strawberry.field(description=describe(_G, "country"))
    def country(self) -> str | None:
        return optional_text(self.model.get("country"))

    attendees = relationship(
        hops.ATTENDEES,
        AttendanceConnection[PersonRef],
        "Who attended; each edge has the mode, EDT 630 credits and role.",
    )

    projects = relationship(
        hops.PROJECTS,
        Connection[ProjectRef],
        "Project teams that worked at the gathering.",
    )

    hosts = relationship(
        hops.HOSTS,
        Connection[OrganizationRef],
        "Organizations that hosted the gathering.",
    )

    partners = relationship(
        hops.PARTNERS,
        PartnershipConnection[OrganizationRef],
        "Partner organizations; each edge has the partner's role.",
    )

    topics = relationship(
        hops.TOPICS,
        Connection[TopicRef],
        "Topics the gathering is about.",
    )

    clusters = relationship(
        hops.CLUSTERS,
        Connection[ClusterRef],
        "Clusters that met at this gathering (a convening).",
    )

    cohorts = relationship(
        hops.COHORTS,
        Connection[CohortRef],
        "Cohorts that met at this gathering (a cohort kickoff).",
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
