"""Say in every response which data version its analytics were computed at, and let
go of that network when the request is done.

Analytics read the last built network, which may trail the store by a write or two
(see :mod:`graph.live`); a client that cares can compare ``extensions.network.version``
with the data version it wrote at (mutations' payloads and ``/readyz`` tell it).

A request's objects often end up in reference cycles that only the cyclic collector
frees; a network they still pointed at would live (and weigh) until then, version after
version while writes come in. Dropping the request's hold on it when the operation ends
leaves an old network to reference counting.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from resolvers.context import Context

__all__ = ["NetworkVersion"]


class NetworkVersion(SchemaExtension):
    """Adds ``{"network": {"version": N}}`` to ``extensions`` when analytics ran.

    ``N`` is the oldest data version any analytics field of the request was computed
    at; ``versions`` lists them all when they differ.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        if isinstance(context, Context):
            context.network_snapshot = None

    def get_results(self) -> dict[str, Any]:
        versions: set[int] = getattr(self.execution_context.context, "network_versions", set())
        if not versions:
            return {}
        found: dict[str, Any] = {"version": min(versions)}
        if len(versions) > 1:
            found["versions"] = sorted(versions)
        return {"network": found}
