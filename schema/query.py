"""The root ``Query``: lookups by id and key, the root connections, and search.

The root type is composed from parts, one per concern; a new family of root fields
(analytics, for example) is a new part added to ``Query``'s bases.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from graph.model import Label
from resolvers import nodes as lookups
from resolvers import person as people
from resolvers.errors import ApiError, ErrorCode
from resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, check_page_size
from resolvers.visibility import may_export_person
from schema.analytics import AnalyticsQuery
from schema.cluster import ClusterType
from schema.cohort import CohortType
from schema.context import Info
from schema.enums import LabelEnum
from schema.fields import key_lookup, root_listing
from schema.gathering import GatheringType
from schema.inputs import CLUSTERS, GATHERINGS, ORGANIZATIONS, PEOPLE, PROJECTS
from schema.node import SearchHitType, maybe_wrap, parse_global_id, wrap
from schema.organization import OrganizationType
from schema.person import PersonType
from schema.plans import plan_ahead
from schema.program import ProgramType
from schema.project import ProjectType
from schema.study_group import StudyGroupType
from schema.topic import TopicType

__all__ = ["Query"]


@strawberry.type(description="Fetch any node by its global id.")
class NodeQuery:
    """``node``, ``nodes`` and ``me``."""

    @strawberry.field(
        description="The node with this global id, or null if there is none "
        "(or you may not see it)."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global id.")],
    ) -> relay.Node | None:
        ref = parse_global_id(id)
        if ref is None:
            raise ApiError("id is not a global id of this API", field="id")
        await plan_ahead(info, ref.label, ref.key)
        node = await lookups.node_by_ref(info.context, ref)
        return None if node is None else wrap(node)

    @strawberry.field(
        description=f"The nodes with these global ids, in order (at most "
        f"{MAX_PAGE_SIZE}); null where there is none or you may not see it."
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global ids.")],
    ) -> list[relay.Node | None]:
        check_page_size(len(ids), "ids")
        refs = [parse_global_id(value) for value in ids]
        return [maybe_wrap(node) for node in await lookups.nodes_by_refs(info.context, refs)]

    @strawberry.field(description="The person your token belongs to (null when anonymous).")
    async def me(self, info: Info) -> PersonType | None:
        key = info.context.viewer.person_key
        if key is not None:
            await plan_ahead(info, Label.PERSON, key)
        node = await lookups.me(info.context)
        return None if node is None else PersonType.from_model(node)


@strawberry.type(description="Fetch one node by its key.")
class KeyQuery:
    """One field per label users look up by key."""

    person = key_lookup(PersonType, "The person with this key (null if none or hidden from you).")

    @strawberry.field(
        description="Everything Convene stores about a person, as JSON: `person` (every "
        "property, private ones included), `relationships` (each with its type, "
        "direction, properties and the node at the other end; other people hidden from "
        "you are left out) and `tokens` (bound to the person; never their secrets). "
        "For the person's own token and admins; null when there is no such person."
    )
    async def personal_data(
        self,
        info: Info,
        person: Annotated[str, strawberry.argument(description="The person's key.")],
    ) -> JSON | None:
        if not may_export_person(info.context.viewer, person):
            raise ApiError(
                "Only the person themself (with their own token) or an admin may read "
                "everything stored about them",
                code=ErrorCode.FORBIDDEN,
                field="person",
            )
        data = await people.personal_data(info.context, person)
        return None if data is None else JSON(data)

    organization = key_lookup(OrganizationType, "The organization with this key.")
    project = key_lookup(ProjectType, "The project with this key.")
    gathering = key_lookup(GatheringType, "The gathering with this key.")
    cluster = key_lookup(ClusterType, "The cluster with this key.")
    program = key_lookup(ProgramType, "The program with this key.")
    cohort = key_lookup(CohortType, "The cohort with this key.")
    study_group = key_lookup(StudyGroupType, "The study group with this key.")
    topic = key_lookup(TopicType, "The topic with this key.")


@strawberry.type(description="Page through the network, filtered and ordered.")
class ListQuery:
    """The root connections."""

    people = root_listing(
        Label.PERSON,
        PersonType,
        "People, filtered and ordered (by name unless told).",
        PEOPLE,
    )
    organizations = root_listing(
        Label.ORGANIZATION,
        OrganizationType,
        "Organizations, filtered and ordered (by name unless told).",
        ORGANIZATIONS,
    )
    projects = root_listing(
        Label.PROJECT,
        ProjectType,
        "Projects, filtered and ordered (by name unless told).",
        PROJECTS,
    )
    gatherings = root_listing(
        Label.GATHERING,
        GatheringType,
        "Gatherings, filtered and ordered (by name unless told).",
        GATHERINGS,
    )
    clusters = root_listing(
        Label.CLUSTER,
        ClusterType,
        "Education innovation clusters, filtered and ordered (by name unless told).",
        CLUSTERS,
    )
    programs = root_listing(Label.PROGRAM, ProgramType, "Learning programs, by name.")
    topics = root_listing(Label.TOPIC, TopicType, "Topics (interests and skills), by name.")


@strawberry.type(description="Full-text search.")
class SearchQuery:
    """``search``."""

    @strawberry.field(
        description="Nodes whose name, headline or summary match every word of `text` (by "
        "prefix, case-insensitive), best first."
    )
    async def search(
        self,
        info: Info,
        text: Annotated[str, strawberry.argument(description="Words to look for.")],
        first: Annotated[
            int,
            strawberry.argument(description=f"How many hits (at most {MAX_PAGE_SIZE})."),
        ] = DEFAULT_PAGE_SIZE,
        labels: Annotated[
            list[LabelEnum] | None,
            strawberry.argument(description="Only nodes of these types (default: all)."),
        ] = None,
    ) -> list[SearchHitType]:
        check_page_size(first, "first")
        hits = await lookups.search(info.context, text, first, labels or ())
        return [SearchHitType(node=wrap(hit.node), score=hit.score) for hit in hits]


@strawberry.type(description="Everything you can read.")
class Query(NodeQuery, KeyQuery, ListQuery, SearchQuery, AnalyticsQuery):
    """The root query type."""
