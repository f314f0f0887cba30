"""Relay pagination arithmetic: opaque offset cursors and page windows.

A cursor is the base64 of ``cursor:<offset>``, where offset is the item's position in
the full, ordered result. ``first``/``after`` page forwards, ``last``/``before``
backwards; both may be combined as the Relay spec describes. Page sizes are capped:
asking for more than :data:`MAX_PAGE_SIZE` is an error, never a silent cut.

Examples
--------
>>> args = PageArgs.parse(first=2, after=encode_cursor(4))
>>> args.bounds(total=None)
(5, 2)
>>> PageArgs.parse(last=3).needs_total
True
>>> PageArgs.parse(last=3).bounds(total=10)
(7, 3)
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from resolvers.errors import ApiError

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "PageArgs",
    "check_page_size",
    "decode_cursor",
    "encode_cursor",
]

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

_PREFIX = "cursor:"


def encode_cursor(offset: int) -> str:
    """The opaque cursor of the item at ``offset``.

    >>> encode_cursor(0)
    'Y3Vyc29yOjA='
    """
    return base64.b64encode(f"{_PREFIX}{offset}".encode()).decode("ascii")


def decode_cursor(cursor: str, field: str) -> int:
    """The offset inside ``cursor``; ``ApiError`` (BAD_USER_INPUT) if it is not one of ours.

    >>> decode_cursor(encode_cursor(7), "after")
    7
    >>> decode_cursor("nonsense", "after")
    Traceback (most recent call last):
    ...
    resolvers.errors.ApiError: after is not a valid cursor
    """
    try:
        text = base64.b64decode(cursor.encode("ascii"), validate=True).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    digits = text.removeprefix(_PREFIX)
    if not text.startswith(_PREFIX) or not digits.isdigit() or len(digits) > 12:
        raise ApiError(f"{field} is not a valid cursor", field=field)
    return int(digits)


def check_page_size(value: int, field: str) -> None:
    """Refuse a negative page size or one over the cap, naming the argument.

    >>> check_page_size(1000, "first")
    Traceback (most recent call last):
    ...
    resolvers.errors.ApiError: first must be at most 100 (got 1000); page with after/before
    """
    if value < 0:
        raise ApiError(f"{field} must not be negative (got {value})", field=field)
    if value > MAX_PAGE_SIZE:
        raise ApiError(
            f"{field} must be at most {MAX_PAGE_SIZE} (got {value}); page with after/before",
            field=field,
        )


@dataclass(frozen=True, slots=True)
class PageArgs:
    """Checked paging arguments, with cursors decoded to offsets."""

    first: int | None = None
    after: int | None = None
    last: int | None = None
    before: int | None = None

    @classmethod
    def parse(
        cls,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> PageArgs:
        """Check the four Relay arguments; ``ApiError`` names the one at fault."""
        if first is not None:
            check_page_size(first, "first")
        if last is not None:
            check_page_size(last, "last")
        return cls(
            first=first,
            after=None if after is None else decode_cursor(after, "after"),
            last=last,
            before=None if before is None else decode_cursor(before, "before"),
        )

    @property
    def needs_total(self) -> bool:
        """Whether the window depends on the total (``last`` counted from the end)."""
        return self.last is not None and self.first is None and self.before is None

    def bounds(self, total: int | None) -> tuple[int, int]:
        """``(offset, limit)`` of the window; ``total`` is needed when ``needs_total``.

        >>> PageArgs.parse(last=2, before=encode_cursor(5)).bounds(None)
        (3, 2)
        >>> PageArgs.parse().bounds(None)
        (0, 20)
        """
        start = 0 if self.after is None else self.after + 1
        end = self.before
        first = self.first
        if first is None and self.last is None:
            first = DEFAULT_PAGE_SIZE
        if first is not None:
            end = start + first if end is None else min(end, start + first)
        if self.last is not None:
            if end is None:
                if total is None:
                    raise ValueError("the total is needed to page from the end")
                end = total
            elif total is not None:
                end = min(end, total)
            start = max(start, end - self.last)
        assert end is not None
        return start, max(0, end - start)

    def refit(self, offset: int, limit: int, total: int) -> tuple[int, int] | None:
        """The window to fetch instead, when a ``before`` cursor lies past the end.

        Counting back from a stale ``before`` (the list has shrunk since) would miss
        items; with the total now known the window is measured again, or None when the
        one fetched was right.

        >>> args = PageArgs.parse(last=2, before=encode_cursor(10))
        >>> args.refit(*args.bounds(None), total=4)
        (2, 2)
        """
        if self.last is None or offset + limit <= total:
            return None
        refitted = self.bounds(total)
        return None if refitted == (offset, limit) else refitted
