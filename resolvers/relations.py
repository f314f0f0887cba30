"""Relationship fields: a node's neighbours over one hop, batched per query level.

Every relationship field of the schema comes here. The request goes through
``NeighboursByKeyLoader``, so the same field on 20 parent nodes costs one store call,
and people the viewer may not see are filtered inside the store query.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.model import Node
from graph.store import Condition, Hop, Neighbour
from resolvers.context import Context
from resolvers.loaders import NeighbourRequest
from resolvers.pagination import PageArgs
from resolvers.slices import Slice
from resolvers.visibility import conditions_for

__all__ = ["related", "related_one"]


async def related(
    context: Context,
    node: Node,
    hop: Hop,
    page: PageArgs,
    where: Sequence[Condition] = (),
) -> Slice[Neighbour]:
    """A window of ``node``'s neighbours over ``hop`` (ordered by key) and their total.

    ``last`` without ``before`` counts first (one extra batched call): the window is
    measured from the end. A ``before`` cursor past the end (the list shrank since it
    was handed out) is measured again once the total is known.
    """
    conditions = (*where, *conditions_for(context.viewer, hop.other_label))
    loader = context.loaders.neighbours_by_key
    total = None
    if page.needs_total:
        counted = await loader.load(NeighbourRequest(node.label, node.key, hop, conditions, 0, 0))
        total = counted.total
    offset, limit = page.bounds(total)
    result = await loader.load(
        NeighbourRequest(node.label, node.key, hop, conditions, offset, limit)
    )
    refitted = page.refit(offset, limit, result.total)
    if refitted is not None:
        offset, limit = refitted
        result = await loader.load(
            NeighbourRequest(node.label, node.key, hop, conditions, offset, limit)
        )
    return Slice(result.items, result.total, offset)


async def related_one(context: Context, node: Node, hop: Hop) -> Node | None:
    """The first neighbour over ``hop`` (for hops that lead to at most one node)."""
    conditions = conditions_for(context.viewer, hop.other_label)
    result = await context.loaders.neighbours_by_key.load(
        NeighbourRequest(node.label, node.key, hop, conditions, 0, 1)
    )
    return result.items[0].node if result.items else None
