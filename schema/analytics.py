"""Network analytics as GraphQL types: explained suggestions, introduction paths,
brokers, cluster bridges, communities, team plans, statistics and ego networks.

The fields that return them live on the types they are about (``Person``,
``Project``, ``Gathering``, ``Cluster``) and on the root (:class:`AnalyticsQuery`, a
part of ``Query``); what they compute is in ``resolvers.analytics``. Nodes these types
name (evidence, members, contexts) are read through the request's node loader, so the
visibility rules apply to them like to every other node. A plain attribute of a result
(a broker's ``degree``) is typed and described by the result's own annotation in
``graph.analytics`` (:func:`schema.fields.model_attribute`).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry

from graph.analytics.brokers import Broker, BrokerKind, ClusterBridges, Introduction, SectorShare
from graph.analytics.common import check_range, documented
from graph.analytics.communities import Community
from graph.analytics.ego import EgoEdge, EgoNetwork, EgoNode
from graph.analytics.paths import PathResult
from graph.analytics.reasons import Reason, ReasonKind, Suggestion
from graph.analytics.stats import NetworkStats
from graph.analytics.teams import Team, TeamPlan
from graph.model import Node, NodeRef
from resolvers import analytics
from resolvers.pagination import MAX_PAGE_SIZE
from schema.context import Info
from schema.costs import MEMBERS_DEFAULT, MEMBERS_MAX
from schema.enums import RelTypeEnum, SectorEnum
from schema.fields import model_attribute
from schema.node import NetworkNode, wrap
from schema.refs import OrganizationRef, PersonRef, ProjectRef, TopicRef

if TYPE_CHECKING:
    from schema.person import PersonType

__all__ = [
    "AnalyticsQuery",
    "BrokerType",
    "ClusterBridgesType",
    "CommunityType",
    "ConnectionPathResultType",
    "EgoNetworkType",
    "NetworkStatsType",
    "ResultsFirst",
    "SuggestionType",
    "TeamPlanType",
    "bridges_of",
    "collaborators_for",
    "ego_of",
    "members_for",
    "projects_for",
    "suggestions_of",
    "teams_for",
]


strawberry.enum(
    ReasonKind,
    description="Why someone (or a project) is suggested: a shared topic, a complementary "
    "skill (they have what your projects need), a common collaborator, the same gathering, "
    "the same cluster, or a bridge to a sector you lack.",
)
strawberry.enum(
    BrokerKind,
    description="Rank brokers among people (the tie graph) or organizations.",
)


@strawberry.enum(description="Why a connection path has no steps.")
class PathCode(Enum):
    """The codes of an empty ``ConnectionPathResult``."""

    SAME_PERSON = strawberry.enum_value(
        "SAME_PERSON", description="Both ends are the same person: a path needs two people."
    )
    NOT_CONNECTED = strawberry.enum_value(
        "NOT_CONNECTED", description="No chain of ties joins the two people at all."
    )
    TOO_FAR = strawberry.enum_value(
        "TOO_FAR", description="No chain within `maxLength` ties; a longer one may exist."
    )


async def _nodes(info: Info, refs: tuple[NodeRef, ...] | list[NodeRef]) -> list[Any]:
    return [wrap(node) for node in await analytics.visible_nodes(info.context, refs)]


def model_nodes(result: type, name: str, node_type: Any) -> Any:
    """A field that answers the nodes attribute ``name`` of the object's ``model`` (an
    analytics ``result``) refers to, as ``node_type``: those the viewer may see, in
    order, in one batched read; described by the result's own annotation
    (:func:`graph.analytics.common.documented`): ``members = model_nodes(Team,
    "members", PersonRef)``."""
    _, description = documented(result)[name]

    async def resolve(root: strawberry.Parent[Any], info: Info) -> list[Any]:
        return await _nodes(info, getattr(root.model, name))

    resolve.__annotations__["return"] = list[node_type]
    return strawberry.field(resolver=resolve, description=description)


@strawberry.type(name="Reason", description="One reason behind a suggestion.")
class ReasonType:
    """A reason: its kind, its share of the score, and the nodes behind it."""

    model: strawberry.Private[Reason]

    kind = model_attribute(Reason, "kind")
    contribution = model_attribute(Reason, "contribution")

    evidence = model_nodes(Reason, "evidence", NetworkNode)


@strawberry.type(
    name="Suggestion",
    description="A suggested person or project, its score and the reasons that make it up.",
)
class SuggestionType:
    """One explained suggestion."""

    found: strawberry.Private[Node]
    model: strawberry.Private[Suggestion]

    @strawberry.field(description="Who or what is suggested (a Person or a Project).")
    def node(self) -> NetworkNode:
        return wrap(self.found)

    score = model_attribute(Suggestion, "score")

    @strawberry.field(description="The reasons, the largest contribution first.")
    def reasons(self) -> list[ReasonType]:
        return [ReasonType(model=reason) for reason in self.model.reasons]


def suggestions_of(found: list[tuple[Node, Suggestion]]) -> list[SuggestionType]:
    """The suggestions (with their nodes) as GraphQL objects."""
    return [SuggestionType(found=node, model=s) for node, s in found]


@strawberry.type(name="SharedContext", description="What two people on a path share.")
class SharedContextType:
    """A shared context and how each person is linked to it."""

    found: strawberry.Private[Node]
    relationship_type: strawberry.Private[RelTypeEnum]

    @strawberry.field(description="The project, group, gathering, organization or cluster.")
    def context(self) -> NetworkNode:
        return wrap(self.found)

    @strawberry.field(
        description="How each of the two is linked to it (for example `MEMBER_OF`; for a "
        "cluster, `IN_CLUSTER` through their organizations)."
    )
    def relationship(self) -> RelTypeEnum:
        return self.relationship_type


@strawberry.type(name="PathStep", description="One tie of a connection path.")
class PathStepType:
    """From one person to the next, with the tie's weight and what they share."""

    start: strawberry.Private[Node]
    end: strawberry.Private[Node]
    tie_weight: strawberry.Private[float]
    contexts: strawberry.Private[list[SharedContextType]]

    @strawberry.field(name="from", description="The person this step starts from.")
    def from_(self) -> PersonRef:
        return cast("PersonType", wrap(self.start))

    @strawberry.field(description="The person this step leads to.")
    def to(self) -> PersonRef:
        return cast("PersonType", wrap(self.end))

    @strawberry.field(description="The tie's strength (see the projection's tie weight).")
    def weight(self) -> float:
        return self.tie_weight

    @strawberry.field(description="What the two people share, the strongest kind first.")
    def shared(self) -> list[SharedContextType]:
        return self.contexts


