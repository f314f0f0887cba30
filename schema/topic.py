"""``Topic``: an interest or skill, and who and what relates to it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import topic as hops
from schema.connection import Connection, SkillConnection
from schema.context import Info
from schema.fields import related_connection
from schema.node import NetworkNode
from schema.pagination import After, Before, First, Last

if TYPE_CHECKING:
    from schema.cluster import ClusterType
    from schema.gathering import GatheringType
    from schema.person import PersonType
    from schema.project import ProjectType

__all__ = ["TopicType"]

PersonRef = Annotated["PersonType", strawberry.lazy("schema.person")]
ProjectRef = Annotated["ProjectType", strawberry.lazy("schema.project")]
GatheringRef = Annotated["GatheringType", strawberry.lazy("schema.gathering")]
ClusterRef = Annotated["ClusterType", strawberry.lazy("schema.cluster")]


@strawberry.type(name="Topic", description=NODE_SPECS[Label.TOPIC].description)
class TopicType(NetworkNode):
    """A topic node."""

    @strawberry.field(description="People interested in the topic.")
    async def interested_people(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PersonRef]:
        return await related_connection(
            info, self.model, hops.INTERESTED, Connection, first, after, last, before
        )

    @strawberry.field(description="People skilled in the topic; each edge has the level.")
    async def skilled_people(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> SkillConnection[PersonRef]:
        return await related_connection(
            info, self.model, hops.SKILLED, SkillConnection, first, after, last, before
        )

    @strawberry.field(description="Projects about the topic.")
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

    @strawberry.field(description="Projects that need this skill.")
    async def needed_by(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ProjectRef]:
        return await related_connection(
            info, self.model, hops.NEEDED_BY, Connection, first, after, last, before
        )

    @strawberry.field(description="Gatherings about the topic.")
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

    @strawberry.field(description="Clusters about the topic.")
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
