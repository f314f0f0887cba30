"""No N+1: each level of a query is one store round trip, however many rows it has."""

from __future__ import annotations

import pytest
import strawberry

from graph.model import Direction, Label, NodeRef, RelType
from graph.store import GraphStore, Hop
from resolvers.loaders import Loaders, NeighbourRequest
from tests.schema.support import CountingStore, run, team_network

pytestmark = pytest.mark.anyio

NESTED = """
query Nested($first: Int!) {
  people(first: $first) { nodes { key
    projects(first: 5) { nodes { key
      members(first: 5) { nodes { key
        organizations(first: 5) { nodes { key } } } } } } } }
}
"""
NESTED_EDGES = """
query Nested($first: Int!) {
  people(first: $first) { edges { node { key
    projects(first: 5) { totalCount edges { role node { key
      members(first: 5) { edges { node { key } } } } } } } } }
}
"""
SAME_FIELD_TWICE = """
query Twice($first: Int!) {
  people(first: $first) { nodes {
    teams: projects(first: 2) { nodes { key } }
    lastTeam: projects(last: 1) { nodes { key } } } }
}
"""


async def _calls(
    schema: strawberry.Schema, store: GraphStore, document: str, first: int
) -> dict[str, int]:
    counted = CountingStore(store)
    result = await run(schema, counted, document, variables={"first": first})
    assert result.errors is None
    assert len(result.data["people"].get("nodes") or result.data["people"]["edges"]) == first
    return dict(counted.calls)


async def test_nested_query_round_trips_do_not_grow_with_rows(
    schema: strawberry.Schema, store: GraphStore
) -> None:
    # given a network of 20 people in teams, each on two projects and at two organizations
    team_network(store, 20)
    # when 5, then 20 people are fetched with their projects, members and organizations
    small = await _calls(schema, store, NESTED, 5)
    large = await _calls(schema, store, NESTED, 20)
    # then both make the same calls: one read plan for the listing and every level below
    assert small == large == {"read_plan": 1}


async def test_edges_with_properties_batch_the_same_way(
    schema: strawberry.Schema, store: GraphStore
) -> None:
    # given the same network
    team_network(store, 20)
    # when the query reads edges (with relationship properties) instead of nodes
    small = await _calls(schema, store, NESTED_EDGES, 5)
    large = await _calls(schema, store, NESTED_EDGES, 20)
    # then the count still does not depend on the number of rows
    assert small == large == {"read_plan": 1}


async def test_a_field_paged_from_the_end_costs_a_constant_number_of_calls(
    schema: strawberry.Schema, store: GraphStore
) -> None:
    # given the same network, where every person is on exactly two projects
    team_network(store, 20)
    # when each person's first two and last project are asked for under two aliases
    small = await _calls(schema, store, SAME_FIELD_TWICE, 5)
    large = await _calls(schema, store, SAME_FIELD_TWICE, 20)
    # then the calls do not grow: the listing and the first pages in one read plan, then
    # the count and one from-the-end page
    assert small == large == {"read_plan": 1, "neighbours": 2}


async def test_node_loader_answers_in_key_order_with_none_for_missing(
    store: GraphStore,
) -> None:
    # given three people
    team_network(store, 3)
    counted = CountingStore(store)
    loaders = Loaders.for_store(counted)
    refs = [
        NodeRef(Label.PERSON, "person-002"),
        NodeRef(Label.PERSON, "nobody"),
        NodeRef(Label.PERSON, "person-000"),
    ]
    # when they are loaded together
    nodes = await loaders.node_by_ref.load_many(refs)
    # then they come back in the order asked, None where missing, in one call
    assert [n.key if n else None for n in nodes] == ["person-002", None, "person-000"]
    assert dict(counted.calls) == {"get_nodes": 1}


async def test_neighbour_loader_groups_requests_by_window(store: GraphStore) -> None:
    # given eight people in two teams: everyone is on project-000 and project-001
    team_network(store, 8)
    counted = CountingStore(store)
    loaders = Loaders.for_store(counted)
    hop = Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT)
    requests = [
        NeighbourRequest(Label.PERSON, "person-000", hop, (), 0, 1),
        NeighbourRequest(Label.PERSON, "person-005", hop, (), 0, 1),
        NeighbourRequest(Label.PERSON, "nobody", hop, (), 0, 1),
        NeighbourRequest(Label.PERSON, "person-003", hop, (), 1, 1),
    ]
    # when they are loaded together
    pages = await loaders.neighbours_by_key.load_many(requests)
    # then there is one call per distinct window, and each answer is its own key's
    assert counted.calls["neighbours"] == 2
    assert [page.total for page in pages] == [2, 2, 0, 2]
    assert [[n.node.key for n in page.items] for page in pages] == [
        ["project-000"],
        ["project-000"],
        [],
        ["project-001"],
    ]
