"""Relay connections, and the edges that carry a relationship's properties.

Connections are generic over the node type, so ``MembershipConnection[ProjectType]``
appears in the schema as ``ProjectMembershipConnection``. Each relationship type with
properties has its edge (``MembershipEdge``: role and since; ``AttendanceEdge``: mode,
credits and role, ...), built by :func:`relationship_connection` from the relationship's
properties in :data:`graph.model.REL_SPECS` (all but ``source``); relationships without
properties use the plain ``Edge``. A new relationship kind is one call here.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, Self, TypeVar

import strawberry
from strawberry import relay

import schema.enums  # noqa: F401  (registers the model's enums, the edge fields' types)
from graph.model import REL_SPECS, Node, PropKind, PropSpec, RelType
from graph.store import Neighbour
from resolvers.pagination import encode_cursor
from resolvers.slices import Slice

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
    "relationship_connection",
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


_SCALARS: dict[PropKind, type] = {PropKind.STR: str, PropKind.INT: int, PropKind.DATE: dt.date}


def _edge_field(prop: PropSpec) -> tuple[Any, Any]:
    """The type and strawberry field of a relationship property on an edge: its enum
    when it has choices, never null when the model gives a default."""
    type_: Any = prop.choices or _SCALARS[prop.kind]
    return (type_ if prop.default is not None else type_ | None), strawberry.field(
        description=prop.description
    )


def _edge_value(prop: PropSpec, props: Any) -> Any:
    """A stored relationship property as the edge shows it (the default when unset)."""
    value = props.get(prop.name, prop.default)
    if value is None:
        return None
    if prop.choices is not None:
        return prop.choices(value)
    return as_date(value) if prop.kind is PropKind.DATE else value


def _of_t(generic: Any) -> Any:
    """``generic[T]``: a built type, still generic over the node type."""
    return generic[T]


def _generic_type(name: str, base: Any, description: str, namespace: dict[str, Any]) -> Any:
    """A strawberry type ``name`` generic over ``T``, subclassing ``base[T]``."""
    namespace |= {"__module__": __name__, "__doc__": description}
    cls = types.new_class(name, (_of_t(base),), exec_body=lambda ns: ns.update(namespace))
    return strawberry.type(cls, description=description)


def relationship_connection(
    rel: RelType, name: str, edge_description: str, description: str
) -> Any:
    """``<name>Connection``, generic over the node type, whose ``<name>Edge`` shows the
    properties of ``rel`` (all but ``source``) beside the cursor and the node."""
    shown = tuple(p for p in REL_SPECS[rel].props if p.name != "source")
    fields = {prop.name: _edge_field(prop) for prop in shown}

    def of(cls: Any, item: Node | Neighbour, cursor: str) -> Any:
        assert isinstance(item, Neighbour)
        values = {prop.name: _edge_value(prop, item.rel_props) for prop in shown}
        return cls(cursor=cursor, node=_wrap(item.node), **values)

    edge = _generic_type(
        f"{name}Edge",
        Edge,
        edge_description,
        {
            "__annotations__": {field: type_ for field, (type_, _) in fields.items()},
            **{field: definition for field, (_, definition) in fields.items()},
            "of": classmethod(of),
        },
    )
    return _generic_type(
        f"{name}Connection",
        Connection,
        description,
        {
            "__annotations__": {"edges": list[_of_t(edge)]},  # type: ignore[misc]  # built at run time
            "edges": strawberry.field(description="The items with their cursors."),
            "edge_type": edge,
        },
    )


MembershipConnection = relationship_connection(
    RelType.MEMBER_OF,
    "Membership",
    "A membership (of a project team, study group or cohort).",
    "Memberships, each edge with the role and since when.",
)
AffiliationConnection = relationship_connection(
    RelType.AFFILIATED_WITH,
    "Affiliation",
    "An affiliation of a person with an organization.",
    "Affiliations, each edge with the title and dates.",
)
AttendanceConnection = relationship_connection(
    RelType.ATTENDED,
    "Attendance",
    "A person's attendance at a gathering.",
    "Attendances, each edge with the mode, credits and role.",
)
SectorMembershipConnection = relationship_connection(
    RelType.IN_CLUSTER,
    "SectorMembership",
    "An organization's membership of a cluster, with its sector.",
    "Cluster memberships, each edge with the sector.",
)
SupportConnection = relationship_connection(
    RelType.SUPPORTS,
    "Support",
    "An organization's support of a program or cluster.",
    "Supporters or supported, each edge with the kind of support.",
)
PartnershipConnection = relationship_connection(
    RelType.PARTNERED_IN,
    "Partnership",
    "An organization's partnership in a gathering, cluster or program.",
    "Partnerships, each edge with the partner's role.",
)
EnrollmentConnection = relationship_connection(
    RelType.ENROLLED_IN,
    "Enrollment",
    "A person's enrollment in a program.",
    "Enrollments, each edge with the track and since when.",
)
SkillConnection = relationship_connection(
    RelType.SKILLED_IN, "Skill", "A person's skill in a topic.", "Skills, each edge with the level."
)