@strawberry.type(name="ConnectionPath", description="A chain of real ties between two people.")
class ConnectionPathType:
    """The steps of a path, from the first person to the last."""

    path_steps: strawberry.Private[list[PathStepType]]

    @strawberry.field(description="How many ties the chain has.")
    def length(self) -> int:
        return len(self.path_steps)

    @strawberry.field(description="The people along the chain, from start to end.")
    def people(self) -> list[PersonRef]:
        if not self.path_steps:
            return []
        first = self.path_steps[0]
        return [first.from_(), *(step.to() for step in self.path_steps)]

    @strawberry.field(description="The ties, in order.")
    def steps(self) -> list[PathStepType]:
        return self.path_steps


@strawberry.type(
    name="ConnectionPathResult",
    description="The shortest chain of ties between two people (the strongest among equally "
    "short ones), or why there is none.",
)
class ConnectionPathResultType:
    """A path, or a code and a reason."""

    path: ConnectionPathType | None = strawberry.field(
        description="The path; null when there is none within the limit."
    )
    code: PathCode | None = strawberry.field(
        description="Why there is no path (null when there is one)."
    )
    reason: str | None = strawberry.field(
        description="Why there is no path, in words (null when there is one)."
    )

    @classmethod
    def of(cls, result: PathResult, found: dict[NodeRef, Node]) -> ConnectionPathResultType:
        """The GraphQL object of ``result``, whose nodes ``found`` holds."""
        if result.steps is None:
            code = PathCode.__members__.get(result.code or "")
            return cls(path=None, code=code, reason=result.reason)
        steps = [
            PathStepType(
                start=found[step.start],
                end=found[step.end],
                tie_weight=step.weight,
                contexts=[
                    SharedContextType(found=found[c.context], relationship_type=c.relationship)
                    for c in step.shared
                    if c.context in found
                ],
            )
            for step in result.steps
        ]
        return cls(path=ConnectionPathType(path_steps=steps), code=None, reason=None)


