"""The per-request context: the store, the viewer, the settings and fresh loaders."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry

from access.viewer import Viewer
from graph.store import GraphStore
from resolvers.loaders import Loaders
from settings import Settings

__all__ = ["Context", "Info", "make_context"]


@dataclass(slots=True)
class Context:
    """What every resolver of one request shares."""

    store: GraphStore
    viewer: Viewer
    settings: Settings
    loaders: Loaders


Info = strawberry.Info[Context, None]


def make_context(store: GraphStore, viewer: Viewer, settings: Settings) -> Context:
    """A new context for one request (its loaders cache only within the request)."""
    return Context(store=store, viewer=viewer, settings=settings, loaders=Loaders.for_store(store))
