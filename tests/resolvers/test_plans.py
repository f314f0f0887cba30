"""A root lookup reads its node and the relationship fields below it in one store call,
and answers exactly what the field-by-field path answers, for every kind of viewer."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from access.viewer import Viewer
from graph.model import Direction, Label, NodeRef, RelType
from graph.store import GraphStore, Hop
from schema.node import global_id
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
"""
PLANNED = "query Planned($key: String!) { person(key: $key) { " + SELECTION + " } }"
FIELD_BY_FIELD = (
    "query FieldByField($id: ID!) { node(id: $id) { ... on Person { " + SELECTION + " } } }"
)


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
        assert answer["person"] == by_id.data["node"]
        # And the planned lookup read the store once, where the fields read once a level
        if answer["person"] is not None:
            assert planned.calls == {"read_plan": 1}
            assert field_by_field.reads >= 4
