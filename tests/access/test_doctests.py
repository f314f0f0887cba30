"""The docstring examples of access/ run and hold."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from access import bearer, tokens, viewer


@pytest.mark.parametrize("module", [tokens, bearer, viewer], ids=lambda m: m.__name__)
def test_docstring_examples_hold(module: ModuleType) -> None:
    # Given a module's docstring examples
    # When they run
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    # Then there are some, and none fails
    assert result.attempted > 0
    assert result.failed == 0