@strawberry.type(
    name="Broker",
    description="A person or organization that connects otherwise separate groups.",
)
class BrokerType:
    """A broker with its betweenness, Burt's constraint and degree."""

    found: strawberry.Private[Node]
    model: strawberry.Private[Broker]

    @strawberry.field(description="The person or organization.")
    def node(self) -> NetworkNode:
        return wrap(self.found)

    betweenness = model_attribute(Broker, "betweenness")
    constraint = model_attribute(Broker, "constraint")
    degree = model_attribute(Broker, "degree")


@strawberry.type(name="SectorShare", description="One sector of a cluster.")
class SectorShareType:
    """A sector, its organizations and how many people they have."""

    model: strawberry.Private[SectorShare]

    sector = model_attribute(SectorShare, "sector")

    organizations = model_nodes(SectorShare, "organizations", OrganizationRef)

    people = model_attribute(SectorShare, "people")


@strawberry.type(name="SectorTies", description="How many ties join the people of two sectors.")
class SectorTiesType:
    """A pair of sectors and the ties between their people."""

    pair: strawberry.Private[tuple[SectorEnum, SectorEnum]]
    count: strawberry.Private[int]

    @strawberry.field(description="The two sectors.")
    def sectors(self) -> list[SectorEnum]:
        return list(self.pair)

    @strawberry.field(description="Ties between their people beyond sharing the cluster.")
    def ties(self) -> int:
        return self.count


@strawberry.type(
    name="Introduction",
    description="Two people from different sectors of a cluster who should meet, and why.",
)
class IntroductionType:
    """A suggested introduction."""

    model: strawberry.Private[Introduction]

    people = model_nodes(Introduction, "people", PersonRef)
    sectors = model_attribute(Introduction, "sectors")

    score = model_attribute(Introduction, "score")

    @strawberry.field(description="The reasons; their contributions add up to the score.")
    def reasons(self) -> list[ReasonType]:
        return [ReasonType(model=reason) for reason in self.model.reasons]


@strawberry.type(
    name="ClusterBridges",
    description="A cluster's sector mix, its ties across sectors and the education-research-"
    "commercial introductions that would most strengthen it.",
)
class ClusterBridgesType:
    """The bridges report of one cluster."""

    model: strawberry.Private[ClusterBridges]

    @strawberry.field(description="Sectors in the order education, research, commercial.")
    def sectors(self) -> list[SectorShareType]:
        return [SectorShareType(model=share) for share in self.model.sectors]

    @strawberry.field(description="For each pair of sectors, the ties between their people.")
    def cross_ties(self) -> list[SectorTiesType]:
        return [
            SectorTiesType(pair=pair, count=count) for pair, count in self.model.cross_ties.items()
        ]

    @strawberry.field(description="Introductions to make, best first.")
    def introductions(self) -> list[IntroductionType]:
        return [IntroductionType(model=i) for i in self.model.introductions]


@strawberry.type(name="NodeCount", description="A node and how many members share it.")
class NodeCountType:
    """A topic or organization of a community and how many members it has."""

    found: strawberry.Private[Node]
    count: int = strawberry.field(description="How many members of the community share it.")

    @strawberry.field(description="The topic or organization.")
    def node(self) -> NetworkNode:
        return wrap(self.found)


async def _counted(info: Info, pairs: tuple[tuple[NodeRef, int], ...]) -> list[NodeCountType]:
    found = await analytics.visible_by_ref(info.context, [ref for ref, _ in pairs])
    return [NodeCountType(found=found[ref], count=n) for ref, n in pairs if ref in found]


@strawberry.type(
    name="Community",
    description="A group of people more tied to each other than to the rest (Leiden, "
    "seeded), with its leading topics and organizations.",
)
class CommunityType:
    """A detected community."""

    model: strawberry.Private[Community]

    index = model_attribute(Community, "index")
    size = model_attribute(Community, "size")

    @strawberry.field(description="Its members, by key.")
    async def members(
        self,
        info: Info,
        first: Annotated[
            int,
            strawberry.argument(
                description=f"How many members, 1 to {MEMBERS_MAX} (`size` says how many "
                "there are)."
            ),
        ] = MEMBERS_DEFAULT,
    ) -> list[PersonRef]:
        check_range("first", first, 1, MEMBERS_MAX)
        return await _nodes(info, self.model.members[:first])

    @strawberry.field(description="The topics most of its members share, most shared first.")
    async def topics(self, info: Info) -> list[NodeCountType]:
        return await _counted(info, self.model.topics)

    @strawberry.field(description="The organizations most of its members work with.")
    async def organizations(self, info: Info) -> list[NodeCountType]:
        return await _counted(info, self.model.organizations)


