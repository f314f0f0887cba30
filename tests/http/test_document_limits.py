"""A document that multiplies through its fragments is refused over HTTP as a request
error, and the server keeps answering while documents are parsed and validated."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import strawberry
from graphql import ValidationContext, ValidationRule
from starlette.testclient import TestClient
from strawberry.extensions import AddValidationRules

from schema.limits import schema_extensions
from schema.mutation import Mutation
from schema.node import node_types
from schema.query import Query
from server import Components, create_app
from settings import Settings
from tests.http.live import serve

GRAPHQL_RESPONSE = "application/graphql-response+json"
APPLICATION_JSON = "application/json"


def doubling_fragments(levels: int) -> str:
    """``{ ...F<levels> }``, each fragment spreading the one below twice."""
    fragments = [
        f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(levels, 0, -1)
    ]
    return "\n".join([f"{{ ...F{levels} }}", *fragments, "fragment F0 on Query { __typename }"])


DOUBLING_22 = doubling_fragments(22)
DOUBLING_60 = doubling_fragments(60)
TYPENAME = "{ __typename }"


def body(query: str) -> bytes:
    return orjson.dumps({"query": query})


def post(client: TestClient, query: str, accept: str = GRAPHQL_RESPONSE) -> Any:
    headers = {"content-type": APPLICATION_JSON, "accept": accept}
    return client.post("/graphql", content=body(query), headers=headers)


@pytest.fixture
def convene(tmp_path: Path) -> Iterator[TestClient]:
    """Convene as it is assembled (its own schema, an empty embedded store)."""
    with TestClient(create_app(Settings(data_dir=tmp_path / "data"))) as client:
        yield client


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("document", "accept", "status"),
    [
        (DOUBLING_22, GRAPHQL_RESPONSE, 400),
        (DOUBLING_60, GRAPHQL_RESPONSE, 400),
        (DOUBLING_60, APPLICATION_JSON, 200),
    ],
    ids=["22-levels", "60-levels", "60-levels-legacy-json"],
)
def test_a_multiplying_document_is_a_request_error_with_its_code(
    convene: TestClient, document: str, accept: str, status: int
) -> None:
    # Given a document of under 3 KB that spreads out to 2^22 or 2^60 fields
    # When it is posted
    response = post(convene, document, accept)
    # Then it is refused as a request error (400, or 200 under legacy JSON), with its code
    assert response.status_code == status
    payload = response.json()
    assert "data" not in payload
    assert payload["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"


@pytest.mark.timeout(60)
def test_healthz_answers_while_multiplying_documents_are_refused(tmp_path: Path) -> None:
    # Given Convene served live, and clients posting 60-level doubling documents
    with (
        serve(create_app(Settings(data_dir=tmp_path / "data"))) as base_url,
        httpx.Client(base_url=base_url, timeout=30) as http,
        ThreadPoolExecutor(max_workers=4) as pool,
    ):
        headers = {"content-type": APPLICATION_JSON, "accept": GRAPHQL_RESPONSE}
        attacks = [
            pool.submit(http.post, "/graphql", content=body(DOUBLING_60), headers=headers)
            for _ in range(3)
        ]
        # When /healthz is asked meanwhile
        health = http.get("/healthz")
        refused = [attack.result() for attack in attacks]
    # Then it answers, and every attack is refused with its code
    assert health.status_code == 200
    assert [response.status_code for response in refused] == [400] * 3
    codes = {response.json()["errors"][0]["extensions"]["code"] for response in refused}
    assert codes == {"QUERY_TOO_LARGE"}


class Gate:
    """Holds validation until released, and says when validation has started."""

    entered = threading.Event()
    release = threading.Event()


class HeldValidation(ValidationRule):
    """A validation rule that takes as long as the test wants."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        Gate.entered.set()
        Gate.release.wait(timeout=30)


def schema_with_held_validation(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=node_types(),
        extensions=[
            *schema_extensions(settings),
            lambda: AddValidationRules([HeldValidation]),
        ],
    )


@pytest.fixture
def held(tmp_path: Path) -> Iterator[TestClient]:
    """Convene with a validation that waits for the test, and a 0.5 s time limit."""
    Gate.entered.clear()
    Gate.release.clear()
    settings = Settings(data_dir=tmp_path / "data", request_timeout=0.5)
    app = create_app(settings, Components(build_schema=schema_with_held_validation))
    try:
        with TestClient(app) as client:
            yield client
    finally:
        Gate.release.set()


@pytest.mark.timeout(60)
def test_the_time_limit_covers_validation_and_the_server_answers_meanwhile(
    held: TestClient,
) -> None:
    # Given a query whose validation does not finish on its own
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(post, held, TYPENAME)
        assert Gate.entered.wait(timeout=30)
        # When /healthz is asked while the query is being validated
        health = held.get("/healthz")
        response = pending.result()
    # Then /healthz answers, and the query is stopped at the time limit
    assert health.status_code == 200
    assert response.status_code == 504
    assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
