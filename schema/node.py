"""What every node type shares: the Relay ``Node`` id, a key, a name and its source.

A global id is the base64 of ``<Label>:<key>`` (``Person:ada``); it is opaque to
clients, who should not build it themselves. :func:`wrap` turns a model node into
the GraphQL type of its label.
"""

from __future__ import annotations

import functools
from typing import Any, Self, TypeVar

import strawberry
from strawberry import relay

from graph.model import Label, Node, NodeRef

__all__ = [
    "NetworkNode",
    "SearchHitType",
    "global_id",
    "label_of",
    "optional_text",
    "parse_global_id",
    "wrap",
]


@strawberry.interface(
    description="Anything in the network: it has a global id, a key, a name and a source."
)
class NetworkNode(relay.Node):
    """The base of every node type; ``model`` is the wrapped model node."""

    model: strawberry.Private[Node]

    @classmethod
    def resolve_id(cls, root: Any, *, info: strawberry.Info) -> str:
        return str(root.model.key)

    @classmethod
    def from_model(cls, node: Node) -> Self:
        """The GraphQL object for ``node``."""
        return cls(model=node)

    @strawberry.field(
        description="The node's key: unique within its type, stable, lower-case "
        "(for example `donald-peurach`)."
    )
    def key(self) -> str:
        return self.model.key

    @strawberry.field(description="Display name.")
    def name(self) -> str:
        return str(self.model.get("name"))

    @strawberry.field(description="The source document and sentence behind this record.")
    def source(self) -> str | None:
        return optional_text(self.model.get("source"))

    @strawberry.field(description="Whether the record was generated rather than collected.")
    def synthetic(self) -> bool:
        return bool(self.model.get("synthetic"))


NodeTypeT = TypeVar("NodeTypeT", bound=NetworkNode)


def optional_text(value: object) -> str | None:
    """A text property as GraphQL answers it: the text, or None when it is not set.

    >>> optional_text("Ann Arbor"), optional_text(None)
    ('Ann Arbor', None)
    """
    return None if value is None else str(value)


@functools.cache
def _types() -> dict[Label, type[NetworkNode]]:
    from schema.cluster import ClusterType
    from schema.cohort import CohortType
    from schema.gathering import GatheringType
    from schema.organization import OrganizationType
    from schema.person import PersonType
    from schema.program import ProgramType
    from schema.project import ProjectType
    from schema.study_group import StudyGroupType
    from schema.topic import TopicType

    return {
        Label.PERSON: PersonType,
        Label.ORGANIZATION: OrganizationType,
        Label.PROJECT: ProjectType,
        Label.GATHERING: GatheringType,
        Label.CLUSTER: ClusterType,
        Label.PROGRAM: ProgramType,
        Label.COHORT: CohortType,
        Label.STUDY_GROUP: StudyGroupType,
        Label.TOPIC: TopicType,
    }


def node_types() -> list[type[NetworkNode]]:
    """Every node type of the schema."""
    return list(_types().values())


def label_of(node_type: type[NetworkNode]) -> Label:
    """The label whose nodes ``node_type`` wraps.

    >>> from schema.topic import TopicType
    >>> label_of(TopicType)
    <Label.TOPIC: 'Topic'>
    """
    return next(label for label, each in _types().items() if each is node_type)


def wrap(node: Node) -> NetworkNode:
    """The GraphQL object of ``node``'s label wrapping ``node``."""
    return _types()[node.label].from_model(node)


def maybe_wrap(node: Node | None) -> Any:
    """``wrap(node)``, or None.

    Typed Any: its callers (relationship fields, mutation payloads) each declare the one
    node type their label gives, which no static type of ``node`` can tell.
    """
    return None if node is None else wrap(node)


def global_id(ref: NodeRef) -> str:
    """The opaque global id of a node.

    >>> global_id(NodeRef(Label.PERSON, "ada"))
    'UGVyc29uOmFkYQ=='
    """
    return str(relay.GlobalID(ref.label.value, ref.key))


def parse_global_id(value: str) -> NodeRef | None:
    """The node a global id names; None if it is not one of ours.

    >>> parse_global_id("UGVyc29uOmFkYQ==")
    NodeRef(label=<Label.PERSON: 'Person'>, key='ada')
    >>> parse_global_id("not an id") is None
    True
    """
    try:
        gid = relay.GlobalID.from_id(value)
    except ValueError:
        return None
    try:
        label = Label(gid.type_name)
    except ValueError:
        return None
    return NodeRef(label, gid.node_id)


@strawberry.type(name="SearchHit", description="A search result and how well it matched.")
class SearchHitType:
    """One hit of ``search``."""

    node: NetworkNode = strawberry.field(description="The matching node.")
    score: float = strawberry.field(description="Relevance; higher is better.")
