"""Follow a store's change log from nothing, as an analytics projection catches up."""

from __future__ import annotations

from graph.model import Node, NodeRef, Relationship, RelRef
from graph.store import GraphStore


def caught_up(store: GraphStore) -> tuple[dict[NodeRef, Node], dict[RelRef, Relationship]]:
    """The graph rebuilt from nothing by following the change log: each logged ref is
    read again from the store."""
    changes = store.changes_since(0)
    assert changes is not None
    nodes: dict[NodeRef, Node] = {}
    rels: dict[RelRef, Relationship] = {}
    for change in changes:
        for ref, node in zip(change.nodes, store.get_nodes(change.nodes), strict=True):
            if node is None:
                nodes.pop(ref, None)
            else:
                nodes[ref] = node
        found = store.get_relationships(change.relationships)
        for rel_ref, rel in zip(change.relationships, found, strict=True):
            if rel is None:
                rels.pop(rel_ref, None)
            else:
                rels[rel_ref] = rel
    return nodes, rels
