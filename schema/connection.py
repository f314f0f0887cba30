"""Relay connections, and the edges that carry a relationship's properties.

Connections are generic over the node type, so ``MembershipConnection[ProjectType]``
appears in the schema as ``ProjectMembershipConnection``. Each relationship type with
properties has its edge (``MembershipEdge``: role and since; ``AttendanceEdge``: mode,
credits and role, ...); relationships without properties use the plain ``Edge``.
A new relationship kind is one edge class and one connection class here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, Self, TypeVar

import strawberry
from strawberry import relay

from graph.model import AttendanceMode, Node, Sector, SupportKind
from graph.store import Neighbour
from resolvers.pagination import encode_cursor
from resolvers.slices import Slice
from schema.enums import to_enum

__all__ = [
    "AffiliationConnection",
    "AttendanceConnection",
    "Connection",
    "EnrollmentConnection",
    "MembershipConnection",
    "PartnershipConnection",
    "SectorMembershipConnection",
    "SkillConnection",
    "SupportConnection",
    "as_date",
]

T = TypeVar("T")


def as_date(value: object) -> dt.date | None:
    """A stored ISO date as a date (None when unset).

    >>> as_date("2019-06-24")
    datetime.date(2019, 6, 24)
    """
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _wrap(node: Node) -> Any:
    from schema.node import wrap

    return wrap(node)


@strawberry.type(description="An item of a connection and its cursor.")
class Edge(Generic[T]):
    """A plain edge: the node and where it sits in the list."""

    cursor: str = strawberry.field(
        description="Where this item sits; pass it as `after` or `before` to page from here."
    )
    node: T = strawberry.field(description="The item.")

    @classmethod
    def of(cls, item: Node | Neighbour, cursor: str) -> Any:
        """The edge for a node, or for a neighbour (ignoring its relationship)."""
        node = item.node if isinstance(item, Neighbour) else item
        return cls(cursor=cursor, node=_wrap(node))


@strawberry.type(description="A page of items, their total count and paging cursors.")
class Connection(Generic[T]):
    """A Relay connection: edges, the nodes alone, paging information and the total."""

    edge_type: ClassVar[type[Any]] = Edge

    # A Sequence (read-only, so covariant) lets each connection below narrow its edges to
    # its own edge type; GraphQL sees the same list.
    edges: Sequence[Edge[T]] = strawberry.field(description="The items with their cursors.")
    total_count: int = strawberry.field(
        description="How many items there are in all pages together."
    )
    page_info: relay.PageInfo = strawberry.field(description="Cursors to page on from here.")

    @strawberry.field(description="The items without their edges (a shortcut for `edges.node`).")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @classmethod
    def of(cls, page: Slice[Any]) -> Self:
        """The connection for a window of nodes or neighbours."""
        make: Callable[[Any, str], Any] = cls.edge_type.of
        edges = [make(item, encode_cursor(page.offset + i)) for i, item in enumerate(page.items)]
        return cls(
            edges=edges,
            total_count=page.total,
            page_info=relay.PageInfo(
                has_next_page=page.has_next,
                has_previous_page=page.has_previous,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )


def _props(item: Neighbour) -> Any:
    return item.rel_props


@strawberry.type(description="A membership (of a project team, study group or cohort).")
class MembershipEdge(Edge[T]):
    """MEMBER_OF: the member's role and since when."""

    role: str | None = strawberry.field(description="Role in the team or group.")
    since: dt.date | None = strawberry.field(description="When the membership began.")

    @classmethod
    def of(cls, item: Node | Neighbour, cursor: str) -> Any:
        assert isinstance(item, Neighbour)
        props = _props(item)
        return cls(
            cursor=cursor,
            node=_wrap(item.node),
            role=props.get("role"),
            since=as_date(props.get("since")),
        )


@strawberry.type(description="Memberships, each edge with the role and since when.")
class MembershipConnection(Connection[T]):
    """Connection over MEMBER_OF."""

    edge_type: ClassVar[type[Any]] = MembershipEdge
    edges: list[MembershipEdge[T]] = strawberry.field(description="The items with their cursors.")


@strawberry.type(description="An affiliation of a person with an organization.")
class AffiliationEdge(Edge[T]):
    """AFFILIATED_WITH: title and dates."""

    title: str | None = strawberry.field(description="Job title.")
    since: dt.date | None = strawberry.field(description="When the affiliation began.")
    until: dt.date | None = strawberry.field(description="When it ended (null if it goes on).")

    @classmethod
    def of(cls, item: Node | Neighbour, cursor: str) -> Any:
        assert isinstance(item, Neighbour)
        props = _props(item)
        return cls(
            cursor=cursor,
            node=_wrap(item.node),
            title=props.get("title"),
            since=as_date(props.get("since")),
            until=as_date(props.get("until")),
        )


@strawberry.type(description="Affiliations, each edge with the title and dates.")
class AffiliationConnection(Connection[T]):
    """Connection over AFFILIATED_WITH."""

    edge_type: ClassVar[type[Any]] = AffiliationEdge
    edges: list[AffiliationEdge[T]] = strawberry.field(description="The items with their cursors.")