@strawberry.type(name="Team", description="A proposed team for a gathering, and why.")
class TeamType:
    """One proposed team."""

    model: strawberry.Private[Team]

    @strawberry.field(description="The project the team would work on (null for a free team).")
    async def project(self, info: Info) -> ProjectRef | None:
        if self.model.project is None:
            return None
        found = await _nodes(info, [self.model.project])
        return found[0] if found else None

    members = model_nodes(Team, "members", PersonRef)
    covered = model_nodes(Team, "covered", TopicRef)
    missing = model_nodes(Team, "missing", TopicRef)
    organizations = model_nodes(Team, "organizations", OrganizationRef)
    sectors = model_attribute(Team, "sectors")
    new_ties = model_attribute(Team, "new_ties")
    pairs = model_attribute(Team, "pairs")
    why = model_attribute(Team, "why")


@strawberry.type(
    name="TeamPlan",
    description="Teams proposed from a gathering's attendees that cover each project's "
    "needed skills, mix organizations and sectors and create new ties.",
)
class TeamPlanType:
    """The teams proposed for a gathering."""

    model: strawberry.Private[TeamPlan]

    @strawberry.field(description="The teams, in the order formed (nobody is in two).")
    def teams(self) -> list[TeamType]:
        return [TeamType(model=team) for team in self.model.teams]

    reason = model_attribute(TeamPlan, "reason")


@strawberry.type(name="LabelCount", description="How many nodes or relationships of one kind.")
class LabelCountType:
    """A kind and its count."""

    name: str = strawberry.field(description="The node label or relationship type.")
    count: int = strawberry.field(description="How many there are.")


@strawberry.type(name="NetworkStats", description="Sizes and shape of the network.")
class NetworkStatsType:
    """Network statistics at one data version."""

    model: strawberry.Private[NetworkStats]

    version = model_attribute(NetworkStats, "version")

    @strawberry.field(description="Nodes per label.")
    def nodes(self) -> list[LabelCountType]:
        return [LabelCountType(name=k, count=v) for k, v in self.model.nodes.items()]

    @strawberry.field(description="Relationships per type.")
    def relationships(self) -> list[LabelCountType]:
        return [LabelCountType(name=k, count=v) for k, v in self.model.relationships.items()]

    people = model_attribute(NetworkStats, "people")
    discoverable_people = model_attribute(NetworkStats, "discoverable_people")
    ties = model_attribute(NetworkStats, "ties")
    components = model_attribute(NetworkStats, "components")
    largest_component = model_attribute(NetworkStats, "largest_component")
    isolated = model_attribute(NetworkStats, "isolated")
    density = model_attribute(NetworkStats, "density")
    average_degree = model_attribute(NetworkStats, "average_degree")
    average_tie_weight = model_attribute(NetworkStats, "average_tie_weight")
    average_clustering = model_attribute(NetworkStats, "average_clustering")
    clustering_estimated = model_attribute(NetworkStats, "clustering_estimated")


@strawberry.type(name="EgoNode", description="A person in an ego network.")
class EgoNodeType:
    """A person and their distance from the centre."""

    found: strawberry.Private[Node]
    model: strawberry.Private[EgoNode]

    @strawberry.field(description="The person's key (what edges refer to).")
    def key(self) -> str:
        return self.model.ref.key

    name = model_attribute(EgoNode, "name")
    distance = model_attribute(EgoNode, "distance")

    @strawberry.field(description="The person.")
    def person(self) -> PersonRef:
        return cast("PersonType", wrap(self.found))


@strawberry.type(name="EgoEdge", description="A tie in an ego network.")
class EgoEdgeType:
    """A tie between two people of the ego network."""

    model: strawberry.Private[EgoEdge]

    @strawberry.field(description="One end's key.")
    def source(self) -> str:
        return self.model.source.key

    @strawberry.field(description="The other end's key.")
    def target(self) -> str:
        return self.model.target.key

    weight = model_attribute(EgoEdge, "weight")

    shared = model_nodes(EgoEdge, "shared", NetworkNode)


