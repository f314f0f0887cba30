"""A root lookup reads its node and the relationship fields below it in one store call,
and answers exactly what the field-by-field path answers, for every kind of viewer.

The field-by-field reference is ``nodes(ids: [...])``, which is never planned."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from access.viewer import Viewer
from graph.model import Direction, Label, NodeRef, RelType
from graph.store import GraphStore, Hop
from schema.node import global_id
from tests.graph.test_store_contract import small_network
from tests.schema.support import ADMIN, ANONYMOUS, EDITOR, CountingStore, errors_of, run

pytestmark = pytest.mark.anyio

SELECTION = """
  name
  projects(first: 3) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { role node { key name
      members(first: 4) { totalCount edges { role node { key name headline } } }
      topics { nodes { key name } }
    } }
  }
  organizations { edges { title node { name parts(first: 2) { nodes { key } } } } }
  ... on Person { interests(first: 2, after: "Y3Vyc29yOjA=") { nodes { key } } }
  ...Teams
  latest: projects(last: 2) { totalCount nodes { key } }
"""
FRAGMENT = """
fragment Teams on Person {
  few: projects(first: 1) { edges { node { key topics { nodes { key } } } } }
}
"""
PLANNED = "query Planned($key: String!) { person(key: $key) { " + SELECTION + " } }" + FRAGMENT
FIELD_BY_FIELD = (
    "query FieldByField($id: ID!) { nodes(ids: [$id]) { ... on Person { "
    + SELECTION
    + " } } }"
    + FRAGMENT
)
BY_ID = "query ById($id: ID!) { node(id: $id) { ... on Person { " + SELECTION + " } } }" + FRAGMENT
ME = "query Me { me { " + SELECTION + " } }" + FRAGMENT


def people_with_teams(store: GraphStore) -> list[str]:
    keys = [node.key for node in store.iter_nodes([Label.PERSON])]
    hop = Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT)
    pages = store.neighbours(Label.PERSON, keys, hop, limit=1)
    return [key for key in keys if pages[key].total][:6]


@pytest.mark.parametrize("viewer", [ANONYMOUS, EDITOR, ADMIN], ids=lambda v: v.role.value)
async def test_a_planned_lookup_answers_as_the_fields_do_in_one_read(
    schema: strawberry.Schema, demo_store: GraphStore, viewer: Viewer
) -> None:
    for key in people_with_teams(demo_store):
        # Given a person on a team, asked for by key (planned) and by global id (not)
        planned, field_by_field = CountingStore(demo_store), CountingStore(demo_store)
        by_key = await run(schema, planned, PLANNED, viewer, {"key": key})
        gid = global_id(NodeRef(Label.PERSON, key))
        by_id = await run(schema, field_by_field, FIELD_BY_FIELD, viewer, {"id": gid})
        # Then both answer the same, without errors
        assert errors_of(by_key) == errors_of(by_id) == []
        answer: Any = by_key.data
        assert answer["person"] == by_id.data["nodes"][0]
        # And the planned lookup read the store once (and once more for the page counted
        # from the end, which needs the total first), where the fields read once a level
        if answer["person"] is not None:
            assert planned.calls["read_plan"] == 1
            assert set(planned.calls) <= {"read_plan", "neighbours"}
            assert planned.calls["neighbours"] <= 2
            assert field_by_field.reads >= 6


@pytest.mark.parametrize("viewer", [ANONYMOUS, ADMIN], ids=lambda v: v.role.value)
async def test_a_node_by_global_id_and_the_viewer_themself_are_planned_too(
    schema: strawberry.Schema, demo_store: GraphStore, viewer: Viewer
) -> None:
    for key in people_with_teams(demo_store)[:3]:
        # Given a person on a team, by global id and as the viewer themself (planned),
        # and by the ids of `nodes` (field by field)
        gid = global_id(NodeRef(Label.PERSON, key))
        themself = Viewer(viewer.role, token_name="own", person_key=key)
        by_id, as_me = CountingStore(demo_store), CountingStore(demo_store)
        node = await run(schema, by_id, BY_ID, viewer, {"id": gid})
        me = await run(schema, as_me, ME, themself)
        reference = await run(schema, demo_store, FIELD_BY_FIELD, viewer, {"id": gid})
        # Then all three answer the same (the viewer sees themself as the others do,
        # but for the page counted from the end), and the planned ones read once a plan
        assert errors_of(node) == errors_of(me) == errors_of(reference) == []
        found: Any = node.data
        assert found["node"] == reference.data["nodes"][0]
        assert me.data is not None and me.data["me"]["projects"] == found["node"]["projects"]
        if found["node"] is not None:
            assert by_id.calls["read_plan"] == as_me.calls["read_plan"] == 1
            assert set(by_id.calls) | set(as_me.calls) <= {"read_plan", "neighbours"}


TEAM = """
query Team($key: String!) { project(key: $key) { name
  members { totalCount edges { role node { key name projects { nodes { key } } } } } } }
