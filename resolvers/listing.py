"""Root connections: one label's nodes, filtered, ordered and paged in the store."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from graph.model import Label, Node
from graph.store import Condition, NodeQuery, Page
from resolvers.context import Context
from resolvers.loaders import call_store
from resolvers.pagination import PageArgs
from resolvers.slices import Slice
from resolvers.visibility import conditions_for

__all__ = ["list_page", "listing_query"]


def listing_query(
    context: Context,
    label: Label,
    page: PageArgs,
    where: Sequence[Condition] = (),
    order_by: str = "name",
    descending: bool = False,
) -> NodeQuery | None:
    """The query :func:`list_page` sends for this window when it needs no total first
    (None for a page counted from the end), for a read plan to answer ahead."""
    if page.needs_total:
        return None
    return _window(context, label, where, order_by, descending)(*page.bounds(None))


def _window(
    context: Context, label: Label, where: Sequence[Condition], order_by: str, descending: bool
) -> Callable[[int, int], NodeQuery]:
    """The query of a window (offset, limit) of the listing, the viewer's visibility
    conditions added to ``where``."""
    conditions = (*where, *conditions_for(context.viewer, label))

    def query(offset: int, limit: int) -> NodeQuery:
        return NodeQuery(label, conditions, order_by, descending, offset=offset, limit=limit)

    return query


async def list_page(
    context: Context,
    label: Label,
    page: PageArgs,
    where: Sequence[Condition] = (),
    order_by: str = "name",
    descending: bool = False,
) -> Slice[Node]:
    """A window of ``label``'s nodes that satisfy ``where``, and how many match in all.

    Nodes the viewer may not see are excluded in the store, so the total is right.
    """
    window = _window(context, label, where, order_by, descending)
    total = None
    if page.needs_total:
        total = (await call_store(context.store.list_nodes, window(0, 0))).total

    async def fetch(offset: int, limit: int) -> Page:
        query = window(offset, limit)
        planned = context.loaders.pages.get(query)
        if planned is not None:
            return planned
        return await call_store(context.store.list_nodes, query)

    offset, limit = page.bounds(total)
    result = await fetch(offset, limit)
    refitted = page.refit(offset, limit, result.total)
    if refitted is not None:
        offset, limit = refitted
        result = await fetch(offset, limit)
    return Slice(result.items, result.total, offset)
