"""``Project``: a project and its team, where it worked and what it is about."""

from __future__ import annotations

import strawberry

from graph.model import Direction, Label, RelType
from graph.store import Hop
from schema.analytics import ResultsFirst, SuggestionType, members_for
from schema.connection import Connection, MembershipConnection
from schema.context import Info
from schema.fields import node_type, relationship
from schema.node import NetworkNode
from schema.refs import GatheringRef, PersonRef, TopicRef

__all__ = ["ProjectType"]


@node_type(Label.PROJECT)
class ProjectType(NetworkNode):
    """A project node."""

    members = relationship(
        Hop(RelType.MEMBER_OF, Direction.IN, Label.PERSON),
        MembershipConnection[PersonRef],
        "The team: people on the project; each edge has the role and since when.",
    )

    gatherings = relationship(
        Hop(RelType.WORKED_ON_AT, Direction.OUT, Label.GATHERING),
        Connection[GatheringRef],
        "Gatherings the project team worked at.",
    )

    topics = relationship(
        Hop(RelType.ABOUT, Direction.OUT, Label.TOPIC),
        Connection[TopicRef],
        "Topics the project is about.",
    )

    needs = relationship(
        Hop(RelType.NEEDS, Direction.OUT, Label.TOPIC),
        Connection[TopicRef],
        "Skills the project needs.",
    )

    @strawberry.field(
        description="People who could join the project, whose skills cover what it needs, "
        "best first, each with its reasons."
    )
    async def suggested_members(self, info: Info, first: ResultsFirst = 10) -> list[SuggestionType]:
        return await members_for(info, self.model, first)
