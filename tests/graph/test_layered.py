"""Layered mappings read as the dicts they stand for, and older versions never change."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import layered
from graph.layered import Layered

KEYS = st.sampled_from(list("abcdefgh"))
EDIT = st.lists(
    st.one_of(
        st.tuples(st.just("set"), KEYS, st.integers(0, 9)),
        st.tuples(st.just("del"), KEYS, st.just(0)),
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(start=st.dictionaries(KEYS, st.integers(0, 9)), edits=st.lists(EDIT, max_size=6))
def test_edits_read_as_a_dict_and_leave_old_versions_alone(
    start: dict[str, int], edits: list[list[tuple[str, str, int]]]
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        # (folding after a few changes, so that folding is exercised too)
        patch.setattr(layered, "FOLD_MIN", 3)
        patch.setattr(layered, "FOLD_SHARE", 2)
        _check_versions(start, edits)


def _check_versions(start: dict[str, int], edits: list[list[tuple[str, str, int]]]) -> None:
    # given a layered mapping and the dict it stands for
    versions = [(Layered(dict(start)), dict(start))]
    for ops in edits:
        current, want = versions[-1]
        edit, want = current.edit(), dict(want)
        # when a batch of changes is made to a copy of the latest version
        for op, key, value in ops:
            if op == "set":
                edit[key] = want[key] = value
            elif key in want:
                del edit[key], want[key]
            else:
                with pytest.raises(KeyError):
                    del edit[key]
        versions.append((edit.done(), want))
    # then every version still reads as its dict: items in a dict's order, lookups, size
    for mapping, want in versions:
        assert list(mapping.items()) == list(want.items())
        assert list(mapping) == list(want)
        assert len(mapping) == len(want)
        for key in "abcdefgh":
            assert (key in mapping) == (key in want)
            assert mapping.get(key, -1) == want.get(key, -1)
            if key in want:
                assert mapping[key] == want[key]
            else:
                with pytest.raises(KeyError):
                    mapping[key]


def test_an_edit_copies_only_the_changes() -> None:
    # given a large mapping
    big = Layered({n: n for n in range(100_000)})
    # when one key changes
    edit = big.edit()
    edit[5] = -5
    new = edit.done()
    # then the new version shares the old one's base and holds one change
    assert new._base is big._base and new._top == {5: -5}
    assert new[5] == -5 and big[5] == 5


def test_changes_fold_into_a_new_base_once_many() -> None:
    # given a mapping edited with more changes than the fold threshold
    edit = Layered({n: n for n in range(10)}).edit()
    for n in range(layered.FOLD_MIN + 1):
        edit[n] = -n
    new = edit.done()
    # then the changes are in a fresh base and nothing is layered on it
    assert new._top == {} and new[3] == -3 and len(new) == layered.FOLD_MIN + 1
