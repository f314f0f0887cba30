"""``Cohort``: learners going through a program together, and their study groups."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import program as hops
from schema.connection import Connection, MembershipConnection, as_date
from schema.context import Info
from schema.fields import related_connection, related_node
from schema.node import NetworkNode, describe
from schema.pagination import After, Before, First, Last

if TYPE_CHECKING:
    from schema.gathering import GatheringType
    from schema.person import PersonType
    from schema.program import ProgramType
    from schema.study_group import StudyGroupType

__all__ = ["CohortType"]

_CO = Label.COHORT

PersonRef = Annotated["PersonType", strawberry.lazy("schema.person")]
ProgramRef = Annotated["ProgramType", strawberry.lazy("schema.program")]
StudyGroupRef = Annotated["StudyGroupType", strawberry.lazy("schema.study_group")]
GatheringRef = Annotated["GatheringType", strawberry.lazy("schema.gathering")]


@strawberry.type(name="Cohort", description=NODE_SPECS[Label.COHORT].description)
class CohortType(NetworkNode):
    """A cohort node."""

    @strawberry.field(description=describe(_CO, "summary"))
    def summary(self) -> str | None:
        return self.model.get("summary")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_CO, "starts"))
    def starts(self) -> dt.date | None:
        return as_date(self.model.get("starts"))

    @strawberry.field(description=describe(_CO, "ends"))
    def ends(self) -> dt.date | None:
        return as_date(self.model.get("ends"))

    @strawberry.field(description=describe(_CO, "declared_size"))
    def declared_size(self) -> int | None:
        return self.model.get("declared_size")  # type: ignore[no-any-return]

    @strawberry.field(description="The program this cohort belongs to.")
    async def program(self, info: Info) -> ProgramRef | None:
        return await related_node(info, self.model, hops.COHORT_PROGRAM)

    @strawberry.field(description="People in the cohort; each edge has the role.")
    async def members(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> MembershipConnection[PersonRef]:
        return await related_connection(
            info,
            self.model,
            hops.COHORT_MEMBERS,
            MembershipConnection,
            first,
            after,
            last,
            before,
        )

    @strawberry.field(description="Study groups inside the cohort.")
    async def study_groups(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[StudyGroupRef]:
        return await related_connection(
            info, self.model, hops.COHORT_STUDY_GROUPS, Connection, first, after, last, before
        )

    @strawberry.field(description="Gatherings where the cohort met (its kickoff).")
    async def gatherings(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[GatheringRef]:
        return await related_connection(
            info, self.model, hops.COHORT_GATHERINGS, Connection, first, after, last, before
        )