"""
TEAM_BY_ID = """
query TeamById($id: ID!) { nodes(ids: [$id]) { ... on Project { name
  members { totalCount edges { role node { key name projects { nodes { key } } } } } } } }
"""


@pytest.mark.parametrize(
    ("viewer", "seen"), [(ANONYMOUS, 2), (ADMIN, 3)], ids=["anonymous", "admin"]
)
async def test_a_plan_leaves_out_whom_the_viewer_may_not_see(
    schema: strawberry.Schema, store: GraphStore, viewer: Viewer, seen: int
) -> None:
    # Given a team of three, one of whom is not discoverable
    small_network(store)
    planned = CountingStore(store)
    # When the team is looked up by key (planned) and by global id (field by field)
    by_key = await run(schema, planned, TEAM, viewer, {"key": "engine"})
    gid = global_id(NodeRef(Label.PROJECT, "engine"))
    by_id = await run(schema, store, TEAM_BY_ID, viewer, {"id": gid})
    # Then both show the same members, whom the viewer may see, counted as shown
    assert errors_of(by_key) == errors_of(by_id) == []
    members: Any = by_key.data["project"]["members"]
    assert members["totalCount"] == len(members["edges"]) == seen
    assert by_key.data["project"] == by_id.data["nodes"][0]
    assert planned.calls == {"read_plan": 1}


COHORT = """
query Group($key: String!) { studyGroup(key: $key) { name
  cohort { name program { name cohorts(first: 2) { nodes { key } } } studyGroups { totalCount } }
  members(first: 3) { edges { node { key } } } } }
"""
COHORT_BY_ID = """
query GroupById($id: ID!) { nodes(ids: [$id]) { ... on StudyGroup { name
  cohort { name program { name cohorts(first: 2) { nodes { key } } } studyGroups { totalCount } }
  members(first: 3) { edges { node { key } } } } } }
"""


async def test_fields_that_lead_to_one_node_are_planned_too(
    schema: strawberry.Schema, demo_store: GraphStore
) -> None:
    # Given every study group of the demo network
    for group in demo_store.iter_nodes([Label.STUDY_GROUP]):
        planned = CountingStore(demo_store)
        # When each is looked up by key, and by global id
        by_key = await run(schema, planned, COHORT, ANONYMOUS, {"key": group.key})
        gid = global_id(NodeRef(Label.STUDY_GROUP, group.key))
        by_id = await run(schema, demo_store, COHORT_BY_ID, ANONYMOUS, {"id": gid})
        # Then both agree, its cohort and program are there, and the store was read once
        assert errors_of(by_key) == errors_of(by_id) == []
        answer: Any = by_key.data["studyGroup"]
        assert answer == by_id.data["nodes"][0]
        assert answer["cohort"]["program"]["name"]
        assert planned.calls == {"read_plan": 1}


LISTING = """
query Listing { people(first: 10, orderBy: {field: NAME, direction: DESC}) { totalCount
  nodes { key projects { totalCount nodes { key members { edges { role node { key } } } } } } } }
"""
BY_IDS = """
query ByIds($ids: [ID!]!) { nodes(ids: $ids) { ... on Person { key
  projects { totalCount nodes { key members { edges { role node { key } } } } } } } }
"""


@pytest.mark.parametrize("viewer", [ANONYMOUS, ADMIN], ids=["anonymous", "admin"])
async def test_a_listing_and_the_fields_below_it_are_one_read(
    schema: strawberry.Schema, store: GraphStore, viewer: Viewer
) -> None:
    # Given the small network, one of whose people is not discoverable
    small_network(store)
    planned = CountingStore(store)
    # When people are listed with their projects and teammates (planned), and the same
    # people are fetched by global id (field by field)
    listing = await run(schema, planned, LISTING, viewer)
    people: Any = listing.data["people"]
    ids = [global_id(NodeRef(Label.PERSON, person["key"])) for person in people["nodes"]]
    by_ids = await run(schema, store, BY_IDS, viewer, {"ids": ids})
    # Then both answer the same for every person the viewer may see, in one read
    assert errors_of(listing) == errors_of(by_ids) == []
    assert people["nodes"] == by_ids.data["nodes"]
    assert people["totalCount"] == len(people["nodes"]) == (3 if viewer is ADMIN else 2)
    assert planned.calls == {"read_plan": 1}
