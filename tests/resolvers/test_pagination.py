"""Cursors and page windows: the Relay arithmetic, checked against list slicing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolvers.errors import ApiError
from resolvers.pagination import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    PageArgs,
    decode_cursor,
    encode_cursor,
)


def test_a_cursor_round_trips_and_is_opaque() -> None:
    # given an offset
    # when it is encoded and decoded
    cursor = encode_cursor(41)
    # then it comes back, and the cursor does not show the number
    assert decode_cursor(cursor, "after") == 41
    assert "41" not in cursor


@pytest.mark.parametrize("cursor", ["", "abc", encode_cursor(3)[:-2], "Y3Vyc29yOi0x", "🙂"])
def test_a_foreign_cursor_is_a_user_error(cursor: str) -> None:
    # given something that is not one of our cursors (Y3Vyc29yOi0x is "cursor:-1")
    # when it is decoded
    with pytest.raises(ApiError) as raised:
        decode_cursor(cursor, "before")
    # then the error names the argument and is the client's
    assert raised.value.field == "before"
    assert raised.value.code == "BAD_USER_INPUT"


@pytest.mark.parametrize(("first", "last"), [(MAX_PAGE_SIZE + 1, None), (None, 1000), (-1, None)])
def test_page_sizes_out_of_bounds_are_refused(first: int | None, last: int | None) -> None:
    # given a page size over the cap or negative
    # when the arguments are parsed
    with pytest.raises(ApiError) as raised:
        PageArgs.parse(first=first, last=last)
    # then the error names the argument
    assert raised.value.field == ("first" if first is not None else "last")


def test_no_arguments_means_the_first_default_page() -> None:
    # given no paging arguments
    # when the window is computed
    # then it is the first DEFAULT_PAGE_SIZE items, without needing the total
    args = PageArgs.parse()
    assert not args.needs_total
    assert args.bounds(None) == (0, DEFAULT_PAGE_SIZE)


def _relay_slice(
    total: int, first: int | None, after: int | None, last: int | None, before: int | None
) -> list[int]:
    """The Relay spec's algorithm on a list of offsets (the reference)."""
    items = list(range(total))
    if after is not None:
        items = [i for i in items if i > after]
    if before is not None:
        items = [i for i in items if i < before]
    if first is None and last is None:
        first = DEFAULT_PAGE_SIZE
    if first is not None:
        items = items[:first]
    if last is not None:
        items = items[-last:] if last else []
    return items


@given(
    total=st.integers(0, 300),
    first=st.none() | st.integers(0, MAX_PAGE_SIZE),
    after=st.none() | st.integers(0, 320),
    last=st.none() | st.integers(0, MAX_PAGE_SIZE),
    before=st.none() | st.integers(0, 320),
)
def test_windows_match_the_relay_algorithm(
    total: int, first: int | None, after: int | None, last: int | None, before: int | None
) -> None:
    # given any combination of paging arguments over a list of `total` items
    args = PageArgs.parse(
        first=first,
        after=None if after is None else encode_cursor(after),
        last=last,
        before=None if before is None else encode_cursor(before),
    )
    # when the window is computed (and measured again once the total is known) and applied
    offset, limit = args.bounds(total if args.needs_total else None)
    refitted = args.refit(offset, limit, total)
    if refitted is not None:
        offset, limit = refitted
    window = list(range(total))[offset : offset + limit]
    # then it holds exactly the items the Relay algorithm selects
    assert window == _relay_slice(total, first, after, last, before)