@strawberry.type(description="A person's attendance at a gathering.")
class AttendanceEdge(Edge[T]):
    """ATTENDED: mode, EDT 630 credits and role."""

    mode: AttendanceMode = strawberry.field(description="How the person took part.")
    credits: int | None = strawberry.field(
        description="EDT 630 credits earned: reflection 1, joined team or proposed project 2-5."
    )
    role: str | None = strawberry.field(description="Role at the gathering (speaker, ...).")

    @classmethod
    def of(cls, item: Node | Neighbour, cursor: str) -> Any:
        assert isinstance(item, Neighbour)
        props = _props(item)
        return cls(
            cursor=cursor,
            node=_wrap(item.node),
            mode=to_enum(AttendanceMode, props.get("mode")) or AttendanceMode.ATTENDEE,
            credits=props.get("credits"),
            role=props.get("role"),
        )


@strawberry.type(description="Attendances, each edge with the mode, credits and role.")
class AttendanceConnection(Connection[T]):
    """Connection over ATTENDED."""

    edge_type: ClassVar[type[Any]] = AttendanceEdge
    edges: list[AttendanceEdge[T]] = strawberry.field(description="The items with their cursors.")


@strawberry.type(description="An organization's membership of a cluster, with its sector.")
class SectorMembershipEdge(Edge[T]):
    """IN_CLUSTER: the sector the organization brings and since when."""

    sector: Sector | None = strawberry.field(
        description="The sector the organization brings to the cluster."
    )
    since: dt.date | None = strawberry.field(description="When the membership began.")

    @classmethod
    def of(cls, item: Node | Neighbour, cursor: str) -> Any:
        assert isinstance(item, Neighbour)
        props = _props(item)
        return cls(
            cursor=cursor,
            node=_wrap(item.node),
            sector=to_enum(Sector, props.get("sector")),
            since=as_date(props.get("since")),
        )


@strawberry.type(description="Cluster memberships, each edge with the sector.")
class SectorMembershipConnection(Connection[T]):
    """Connection over IN_CLUSTER."""

    edge_type: ClassVar[type[Any]] = SectorMembershipEdge
    edges: list[SectorMembershipEdge[T]] = strawberry.field(
        description="The items with their cursors."
    )


@strawberry.type(description="An organization's support of a program or cluster.")
class SupportEdge(Edge[T]):
    """SUPPORTS: how the organization backs it."""

    kind: SupportKind = strawberry.field(description="Funder, partner, collaborator or developer.")

    @classmethod
    def of(cls, item: Node | Neighbour, cursor: str) -> Any:
        assert isinstance(item, Neighbour)
        kind = to_enum(SupportKind, _props(item).get("kind")) or SupportKind.PARTNER
        return cls(cursor=cursor, node=_wrap(item.node), kind=kind)


@strawberry.type(description="Supporters or supported, each edge with the kind of support.")
class SupportConnection(Connection[T]):
    """Connection over SUPPORTS."""

    edge_type: ClassVar[type[Any]] = SupportEdge
    edges: list[SupportEdge[T]] = strawberry.field(description="The items with their cursors.")


@strawberry.type(description="An organization's partnership in a gathering, cluster or program.")
class PartnershipEdge(Edge[T]):
    """PARTNERED_IN: the partner's role."""

    role: str | None = strawberry.field(description="The partner's role.")

    @classmethod
    def of(cls, item: Node | Neighbour, cursor: str) -> Any:
        assert isinstance(item, Neighbour)
        return cls(cursor=cursor, node=_wrap(item.node), role=_props(item).get("role"))


@strawberry.type(description="Partnerships, each edge with the partner's role.")
class PartnershipConnection(Connection[T]):
    """Connection over PARTNERED_IN."""

    edge_type: ClassVar[type[Any]] = PartnershipEdge
    edges: list[PartnershipEdge[T]] = strawberry.field(description="The items with their cursors.")


@strawberry.type(description="A person's enrollment in a program.")
class EnrollmentEdge(Edge[T]):
    """ENROLLED_IN: track and since when."""

    track: str | None = strawberry.field(description="Track within the program.")
    since: dt.date | None = strawberry.field(description="When the enrollment began.")

    @classmethod
    def of(cls, item: Node | Neighbour, cursor: str) -> Any:
        assert isinstance(item, Neighbour)
        props = _props(item)
        return cls(
            cursor=cursor,
            node=_wrap(item.node),
            track=props.get("track"),
            since=as_date(props.get("since")),
        )


@strawberry.type(description="Enrollments, each edge with the track and since when.")
class EnrollmentConnection(Connection[T]):
    """Connection over ENROLLED_IN."""

    edge_type: ClassVar[type[Any]] = EnrollmentEdge
    edges: list[EnrollmentEdge[T]] = strawberry.field(description="The items with their cursors.")


@strawberry.type(description="A person's skill in a topic.")
class SkillEdge(Edge[T]):
    """SKILLED_IN: the skill level."""

    level: int | None = strawberry.field(description="Skill level, 1 to 5.")

    @classmethod
    def of(cls, item: Node | Neighbour, cursor: str) -> Any:
        assert isinstance(item, Neighbour)
        return cls(cursor=cursor, node=_wrap(item.node), level=_props(item).get("level"))


@strawberry.type(description="Skills, each edge with the level.")
class SkillConnection(Connection[T]):
    """Connection over SKILLED_IN."""

    edge_type: ClassVar[type[Any]] = SkillEdge
    edges: list[SkillEdge[T]] = strawberry.field(description="The items with their cursors.")
