"""``Person``: someone in the network, their teams, affiliations and gatherings.

``email`` is private (the person's own token and admins); people who are not
discoverable are hidden from everyone else everywhere (see ``resolvers.visibility``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import person as hops
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
from schema.enums import RoleEnum
from schema.fields import related_connection
from schema.node import NetworkNode, describe
from schema.pagination import After, Before, First, Last

if TYPE_CHECKING:
    from schema.cohort import CohortType
    from schema.gathering import GatheringType
    from schema.organization import OrganizationType
    from schema.program import ProgramType
    from schema.project import ProjectType
    from schema.study_group import StudyGroupType
    from schema.topic import TopicType

__all__ = ["PersonType"]

_P = Label.PERSON

ProjectRef = Annotated["ProjectType", strawberry.lazy("schema.project")]
OrganizationRef = Annotated["OrganizationType", strawberry.lazy("schema.organization")]
GatheringRef = Annotated["GatheringType", strawberry.lazy("schema.gathering")]
ProgramRef = Annotated["ProgramType", strawberry.lazy("schema.program")]
CohortRef = Annotated["CohortType", strawberry.lazy("schema.cohort")]
StudyGroupRef = Annotated["StudyGroupType", strawberry.lazy("schema.study_group")]
TopicRef = Annotated["TopicType", strawberry.lazy("schema.topic")]


@strawberry.type(name="Person", description=NODE_SPECS[Label.PERSON].description)
class PersonType(NetworkNode):
    """A person node."""

    @strawberry.field(description=describe(_P, "roles"))
    def roles(self) -> list[RoleEnum]:
        return [RoleEnum(value) for value in self.model.get("roles") or ()]

    @strawberry.field(description=describe(_P, "headline"))
    def headline(self) -> str | None:
        return self.model.get("headline")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_P, "city"))
    def city(self) -> str | None:
        return self.model.get("city")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_P, "region"))
    def region(self) -> str | None:
        return self.model.get("region")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_P, "country"))
    def country(self) -> str | None:
        return self.model.get("country")  # type: ignore[no-any-return]

    @strawberry.field(
        description="Contact email. Private: only the person's own token and admins see it; "
        "everyone else gets null."
    )
    def email(self, info: Info) -> str | None:
        return private_value(info.context.viewer, self.model, "email")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_P, "discoverable"))
    def discoverable(self) -> bool:
        return bool(self.model.get("discoverable"))

    @strawberry.field(description=describe(_P, "exportable"))
    def exportable(self) -> bool:
        return bool(self.model.get("exportable"))

    @strawberry.field(
        description="Project teams the person is on; each edge has the role and since when."
    )
    async def projects(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> MembershipConnection[ProjectRef]:
        return await related_connection(
            info, self.model, hops.PROJECTS, MembershipConnection, first, after, last, before
        )

    @strawberry.field(description="Study groups the person belongs to; each edge has the role.")
    async def study_groups(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> MembershipConnection[StudyGroupRef]:
        return await related_connection(
            info, self.model, hops.STUDY_GROUPS, MembershipConnection, first, after, last, before
        )

    @strawberry.field(description="Cohorts the person belongs to; each edge has the role.")
    async def cohorts(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> MembershipConnection[CohortRef]:
        return await related_connection(
            info, self.model, hops.COHORTS, MembershipConnection, first, after, last, before
        )

    @strawberry.field(
        description="Organizations the person works for or with; each edge has the title and dates."
    )
    async def organizations(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> AffiliationConnection[OrganizationRef]:
        return await related_connection(
            info,
            self.model,
            hops.ORGANIZATIONS,
            AffiliationConnection,
            first,
            after,
            last,
            before,
        )

    @strawberry.field(
        description="Gatherings the person attended; each edge has the mode, "
        "EDT 630 credits and role."
    )
    async def gatherings(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> AttendanceConnection[GatheringRef]:
        return await related_connection(
            info, self.model, hops.GATHERINGS, AttendanceConnection, first, after, last, before
        )

    @strawberry.field(description="Programs the person is enrolled in; each edge has the track.")
    async def programs(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> EnrollmentConnection[ProgramRef]:
        return await related_connection(
            info, self.model, hops.PROGRAMS, EnrollmentConnection, first, after, last, before
        )

    @strawberry.field(description="Topics the person is interested in.")
    async def interests(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[TopicRef]:
        return await related_connection(
            info, self.model, hops.INTERESTS, Connection, first, after, last, before
        )

    @strawberry.field(description="Topics the person is skilled in; each edge has the level.")
    async def skills(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> SkillConnection[TopicRef]:
        return await related_connection(
            info, self.model, hops.SKILLS, SkillConnection, first, after, last, before
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
