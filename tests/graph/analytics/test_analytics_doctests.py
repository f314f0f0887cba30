"""The docstring examples of the projection, the analytics and the exports run and hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import graph.analytics
import graph.export
from graph import projection


def modules() -> list[ModuleType]:
    found = [projection]
    for package in (graph.analytics, graph.export):
        for info in pkgutil.iter_modules(package.__path__):
            found.append(importlib.import_module(f"{package.__name__}.{info.name}"))
    return found


@pytest.mark.parametrize("module", modules(), ids=lambda m: m.__name__)
def test_docstring_examples_hold(module: ModuleType) -> None:
    # given a module's docstring examples, when they run
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    # then there are some, and none fails
    assert result.attempted > 0
    assert result.failed == 0
