"""Per-request DataLoaders: every level of a query reaches the store in one round trip.

Loaders are named for what they return and by what. Each collects the keys asked for
during one tick of the event loop and answers them with one batched store call,
returning results in key order (``None`` for a missing node). Store calls are
blocking, so they run in a worker thread and the event loop keeps serving.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from strawberry.dataloader import DataLoader

from graph.model import Label, Node, NodeRef
from graph.store import Condition, GraphStore, Hop, NeighbourPage, NodeQuery, Page

__all__ = [
    "Loaders",
    "NeighbourRequest",
    "NeighboursByKeyLoader",
    "NodeByRefLoader",
    "call_store",
]

R = TypeVar("R")


async def call_store(fn: Callable[..., R], /, *args: Any, **kwargs: Any) -> R:
    """Run one blocking store call in a worker thread and return its result."""
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))


class NodeByRefLoader(DataLoader[NodeRef, Node | None]):
    """Nodes by label and key: one ``store.get_nodes`` call per batch."""

    def __init__(self, store: GraphStore) -> None:
        super().__init__(load_fn=self._load)
        self._store = store

    async def _load(self, refs: list[NodeRef]) -> Sequence[Node | None]:
        return await call_store(self._store.get_nodes, refs)


@dataclass(frozen=True, slots=True)
class NeighbourRequest:
    """One node's page of neighbours over ``hop``; requests that differ only in
    ``key`` are answered by one store call."""

    label: Label
    key: str
    hop: Hop
    where: tuple[Condition, ...] = ()
    offset: int = 0
    limit: int | None = None

    @property
    def group(self) -> tuple[Label, Hop, tuple[Condition, ...], int, int | None]:
        """Everything but the key: the arguments of the shared store call."""
        return (self.label, self.hop, self.where, self.offset, self.limit)


class NeighboursByKeyLoader(DataLoader[NeighbourRequest, NeighbourPage]):
    """Pages of neighbours by node key: one ``store.neighbours`` call per group of
    requests that share label, hop, conditions and window."""

    def __init__(self, store: GraphStore) -> None:
        super().__init__(load_fn=self._load)
        self._store = store

    async def _load(self, requests: list[NeighbourRequest]) -> Sequence[NeighbourPage]:
        groups: dict[tuple[Any, ...], list[str]] = {}
        for request in requests:
            keys = groups.setdefault(request.group, [])
            if request.key not in keys:
                keys.append(request.key)
        pages: dict[tuple[Any, ...], dict[str, NeighbourPage]] = {}

        async def fetch(group: tuple[Any, ...], keys: list[str]) -> None:
            label, hop, where, offset, limit = group
            pages[group] = await call_store(
                self._store.neighbours, label, keys, hop, where=where, offset=offset, limit=limit
            )

        async with anyio.create_task_group() as tasks:
            for group, keys in groups.items():
                tasks.start_soon(fetch, group, keys)
        return [pages[request.group][request.key] for request in requests]


@dataclass(frozen=True, slots=True)
class Loaders:
    """The loaders of one request (a new set per request, so caches never leak), and
    the listing pages a read plan already read (``pages``, by their query)."""

    node_by_ref: NodeByRefLoader
    neighbours_by_key: NeighboursByKeyLoader
    pages: dict[NodeQuery, Page] = field(default_factory=dict)

    @classmethod
    def for_store(cls, store: GraphStore) -> Loaders:
        """Fresh loaders reading ``store``."""
        return cls(NodeByRefLoader(store), NeighboursByKeyLoader(store))

    def clear_all(self) -> None:
        """Forget everything loaded so far (after a write)."""
        self.node_by_ref.clear_all()
        self.neighbours_by_key.clear_all()
        self.pages.clear()
