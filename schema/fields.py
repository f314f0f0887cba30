"""Resolver glue shared by the node types: relationship fields and root listings.

A relationship field is one line on its type, ``projects = relationship(PROJECTS,
MembershipConnection[ProjectRef], "...")``: the hop says what to follow, the connection
type which edge properties to show; paging, batching and visibility are the same for all.
"""

# No ``from __future__ import annotations``: the resolvers built here carry their return
# types as real objects, which is what strawberry reads.

from collections.abc import Sequence
from typing import Any

import strawberry

from graph.model import Label
from graph.store import Condition, Hop
from resolvers.listing import list_page
from resolvers.pagination import PageArgs
from resolvers.relations import related, related_one
from schema.connection import Connection
from schema.context import Info
from schema.node import maybe_wrap
from schema.pagination import After, Before, First, Last

__all__ = ["listing", "relationship", "relationship_one"]


def relationship(hop: Hop, connection: Any, description: str) -> Any:
    """A field that pages through a node's neighbours over ``hop`` as ``connection``
    (``MembershipConnection[ProjectRef]``, ...), with the four Relay arguments."""
    connection_type: type[Connection[Any]] = getattr(connection, "__origin__", connection)

    async def resolve(
        root: strawberry.Parent[Any],
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Any:
        page = PageArgs.parse(first, after, last, before)
        return connection_type.of(await related(info.context, root.model, hop, page))

    resolve.__annotations__["return"] = connection
    return strawberry.field(resolver=resolve, description=description)


def relationship_one(hop: Hop, node_type: Any, description: str) -> Any:
    """A field that leads over ``hop`` to at most one node of ``node_type``."""

    async def resolve(root: strawberry.Parent[Any], info: Info) -> Any:
        return maybe_wrap(await related_one(info.context, root.model, hop))

    resolve.__annotations__["return"] = node_type | None
    return strawberry.field(resolver=resolve, description=description)


async def listing(
    info: Info,
    label: Label,
    where: Sequence[Condition],
    order: tuple[str, bool],
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[Any]:
    """A root connection over one label; ``order`` is (property, descending)."""
    page = PageArgs.parse(first, after, last, before)
    order_by, descending = order
    result = await list_page(info.context, label, page, where, order_by, descending)
    return Connection.of(result)
