"""Error codes: every code the service gives is a member of the schema's ErrorCode enum,
user errors carry it typed, and errors name GraphQL arguments, not Python parameters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import strawberry

from graph.embedded.store import EmbeddedStore
from resolvers.errors import ErrorCode
from tests.schema.support import EDITOR, READER, load, person, run

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("graph", "access", "resolvers", "schema", "web")

CREATE_PERSON = """
mutation Create($input: CreatePersonInput!) {
  createPerson(input: $input) { userErrors { field code errorCode } }
}
"""
TOO_LONG_A_PATH = '{ connectionPath(from: "ada", to: "bo", maxLength: 99) { reason } }'


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _codes_in(tree: ast.AST) -> set[str]:
    """The string codes a module gives: ``code = "X"`` class attributes, ``code="X"``
    keywords, the third argument of ``InvalidInput`` and of ``Problem``."""
    codes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == ["code"]:
            codes.add(_literal(node.value) or "")
        elif isinstance(node, ast.Call):
            name = ast.unparse(node.func).rsplit(".", 1)[-1]
            codes |= {_literal(k.value) or "" for k in node.keywords if k.arg == "code"}
            if name in {"InvalidInput", "Problem", "HTTPProblem"} and len(node.args) >= 3:
                codes.add(_literal(node.args[2]) or "")
    return codes - {""}


def test_every_code_the_service_gives_is_an_error_code() -> None:
    # given every module of the service's packages
    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            # when the codes it gives are read from its source
            for code in _codes_in(ast.parse(path.read_text(encoding="utf-8"))):
                found.setdefault(code, set()).add(str(path.relative_to(ROOT)))
    # then there are some, and each is a member of ErrorCode
    assert {"INVALID", "TOO_LONG", "NOT_FOUND", "OUT_OF_RANGE"} <= set(found)
    named = ErrorCode.__members__
    unknown = {code: sorted(paths) for code, paths in found.items() if code not in named}
    assert unknown == {}


async def test_a_user_error_gives_its_code_as_an_enum_too(schema: strawberry.Schema) -> None:
    # given an empty store and an editor
    store = EmbeddedStore.in_memory()
    # when a person is created with a key that is not one
    result = await run(
        schema, store, CREATE_PERSON, EDITOR, {"input": {"key": "Not A Key", "name": "X"}}
    )
    # then the user error has the code as text and as the enum member of the same name
    assert result.errors is None
    [error] = result.data["createPerson"]["userErrors"]
    assert error == {"field": "key", "code": "INVALID", "errorCode": "INVALID"}


async def test_a_query_error_names_the_graphql_argument(schema: strawberry.Schema) -> None:
    # given two people
    store = EmbeddedStore.in_memory()
    load(store, [person("ada"), person("bo")])
    # when a path longer than the limit is asked for
    result = await run(schema, store, TOO_LONG_A_PATH, READER)
    # then the error names the argument as the client wrote it
    [error] = result.errors
    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "maxLength"}
    assert "6" in error.message
