"""The Relay paging arguments of every connection field (``first/after/last/before``).

What they mean (offset cursors, page windows, the size cap) is in
:mod:`resolvers.pagination`.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

__all__ = ["After", "Before", "First", "Last"]

First = Annotated[
    int | None,
    strawberry.argument(
        description=f"Return the first n items (default {DEFAULT_PAGE_SIZE}, "
        f"at most {MAX_PAGE_SIZE})."
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(description="Return items after this cursor (an edge's `cursor`)."),
]
Last = Annotated[
    int | None,
    strawberry.argument(description=f"Return the last n items (at most {MAX_PAGE_SIZE})."),
]
Before = Annotated[
    str | None,
    strawberry.argument(description="Return items before this cursor (an edge's `cursor`)."),
]
