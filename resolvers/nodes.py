"""Lookups: nodes by reference (key or global id), the viewer's own person, and search."""

from __future__ import annotations

from collections.abc import Sequence

from graph.model import Label, Node, NodeRef
from graph.store import SearchHit
from graph.validation import validate_key
from resolvers.context import Context
from resolvers.loaders import call_store
from resolvers.visibility import is_visible, search_conditions

__all__ = ["me", "node_by_key", "node_by_ref", "nodes_by_refs", "search"]


async def node_by_ref(context: Context, ref: NodeRef) -> Node | None:
    """The node, or None when it does not exist or the viewer may not see it."""
    node = await context.loaders.node_by_ref.load(ref)
    if node is None or not is_visible(context.viewer, node):
        return None
    return node


async def node_by_key(context: Context, label: Label, key: str) -> Node | None:
    """A node by label and key (``InvalidInput`` on field ``key`` if the key is malformed)."""
    return await node_by_ref(context, NodeRef(label, validate_key(key)))


async def nodes_by_refs(context: Context, refs: Sequence[NodeRef | None]) -> list[Node | None]:
    """Nodes in the order asked for (one store call); None where missing or hidden."""
    wanted = [ref for ref in refs if ref is not None]
    found = dict(zip(wanted, await context.loaders.node_by_ref.load_many(wanted), strict=True))
    out: list[Node | None] = []
    for ref in refs:
        node = found.get(ref) if ref is not None else None
        out.append(node if node is not None and is_visible(context.viewer, node) else None)
    return out


async def me(context: Context) -> Node | None:
    """The person the viewer's token belongs to, if any."""
    key = context.viewer.person_key
    if key is None:
        return None
    return await node_by_ref(context, NodeRef(Label.PERSON, key))


async def search(
    context: Context, text: str, first: int, labels: Sequence[Label] = ()
) -> list[SearchHit]:
    """Best matches first; people the viewer may not see are never returned."""
    return await call_store(
        context.store.search,
        text,
        labels=tuple(labels),
        where=search_conditions(context.viewer),
        limit=first,
    )
