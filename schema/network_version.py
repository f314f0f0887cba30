"""Say in every response which data version its analytics were computed at.

Analytics read the last built network, which may trail the store by a write or two
(see :mod:`graph.live`); a client that cares can compare ``extensions.network.version``
with the data version it wrote at (mutations' payloads and ``/readyz`` tell it).
"""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension

__all__ = ["NetworkVersion"]


class NetworkVersion(SchemaExtension):
    """Adds ``{"network": {"version": N}}`` to ``extensions`` when analytics ran.

    ``N`` is the oldest data version any analytics field of the request was computed
    at; ``versions`` lists them all when they differ.
    """

    def get_results(self) -> dict[str, Any]:
        versions: set[int] = getattr(self.execution_context.context, "network_versions", set())
        if not versions:
            return {}
        found: dict[str, Any] = {"version": min(versions)}
        if len(versions) > 1:
            found["versions"] = sorted(versions)
        return {"network": found}
