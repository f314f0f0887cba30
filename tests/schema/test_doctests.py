"""The docstring examples of schema/ and resolvers/ run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES_WITH_EXAMPLES = [
    "resolvers.conditions",
    "resolvers.gathering",
    "resolvers.organization",
    "resolvers.person",
    "resolvers.project",
    "resolvers.slices",
    "resolvers.visibility",
    "resolvers.cluster",
    "schema.connection",
    "schema.enums",
    "schema.errors",
    "schema.limits",
    "schema.node",
    "resolvers.pagination",
    "resolvers.errors",
]


@pytest.mark.parametrize("name", MODULES_WITH_EXAMPLES)
def test_examples_hold(name: str) -> None:
    # given a module with docstring examples
    module = importlib.import_module(name)
    # when they run
    result = doctest.testmod(module)
    # then there are some, and none fails
    assert result.attempted > 0
    assert result.failed == 0
