"""Consent belongs to the person; hidden people are as missing to every write; each
person can read everything stored about them, and an admin can erase them."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import strawberry

from access.tokens import TokenStore, create_token, person_tokens
from access.viewer import AccessRole, Viewer
from graph.embedded.store import EmbeddedStore
from graph.model import Label, NodeRef, RelType
from graph.store import GraphStore
from settings import Settings
from tests.schema.support import ADMIN, ANONYMOUS, EDITOR, errors_of, load, node, person, rel, run
from tests.stores import ConcreteStore

pytestmark = pytest.mark.anyio

SET_CONSENT = """
mutation Consent($input: SetPersonConsentInput!) {
  setPersonConsent(input: $input) {
    userErrors { field message code }
    person { key discoverable exportable }
  }
}
"""
CREATE_PERSON = """
mutation Create($input: CreatePersonInput!) {
  createPerson(input: $input) { userErrors { field message code } person { key } }
}
"""
UPDATE_PERSON = """
mutation Update($input: UpdatePersonInput!) {
  updatePerson(input: $input) { userErrors { field message code } person { key email } }
}
"""
DELETE_PERSON = """
mutation Delete($input: DeletePersonInput!) {
  deletePerson(input: $input) { userErrors { field message code } deletedId }
}
"""
ERASE_PERSON = """
mutation Erase($input: ErasePersonInput!) {
  erasePerson(input: $input) { userErrors { field message code } deletedId }
}
"""
ADD_MEMBER = """
mutation Add($input: AddProjectMemberInput!) {
  addProjectMember(input: $input) { userErrors { field message code } person { key } }
}
"""
REMOVE_MEMBER = """
mutation Remove($input: RemoveProjectMemberInput!) {
  removeProjectMember(input: $input) { userErrors { field message code } }
}
"""
RECORD_ATTENDANCE = """
mutation Record($input: RecordAttendanceInput!) {
  recordAttendance(input: $input) { userErrors { field message code } }
}
"""
AFFILIATE = """
mutation Affiliate($input: AffiliatePersonInput!) {
  affiliatePerson(input: $input) { userErrors { field message code } }
}
"""
PERSON = "query ($key: String!) { person(key: $key) { key } }"
PERSONAL_DATA = "query ($key: String!) { personalData(person: $key) }"

HAL_HIMSELF = Viewer(AccessRole.READER, token_name="hal-phone", person_key="hal")
ADA_AS_EDITOR = Viewer(AccessRole.EDITOR, token_name="ada-laptop", person_key="ada")


@pytest.fixture
def local(tmp_path: Path) -> Settings:
    """Settings whose data directory (and token file) is the test's own."""
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def network(store: ConcreteStore) -> ConcreteStore:
    """Ada (discoverable, on the engine team) and Hal (not discoverable, on it too)."""
    ada = person("ada", "Ada", email="ada@example.org")
    hal = person("hal", "Hal", email="hal@example.org", discoverable=False)
    engine = node(Label.PROJECT, "engine", name="Engine")
    summit = node(Label.GATHERING, "summit", name="Summit")
    lab = node(Label.ORGANIZATION, "lab", name="Lab")
    load(
        store,
        [ada, hal, engine, summit, lab],
        [
            rel(RelType.MEMBER_OF, ada, engine, role="lead"),
            rel(RelType.MEMBER_OF, hal, engine, role="builder"),
            rel(RelType.ATTENDED, hal, summit),
        ],
    )
    return store


async def _mutate(
    schema: strawberry.Schema,
    store: GraphStore,
    document: str,
    input_: dict[str, Any],
    viewer: Viewer,
    settings: Settings | None = None,
) -> Any:
    result = await run(schema, store, document, viewer, {"input": input_}, settings)
    assert result.errors is None, result.errors
    [payload] = result.data.values()
    return payload


def _snapshot(store: GraphStore) -> tuple[Any, int]:
    return store.counts().as_json(), store.data_version()


async def _visible_to_anonymous(schema: strawberry.Schema, store: GraphStore, key: str) -> bool:
    result = await run(schema, store, PERSON, ANONYMOUS, {"key": key})
    return result.data["person"] is not None