@strawberry.type(
    name="EgoNetwork",
    description="A person, the people around them and the ties among all of them, ready "
    "for a front end to draw.",
)
class EgoNetworkType:
    """An ego network."""

    people: strawberry.Private[list[EgoNodeType]]
    model: strawberry.Private[EgoNetwork]

    @strawberry.field(description="The people, by distance then key (the centre first).")
    def nodes(self) -> list[EgoNodeType]:
        return self.people

    @strawberry.field(description="The ties among them.")
    def edges(self) -> list[EgoEdgeType]:
        keys = {p.model.ref for p in self.people}
        return [
            EgoEdgeType(model=e) for e in self.model.edges if e.source in keys and e.target in keys
        ]

    truncated = model_attribute(EgoNetwork, "truncated")

    @classmethod
    def of(cls, ego: EgoNetwork, found: dict[NodeRef, Node]) -> EgoNetworkType:
        """The GraphQL object of ``ego``, whose visible people ``found`` holds."""
        people = [EgoNodeType(found=found[e.ref], model=e) for e in ego.nodes if e.ref in found]
        return cls(people=people, model=ego)


ResultsFirst = Annotated[
    int, strawberry.argument(description=f"How many results, 1 to {MAX_PAGE_SIZE}.")
]


@strawberry.type(description="Network analytics over the whole network.")
class AnalyticsQuery:
    """``connectionPath``, ``brokers``, ``communities`` and ``networkStats``."""

    @strawberry.field(
        description="The shortest chain of real ties between two people, preferring strong "
        "ties among equally short chains; `path` is null with a `code` and `reason` when "
        "there is none within `maxLength`."
    )
    async def connection_path(
        self,
        info: Info,
        from_: Annotated[
            str, strawberry.argument(name="from", description="The first person's key.")
        ],
        to: Annotated[str, strawberry.argument(description="The last person's key.")],
        max_length: Annotated[
            int, strawberry.argument(description="The longest chain to look for, 1 to 6.")
        ] = 4,
    ) -> ConnectionPathResultType | None:
        result, found = await analytics.connection_path(info.context, from_, to, max_length)
        return ConnectionPathResultType.of(result, found)

    @strawberry.field(
        description="The people (or organizations) that most connect otherwise separate "
        "groups, by betweenness centrality, with Burt's constraint."
    )
    async def brokers(
        self,
        info: Info,
        among: Annotated[
            BrokerKind, strawberry.argument(description="People or organizations.")
        ] = BrokerKind.PEOPLE,
        first: ResultsFirst = 10,
    ) -> list[BrokerType]:
        found = await analytics.brokers(info.context, among, first)
        return [BrokerType(found=node, model=broker) for node, broker in found]

    @strawberry.field(description="Detected communities of people, the largest first.")
    async def communities(self, info: Info, first: ResultsFirst = 10) -> list[CommunityType]:
        return [
            CommunityType(model=c) for c in await analytics.detect_communities(info.context, first)
        ]

    @strawberry.field(description="Sizes and shape of the network.")
    async def network_stats(self, info: Info) -> NetworkStatsType:
        return NetworkStatsType(model=await analytics.network_stats(info.context))


async def collaborators_for(
    info: Info, person: Node, first: int, diversify: float
) -> list[SuggestionType] | None:
    """``Person.suggestedCollaborators``: null when the viewer may not see the person."""
    found = await analytics.suggest_collaborators(info.context, person, first, diversify)
    return None if found is None else suggestions_of(found)


async def projects_for(info: Info, person: Node, first: int) -> list[SuggestionType] | None:
    """``Person.suggestedProjects``: null when the viewer may not see the person."""
    found = await analytics.suggest_projects(info.context, person, first)
    return None if found is None else suggestions_of(found)


async def members_for(info: Info, project: Node, first: int) -> list[SuggestionType]:
    """``Project.suggestedMembers``."""
    return suggestions_of(await analytics.suggest_members(info.context, project, first))


async def ego_of(info: Info, person: Node, radius: int, max_nodes: int) -> EgoNetworkType | None:
    """``Person.egoNetwork``: null when the viewer may not see the person."""
    found = await analytics.ego_network(info.context, person, radius, max_nodes)
    return None if found is None else EgoNetworkType.of(*found)


async def teams_for(info: Info, gathering: Node, size: int, count: int) -> TeamPlanType:
    """``Gathering.suggestedTeams``."""
    return TeamPlanType(
        model=await analytics.suggest_teams(info.context, gathering.key, size, count)
    )


async def bridges_of(info: Info, cluster: Node, first: int) -> ClusterBridgesType:
    """``Cluster.bridges``."""
    return ClusterBridgesType(
        model=await analytics.cluster_bridges(info.context, cluster.key, first)
    )
