"""``StudyGroup``: a study group inside a cohort, named for its perspective."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import program as hops
from schema.connection import MembershipConnection
from schema.context import Info
from schema.fields import related_connection, related_node
from schema.node import NetworkNode, describe
from schema.pagination import After, Before, First, Last

if TYPE_CHECKING:
    from schema.cohort import CohortType
    from schema.person import PersonType

__all__ = ["StudyGroupType"]

PersonRef = Annotated["PersonType", strawberry.lazy("schema.person")]
CohortRef = Annotated["CohortType", strawberry.lazy("schema.cohort")]


@strawberry.type(name="StudyGroup", description=NODE_SPECS[Label.STUDY_GROUP].description)
class StudyGroupType(NetworkNode):
    """A study group node."""

    @strawberry.field(description=describe(Label.STUDY_GROUP, "summary"))
    def summary(self) -> str | None:
        return self.model.get("summary")  # type: ignore[no-any-return]

    @strawberry.field(description="The cohort this study group is part of.")
    async def cohort(self, info: Info) -> CohortRef | None:
        return await related_node(info, self.model, hops.STUDY_GROUP_COHORT)

    @strawberry.field(description="People in the study group; each edge has the role.")
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
            hops.STUDY_GROUP_MEMBERS,
            MembershipConnection,
            first,
            after,
            last,
            before,
        )
