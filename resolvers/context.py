"""The per-request context: the store, the viewer, the settings, fresh loaders and the
live network the analytics read.

Loaders live for one request; the network lives for the process: the server opens one
:class:`graph.live.LiveNetwork` per store in its lifespan and hands it to every request,
so every request reads the last built network while a newer one is built in the
background. The first analytics field of a request takes the network
(``network_snapshot``) and every other field of that request reads the same one: one
version per request, and one look at the store's version rather than one per field.
``network_versions`` collects the data versions this request's analytics were computed
on, for the response's ``extensions``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from access.viewer import Viewer
from graph.live import LiveNetwork
from graph.projection import Network
from graph.store import GraphStore
from resolvers.loaders import Loaders
from settings import Settings

__all__ = ["Context", "make_context"]


@dataclass(slots=True)
class Context:
    """What every resolver of one request shares."""

    store: GraphStore
    viewer: Viewer
    settings: Settings
    loaders: Loaders
    network: LiveNetwork
    network_versions: set[int] = field(default_factory=set)
    network_snapshot: Network | None = None
    network_lock: threading.Lock = field(default_factory=threading.Lock)


def make_context(
    store: GraphStore,
    viewer: Viewer,
    settings: Settings,
    network: LiveNetwork | None = None,
) -> Context:
    """A new context for one request (its loaders cache only within the request).

    ``network`` is the live network to read; by default the one the process shares for
    ``store`` (:meth:`graph.live.LiveNetwork.shared`).
    """
    return Context(
        store=store,
        viewer=viewer,
        settings=settings,
        loaders=Loaders.for_store(store),
        network=network if network is not None else LiveNetwork.shared(store),
    )
