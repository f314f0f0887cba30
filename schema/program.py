"""``Program``: a learning program, its cohorts, students and supporters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import program as hops
from schema.connection import (
    Connection,
    EnrollmentConnection,
    PartnershipConnection,
    SupportConnection,
)
from schema.context import Info
from schema.fields import related_connection
from schema.node import NetworkNode, describe
from schema.pagination import After, Before, First, Last

if TYPE_CHECKING:
    from schema.cohort import CohortType
    from schema.organization import OrganizationType
    from schema.person import PersonType

__all__ = ["ProgramType"]

_PG = Label.PROGRAM

PersonRef = Annotated["PersonType", strawberry.lazy("schema.person")]
OrganizationRef = Annotated["OrganizationType", strawberry.lazy("schema.organization")]
CohortRef = Annotated["CohortType", strawberry.lazy("schema.cohort")]


@strawberry.type(name="Program", description=NODE_SPECS[Label.PROGRAM].description)
class ProgramType(NetworkNode):
    """A program node."""

    @strawberry.field(description=describe(_PG, "summary"))
    def summary(self) -> str | None:
        return self.model.get("summary")  # type: ignore[no-any-return]

    @strawberry.field(description="Cohorts of the program.")
    async def cohorts(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[CohortRef]:
        return await related_connection(
            info, self.model, hops.PROGRAM_COHORTS, Connection, first, after, last, before
        )

    @strawberry.field(
        description="Organizations that support the program; each edge has the "
        "kind of support (funder, partner, ...)."
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
            info,
            self.model,
            hops.PROGRAM_SUPPORTERS,
            SupportConnection,
            first,
            after,
            last,
            before,
        )

    @strawberry.field(description="Organizations that lead the program.")
    async def leads(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[OrganizationRef]:
        return await related_connection(
            info, self.model, hops.PROGRAM_LEADS, Connection, first, after, last, before
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
            info,
            self.model,
            hops.PROGRAM_PARTNERS,
            PartnershipConnection,
            first,
            after,
            last,
            before,
        )

    @strawberry.field(description="People enrolled in the program; each edge has the track.")
    async def students(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> EnrollmentConnection[PersonRef]:
        return await related_connection(
            info,
            self.model,
            hops.PROGRAM_STUDENTS,
            EnrollmentConnection,
            first,
            after,
            last,
            before,
        )
