"""The compute budget: every list and analytics field has a cost entry, analytics cost
their work times the items of their parent, and costly queries are refused unrun."""

from __future__ import annotations

import pytest
import strawberry
from graphql import GraphQLList, GraphQLObjectType, get_nullable_type, parse

from graph.model import Label
from graph.store import GraphStore
from schema import build_schema
from schema.costs import FIELD_COSTS, FIELDS_BY_NAME
from schema.limits import estimate_cost
from settings import Settings
from tests.schema.support import ANONYMOUS, CountingStore, errors_of, load, node, run

pytestmark = pytest.mark.anyio

EGO_AND_SUGGESTIONS_FOR_EVERYONE = """
{ people(first: 100) { edges { node {
    egoNetwork(radius: 3, maxNodes: 500) { nodes { key } edges { source target } }
    suggestedCollaborators(first: 100, diversify: 1) { score }
} } } }
"""
EGO_PROJECTS = """
{ person(key: "ada") { egoNetwork(maxNodes: 500) {
    nodes { person { projects(first: 100) { edges { node { key } } } } }
} } }
"""
THIRTY_SUGGESTIONS = (
    '{ person(key: "ada") { '
    + " ".join(f"s{i}: suggestedCollaborators(first: 100) {{ score }}" for i in range(30))
    + " } }"
)
SUGGESTIONS_FOR_A_PAGE = """
{ people(first: 20) { nodes {
    suggestedCollaborators(first: 10) { score reasons { kind evidence { __typename } } }
    suggestedProjects { score }
} } }
"""
EGO_TO_DRAW = """
{ person(key: "ada") { egoNetwork(radius: 2) {
    nodes { key name distance } edges { source target weight shared { __typename } }
} } }
"""
COMMUNITIES = "{ communities { size members { key } topics { count } } }"
TOO_MANY_MEMBERS = "{ communities { members(first: 1001) { key } } }"
ONE_SUGGESTION_SPREAD = """
{ person(key: "ada") { ...Suggest } }
fragment Suggest on Person { suggestedCollaborators(first: 100) { score } }
"""


@pytest.fixture
def counted(store: GraphStore) -> CountingStore:
    load(store, [node(Label.PERSON, "ada"), node(Label.PROJECT, "engine")])
    return CountingStore(store)


def _analytics_types(schema: strawberry.Schema) -> set[str]:
    """The GraphQL types defined with the analytics (schema/analytics.py)."""
    found = set()
    for name in schema._schema.type_map:
        definition = schema.get_type_by_name(name)
        origin = getattr(definition, "origin", None)
        if origin is not None and origin.__module__ == "schema.analytics":
            found.add(name)
    return found


def _needs_entry(schema: strawberry.Schema) -> set[tuple[str, str]]:
    """Every field returning a list, except the edges and nodes of connections (paged
    by first/last) and nodes(ids:); and every field that runs an analytic (returns an
    analytics type from a type that is not one)."""
    analytics = _analytics_types(schema)
    needed = set()
    for name, type_ in schema._schema.type_map.items():
        if name.startswith("__") or not isinstance(type_, GraphQLObjectType):
            continue
        for field_name, field in type_.fields.items():
            returned = get_nullable_type(field.type)
            if isinstance(returned, GraphQLList):
                wrapper = name.endswith("Connection") and field_name in ("edges", "nodes")
                if not wrapper and "ids" not in field.args:
                    needed.add((name, field_name))
            elif name not in analytics and getattr(returned, "name", None) in analytics:
                needed.add((name, field_name))
    return needed


def test_every_list_and_analytics_field_has_a_cost_entry(schema: strawberry.Schema) -> None:
    # given the fields of the built schema that return lists or run analytics
    needed = _needs_entry(schema)
    # then each has a cost entry (by type and name, or by name on every type), and
    # each entry names a field of the schema
    by_name = {(type_name, name) for type_name, name in needed if name in FIELDS_BY_NAME}
    assert needed - FIELD_COSTS.keys() - by_name == set()
    assert FIELD_COSTS.keys() - needed == set()
    assert {name for _, name in by_name} == FIELDS_BY_NAME.keys()
    assert ("PersonPayload", "userErrors") in by_name
    assert ("Person", "egoNetwork") in needed and ("Query", "networkStats") in needed


@pytest.mark.parametrize(
    "document",
    [EGO_AND_SUGGESTIONS_FOR_EVERYONE, EGO_PROJECTS, THIRTY_SUGGESTIONS],
    ids=["ego-and-suggestions-for-everyone", "ego-projects", "thirty-aliases"],
)
async def test_costly_analytics_are_refused_before_they_run(
    schema: strawberry.Schema, counted: CountingStore, document: str
) -> None:
    # given a query whose analytics would outlast the request's time limit
    # when it is executed
    result = await run(schema, counted, document)
    # then it is refused with COST_LIMIT, no data, and neither the store nor the
    # network (which reads the store's version first) was asked anything
    assert result.data is None
    [(message, code)] = errors_of(result)
    assert code == "COST_LIMIT"
    assert "limit" in message
    assert counted.total == 0


