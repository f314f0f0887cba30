"""The per-request context: the store, the viewer, the settings, fresh loaders and the
network projection the analytics read.

Loaders live for one request; the projection lives for the process: one
:class:`graph.projection.ProjectionCache` per store, rebuilt only when the store's data
version moves, so every request reads the same network until a write changes it.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import strawberry

from access.viewer import Viewer
from graph.projection import ProjectionCache
from graph.store import GraphStore
from resolvers.loaders import Loaders
from settings import Settings

__all__ = ["Context", "Info", "make_context", "projection_for"]


@dataclass(slots=True)
class Context:
    """What every resolver of one request shares."""

    store: GraphStore
    viewer: Viewer
    settings: Settings
    loaders: Loaders
    projections: ProjectionCache


Info = strawberry.Info[Context, None]

# A store lives as long as the app that opened it; its cache goes with it.
_projections: weakref.WeakKeyDictionary[GraphStore, ProjectionCache] = weakref.WeakKeyDictionary()
_projections_lock = threading.Lock()


def projection_for(store: GraphStore) -> ProjectionCache:
    """The process's projection cache of ``store`` (made on first use)."""
    with _projections_lock:
        cache = _projections.get(store)
        if cache is None:
            cache = _projections[store] = ProjectionCache(store)
        return cache


def make_context(
    store: GraphStore,
    viewer: Viewer,
    settings: Settings,
    projections: ProjectionCache | None = None,
) -> Context:
    """A new context for one request (its loaders cache only within the request).

    ``projections`` is the network cache to read; by default the one shared by every
    request on ``store``.
    """
    return Context(
        store=store,
        viewer=viewer,
        settings=settings,
        loaders=Loaders.for_store(store),
        projections=projections if projections is not None else projection_for(store),
    )
