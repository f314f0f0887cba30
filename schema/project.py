"""``Project``: a project and its team, where it worked and what it is about."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import project as hops
from schema.analytics import ResultsFirst, SuggestionType, members_for
from schema.connection import Connection, MembershipConnection, as_date
from schema.context import Info
from schema.enums import StageEnum, to_enum
from schema.fields import related_connection
from schema.node import NetworkNode, describe
from schema.pagination import After, Before, First, Last

if TYPE_CHECKING:
    from schema.gathering import GatheringType
    from schema.person import PersonType
    from schema.topic import TopicType

__all__ = ["ProjectType"]

_PR = Label.PROJECT

PersonRef = Annotated["PersonType", strawberry.lazy("schema.person")]
GatheringRef = Annotated["GatheringType", strawberry.lazy("schema.gathering")]
TopicRef = Annotated["TopicType", strawberry.lazy("schema.topic")]


@strawberry.type(name="Project", description=NODE_SPECS[Label.PROJECT].description)
class ProjectType(NetworkNode):
    """A project node."""

    @strawberry.field(description=describe(_PR, "summary"))
    def summary(self) -> str | None:
        return self.model.get("summary")  # type: ignore[no-any-return]

    @strawberry.field(description=describe(_PR, "stage"))
    def stage(self) -> StageEnum | None:
        return to_enum(StageEnum, self.model.get("stage"))

    @strawberry.field(description=describe(_PR, "started"))
    def started(self) -> dt.date | None:
        return as_date(self.model.get("started"))

    @strawberry.field(
        description="The team: people on the project; each edge has the role and since when."
    )
    async def members(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> MembershipConnection[PersonRef]:
        return await related_connection(
            info, self.model, hops.MEMBERS, MembershipConnection, first, after, last, before
        )

    @strawberry.field(description="Gatherings the project team worked at.")
    async def gatherings(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[GatheringRef]:
        return await related_connection(
            info, self.model, hops.GATHERINGS, Connection, first, after, last, before
        )

    @strawberry.field(description="Topics the project is about.")
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

    @strawberry.field(description="Skills the project needs.")
    async def needs(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[TopicRef]:
        return await related_connection(
            info, self.model, hops.NEEDS, Connection, first, after, last, before
        )

    @strawberry.field(
        description="People who could join the project, whose skills cover what it needs, "
        "best first, each with its reasons."
    )
    async def suggested_members(self, info: Info, first: ResultsFirst = 10) -> list[SuggestionType]:
        return await members_for(info, self.model, first)
