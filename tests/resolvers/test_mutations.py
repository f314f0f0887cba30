"""Writes: Relay-style mutations, one transaction each; invalid input writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from access.viewer import Viewer
from graph.model import Label, NodeRef, RelType
from graph.store import GraphStore
from schema.node import global_id
from tests.schema.support import (
    ADMIN,
    ANONYMOUS,
    EDITOR,
    READER,
    CountingStore,
    load,
    node,
    person,
    rel,
    run,
)

pytestmark = pytest.mark.anyio

CREATE_PERSON = """
mutation Create($input: CreatePersonInput!) {
  createPerson(input: $input) {
    clientMutationId
    userErrors { field message code }
    person { id key name roles email discoverable }
  }
}
"""
UPDATE_PROJECT = """
mutation Update($input: UpdateProjectInput!) {
  updateProject(input: $input) {
    userErrors { field message code }
    project { key name summary stage started }
  }
}
"""
DELETE_ORGANIZATION = """
mutation Delete($input: DeleteOrganizationInput!) {
  deleteOrganization(input: $input) { deletedId userErrors { field code } }
}
"""
CREATE_GATHERING = """
mutation Create($input: CreateGatheringInput!) {
  createGathering(input: $input) { userErrors { field code } gathering { key publicDay kind } }
}
"""
CREATE_CLUSTER = """
mutation Create($input: CreateClusterInput!) {
  createCluster(input: $input) { userErrors { field code } cluster { key country } }
}
"""
ADD_MEMBER = """
mutation Add($input: AddProjectMemberInput!) {
  addProjectMember(input: $input) {
    userErrors { field message code }
    project { members { edges { role since node { key } } } }
    person { key }
  }
}
"""
REMOVE_MEMBER = """
mutation Remove($input: RemoveProjectMemberInput!) {
  removeProjectMember(input: $input) {
    userErrors { field code }
    project { members { totalCount } }
  }
}
"""
RECORD_ATTENDANCE = """
mutation Record($input: RecordAttendanceInput!) {
  recordAttendance(input: $input) {
    userErrors { field message code }
    gathering { attendees { edges { mode credits role node { key } } } }
  }
}
"""
AFFILIATE = """
mutation Affiliate($input: AffiliatePersonInput!) {
  affiliatePerson(input: $input) {
    userErrors { field code }
    person { organizations { edges { title since node { key } } } }
  }
}
"""
ADD_TO_CLUSTER = """
mutation Join($input: AddOrganizationToClusterInput!) {
  addOrganizationToCluster(input: $input) {
    userErrors { field code }
    cluster { members { edges { sector node { key } } } }
  }
}
"""
SET_CONSENT = """
mutation Consent($input: SetPersonConsentInput!) {
  setPersonConsent(input: $input) {
    userErrors { field code }
    person { key discoverable exportable }
  }
}
"""
PERSON = 'query { person(key: "ada") { key } }'


@pytest.fixture
def network(store: GraphStore) -> GraphStore:
    """Ada, Bob, a project, a gathering, an organization and a cluster."""
    ada = person("ada", "Ada", email="ada@example.org")
    bob = person("bob", "Bob")
    engine = node(Label.PROJECT, "engine", name="Engine", summary="Old summary", stage="idea")
    summit = node(Label.GATHERING, "summit", name="Summit")
    lab = node(Label.ORGANIZATION, "lab", name="Lab")
    cluster = node(Label.CLUSTER, "cluster", name="Cluster")
    load(
        store,
        [ada, bob, engine, summit, lab, cluster],
        [rel(RelType.MEMBER_OF, bob, engine, role="lead"), rel(RelType.AFFILIATED_WITH, bob, lab)],
    )
    return store


async def _mutate(
    schema: strawberry.Schema,
    store: GraphStore,
    document: str,
    input_: dict[str, Any],
    viewer: Viewer = EDITOR,
) -> Any:
    result = await run(schema, store, document, viewer, {"input": input_})
    assert result.errors is None, result.errors
    [payload] = result.data.values()
    return payload


def _snapshot(store: GraphStore) -> tuple[Any, int]:
    return store.counts().as_json(), store.data_version()


async def test_create_person_returns_the_person_and_echoes_the_client_id(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given an editor
    # when a person is created
    payload = await _mutate(
        schema,
        network,
        CREATE_PERSON,
        {
            "clientMutationId": "m-1",
            "key": "carol",
            "name": "Carol",
            "roles": ["COACH", "EDUCATOR"],
        },
    )
    # then the payload has the stored person
    assert payload["clientMutationId"] == "m-1"
    assert payload["userErrors"] == []
    assert payload["person"] == {
        "id": global_id(NodeRef(Label.PERSON, "carol")),
        "key": "carol",
        "name": "Carol",
        "roles": ["COACH", "EDUCATOR"],
        "email": None,
        "discoverable": True,
    }


@pytest.mark.parametrize(
    ("input_", "field", "code"),
    [
        ({"key": "Not A Key", "name": "X"}, "key", "INVALID"),
        ({"key": "ada", "name": "Another Ada"}, "key", "ALREADY_EXISTS"),
        ({"key": "carol", "name": "   "}, "name", "REQUIRED"),
    ],
    ids=["malformed-key", "taken-key", "blank-name"],
)
async def test_invalid_creates_write_nothing(
    schema: strawberry.Schema, network: GraphStore, input_: dict[str, Any], field: str, code: str
) -> None:
    # given the network as it is
    before = _snapshot(network)
    # when a person is created from invalid input
    payload = await _mutate(schema, network, CREATE_PERSON, input_)
    # then the error names the field, there is no person, and nothing was written
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, code)]
    assert payload["person"] is None
    assert _snapshot(network) == before


async def test_update_keeps_fields_left_out_and_clears_nulls(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given a project with a name, a summary and a stage
    # when its stage and start are set and its summary cleared, without naming the name
    payload = await _mutate(
        schema,
        network,
        UPDATE_PROJECT,
        {
            "key": "engine",
            "stage": "SCALING",
            "started": "2020-02-02",
            "summary": None,
        },
    )
    # then the name is kept, the summary gone, the rest set
    assert payload == {
        "userErrors": [],
        "project": {
            "key": "engine",
            "name": "Engine",
            "summary": None,
            "stage": "SCALING",
            "started": "2020-02-02",
        },
    }


@pytest.mark.parametrize(
    ("input_", "field", "code"),
    [
        ({"key": "nowhere", "name": "X"}, "key", "NOT_FOUND"),
        ({"key": "engine", "name": None}, "name", "REQUIRED"),
        ({"key": "engine"}, None, "REQUIRED"),
    ],
    ids=["missing", "clear-required", "nothing-to-change"],
)
async def test_invalid_updates_write_nothing(
    schema: strawberry.Schema, network: GraphStore, input_: dict[str, Any], field: str, code: str
) -> None:
    # given the network as it is
    before = _snapshot(network)
    # when a project is updated from invalid input
    payload = await _mutate(schema, network, UPDATE_PROJECT, input_)
    # then the error names the field and nothing was written
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, code)]
    assert _snapshot(network) == before


async def test_delete_removes_the_node_and_its_relationships(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given an organization Bob is affiliated with
    # when it is deleted
    payload = await _mutate(schema, network, DELETE_ORGANIZATION, {"key": "lab"})
    # then its id is returned, and it and the affiliation are gone
    assert payload == {"deletedId": global_id(NodeRef(Label.ORGANIZATION, "lab")), "userErrors": []}
    counts = network.counts().as_json()
    assert counts["nodes"]["Organization"] == 0
    assert counts["relationships"]["AFFILIATED_WITH"] == 0


async def test_deleting_a_missing_node_is_a_user_error(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given no organization "nowhere"
    before = _snapshot(network)
    # when it is deleted
    payload = await _mutate(schema, network, DELETE_ORGANIZATION, {"key": "nowhere"})
    # then the error says so and nothing changed
    assert payload == {"deletedId": None, "userErrors": [{"field": "key", "code": "NOT_FOUND"}]}
    assert _snapshot(network) == before


async def test_create_gathering_and_cluster(schema: strawberry.Schema, network: GraphStore) -> None:
    # when a gathering (with a public day) and a cluster are created
    gathering = await _mutate(
        schema,
        network,
        CREATE_GATHERING,
        {
            "key": "expo",
            "name": "Expo",
            "publicDay": "2021-05-05",
            "kind": "CONVENING",
        },
    )
    cluster = await _mutate(
        schema,
        network,
        CREATE_CLUSTER,
        {
            "key": "north",
            "name": "North",
            "country": "CA",
        },
    )
    # then both come back as stored
    assert gathering == {
        "userErrors": [],
        "gathering": {"key": "expo", "publicDay": "2021-05-05", "kind": "CONVENING"},
    }
    assert cluster == {"userErrors": [], "cluster": {"key": "north", "country": "CA"}}


async def test_add_and_remove_a_project_member(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given Bob leading the engine project
    # when Ada is added with a role, then her role changed, then she is removed
    added = await _mutate(
        schema,
        network,
        ADD_MEMBER,
        {
            "project": "engine",
            "person": "ada",
            "role": "developer",
            "since": "2022-01-01",
        },
    )
    changed = await _mutate(
        schema,
        network,
        ADD_MEMBER,
        {
            "project": "engine",
            "person": "ada",
            "role": "designer",
        },
    )
    removed = await _mutate(schema, network, REMOVE_MEMBER, {"project": "engine", "person": "ada"})
    # then the team shows her with her role (the since date kept), and then not at all
    assert added["person"] == {"key": "ada"}
    assert added["project"]["members"]["edges"][0] == {
        "role": "developer",
        "since": "2022-01-01",
        "node": {"key": "ada"},
    }
    assert changed["project"]["members"]["edges"][0] == {
        "role": "designer",
        "since": "2022-01-01",
        "node": {"key": "ada"},
    }
    assert removed == {"userErrors": [], "project": {"members": {"totalCount": 1}}}


@pytest.mark.parametrize(
    ("document", "input_", "field", "code"),
    [
        (ADD_MEMBER, {"project": "engine", "person": "nobody"}, "person", "NOT_FOUND"),
        (ADD_MEMBER, {"project": "nowhere", "person": "ada"}, "project", "NOT_FOUND"),
        (ADD_MEMBER, {"project": "engine", "person": "Bad Key"}, "person", "INVALID"),
        (REMOVE_MEMBER, {"project": "engine", "person": "ada"}, None, "NOT_FOUND"),
        (AFFILIATE, {"person": "ada", "organization": "nowhere"}, "organization", "NOT_FOUND"),
        (
            AFFILIATE,
            {"person": "ada", "organization": "lab", "since": "2020-01-01", "until": "2019-01-01"},
            "until",
            "INVALID",
        ),
        (
            ADD_TO_CLUSTER,
            {"organization": "lab", "cluster": "nowhere", "sector": "RESEARCH"},
            "cluster",
            "NOT_FOUND",
        ),
        (SET_CONSENT, {"person": "nobody", "discoverable": False}, "person", "NOT_FOUND"),
        (SET_CONSENT, {"person": "ada"}, None, "REQUIRED"),
    ],
    ids=[
        "member-missing-person",
        "member-missing-project",
        "member-bad-key",
        "remove-non-member",
        "affiliate-missing-org",
        "affiliate-dates",
        "cluster-missing",
        "consent-missing",
        "consent-empty",
    ],
)
async def test_relationship_writes_name_the_field_at_fault(
    schema: strawberry.Schema,
    network: GraphStore,
    document: str,
    input_: dict[str, Any],
    field: str | None,
    code: str,
) -> None:
    # given the network as it is
    before = _snapshot(network)
    # when a relationship write names something missing or malformed
    payload = await _mutate(schema, network, document, input_)
    # then the error names the input field, and nothing was written
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, code)]
    assert _snapshot(network) == before


@pytest.mark.parametrize(
    ("mode", "credits", "stored"),
    [
        ("REFLECTION", 1, ("REFLECTION", 1)),
        ("JOINED_TEAM", 2, ("JOINED_TEAM", 2)),
        ("PROPOSED_PROJECT", 5, ("PROPOSED_PROJECT", 5)),
        ("ATTENDEE", None, ("ATTENDEE", 0)),
    ],
)
async def test_attendance_by_the_edt_630_rules(
    schema: strawberry.Schema,
    network: GraphStore,
    mode: str,
    credits: int | None,
    stored: tuple[str, int],
) -> None:
    # given Ada and a summit
    # when her attendance is recorded with a credit the rules allow
    payload = await _mutate(
        schema,
        network,
        RECORD_ATTENDANCE,
        {
            "person": "ada",
            "gathering": "summit",
            "mode": mode,
            "credits": credits,
            "role": "guest",
        },
    )
    # then it is stored with its mode, credits and role
    assert payload["userErrors"] == []
    [edge] = payload["gathering"]["attendees"]["edges"]
    assert (edge["mode"], edge["credits"], edge["role"]) == (*stored, "guest")


@pytest.mark.parametrize(
    ("mode", "credits"),
    [
        ("REFLECTION", 2),
        ("REFLECTION", None),
        ("JOINED_TEAM", 1),
        ("PROPOSED_PROJECT", 6),
        ("ATTENDEE", 3),
    ],
)
async def test_attendance_against_the_rules_is_a_credits_error(
    schema: strawberry.Schema, network: GraphStore, mode: str, credits: int | None
) -> None:
    # given the network as it is
    before = _snapshot(network)
    # when an attendance is recorded with credits the rules do not allow
    payload = await _mutate(
        schema,
        network,
        RECORD_ATTENDANCE,
        {
            "person": "ada",
            "gathering": "summit",
            "mode": mode,
            "credits": credits,
        },
    )
    # then the error is on "credits" and nothing was written
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [("credits", "BAD_CREDITS")]
    assert payload["gathering"] is None
    assert _snapshot(network) == before


async def test_correcting_credited_attendance_to_plain_attendance_leaves_no_credits(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given Ada recorded as having joined a team for 3 credits
    await _mutate(
        schema,
        network,
        RECORD_ATTENDANCE,
        {
            "person": "ada",
            "gathering": "summit",
            "mode": "JOINED_TEAM",
            "credits": 3,
        },
    )
    # when her attendance is corrected to plain attendance
    payload = await _mutate(
        schema,
        network,
        RECORD_ATTENDANCE,
        {
            "person": "ada",
            "gathering": "summit",
        },
    )
    # then the old credits are gone
    [edge] = payload["gathering"]["attendees"]["edges"]
    assert (edge["mode"], edge["credits"]) == ("ATTENDEE", 0)


async def test_affiliate_and_join_a_cluster(schema: strawberry.Schema, network: GraphStore) -> None:
    # when Ada is affiliated with the lab, and the lab joins the cluster for research
    affiliated = await _mutate(
        schema,
        network,
        AFFILIATE,
        {
            "person": "ada",
            "organization": "lab",
            "title": "Fellow",
            "since": "2021-09-01",
        },
    )
    joined = await _mutate(
        schema,
        network,
        ADD_TO_CLUSTER,
        {
            "organization": "lab",
            "cluster": "cluster",
            "sector": "RESEARCH",
        },
    )
    # then both relationships carry their properties
    assert affiliated["person"]["organizations"]["edges"] == [
        {"title": "Fellow", "since": "2021-09-01", "node": {"key": "lab"}}
    ]
    assert joined["cluster"]["members"]["edges"] == [{"sector": "RESEARCH", "node": {"key": "lab"}}]


async def test_withdrawn_consent_hides_the_person(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given Ada, visible to everyone
    assert (await run(schema, network, PERSON)).data == {"person": {"key": "ada"}}
    # when an admin records that she is not to be discoverable nor exported
    payload = await _mutate(
        schema,
        network,
        SET_CONSENT,
        {"person": "ada", "discoverable": False, "exportable": False},
        viewer=ADMIN,
    )
    # then the admin sees the new flags, and anonymous readers no longer find her
    assert payload["person"] == {"key": "ada", "discoverable": False, "exportable": False}
    assert (await run(schema, network, PERSON)).data == {"person": None}


@pytest.mark.parametrize("viewer", [ANONYMOUS, READER], ids=["anonymous", "reader"])
async def test_mutations_need_an_editor(
    schema: strawberry.Schema, network: GraphStore, viewer: Viewer
) -> None:
    # given a viewer who may only read
    counted = CountingStore(network)
    # when it tries to write
    result = await run(
        schema, counted, CREATE_PERSON, viewer, {"input": {"key": "eve", "name": "Eve"}}
    )
    # then it is forbidden, and the store was not touched
    assert result.data == {"createPerson": None}
    assert [e.extensions for e in result.errors] == [{"code": "FORBIDDEN"}]
    assert counted.total == 0


# A retry of each mutation with the same input, as a client sends it when the first
# answer was lost (an outage answered UNAVAILABLE after the commit): the stored network
# is the same after the retry, and the answer is the first one, or NOT_FOUND for a
# removal whose target the first attempt removed.
RETRIES: list[tuple[str, str, dict[str, Any], str | None]] = [
    (
        "createPerson",
        "CreatePersonInput",
        {"key": "carol", "name": "Carol", "roles": ["COACH"], "email": "c@example.org"},
        None,
    ),
    ("updatePerson", "UpdatePersonInput", {"key": "ada", "headline": "Engines"}, None),
    ("deletePerson", "DeletePersonInput", {"key": "ada"}, "NOT_FOUND"),
    ("erasePerson", "ErasePersonInput", {"key": "ada"}, "NOT_FOUND"),
    ("setPersonConsent", "SetPersonConsentInput", {"person": "ada", "discoverable": False}, None),
    (
        "createOrganization",
        "CreateOrganizationInput",
        {"key": "mit", "name": "MIT", "sectors": ["RESEARCH"]},
        None,
    ),
    ("updateOrganization", "UpdateOrganizationInput", {"key": "lab", "city": "Ann Arbor"}, None),
    ("deleteOrganization", "DeleteOrganizationInput", {"key": "lab"}, "NOT_FOUND"),
    ("createProject", "CreateProjectInput", {"key": "loom", "name": "Loom", "stage": "IDEA"}, None),
    ("updateProject", "UpdateProjectInput", {"key": "engine", "summary": "New"}, None),
    ("deleteProject", "DeleteProjectInput", {"key": "engine"}, "NOT_FOUND"),
    (
        "createGathering",
        "CreateGatheringInput",
        {"key": "expo", "name": "Expo", "starts": "2021-05-03", "ends": "2021-05-06"},
        None,
    ),
    ("updateGathering", "UpdateGatheringInput", {"key": "summit", "city": "Detroit"}, None),
    ("deleteGathering", "DeleteGatheringInput", {"key": "summit"}, "NOT_FOUND"),
    ("createCluster", "CreateClusterInput", {"key": "north", "name": "North"}, None),
    ("updateCluster", "UpdateClusterInput", {"key": "cluster", "country": "CA"}, None),
    ("deleteCluster", "DeleteClusterInput", {"key": "cluster"}, "NOT_FOUND"),
    (
        "addProjectMember",
        "AddProjectMemberInput",
        {"project": "engine", "person": "ada", "role": "developer", "since": "2022-01-01"},
        None,
    ),
    (
        "removeProjectMember",
        "RemoveProjectMemberInput",
        {"project": "engine", "person": "bob"},
        "NOT_FOUND",
    ),
    (
        "recordAttendance",
        "RecordAttendanceInput",
        {"person": "ada", "gathering": "summit", "mode": "REFLECTION", "credits": 1},
        None,
    ),
    (
        "affiliatePerson",
        "AffiliatePersonInput",
        {"person": "ada", "organization": "lab", "title": "Fellow"},
        None,
    ),
    (
        "addOrganizationToCluster",
        "AddOrganizationToClusterInput",
        {"organization": "lab", "cluster": "cluster", "sector": "RESEARCH"},
        None,
    ),
]


def _stored(store: GraphStore) -> tuple[list[Any], list[Any]]:
    nodes = sorted((n.label.value, n.key, sorted(n.props.items())) for n in store.iter_nodes())
    rels = sorted(
        (r.type.value, r.start.key, r.end.key, sorted(r.props.items()))
        for r in store.iter_relationships()
    )
    return nodes, rels


def test_every_mutation_has_a_retry_test(schema: strawberry.Schema) -> None:
    # given the mutations the schema offers
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    # then each one is retried below
    assert set(mutation_type.fields) == {name for name, *_ in RETRIES}


@pytest.mark.parametrize(
    ("name", "input_type", "input_", "retry_code"), RETRIES, ids=[r[0] for r in RETRIES]
)
async def test_a_retried_mutation_changes_nothing_more(
    schema: strawberry.Schema,
    network: GraphStore,
    name: str,
    input_type: str,
    input_: dict[str, Any],
    retry_code: str | None,
) -> None:
    # given a mutation that was applied once
    document = (
        f"mutation Retry($input: {input_type}!) "
        f"{{ {name}(input: $input) {{ clientMutationId userErrors {{ field code }} }} }}"
    )
    # (by an admin: consent and email are for the person themself or an admin)
    retry = {**input_, "clientMutationId": "m-1"}
    first = await _mutate(schema, network, document, retry, viewer=ADMIN)
    after_first = _stored(network)
    # when it is sent again, as a client retries a lost answer
    second = await _mutate(schema, network, document, retry, viewer=ADMIN)
    # then the first succeeded, the retry answers the same (or NOT_FOUND for a removal)
    # and the stored network is what the first left
    assert first == {"clientMutationId": "m-1", "userErrors": []}
    if retry_code is None:
        assert second == first
    else:
        assert [e["code"] for e in second["userErrors"]] == [retry_code]
    assert _stored(network) == after_first


async def test_a_create_that_finds_a_different_node_under_its_key_is_refused(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given Ada, created as "Ada"
    before = _snapshot(network)
    # when a create of the same key with other details arrives
    payload = await _mutate(schema, network, CREATE_PERSON, {"key": "ada", "name": "Ada L."})
    # then it is no retry: the key is taken and nothing changes
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [("key", "ALREADY_EXISTS")]
    assert _snapshot(network) == before


async def test_an_over_long_value_is_a_user_error_naming_the_field(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given the network as it is
    before = _snapshot(network)
    # when a person is created with a 50 KB headline, and a project given a huge summary
    created = await _mutate(
        schema, network, CREATE_PERSON, {"key": "carol", "name": "Carol", "headline": "x" * 50_000}
    )
    updated = await _mutate(
        schema, network, UPDATE_PROJECT, {"key": "engine", "summary": "s" * 4001}
    )
    # then each names its field with TOO_LONG, and nothing was written
    assert [(e["field"], e["code"]) for e in created["userErrors"]] == [("headline", "TOO_LONG")]
    assert [(e["field"], e["code"]) for e in updated["userErrors"]] == [("summary", "TOO_LONG")]
    assert _snapshot(network) == before
