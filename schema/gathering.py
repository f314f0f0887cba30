"""``Gathering``: a multi-day event where people and project teams meet."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.model import Direction, Label, RelType
from graph.store import Hop
from schema.analytics import TeamPlanType, teams_for
from schema.connection import AttendanceConnection, Connection, PartnershipConnection
from schema.context import Info
from schema.fields import node_type, relationship
from schema.node import NetworkNode
from schema.refs import ClusterRef, CohortRef, OrganizationRef, PersonRef, ProjectRef, TopicRef

__all__ = ["GatheringType"]


@node_type(Label.GATHERING)
class GatheringType(NetworkNode):
    """A gathering node."""

    attendees = relationship(
        Hop(RelType.ATTENDED, Direction.IN, Label.PERSON),
        AttendanceConnection[PersonRef],
        "Who attended; each edge has the mode, EDT 630 credits and role.",
    )

    projects = relationship(
        Hop(RelType.WORKED_ON_AT, Direction.IN, Label.PROJECT),
        Connection[ProjectRef],
        "Project teams that worked at the gathering.",
    )

    hosts = relationship(
        Hop(RelType.HOSTED, Direction.IN, Label.ORGANIZATION),
        Connection[OrganizationRef],
        "Organizations that hosted the gathering.",
    )

    partners = relationship(
        Hop(RelType.PARTNERED_IN, Direction.IN, Label.ORGANIZATION),
        PartnershipConnection[OrganizationRef],
        "Partner organizations; each edge has the partner's role.",
    )

    topics = relationship(
        Hop(RelType.ABOUT, Direction.OUT, Label.TOPIC),
        Connection[TopicRef],
        "Topics the gathering is about.",
    )

    clusters = relationship(
        Hop(RelType.CONVENED_AT, Direction.IN, Label.CLUSTER),
        Connection[ClusterRef],
        "Clusters that met at this gathering (a convening).",
    )

    cohorts = relationship(
        Hop(RelType.CONVENED_AT, Direction.IN, Label.COHORT),
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
