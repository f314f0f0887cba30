"""A window of results with its position and the total, ready to become a connection."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Slice"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Slice(Generic[T]):
    """``items`` start at ``offset`` in the full ordered result of ``total`` items.

    >>> page = Slice(["c", "d"], total=5, offset=2)
    >>> page.has_previous, page.has_next
    (True, True)
    """

    items: list[T]
    total: int
    offset: int

    @property
    def has_previous(self) -> bool:
        """Whether items come before this window."""
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        """Whether items come after this window."""
        return self.offset + len(self.items) < self.total
