"""Limits: depth, aliases, tokens, fields, page sizes and cost are refused before any
store call, and checking them takes work linear in the size of the document."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    InlineFragmentNode,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_introspection_query,
    parse,
)
from strawberry.extensions import AddValidationRules

from graph.model import Label
from graph.store import GraphStore
from querylimits import SATURATED, measure
from schema import build_schema
from schema.limits import CachedParser, Validation, estimate_cost, schema_extensions
from schema.mutation import Mutation
from schema.node import node_types
from schema.query import Query
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


def doubling_fragments(levels: int, leaf: str = "__typename") -> str:
    """``{ ...F<levels> }``, each fragment spreading the one below twice: ``levels``
    short lines that spread out to ``2 ** levels`` copies of ``leaf``."""
    fragments = [
        f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)
    ]
    return "\n".join(
        [f"{{ ...F{levels} }}", *reversed(fragments), f"fragment F0 on Query {{ {leaf} }}"]
    )


def fragment_chain(length: int, leaf: str = "__typename") -> str:
    """``{ ...F<length> }``, each fragment spreading the one below once."""
    fragments = [f"fragment F{i} on Query {{ ...F{i - 1} }}" for i in range(1, length + 1)]
    return "\n".join([f"{{ ...F{length} }}", *fragments, f"fragment F0 on Query {{ {leaf} }}"])


def nested(depth: int, innermost: SelectionNode, wrap: str) -> DocumentNode:
    """A query whose selection is ``innermost`` inside ``depth`` fields ``a { }``
    (``wrap="field"``) or inline fragments ``... { }`` (``wrap="inline"``), built as a
    syntax tree: the parser refuses to nest that deep."""
    selection = innermost
    for _ in range(depth):
        inner = SelectionSetNode(selections=(selection,))
        if wrap == "field":
            selection = FieldNode(name=NameNode(value="a"), selection_set=inner)
        else:
            selection = InlineFragmentNode(selection_set=inner)
    operation = OperationDefinitionNode(
        operation=OperationType.QUERY, selection_set=SelectionSetNode(selections=(selection,))
    )
    return DocumentNode(definitions=(operation,))


def first_selection(document: str) -> SelectionNode:
    """The first selection of the first operation of ``document``."""
    operation = parse(document).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return operation.selection_set.selections[0]


PEOPLE_TOTAL = "people(first: 2) { totalCount }"
DOUBLING_22 = doubling_fragments(22)
DOUBLING_60 = doubling_fragments(60)
DOUBLING_200 = doubling_fragments(200)
DOUBLING_COST_22 = doubling_fragments(22, PEOPLE_TOTAL)
DOUBLING_COST_60 = doubling_fragments(60, PEOPLE_TOTAL)
UNUSED_DOUBLING = "{ __typename }\n" + DOUBLING_60.split("\n", 1)[1]
FRAGMENT_CYCLE = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"
CHAIN_5000 = fragment_chain(5000, PEOPLE_TOTAL)
DEEP_FIELDS = nested(10_000, FieldNode(name=NameNode(value="b")), wrap="field")
DEEP_INLINE = nested(10_000, first_selection(f"{{ {PEOPLE_TOTAL} }}"), wrap="inline")


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
    return estimate_cost(schema._schema, parse(document), None, variables or {}).cost


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


def test_every_request_shares_the_limits_and_caches_of_its_schema() -> None:
    # given the extension factories of one schema
    factories = schema_extensions(Settings())
    # when two requests make their extensions
    first = [factory() for factory in factories]
    second = [factory() for factory in factories]
    # then the extensions are fresh objects, but they share the schema's limits and its
    # caches (a repeated document is parsed and validated once)
    assert all(a is not b for a, b in zip(first, second, strict=True))
    [first_validation] = [e for e in first if isinstance(e, Validation)]
    [second_validation] = [e for e in second if isinstance(e, Validation)]
    [first_parser] = [e for e in first if isinstance(e, CachedParser)]
    [second_parser] = [e for e in second if isinstance(e, CachedParser)]
    assert first_validation.limits == second_validation.limits
    assert first_validation.recent is second_validation.recent
    assert first_parser.recent is second_parser.recent


async def test_a_repeated_document_is_validated_once(
    schema_counting_validations: strawberry.Schema, counted: CountingStore
) -> None:
    # given a schema whose graphql-core validation is counted
    schema = schema_counting_validations
    # when the same document runs twice
    first = await run(schema, counted, MODEST)
    second = await run(schema, counted, MODEST)
    # then both answer, and graphql-core validated it once
    assert first.errors is None
    assert second.data == first.data
    assert CountingRule.validated == 1


# Documents that multiply: refused after one walk of each fragment.


@pytest.mark.timeout(60)
@pytest.mark.parametrize("document", [DOUBLING_22, DOUBLING_60], ids=["22-levels", "60-levels"])
async def test_doubling_fragments_are_refused_as_too_large_before_any_store_call(
    schema: strawberry.Schema, counted: CountingStore, document: str
) -> None:
    # given a document of a few hundred bytes that spreads out to millions of fields
    # when it is executed
    result = await run(schema, counted, document)
    # then it is refused for its size, with the limit, and the store saw nothing
    assert result.data is None
    [error] = result.errors
    assert error.extensions["code"] == "QUERY_TOO_LARGE"
    assert error.extensions["maxFields"] == Settings().max_fields
    assert "fragments spread out" in error.message
    assert counted.total == 0


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("document", "levels"),
    [(DOUBLING_22, 22), (DOUBLING_60, 60), (DOUBLING_200, 200)],
    ids=["22-levels", "60-levels", "200-levels"],
)
def test_each_fragment_is_walked_once_however_often_it_is_spread(
    document: str, levels: int
) -> None:
    # given a document whose fragments each spread the one below twice
    # when its shape is measured
    shape = measure(parse(document))
    # then each selection was looked at once (the operation's spread, two spreads per
    # fragment, the __typename of F0), and the spread-out count is exact up to 10^18
    assert shape.walked == 1 + 2 * levels + 1
    [operation] = shape.operations
    assert operation.fields == min(2**levels, SATURATED)
    assert (operation.depth, operation.aliases) == (0, 0)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("document", "expected"),
    [(DOUBLING_COST_22, 2 * 2**22), (DOUBLING_COST_60, SATURATED), (CHAIN_5000, 2)],
    ids=["22-levels", "60-levels", "chain-of-5000"],
)
def test_a_fragments_cost_is_worked_out_once_and_multiplied_at_its_spreads(
    schema: strawberry.Schema, document: str, expected: int
) -> None:
    # given fragments that spread a paged field 2^22 times, 2^60 times, or once at the
    # end of a chain of 5000 fragments
    # when the cost is estimated
    # then it is each spread's share added up (stopping at 10^18), not a walk per spread
    assert _cost(schema, document) == expected


class CountingRule(ValidationRule):
    """A validation rule that counts the documents graphql-core validates."""

    validated = 0

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        CountingRule.validated += 1


@pytest.fixture
def schema_counting_validations() -> strawberry.Schema:
    """Convene's schema with one more validation rule, which counts its runs."""
    CountingRule.validated = 0
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=node_types(),
        extensions=[
            *schema_extensions(Settings()),
            lambda: AddValidationRules([CountingRule]),
        ],
    )


