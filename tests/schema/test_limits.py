"""Limits: depth, aliases, tokens, page sizes and cost are refused before any store call."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import get_introspection_query, parse
from strawberry.extensions import AddValidationRules

from graph.model import Label
from graph.store import GraphStore
from schema import build_schema
from schema.limits import estimate, schema_extensions
from settings import Settings
from tests.schema.support import ANONYMOUS, CountingStore, errors_of, load, node, run

pytestmark = pytest.mark.anyio

DEPTH_BOMB = (
    "{ people { nodes { "
    + "projects { nodes { members { nodes { " * 4
    + "key"
    + " } } } }" * 4
    + " } } }"
)
ALIAS_BOMB = "{ " + " ".join(f'a{i}: person(key: "ada") {{ key }}' for i in range(40)) + " }"
TOKEN_BOMB = "{ people { " + "totalCount " * 2500 + "} }"
HUGE_FIRST = "{ people(first: 1000) { totalCount nodes { key } } }"
HUGE_FIRST_VARIABLE = "query People($n: Int) { people(first: $n) { totalCount } }"
HUGE_NESTED_LAST = "{ people(first: 5) { nodes { projects(last: 500) { totalCount } } } }"
NEGATIVE_FIRST = "{ projects(first: -1) { totalCount } }"
TOO_MANY_IDS = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }"
COST_BOMB = """
{ people(first: 100) { nodes { projects(first: 100) { nodes {
    members(first: 100) { nodes { key } } } } } } }