async def test_the_compute_error_says_how_much_and_what_the_limit_is(
    schema: strawberry.Schema, counted: CountingStore
) -> None:
    # given thirty aliases of 100 suggestions, each 20 + 100 * 2 units
    # when executed
    result = await run(schema, counted, THIRTY_SUGGESTIONS)
    # then the error carries the compute and the limit
    extensions = result.errors[0].extensions
    assert extensions["compute"] == 30 * (20 + 100 * 2)
    assert extensions["maxCompute"] == Settings().max_compute
    assert "aliases" in result.errors[0].message


def test_compute_multiplies_by_the_items_of_the_parent(schema: strawberry.Schema) -> None:
    # given ego networks for a page of 20 people, and for 40
    def compute(first: int) -> int:
        document = f"{{ people(first: {first}) {{ nodes {{ egoNetwork(radius: 2) {{ key }} }} }} }}"
        return estimate_cost(schema._schema, parse(document), None, {}).compute

    # then each costs maxNodes (100) * radius / 2 per person
    assert compute(20) == 20 * 100
    assert compute(40) == 2 * compute(20)


def test_lists_below_an_analytic_are_bounded_by_its_arguments(
    schema: strawberry.Schema,
) -> None:
    # given an ego network of at most 10 people, with its nodes and edges
    document = (
        '{ person(key: "ada") { egoNetwork(maxNodes: 10) { nodes { key } edges { source } } } }'
    )
    # when estimated
    estimated = estimate_cost(schema._schema, parse(document), None, {})
    # then the person, the network, 10 nodes and 10 * 9 / 2 edges are counted
    assert estimated.cost == 1 + 1 + 10 + 45


def test_a_fragment_is_costed_like_the_fields_it_holds(schema: strawberry.Schema) -> None:
    # given the same suggestions asked inline and through a fragment
    inline = '{ person(key: "ada") { suggestedCollaborators(first: 100) { score } } }'
    # then both cost the same compute
    assert (
        estimate_cost(schema._schema, parse(ONE_SUGGESTION_SPREAD), None, {}).compute
        == estimate_cost(schema._schema, parse(inline), None, {}).compute
        == 20 + 100 * 2
    )


def test_variables_set_the_compute(schema: strawberry.Schema) -> None:
    # given suggestions whose size and diversity come from variables
    document = parse(
        'query S($n: Int!, $d: Float!) { person(key: "ada") '
        "{ suggestedCollaborators(first: $n, diversify: $d) { score } } }"
    )
    # when estimated with diversify 1, the pairwise comparisons count
    estimated = estimate_cost(schema._schema, document, None, {"n": 100, "d": 1.0})
    # then
    assert estimated.compute == 20 + 100 * (2 + 100 / 4)


@pytest.mark.parametrize("document", [SUGGESTIONS_FOR_A_PAGE, EGO_TO_DRAW, COMMUNITIES])
def test_everyday_analytics_queries_fit_the_budget(
    schema: strawberry.Schema, settings: Settings, document: str
) -> None:
    # given a query a front end sends every day
    # when estimated
    estimated = estimate_cost(schema._schema, parse(document), None, {})
    # then it fits both limits
    assert estimated.problems == []
    assert estimated.cost <= settings.max_cost
    assert estimated.compute <= settings.max_compute


async def test_community_members_are_paged_up_to_a_thousand(
    schema: strawberry.Schema, counted: CountingStore
) -> None:
    # given more community members asked for than one call returns
    # when executed
    result = await run(schema, counted, TOO_MANY_MEMBERS, ANONYMOUS)
    # then it is refused before any store call
    [(message, code)] = errors_of(result)
    assert code == "BAD_USER_INPUT"
    assert "1000" in message
    assert counted.total == 0


async def test_the_compute_limit_comes_from_the_settings(counted: CountingStore) -> None:
    # given settings from an environment with a small compute limit
    settings = Settings.from_env({"CONVENE_MAX_COMPUTE": "100"})
    document = '{ person(key: "ada") { suggestedCollaborators(first: 50) { score } } }'
    # when suggestions estimated at 20 + 50 * 2 = 120 units run
    result = await run(build_schema(settings), counted, document, settings=settings)
    # then they are refused
    assert errors_of(result)[0][1] == "COST_LIMIT"
    assert result.errors[0].extensions["compute"] == 120
    assert counted.total == 0
