"""A store outage: the real Neo4j driver pointed at a port where nothing listens (no
server needed), and a store call that hangs. Outages are 503 with Retry-After, never a
200 that looks like an answer, and /readyz answers within its own limit."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from access.tokens import create_token
from graph.neo4j.driver import (
    ACQUISITION_TIMEOUT,
    CONNECTION_TIMEOUT,
    MAX_RETRY_TIME,
    Endpoint,
    new_driver,
)
from graph.neo4j.store import Neo4jStore
from graph.store import GraphStore
from server import Components, create_app, open_configured_store
from settings import Settings
from tests.http.conftest import Calls, small_components
from web import health
from web.graphql_http import RETRY_AFTER

PEOPLE = "{ people(first: 1) { totalCount } }"
PERSON_AND_TYPENAME = '{ __typename person(key: "ada") { key } }'
CREATE_PERSON = """
mutation { createPerson(input: {key: "ada", name: "Ada"}) { userErrors { code } } }
"""


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def neo4j_down(settings: Settings) -> GraphStore:
    """A Neo4j store whose server has gone away: the real driver, a closed port."""
    endpoint = Endpoint(f"bolt://127.0.0.1:{closed_port()}", "neo4j")
    return Neo4jStore(new_driver(endpoint, "pw"), endpoint)


@pytest.fixture
def down(tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    """Convene on a Neo4j that is down, and an admin token."""
    settings = Settings(data_dir=tmp_path / "data", warm_analytics=False)
    admin = create_token(settings.data_dir, "admin", "ops")
    with TestClient(create_app(settings, Components(open_store=neo4j_down))) as client:
        yield client, admin


def post(client: TestClient, query: str, token: str | None = None) -> Any:
    headers = {"accept": "application/graphql-response+json"}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return client.post("/graphql", json={"query": query}, headers=headers)


def test_a_read_during_an_outage_is_503_with_retry_after(down: tuple[TestClient, str]) -> None:
    # Given Convene whose Neo4j is down
    client, _ = down
    # When an anonymous reader asks for people
    response = post(client, PEOPLE)
    # Then the answer is 503 with Retry-After and an UNAVAILABLE error, no traceback
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(RETRY_AFTER)
    body = response.json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAVAILABLE"]
    assert "Traceback" not in response.text


def test_a_mutation_during_an_outage_is_503_with_retry_after(
    down: tuple[TestClient, str],
) -> None:
    # Given Convene whose Neo4j is down, and an admin
    client, admin = down
    # When the admin creates a person
    response = post(client, CREATE_PERSON, admin)
    # Then the outcome is unknown: 503 with Retry-After and UNAVAILABLE
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(RETRY_AFTER)
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["UNAVAILABLE"]


def test_a_partial_result_during_an_outage_stays_200(down: tuple[TestClient, str]) -> None:
    # Given Convene whose Neo4j is down
    client, _ = down
    # When a query asks for something the store is not needed for, and a person
    response = post(client, PERSON_AND_TYPENAME)
    # Then the part that could be answered is, with 200 and the error beside it
    assert response.status_code == 200
    assert "retry-after" not in response.headers
    body = response.json()
    assert body["data"] == {"__typename": "Query", "person": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAVAILABLE"]


def test_readyz_is_503_when_neo4j_is_down(down: tuple[TestClient, str]) -> None:
    # Given Convene whose Neo4j is down
    client, _ = down
    # When /readyz is asked
    response = client.get("/readyz")
    # Then it is 503 and names the refused connection
    assert response.status_code == 503
    assert "connection refused" in response.json()["reason"]


def test_the_driver_gives_up_on_a_down_server_within_the_readiness_limit() -> None:
    # Given the driver's timeouts
    # Then a refused or unanswered connection, retried, ends within /readyz's limit
    assert CONNECTION_TIMEOUT + MAX_RETRY_TIME <= health.READY_TIMEOUT
    assert ACQUISITION_TIMEOUT <= health.READY_TIMEOUT


@dataclass
class HangingStore:
    """A store whose data version call hangs until released (a server that accepted
    the connection and then stopped answering)."""

    inner: GraphStore
    release: threading.Event
    returned: threading.Event

    def data_version(self) -> int:
        self.release.wait(30)
        self.returned.set()
        return self.inner.data_version()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_readyz_does_not_wait_for_a_hanging_store_past_its_limit(
    make_client: Any, calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a server whose store stopped answering, and a short readiness limit
    release, returned = threading.Event(), threading.Event()

    def open_hanging(settings: Settings) -> Any:
        return HangingStore(open_configured_store(settings), release, returned)

    monkeypatch.setattr(health, "READY_TIMEOUT", 0.2)
    client = make_client(small_components(calls, open_store=open_hanging), warm_analytics=False)
    try:
        # When /readyz is asked
        response = client.get("/readyz")
        # Then it answers 503 while the store call is still hanging
        still_hanging = not returned.is_set()
    finally:
        release.set()
    assert response.status_code == 503
    assert response.json()["reason"] == "the store did not answer within 0.2 s"
    assert still_hanging
