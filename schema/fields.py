"""Resolver glue shared by the node types: relationship fields and root listings.

A relationship field is one line on its type, ``projects = relationship(PROJECTS,
MembershipConnection[ProjectRef], "...")``: the hop says what to follow, the connection
type which edge properties to show; paging, batching and visibility are the same for all.
A root listing is one line on ``Query``, ``people = root_listing(Label.PERSON,
PersonType, "...", Filtering(...))``: the filter input passes to the resolvers' condition
function field by field (:func:`schema.inputs.filter_arguments`).
"""

# No ``from __future__ import annotations``: the resolvers built here carry their return
# types as real objects, which is what strawberry reads.

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry

from graph.model import Label
from graph.store import Condition, Hop
from resolvers.listing import list_page
from resolvers.pagination import PageArgs
from resolvers.relations import related, related_one
from schema.connection import Connection
from schema.context import Info
from schema.inputs import filter_arguments, order_of
from schema.node import maybe_wrap
from schema.pagination import After, Before, First, Last

__all__ = ["Filtering", "relationship", "relationship_one", "root_listing"]


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


@dataclass(frozen=True, slots=True)
class Filtering:
    """How a root listing narrows and orders its nodes: the filter and order inputs, the
    function that turns a filter's fields into store conditions, and what the argument
    texts call the nodes (``people``)."""

    plural: str
    filter_type: Any
    order_type: Any
    conditions: Callable[..., Sequence[Condition]]


def root_listing(
    label: Label, node_type: Any, description: str, filtering: Filtering | None = None
) -> Any:
    """A root field that pages through ``label``'s nodes as a ``Connection[node_type]``,
    filtered and ordered when ``filtering`` is given (else by name)."""

    async def page(
        info: Info,
        where: Sequence[Condition],
        order: tuple[str, bool],
        first: int | None,
        after: str | None,
        last: int | None,
        before: str | None,
    ) -> Any:
        args = PageArgs.parse(first, after, last, before)
        order_by, descending = order
        result = await list_page(info.context, label, args, where, order_by, descending)
        return Connection.of(result)

    async def everything(
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Any:
        return await page(info, (), order_of(None), first, after, last, before)

    async def filtered(
        info: Info,
        filter: Any = None,
        order_by: Any = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Any:
        assert filtering is not None
        where = filtering.conditions(**filter_arguments(filter)) if filter else ()
        return await page(info, where, order_of(order_by), first, after, last, before)

    resolve = everything if filtering is None else filtered
    if filtering is not None:
        filter_text = f"Only {filtering.plural} matching every filter given."
        order_text = "The order (default: by name, ascending)."
        resolve.__annotations__["filter"] = Annotated[
            filtering.filter_type | None, strawberry.argument(description=filter_text)
        ]
        resolve.__annotations__["order_by"] = Annotated[
            filtering.order_type | None, strawberry.argument(description=order_text)
        ]
    resolve.__annotations__["return"] = Connection[node_type]
    return strawberry.field(resolver=resolve, description=description)
