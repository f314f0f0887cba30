"""Privacy: emails only for their owner and admins; people who are not discoverable
are invisible to everyone else, by every path, and are not counted."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from access.viewer import AccessRole, Viewer
from graph.model import Label, NodeRef, RelType
from graph.store import GraphStore
from schema.node import global_id
from tests.schema.support import ADMIN, ANONYMOUS, READER, load, node, person, rel, run

pytestmark = pytest.mark.anyio

HAL_ID = global_id(NodeRef(Label.PERSON, "hal"))
ADA_ID = global_id(NodeRef(Label.PERSON, "ada"))

EVERY_PATH = """
query Paths($hal: ID!, $ada: ID!) {
  people(first: 100) { totalCount nodes { key email } }
  byProject: people(filter: {project: "engine"}) { totalCount nodes { key } }
  fromEnd: people(last: 5) { totalCount nodes { key } }
  search(text: "hal") { node { key ... on Person { email } } }
  searchEveryone: search(text: "h", labels: [PERSON]) { node { key } }
  person(key: "hal") { key email }
  ada: person(key: "ada") { key email }
  node(id: $hal) { id }
  adaNode: node(id: $ada) { id ... on Person { email } }
  nodes(ids: [$hal, $ada]) { id }
  project(key: "engine") {
    members { totalCount nodes { key email } }
    lastMembers: members(last: 10) { totalCount edges { role node { key } } }
  }
  organization(key: "lab") { people { totalCount nodes { key email } } }
  gathering(key: "summit") { attendees { totalCount nodes { key } } }
  cohort(key: "c1") { members { totalCount nodes { key } } }
  studyGroup(key: "sg") { members { totalCount nodes { key } } }
  program(key: "prog") { students { totalCount nodes { key } } }
  topic(key: "math") {
    interestedPeople { totalCount nodes { key } }
    skilledPeople { totalCount nodes { key } }
  }
}
"""
ME = "{ me { key email } }"

CONNECTIONS = [
    ("people",),
    ("byProject",),
    ("fromEnd",),
    ("project", "members"),
    ("project", "lastMembers"),
    ("organization", "people"),
    ("gathering", "attendees"),
    ("cohort", "members"),
    ("studyGroup", "members"),
    ("program", "students"),
    ("topic", "interestedPeople"),
    ("topic", "skilledPeople"),
]


@pytest.fixture
def network(store: GraphStore) -> GraphStore:
    """Ada (discoverable) and Hal (not), side by side in every relationship."""
    ada = person("ada", "Ada Hopper", email="ada@example.org")
    hal = person("hal", "Hal Hidden", email="hal@example.org", discoverable=False)
    engine = node(Label.PROJECT, "engine")
    lab = node(Label.ORGANIZATION, "lab")
    summit = node(Label.GATHERING, "summit")
    c1 = node(Label.COHORT, "c1")
    sg = node(Label.STUDY_GROUP, "sg")
    prog = node(Label.PROGRAM, "prog")
    math = node(Label.TOPIC, "math")
    rels = []
    for someone in (ada, hal):
        rels += [
            rel(RelType.MEMBER_OF, someone, engine, role="builder"),
            rel(RelType.AFFILIATED_WITH, someone, lab),
            rel(RelType.ATTENDED, someone, summit),
            rel(RelType.MEMBER_OF, someone, c1),
            rel(RelType.MEMBER_OF, someone, sg),
            rel(RelType.ENROLLED_IN, someone, prog),
            rel(RelType.INTERESTED_IN, someone, math),
            rel(RelType.SKILLED_IN, someone, math, level=3),
        ]
    load(store, [ada, hal, engine, lab, summit, c1, sg, prog, math], rels)
    return store


async def _every_path(schema: strawberry.Schema, store: GraphStore, viewer: Viewer) -> Any:
    result = await run(schema, store, EVERY_PATH, viewer, {"hal": HAL_ID, "ada": ADA_ID})
    assert result.errors is None
    return result.data


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@pytest.mark.parametrize(
    "viewer",
    [
        ANONYMOUS,
        READER,
        Viewer(AccessRole.EDITOR, token_name="e"),
        Viewer(AccessRole.READER, person_key="ada"),
    ],
    ids=["anonymous", "reader", "editor", "ada-herself"],
)
async def test_a_hidden_person_is_invisible_by_every_path(
    schema: strawberry.Schema, network: GraphStore, viewer: Viewer
) -> None:
    # given Hal, who is not discoverable, next to Ada everywhere
    # when anyone but Hal and the admins reads every listing, search, lookup and relation
    data = await _every_path(schema, network, viewer)
    # then Hal appears nowhere: no key, no id, no email, and no connection counts him
    strings = _strings(data)
    assert "hal" not in strings
    assert HAL_ID not in strings
    assert "hal@example.org" not in strings
    for path in CONNECTIONS:
        assert _at(data, path)["totalCount"] == 1, path
    assert data["person"] is None
    assert data["node"] is None
    assert data["nodes"] == [None, {"id": ADA_ID}]
    assert data["search"] == []
    assert [hit["node"]["key"] for hit in data["searchEveryone"]] == ["ada"]


@pytest.mark.parametrize("viewer", [ANONYMOUS, READER], ids=["anonymous", "reader"])
async def test_nobody_else_sees_an_email(
    schema: strawberry.Schema, network: GraphStore, viewer: Viewer
) -> None:
    # given people with emails
    # when someone who is neither their owner nor an admin reads every path
    data = await _every_path(schema, network, viewer)
    # then no email is shown anywhere
    assert not [s for s in _strings(data) if "@" in s]


async def test_a_person_sees_their_own_email_and_nobody_elses(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given Ada's own token
    ada = Viewer(AccessRole.READER, token_name="ada", person_key="ada")
    # when she reads every path
    data = await _every_path(schema, network, ada)
    # then her email shows wherever she does, and no one else's does
    assert {s for s in _strings(data) if "@" in s} == {"ada@example.org"}
    assert data["ada"]["email"] == "ada@example.org"
    assert data["adaNode"]["email"] == "ada@example.org"


async def test_a_hidden_person_can_find_themselves(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given Hal's own token
    hal = Viewer(AccessRole.READER, token_name="hal", person_key="hal")
    # when he looks himself up by key, by id and as `me`
    data = await _every_path(schema, network, hal)
    me = await run(schema, network, ME, hal)
    # then he finds himself, email included
    assert data["person"] == {"key": "hal", "email": "hal@example.org"}
    assert data["node"] == {"id": HAL_ID}
    assert me.data == {"me": {"key": "hal", "email": "hal@example.org"}}


async def test_admins_see_everyone_and_every_email(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given an admin token
    # when the admin reads every path
    data = await _every_path(schema, network, ADMIN)
    # then Hal is listed and counted everywhere, with both emails
    for path in CONNECTIONS:
        assert _at(data, path)["totalCount"] == 2, path
    assert data["person"] == {"key": "hal", "email": "hal@example.org"}
    assert {hit["node"]["key"] for hit in data["searchEveryone"]} == {"ada", "hal"}
    assert {"ada@example.org", "hal@example.org"} <= set(_strings(data))


async def test_anonymous_has_no_me(schema: strawberry.Schema, network: GraphStore) -> None:
    # given no token
    # when `me` is asked for
    result = await run(schema, network, ME, ANONYMOUS)
    # then it is null
    assert result.data == {"me": None}