@pytest.mark.timeout(60)
async def test_graphql_core_validation_never_sees_a_multiplying_document(
    schema_counting_validations: strawberry.Schema, counted: CountingStore
) -> None:
    # given a schema whose graphql-core validation is counted
    schema = schema_counting_validations
    # when a multiplying document and then a modest one are executed
    refused = await run(schema, counted, DOUBLING_60)
    validated_before_the_modest_one = CountingRule.validated
    answered = await run(schema, counted, MODEST)
    # then the first is refused before graphql-core's rules run; the second is validated
    assert errors_of(refused)[0][1] == "QUERY_TOO_LARGE"
    assert validated_before_the_modest_one == 0
    assert answered.errors is None
    assert CountingRule.validated == 1


@pytest.mark.timeout(60)
async def test_unused_multiplying_fragments_are_refused_by_validation(
    schema: strawberry.Schema, counted: CountingStore
) -> None:
    # given a small operation next to doubling fragments it never spreads
    # when it is executed
    result = await run(schema, counted, UNUSED_DOUBLING)
    # then graphql-core refuses the unused fragments
    assert result.data is None
    assert any("is never used" in message for message, _ in errors_of(result))
    assert counted.total == 0


@pytest.mark.timeout(60)
async def test_a_fragment_cycle_is_measured_without_looping_and_refused(
    schema: strawberry.Schema, counted: CountingStore
) -> None:
    # given fragments that spread each other
    # when the document is measured and executed
    shape = measure(parse(FRAGMENT_CYCLE))
    result = await run(schema, counted, FRAGMENT_CYCLE)
    # then each selection is looked at once, and validation refuses the cycle
    assert shape.walked == 3
    assert ("Cannot spread fragment 'A' within itself via 'B'.", "GRAPHQL_VALIDATION_FAILED") in (
        errors_of(result)
    )
    assert counted.total == 0


@pytest.mark.timeout(60)
def test_deep_documents_are_measured_without_exhausting_the_stack(
    schema: strawberry.Schema,
) -> None:
    # given a chain of 5000 fragments, 10 000 nested fields and 10 000 nested inline
    # fragments (each far past Python's recursion limit if walked recursively)
    # when they are measured and estimated
    chain = measure(parse(CHAIN_5000))
    fields = measure(DEEP_FIELDS)
    inline = measure(DEEP_INLINE)
    # then every count is right
    assert (chain.walked, chain.operations[0].fields) == (1 + 5000 + 2, 2)
    assert (fields.operations[0].depth, fields.operations[0].fields) == (10_000, 10_001)
    assert (inline.operations[0].depth, inline.walked) == (1, 10_000 + 2)
    assert estimate_cost(schema._schema, DEEP_INLINE, None, {}).cost == 2


@pytest.mark.parametrize(
    ("document", "depth", "aliases", "fields"),
    [
        (DEPTH_BOMB, 18, 0, 19),
        (ALIAS_BOMB, 1, 40, 80),
        (MODEST, 4, 0, 7),
        ("{ __schema { types { fields { type { name } } } } }", 0, 0, 5),
        ("{ a: people { nodes { ...P } } } fragment P on Person { k: key b: key }", 2, 3, 4),
    ],
    ids=["depth-bomb", "alias-bomb", "modest", "introspection", "fragment"],
)
def test_the_shape_counts_depth_aliases_and_fields_as_the_limits_did(
    document: str, depth: int, aliases: int, fields: int
) -> None:
    # given a document
    # when its shape is measured
    [operation] = measure(parse(document)).operations
    # then depth counts nested fields with selections (introspection not at all),
    # aliases and fields count every one
    assert (operation.depth, operation.aliases, operation.fields) == (depth, aliases, fields)


async def test_the_field_limit_comes_from_the_settings(counted: CountingStore) -> None:
    # given settings that allow 6 fields
    settings = Settings().with_overrides(max_fields=6)
    # when a document of 7 fields runs
    result = await run(build_schema(settings), counted, MODEST, settings=settings)
    # then it is refused for its size
    assert errors_of(result)[0][1] == "QUERY_TOO_LARGE"
    assert counted.total == 0