"""
COST_BOMB_IN_FRAGMENTS = """
query Fragments { people(first: 100) { ...Teams } }
fragment Teams on PersonConnection { nodes { projects(first: 100) { ...Members } } }
fragment Members on ProjectMembershipConnection { nodes { members(first: 100) { totalCount } } }
"""
MODEST = """
{ people(first: 10) { totalCount nodes { key projects(first: 5) { nodes { key } } } } }
"""
SEARCH = '{ search(text: "ada", first: 500) { score } }'


@pytest.fixture
def counted(store: GraphStore) -> CountingStore:
    """The store under test, with a little data, behind a call counter."""
    load(store, [node(Label.PERSON, "ada"), node(Label.PROJECT, "engine")])
    return CountingStore(store)


@pytest.mark.parametrize(
    ("document", "variables", "code", "words"),
    [
        (DEPTH_BOMB, None, "GRAPHQL_VALIDATION_FAILED", "depth"),
        (ALIAS_BOMB, None, "GRAPHQL_VALIDATION_FAILED", "aliases"),
        (TOKEN_BOMB, None, "GRAPHQL_PARSE_FAILED", "tokens"),
        (HUGE_FIRST, None, "BAD_USER_INPUT", "first"),
        (HUGE_FIRST_VARIABLE, {"n": 1000}, "BAD_USER_INPUT", "first"),
        (HUGE_NESTED_LAST, None, "BAD_USER_INPUT", "last"),
        (NEGATIVE_FIRST, None, "BAD_USER_INPUT", "first"),
        (TOO_MANY_IDS, {"ids": ["UGVyc29uOmFkYQ=="] * 101}, "BAD_USER_INPUT", "ids"),
        (COST_BOMB, None, "COST_LIMIT", "limit"),
        (COST_BOMB_IN_FRAGMENTS, None, "COST_LIMIT", "limit"),
        (SEARCH, None, "BAD_USER_INPUT", "first"),
    ],
    ids=[
        "depth",
        "aliases",
        "tokens",
        "first",
        "first-variable",
        "nested-last",
        "negative",
        "ids",
        "cost",
        "cost-in-fragments",
        "search-first",
    ],
)
async def test_over_limit_queries_are_refused_before_any_store_call(
    schema: strawberry.Schema,
    counted: CountingStore,
    document: str,
    variables: dict[str, Any] | None,
    code: str,
    words: str,
) -> None:
    # given a query over one of the limits
    # when it is executed
    result = await run(schema, counted, document, ANONYMOUS, variables)
    # then it is refused with a clear, coded error, no data, and the store saw nothing
    assert result.data is None
    [(message, error_code)] = errors_of(result)[:1]
    assert error_code == code
    assert words in message
    assert counted.total == 0


async def test_the_cost_error_says_how_much_and_what_the_limit_is(
    schema: strawberry.Schema, counted: CountingStore
) -> None:
    # given a query that could return a million objects
    # when it is executed
    result = await run(schema, counted, COST_BOMB)
    # then the error carries the estimate and the limit
    extensions = result.errors[0].extensions
    assert extensions["cost"] == 100 + 100 * 100 + 100 * 100 * 100
    assert extensions["maxCost"] == Settings().max_cost


async def test_a_modest_query_runs(schema: strawberry.Schema, counted: CountingStore) -> None:
    # given a query well inside every limit
    # when it is executed
    result = await run(schema, counted, MODEST)
    # then it answers
    assert result.errors is None
    assert result.data["people"]["totalCount"] == 1


async def test_the_cost_limit_comes_from_the_settings(counted: CountingStore) -> None:
    # given settings with a small cost limit
    settings = Settings().with_overrides(max_cost=50)
    # when a query estimated at 10 + 10 * 5 = 60 runs
    result = await run(build_schema(settings), counted, MODEST, settings=settings)
    # then it is refused
    assert errors_of(result)[0][1] == "COST_LIMIT"
    assert counted.total == 0


async def test_the_playground_introspection_query_passes_the_limits(
    schema: strawberry.Schema, counted: CountingStore
) -> None:
    # given the introspection query GraphiQL sends
    document = get_introspection_query(descriptions=True, input_value_deprecation=True)
    # when it is executed with the default limits
    result = await run(schema, counted, document)
    # then it answers
    assert result.errors is None
    assert result.data["__schema"]["queryType"]["name"] == "Query"


def _cost(schema: strawberry.Schema, document: str, variables: dict[str, Any] | None = None) -> int:
    return estimate(schema._schema, parse(document), None, variables or {}).cost


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("{ people { nodes { key } } }", 20),
        ("{ people(first: 10) { edges { node { projects(first: 3) { totalCount } } } } }", 40),
        ('{ person(key: "a") { projects(last: 7) { nodes { key } } } }', 1 + 7),
        ("{ people(first: 10, last: 4) { totalCount } }", 4),
        ('{ nodes(ids: ["a", "b", "c"]) { id } }', 3),
        ('{ search(text: "x", first: 5) { node { key } } }', 5 + 5),
        ("{ __schema { types { name fields { name } } } }", 0),
        (
            "{ people(first: 2) { ...F } } fragment F on PersonConnection "
            "{ nodes { projects(first: 4) { totalCount } } }",
            2 + 8,
        ),
        (
            "{ people(first: 2) { nodes { ... on Person { projects(first: 4) { totalCount } } } } "
            "}",
            2 + 8,
        ),
    ],
)
def test_page_sizes_multiply_down_the_tree(
    schema: strawberry.Schema, document: str, expected: int
) -> None:
    # given a document
    # when its cost is estimated
    # then each paged field costs its page size times the items above it
    assert _cost(schema, document) == expected


def test_variables_and_their_defaults_count(schema: strawberry.Schema) -> None:
    # given a document whose page sizes are variables, one with a default
    document = (
        "query Q($a: Int, $b: Int = 3) { people(first: $a) { nodes { projects(first: $b) "
        "{ totalCount } } } }"
    )
    # when its cost is estimated with and without the first variable
    # then the given value or the default is used, and 20 when neither is
    assert _cost(schema, document, {"a": 10}) == 10 + 30
    assert _cost(schema, document) == 20 + 60


def _rules(extensions: list[Any]) -> list[Any]:
    return [e.validation_rules for e in extensions if isinstance(e, AddValidationRules)]


def test_every_request_validates_with_the_same_rules() -> None:
    # given the extension factories of one schema
    factories = schema_extensions(Settings())
    # when two requests make their extensions
    first = [factory() for factory in factories]
    second = [factory() for factory in factories]
    # then the extensions are fresh objects, but the depth and alias rules are the same
    # classes (the validation cache is keyed by them: a repeated document validates once)
    assert all(a is not b for a, b in zip(first, second, strict=True))
    assert len(_rules(first)) == 2
    assert _rules(first) == _rules(second)
