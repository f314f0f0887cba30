"""What a resolver of the schema receives: ``info.context`` is the request's
:class:`resolvers.context.Context` (store, viewer, settings, loaders, live network)."""

from __future__ import annotations

import strawberry

from resolvers.context import Context, make_context

__all__ = ["Context", "Info", "make_context"]

Info = strawberry.Info[Context, None]
"""The ``info`` argument of every resolver in the schema."""
