"""Errors: clients get a message and a code, never a traceback or the store's words."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from graph.embedded.store import EmbeddedStore
from graph.model import Label
from graph.store import StoreError, Unavailable
from schema import build_schema
from settings import Settings
from tests.schema.support import CountingStore, errors_of, load, node, run

pytestmark = pytest.mark.anyio

PEOPLE = "{ people { totalCount } }"
UNKNOWN_FIELD = "{ people { totalCount shoeSize } }"
BROKEN = "{ people { totalCount "
BAD_CURSOR = '{ people(after: "not-a-cursor") { totalCount } }'
BAD_KEY = '{ person(key: "Not A Key") { name } }'
BAD_ID = '{ node(id: "bm90IGFuIGlk") { id } }'
BAD_DATE = "query Q($d: Date) { projects(filter: {started: {from: $d}}) { totalCount } }"
INTROSPECTION = "{ __schema { queryType { name } } }"
SUGGESTION = "{ peopl { totalCount } }"


class FailingStore(CountingStore):
    """A store whose listing fails with ``error``."""

    def __init__(self, error: Exception) -> None:
        super().__init__(EmbeddedStore.in_memory())
        self.error = error

    def list_nodes(self, query: Any) -> Any:
        raise self.error


async def test_an_unexpected_failure_is_masked(schema: strawberry.Schema) -> None:
    # given a store that fails with an engine error full of internals
    store = FailingStore(RuntimeError("MATCH (n:Person) password=hunter2 at line 3"))
    # when a query reaches it
    result = await run(schema, store, PEOPLE)
    # then the client sees a generic message with a code, nothing of the original
    assert errors_of(result) == [("Unexpected error.", "INTERNAL_SERVER_ERROR")]
    assert "hunter2" not in str(result.errors[0].formatted)
    assert "Traceback" not in str(result.errors[0].formatted)


async def test_a_generic_store_error_is_masked_too(schema: strawberry.Schema) -> None:
    # given a store that fails with a store error that may carry engine detail
    store = FailingStore(StoreError("neo4j.exceptions.CypherSyntaxError: MATCH ..."))
    # when a query reaches it
    result = await run(schema, store, PEOPLE)
    # then the client sees the generic message
    assert errors_of(result) == [("Unexpected error.", "INTERNAL_SERVER_ERROR")]


async def test_an_unavailable_store_says_so(schema: strawberry.Schema) -> None:
    # given a store that cannot be reached
    store = FailingStore(Unavailable("the graph store is not reachable"))
    # when a query reaches it
    result = await run(schema, store, PEOPLE)
    # then the client is told, with the store's code
    assert errors_of(result) == [("the graph store is not reachable", "UNAVAILABLE")]


@pytest.mark.parametrize(
    ("document", "variables", "code", "field"),
    [
        (UNKNOWN_FIELD, None, "GRAPHQL_VALIDATION_FAILED", None),
        (BROKEN, None, "GRAPHQL_PARSE_FAILED", None),
        (BAD_CURSOR, None, "BAD_USER_INPUT", "after"),
        (BAD_KEY, None, "BAD_USER_INPUT", "key"),
        (BAD_ID, None, "BAD_USER_INPUT", "id"),
        (BAD_DATE, {"d": "yesterday"}, "BAD_USER_INPUT", None),
    ],
    ids=["unknown-field", "syntax", "cursor", "key", "id", "date-variable"],
)
async def test_client_mistakes_are_explained_with_a_code(
    schema: strawberry.Schema,
    document: str,
    variables: dict[str, Any] | None,
    code: str,
    field: str | None,
) -> None:
    # given a document with a mistake of the client's
    store = CountingStore(EmbeddedStore.in_memory())
    load(store.inner, [node(Label.PERSON, "ada")])
    # when it is executed
    result = await run(schema, store, document, variables=variables)
    # then the error keeps its message, and carries a code (and the field at fault)
    [error] = result.errors
    assert error.message != "Unexpected error."
    assert error.extensions["code"] == code
    assert error.extensions.get("field") == field


async def test_introspection_can_be_switched_off() -> None:
    # given the production profile
    settings = Settings.from_env({"CONVENE_PROFILE": "production"})
    production = build_schema(settings)
    # when a client asks for the schema, or misspells a field
    store = EmbeddedStore.in_memory()
    introspection = await run(production, store, INTROSPECTION, settings=settings)
    misspelled = await run(production, store, SUGGESTION, settings=settings)
    # then introspection is refused, and the error suggests no field names
    assert introspection.data is None
    assert "introspection" in introspection.errors[0].message.lower()
    assert "people" not in misspelled.errors[0].message


async def test_introspection_and_suggestions_are_on_locally(schema: strawberry.Schema) -> None:
    # given the local profile
    store = EmbeddedStore.in_memory()
    # when a client asks for the schema, or misspells a field
    introspection = await run(schema, store, INTROSPECTION)
    misspelled = await run(schema, store, SUGGESTION)
    # then both help
    assert introspection.data == {"__schema": {"queryType": {"name": "Query"}}}
    assert "people" in misspelled.errors[0].message
