"""Read plans for a request: a node and the relationship fields below it in one store call.

The schema looks ahead at what a query selects under a node and describes each
relationship field with :func:`plan_step`; :func:`prefetch` has the store answer the
whole plan at once and hands every page to the request's loaders, keyed exactly as
:func:`resolvers.relations.related` will ask for it. The fields then resolve as always,
from the loaders' caches, without another store call; a field the plan did not cover
(a page counted from the end, a field under a fragment the plan skipped) is read the
usual way. Planning changes how often the store is asked, never an answer.
"""

from __future__ import annotations

from graph.plans import PlanStep, ReadPlan
from graph.store import Hop
from resolvers.context import Context
from resolvers.loaders import NeighbourRequest, call_store
from resolvers.pagination import PageArgs
from resolvers.visibility import conditions_for

__all__ = ["plan_step", "prefetch"]


def plan_step(
    context: Context,
    hop: Hop,
    page: PageArgs | None,
    steps: tuple[PlanStep, ...] = (),
) -> PlanStep | None:
    """The step of a relationship field over ``hop`` with the window ``page`` (None: a
    field that leads to at most one node); None when the window depends on a total
    the plan does not read (``last`` without ``before``)."""
    where = tuple(conditions_for(context.viewer, hop.other_label))
    if page is None:
        return PlanStep(hop, where, 0, 1, steps)
    if page.needs_total:
        return None
    offset, limit = page.bounds(None)
    return PlanStep(hop, where, offset, limit, steps)


async def prefetch(context: Context, plan: ReadPlan) -> None:
    """Read ``plan`` in one store call and prime the request's loaders with what it
    read: the listing's page, the nodes by reference, and each step's page for each
    parent."""
    result = await call_store(context.store.read_plan, plan)
    loaders = context.loaders
    if plan.listing is not None and result.listing is not None:
        loaders.pages[plan.listing] = result.listing
    for ref, node in result.nodes.items():
        loaders.node_by_ref.prime(ref, node)
    for (label, step), pages in result.pages.items():
        for key, page in pages.items():
            request = NeighbourRequest(label, key, step.hop, step.where, step.offset, step.limit)
            loaders.neighbours_by_key.prime(request, page)
