"""Every public function of ``graph/`` shows how it is called: a docstring with an
example (``>>>``), which ``--doctest-modules`` runs."""

from __future__ import annotations

import ast
from pathlib import Path

GRAPH = Path(__file__).resolve().parents[2] / "graph"


def _functions_without_examples(source: str) -> list[str]:
    """The module-level public functions of ``source`` whose docstring shows no call."""
    return [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and ">>>" not in (ast.get_docstring(node) or "")
    ]


def test_the_check_finds_a_function_without_an_example() -> None:
    # given a module with one documented example and one function without
    source = 'def shown():\n    """>>> shown()"""\n\ndef bare():\n    """No example."""\n'
    # when it is checked, then only the bare one is named
    assert _functions_without_examples(source) == ["bare"]


def test_every_public_function_of_graph_has_an_example() -> None:
    # given every module of graph/
    # when their public functions are checked
    missing = [
        f"{path.relative_to(GRAPH.parent)}: {name}"
        for path in sorted(GRAPH.rglob("*.py"))
        for name in _functions_without_examples(path.read_text(encoding="utf-8"))
    ]
    # then each has an example
    assert missing == []