# ----------------------------------------------------------- 3. consent is the person's


async def test_an_editor_cannot_undo_a_persons_opt_out(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given Hal, who opted out, and Ada, who did not
    before = _snapshot(network)
    # when an editor sets Hal discoverable, and Ada not discoverable
    hal = await _mutate(
        schema, network, SET_CONSENT, {"person": "hal", "discoverable": True}, EDITOR
    )
    ada = await _mutate(
        schema, network, SET_CONSENT, {"person": "ada", "discoverable": False}, EDITOR
    )
    # then Hal is as missing to the editor, Ada's consent is not theirs to change
    assert [(e["field"], e["code"]) for e in hal["userErrors"]] == [("person", "NOT_FOUND")]
    assert [(e["field"], e["code"]) for e in ada["userErrors"]] == [("discoverable", "FORBIDDEN")]
    # and nothing changed: Hal stays hidden from anonymous readers
    assert _snapshot(network) == before
    assert not await _visible_to_anonymous(schema, network, "hal")


async def test_a_persons_own_reader_token_changes_their_consent_and_nobody_elses(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given Hal's own token, a reader token
    # when Hal opts back in
    own = await _mutate(
        schema, network, SET_CONSENT, {"person": "hal", "discoverable": True}, HAL_HIMSELF
    )
    # then it is done, and anonymous readers find him
    assert own["userErrors"] == []
    assert own["person"] == {"key": "hal", "discoverable": True, "exportable": True}
    assert await _visible_to_anonymous(schema, network, "hal")
    # but his token cannot change Ada's consent
    other = await _mutate(
        schema, network, SET_CONSENT, {"person": "ada", "exportable": False}, HAL_HIMSELF
    )
    assert [(e["field"], e["code"]) for e in other["userErrors"]] == [("exportable", "FORBIDDEN")]


async def test_consent_needs_a_token(schema: strawberry.Schema, network: GraphStore) -> None:
    # when an anonymous caller sets consent
    result = await run(
        schema, network, SET_CONSENT, ANONYMOUS, {"input": {"person": "ada", "discoverable": False}}
    )
    # then it is forbidden outright
    assert result.data == {"setPersonConsent": None}
    assert [code for _, code in errors_of(result)] == ["FORBIDDEN"]


@pytest.mark.parametrize(
    ("viewer", "email", "errors"),
    [
        (EDITOR, "new@example.org", [("email", "FORBIDDEN")]),
        (EDITOR, None, [("email", "FORBIDDEN")]),
        (ADMIN, "x", [("email", "INVALID")]),
        (ADA_AS_EDITOR, "ada@", [("email", "INVALID")]),
        (ADMIN, "ada@new.example.org", []),
        (ADA_AS_EDITOR, "ada@new.example.org", []),
    ],
    ids=["editor", "editor-clears", "admin-bad", "own-bad", "admin", "own"],
)
async def test_only_the_person_and_admins_write_a_valid_email(
    schema: strawberry.Schema,
    network: ConcreteStore,
    viewer: Viewer,
    email: str | None,
    errors: list[tuple[str, str]],
) -> None:
    # given Ada with an email
    before = _snapshot(network)
    # when someone sets her email
    payload = await _mutate(schema, network, UPDATE_PERSON, {"key": "ada", "email": email}, viewer)
    # then only Ada and admins may, and only a well-formed address
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == errors
    stored = network.get_node(NodeRef(Label.PERSON, "ada")).get("email")
    if errors:
        assert _snapshot(network) == before
        assert stored == "ada@example.org"
    else:
        assert stored == email
        assert payload["person"] == {"key": "ada", "email": email}


async def test_an_editor_cannot_give_a_new_person_an_email(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # when an editor creates a person with an email they could never read
    payload = await _mutate(
        schema,
        network,
        CREATE_PERSON,
        {"key": "carol", "name": "Carol", "email": "carol@example.org"},
        EDITOR,
    )
    # then it is refused on the email field, and nobody was created
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [("email", "FORBIDDEN")]
    assert network.get_nodes([NodeRef(Label.PERSON, "carol")]) == [None]


# --------------------------------------------------- 5. hidden answers as missing


@pytest.mark.parametrize(
    ("document", "input_for"),
    [
        (UPDATE_PERSON, lambda key: {"key": key, "name": "Renamed"}),
        (DELETE_PERSON, lambda key: {"key": key}),
        (ADD_MEMBER, lambda key: {"project": "engine", "person": key, "role": "spy"}),
        (REMOVE_MEMBER, lambda key: {"project": "engine", "person": key}),
        (RECORD_ATTENDANCE, lambda key: {"person": key, "gathering": "summit"}),
        (AFFILIATE, lambda key: {"person": key, "organization": "lab"}),
        (SET_CONSENT, lambda key: {"person": key, "exportable": False}),
    ],
    ids=["update", "delete", "add-member", "remove-member", "attend", "affiliate", "consent"],
)
async def test_a_hidden_person_is_as_missing_to_an_editor(
    schema: strawberry.Schema, network: GraphStore, document: str, input_for: Any
) -> None:
    # given Hal, hidden from editors, and no person "nobody"
    before = _snapshot(network)
    # when an editor writes about each of them
    hidden = await _mutate(schema, network, document, input_for("hal"), EDITOR)
    missing = await _mutate(schema, network, document, input_for("nobody"), EDITOR)
    # then both answers are the same, but for the key, and nothing was written
    assert hidden["userErrors"]
    assert [
        {**e, "message": e["message"].replace("'hal'", "'nobody'")} for e in hidden["userErrors"]
    ] == missing["userErrors"]
    assert {e["code"] for e in hidden["userErrors"]} == {"NOT_FOUND"}
    assert _snapshot(network) == before


async def test_a_key_taken_by_a_hidden_person_answers_as_any_taken_key(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given Hal (hidden from editors) and Ada (visible)
    before = _snapshot(network)
    # when an editor creates a person with each key
    hidden = await _mutate(schema, network, CREATE_PERSON, {"key": "hal", "name": "X"}, EDITOR)
    visible = await _mutate(schema, network, CREATE_PERSON, {"key": "ada", "name": "X"}, EDITOR)
    # then both are the same conflict, naming nothing but the key, and nothing changed
    assert hidden["userErrors"] == [
        {"field": "key", "message": "Person 'hal' already exists", "code": "ALREADY_EXISTS"}
    ]
    assert visible["userErrors"] == [
        {"field": "key", "message": "Person 'ada' already exists", "code": "ALREADY_EXISTS"}
    ]
    assert _snapshot(network) == before


@pytest.mark.parametrize("viewer", [ADMIN, Viewer(AccessRole.EDITOR, "hal-laptop", "hal")])
async def test_admins_and_the_person_reach_a_hidden_person(
    schema: strawberry.Schema, network: ConcreteStore, viewer: Viewer
) -> None:
    # when an admin, or Hal with his own editor token, renames Hal and records him at lab
    renamed = await _mutate(
        schema, network, UPDATE_PERSON, {"key": "hal", "name": "Hal H."}, viewer
    )
    joined = await _mutate(
        schema, network, AFFILIATE, {"person": "hal", "organization": "lab"}, viewer
    )
    # then both are done
    assert renamed["userErrors"] == [] and joined["userErrors"] == []
    assert network.get_node(NodeRef(Label.PERSON, "hal")).get("name") == "Hal H."


# ------------------------------------------- personal data, erasure, deletion revokes


async def test_a_person_reads_everything_stored_about_them(
    schema: strawberry.Schema, network: GraphStore, local: Settings
) -> None:
    # given Hal's own token in the token file
    create_token(local.data_dir, "reader", "hal-phone", person_key="hal")
    # when Hal asks for his data
    result = await run(schema, network, PERSONAL_DATA, HAL_HIMSELF, {"key": "hal"}, local)
    # then he gets his node with every property, his relationships and his tokens
    assert result.errors is None
    data = result.data["personalData"]
    assert data["person"]["key"] == "hal"
    assert data["person"]["properties"]["email"] == "hal@example.org"
    assert data["person"]["properties"]["discoverable"] is False
    assert sorted(
        (r["type"], r["other"]["key"], r["properties"]) for r in data["relationships"]
    ) == [
        ("ATTENDED", "summit", {"mode": "attendee"}),
        ("MEMBER_OF", "engine", {"role": "builder"}),
    ]
    assert [(t["name"], t["role"], t["revokedAt"]) for t in data["tokens"]] == [
        ("hal-phone", "reader", None)
    ]


@pytest.mark.parametrize("key", ["ada", "hal", "nobody"])
async def test_nobody_else_reads_a_persons_data_whether_or_not_they_exist(
    schema: strawberry.Schema, network: GraphStore, key: str
) -> None:
    # when an editor asks for anyone's data (visible, hidden or missing)
    result = await run(schema, network, PERSONAL_DATA, EDITOR, {"key": key})
    # then the answer is the same refusal
    assert result.data == {"personalData": None}
    assert [code for _, code in errors_of(result)] == ["FORBIDDEN"]


async def test_an_admin_asking_for_a_missing_person_gets_null(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    result = await run(schema, network, PERSONAL_DATA, ADMIN, {"key": "nobody"})
    assert result.errors is None
    assert result.data == {"personalData": None}


async def test_deleting_a_person_revokes_their_tokens(
    schema: strawberry.Schema, network: GraphStore, local: Settings
) -> None:
    # given a token bound to Ada
    secret = create_token(local.data_dir, "editor", "ada-laptop", person_key="ada")
    # when an editor deletes Ada, and someone new is created with her key
    deleted = await _mutate(schema, network, DELETE_PERSON, {"key": "ada"}, EDITOR, local)
    created = await _mutate(
        schema, network, CREATE_PERSON, {"key": "ada", "name": "Another Ada"}, EDITOR, local
    )
    # then the old token opens nothing: the new Ada is not exposed to it
    assert deleted["userErrors"] == [] and created["userErrors"] == []
    with TokenStore.open(local.data_dir) as tokens:
        assert tokens.viewer_for(secret) is None


def _log_rows(store: EmbeddedStore) -> list[tuple[Any, Any]]:
    with sqlite3.connect(store.path) as conn:
        return conn.execute("SELECT nodes, relationships FROM changes").fetchall()


async def test_erasing_a_person_leaves_nothing_in_the_store_the_log_or_the_tokens(
    schema: strawberry.Schema, embedded_store: EmbeddedStore, local: Settings
) -> None:
    # given Hal with relationships, a change log naming him and two tokens (one revoked)
    hal = person("hal", "Hal", email="hal@example.org", discoverable=False)
    engine = node(Label.PROJECT, "engine", name="Engine")
    load(embedded_store, [hal, engine], [rel(RelType.MEMBER_OF, hal, engine)])
    embedded_store.upsert_nodes([person("hal", "Hal Hidden")])
    create_token(local.data_dir, "reader", "hal-phone", person_key="hal")
    create_token(local.data_dir, "reader", "ops-view")
    assert any("hal" in str(row) for row in _log_rows(embedded_store))
    # when an admin erases him
    payload = await _mutate(schema, embedded_store, ERASE_PERSON, {"key": "hal"}, ADMIN, local)
    # then the node, his relationships, his log entries and his tokens are gone
    assert payload["userErrors"] == []
    assert embedded_store.get_nodes([NodeRef(Label.PERSON, "hal")]) == [None]
    assert list(embedded_store.iter_relationships()) == []
    assert all("hal" not in str(row) for row in _log_rows(embedded_store))
    assert embedded_store.changes_since(0) is None  # readers rebuild instead
    assert person_tokens(local.data_dir, "hal") == []
    with sqlite3.connect(local.data_dir / "tokens.sqlite3") as conn:
        assert conn.execute("SELECT name FROM tokens").fetchall() == [("ops-view",)]


async def test_only_admins_erase(schema: strawberry.Schema, network: GraphStore) -> None:
    before = _snapshot(network)
    result = await run(schema, network, ERASE_PERSON, EDITOR, {"input": {"key": "ada"}})
    assert [code for _, code in errors_of(result)] == ["FORBIDDEN"]
    assert _snapshot(network) == before
