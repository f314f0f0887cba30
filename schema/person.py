"""``Person``: someone in the network, their teams, affiliations and gatherings.

``email`` is private (the person's own token and admins); people who are not
discoverable are hidden from everyone else everywhere (see ``resolvers.visibility``).
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.model import Direction, Label, RelType
from graph.store import Hop
from resolvers.visibility import private_value
from schema.analytics import (
    EgoNetworkType,
    ResultsFirst,
    SuggestionType,
    collaborators_for,
    ego_of,
    projects_for,
)
from schema.connection import (
    AffiliationConnection,
    AttendanceConnection,
    Connection,
    EnrollmentConnection,
    MembershipConnection,
    SkillConnection,
)
from schema.context import Info
from schema.fields import node_type, relationship
from schema.node import NetworkNode, optional_text
from schema.refs import (
    CohortRef,
    GatheringRef,
    OrganizationRef,
    ProgramRef,
    ProjectRef,
    StudyGroupRef,
    TopicRef,
)

__all__ = ["PersonType"]


@node_type(Label.PERSON)
class PersonType(NetworkNode):
    """A person node."""

    @strawberry.field(
        description="Contact email. Private: only the person's own token and admins see it; "
        "everyone else gets null."
    )
    def email(self, info: Info) -> str | None:
        return optional_text(private_value(info.context.viewer, self.model, "email"))

    projects = relationship(
        Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT),
        MembershipConnection[ProjectRef],
        "Project teams the person is on; each edge has the role and since when.",
    )

    study_groups = relationship(
        Hop(RelType.MEMBER_OF, Direction.OUT, Label.STUDY_GROUP),
        MembershipConnection[StudyGroupRef],
        "Study groups the person belongs to; each edge has the role.",
    )

    cohorts = relationship(
        Hop(RelType.MEMBER_OF, Direction.OUT, Label.COHORT),
        MembershipConnection[CohortRef],
        "Cohorts the person belongs to; each edge has the role.",
    )

    organizations = relationship(
        Hop(RelType.AFFILIATED_WITH, Direction.OUT, Label.ORGANIZATION),
        AffiliationConnection[OrganizationRef],
        "Organizations the person works for or with; each edge has the title and dates.",
    )

    gatherings = relationship(
        Hop(RelType.ATTENDED, Direction.OUT, Label.GATHERING),
        AttendanceConnection[GatheringRef],
        "Gatherings the person attended; each edge has the mode, EDT 630 credits and role.",
    )

    programs = relationship(
        Hop(RelType.ENROLLED_IN, Direction.OUT, Label.PROGRAM),
        EnrollmentConnection[ProgramRef],
        "Programs the person is enrolled in; each edge has the track.",
    )

    interests = relationship(
        Hop(RelType.INTERESTED_IN, Direction.OUT, Label.TOPIC),
        Connection[TopicRef],
        "Topics the person is interested in.",
    )

    skills = relationship(
        Hop(RelType.SKILLED_IN, Direction.OUT, Label.TOPIC),
        SkillConnection[TopicRef],
        "Topics the person is skilled in; each edge has the level.",
    )

    @strawberry.field(
        description="People to work with who do not work with this person yet, best first, "
        "each with a score and the reasons that make it up (null when you may not see "
        "this person)."
    )
    async def suggested_collaborators(
        self,
        info: Info,
        first: ResultsFirst = 10,
        diversify: Annotated[
            float,
            strawberry.argument(
                description="0 to 1: how much score to trade for people from other "
                "organizations, sectors and countries."
            ),
        ] = 0.0,
    ) -> list[SuggestionType] | None:
        return await collaborators_for(info, self.model, first, diversify)

    @strawberry.field(
        description="Projects this person could join, best first, each with its reasons "
        "(null when you may not see this person)."
    )
    async def suggested_projects(
        self, info: Info, first: ResultsFirst = 10
    ) -> list[SuggestionType] | None:
        return await projects_for(info, self.model, first)

    @strawberry.field(
        description="The people around this person and the ties among them, for drawing "
        "(null when you may not see this person)."
    )
    async def ego_network(
        self,
        info: Info,
        radius: Annotated[
            int, strawberry.argument(description="How many ties out to go, 1 to 3.")
        ] = 1,
        max_nodes: Annotated[
            int,
            strawberry.argument(description="The most people to include, 1 to 500."),
        ] = 100,
    ) -> EgoNetworkType | None:
        return await ego_of(info, self.model, radius, max_nodes)
