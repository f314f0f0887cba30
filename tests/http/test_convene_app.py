"""The app as Convene assembles it (its own schema and the embedded store): the
playground's examples, the introspection switch, error masking, the production profile."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient

from access.tokens import create_token
from graph.store import GraphStore, NodeQuery, Page
from server import Components, create_app, open_configured_store
from settings import Settings
from tests.http.node_checks import PLAYGROUND_DIR

GRAPHQL_RESPONSE = "application/graphql-response+json"
EXAMPLES = orjson.loads((PLAYGROUND_DIR / "src" / "examples.json").read_bytes())

SCHEMA_TYPES = "{ __schema { types { name } } }"
PEOPLE = "{ people(first: 3) { totalCount edges { node { name } } } }"
CYPHER_TEXT = "MATCH (p:Person) WHERE p.secret = $x RETURN p"


def post(client: TestClient, body: dict[str, Any]) -> Any:
    return client.post(
        "/graphql",
        content=orjson.dumps(body),
        headers={"content-type": "application/json", "accept": GRAPHQL_RESPONSE},
    )


@pytest.fixture
def convene(demo_data_dir: Path) -> Iterator[TestClient]:
    """Convene in the local profile on the demo network."""
    with TestClient(create_app(Settings(data_dir=demo_data_dir))) as client:
        yield client


def operation_name(example: dict[str, str]) -> str:
    return example["query"].split("query ", 1)[1].split(" ", 1)[0]


@pytest.mark.parametrize("example", EXAMPLES, ids=operation_name)
def test_each_playground_example_answers_on_the_demo_network(
    convene: TestClient, example: dict[str, str]
) -> None:
    # Given an example the playground opens with
    # When it is run against the demo network
    response = post(convene, {"query": example["query"]})
    # Then it answers without errors, and its connection has edges
    assert response.status_code == 200
    result = response.json()
    assert "errors" not in result
    (root,) = result["data"].values()
    connections = [v for v in root.values() if isinstance(v, dict) and "edges" in v]
    assert connections and all(c["edges"] for c in connections)


def test_the_playground_opens_with_three_examples() -> None:
    # Given the examples file the playground is built from
    # Then it holds the three demo queries, in this order
    assert [operation_name(e) for e in EXAMPLES] == [
        "PersonTeams",
        "GatheringAttendance",
        "ClusterMembers",
    ]


def test_introspection_works_in_the_local_profile(convene: TestClient) -> None:
    # Given the local profile
    # When a client introspects the schema
    response = post(convene, {"query": SCHEMA_TYPES})
    # Then it gets the types
    names = {t["name"] for t in response.json()["data"]["__schema"]["types"]}
    assert {"Person", "Gathering", "Cluster"} <= names


def test_the_production_profile_switches_introspection_and_playground_off(
    demo_data_dir: Path,
) -> None:
    # Given the production profile, read from the environment
    settings = Settings.from_env(
        {"CONVENE_PROFILE": "production", "CONVENE_DATA_DIR": str(demo_data_dir)}
    )
    with TestClient(create_app(settings)) as client:
        # When a client introspects, and a browser asks for the playground
        introspection = post(client, {"query": SCHEMA_TYPES})
        page = client.get("/playground", headers={"accept": "text/html"})
        anonymous = post(client, {"query": PEOPLE})
        # Then introspection is refused as a request error, the page does not exist,
        # and anonymous readers are turned away
        assert introspection.status_code == 401
        assert "data" not in introspection.json()
        assert page.status_code == 404
        assert anonymous.status_code == 401


def test_the_production_profile_serves_anonymous_readers_only_when_told(
    demo_data_dir: Path,
) -> None:
    # Given the production profile with anonymous access switched on explicitly
    settings = Settings.from_env(
        {
            "CONVENE_PROFILE": "production",
            "CONVENE_DATA_DIR": str(demo_data_dir),
            "CONVENE_ALLOW_ANONYMOUS": "true",
        }
    )
    with TestClient(create_app(settings)) as client:
        # When an anonymous client introspects and asks an ordinary query
        introspection = post(client, {"query": SCHEMA_TYPES})
        people = post(client, {"query": PEOPLE})
    # Then introspection is still refused and the query is answered
    assert introspection.status_code == 400
    assert people.json()["data"]["people"]["totalCount"] > 0


@dataclass
class FailingStore:
    """The real store, except that listing fails the way a driver bug would."""

    inner: GraphStore

    def list_nodes(self, query: NodeQuery) -> Page:
        raise RuntimeError(f"Neo.ClientError.Statement.SyntaxError in {CYPHER_TEXT}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def failing_store(settings: Settings) -> Any:
    return FailingStore(open_configured_store(settings))


def test_an_unexpected_failure_is_masked(demo_data_dir: Path) -> None:
    # Given a store that fails with an internal message (Cypher and all)
    app = create_app(Settings(data_dir=demo_data_dir), Components(open_store=failing_store))
    with TestClient(app) as client:
        # When a query reaches it
        response = post(client, {"query": PEOPLE})
    # Then the client sees a generic message with a code, and nothing internal
    text = response.text
    assert "MATCH" not in text
    assert "Neo." not in text
    assert "Traceback" not in text
    assert "RuntimeError" not in text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"]


def test_the_viewer_in_the_context_is_the_one_the_token_names(
    demo_data_dir: Path, tmp_path: Path
) -> None:
    # Given a person's own token on (a copy of) the demo network
    data_dir = tmp_path / "data"
    shutil.copytree(demo_data_dir, data_dir)
    secret = create_token(data_dir, "reader", "hannah's laptop", person_key="hannah-grant")
    with TestClient(create_app(Settings(data_dir=data_dir))) as client:
        # When the token holder asks who they are
        response = client.post(
            "/graphql",
            json={"query": "{ me { key } }"},
            headers={"authorization": f"Bearer {secret}"},
        )
    # Then the schema sees the person the token belongs to
    assert response.json() == {"data": {"me": {"key": "hannah-grant"}}}


def test_a_query_and_its_analytics_are_revalidated_by_tag(convene: TestClient) -> None:
    # Given a listing and an analytics query, each asked once over GET
    suggestions = '{ person(key: "donald-peurach") { suggestedCollaborators(first: 3) { score } } }'
    for query in (PEOPLE, suggestions):
        first = convene.get("/graphql", params={"query": query})
        assert first.status_code == 200 and "errors" not in first.json()
        assert all(first.json()["data"].values())
        # When each is asked again with the tag it got
        again = convene.get(
            "/graphql", params={"query": query}, headers={"if-none-match": first.headers["etag"]}
        )
        # Then the data has not changed, so the answer is 304
        assert again.status_code == 304
