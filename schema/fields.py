"""Shared resolver glue for the node types: relationship fields and root listings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.model import Label, Node
from graph.store import Condition, Hop
from resolvers.listing import list_page
from resolvers.pagination import PageArgs
from resolvers.relations import related, related_one
from schema.connection import Connection
from schema.context import Info
from schema.node import maybe_wrap

__all__ = ["listing", "related_connection", "related_node"]


async def related_connection(
    info: Info,
    node: Node,
    hop: Hop,
    connection: type[Connection[Any]],
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Any:
    """A relationship field: a page of ``node``'s neighbours over ``hop`` as ``connection``."""
    page = PageArgs.parse(first, after, last, before)
    return connection.of(await related(info.context, node, hop, page))


async def related_node(info: Info, node: Node, hop: Hop) -> Any:
    """A relationship field that leads to at most one node."""
    return maybe_wrap(await related_one(info.context, node, hop))


async def listing(
    info: Info,
    label: Label,
    where: Sequence[Condition],
    order: tuple[str, bool],
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Any:
    """A root connection over one label; ``order`` is (property, descending)."""
    page = PageArgs.parse(first, after, last, before)
    order_by, descending = order
    result = await list_page(info.context, label, page, where, order_by, descending)
    return Connection.of(result)
