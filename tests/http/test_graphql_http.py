"""GraphQL over HTTP: methods, media types, status codes and request limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from starlette.testclient import TestClient

from tests.http.conftest import Calls

GRAPHQL_RESPONSE = "application/graphql-response+json"

HELLO = "{ hello }"
HELLO_NAMED = "query Greeting($name: String!) { hello(name: $name) }"
TOUCH = "mutation { touch }"
BROKEN = "{ hello broken }"
SLOW = "{ slow }"
UNPARSABLE = "{ hello"
INVALID = "{ noSuchField }"
TWO_OPERATIONS = "query A { hello } query B { hello }"


def post(client: TestClient, body: Any, accept: str | None = None, **kwargs: Any) -> Any:
    headers = {"content-type": "application/json"}
    if accept is not None:
        headers["accept"] = accept
    content = body if isinstance(body, bytes) else orjson.dumps(body)
    return client.post("/graphql", content=content, headers=headers, **kwargs)


def test_post_query_answers_with_data_as_application_json(client: TestClient) -> None:
    # Given a client that accepts application/json
    # When it posts a query
    response = post(client, {"query": HELLO}, accept="application/json")
    # Then the answer is 200 application/json with the data
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"data": {"hello": "Hello, world!"}}


def test_graphql_response_json_is_used_when_the_client_accepts_it(client: TestClient) -> None:
    # Given a client that prefers the GraphQL response media type
    accept = f"{GRAPHQL_RESPONSE}, application/json;q=0.9"
    # When it posts a query
    response = post(client, {"query": HELLO}, accept=accept)
    # Then the response uses that media type
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)


def test_a_missing_accept_header_means_application_json(client: TestClient) -> None:
    # Given a request without an Accept header
    # When it is posted
    response = post(client, {"query": HELLO})
    # Then the legacy media type answers
    assert response.headers["content-type"].startswith("application/json")


def test_unacceptable_media_type_is_refused_with_406(client: TestClient) -> None:
    # Given a client that only accepts plain text
    # When it posts a query
    response = post(client, {"query": HELLO}, accept="text/plain")
    # Then it gets 406 and the query never ran
    assert response.status_code == 406


def test_parse_failure_is_400_without_data_under_graphql_response_json(
    client: TestClient,
) -> None:
    # Given a document that does not parse
    # When it is posted accepting application/graphql-response+json
    response = post(client, {"query": UNPARSABLE}, accept=GRAPHQL_RESPONSE)
    # Then it is a request error: 400, errors, and no data entry
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["message"].startswith("Syntax Error")


def test_parse_failure_is_200_without_data_under_application_json(client: TestClient) -> None:
    # Given a document that does not parse
    # When it is posted accepting application/json
    response = post(client, {"query": UNPARSABLE}, accept="application/json")
    # Then the legacy behaviour holds: 200 with errors and no data
    assert response.status_code == 200
    assert "data" not in response.json()
    assert response.json()["errors"]


def test_validation_failure_is_400_under_graphql_response_json(client: TestClient) -> None:
    # Given a document asking for a field the schema lacks
    # When it is posted accepting application/graphql-response+json
    response = post(client, {"query": INVALID}, accept=GRAPHQL_RESPONSE)
    # Then it is a request error
    assert response.status_code == 400
    assert "data" not in response.json()
    assert "noSuchField" in response.json()["errors"][0]["message"]


def test_variable_coercion_failure_is_a_request_error(client: TestClient, calls: Calls) -> None:
    # Given a required variable sent as null
    body = {"query": HELLO_NAMED, "variables": {"name": None}}
    # When it is posted accepting application/graphql-response+json
    response = post(client, body, accept=GRAPHQL_RESPONSE)
    # Then it is refused as a request error and the resolver never ran
    assert response.status_code == 400
    assert "data" not in response.json()
    assert calls.seen == []


def test_a_field_error_keeps_the_data_and_status_200(client: TestClient) -> None:
    # Given a query whose second field fails while resolving
    # When it is posted accepting application/graphql-response+json
    response = post(client, {"query": BROKEN}, accept=GRAPHQL_RESPONSE)
    # Then the partial data comes back with 200 and the error has a path
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"hello": "Hello, world!", "broken": None}
    assert body["errors"][0]["path"] == ["broken"]
    assert "Traceback" not in response.text


def test_get_runs_a_query_with_url_encoded_variables(client: TestClient) -> None:
    # Given a query and its variables in the URL
    params = {"query": HELLO_NAMED, "variables": orjson.dumps({"name": "Ada"}).decode()}
    # When it is sent with GET
    response = client.get("/graphql", params=params, headers={"accept": GRAPHQL_RESPONSE})
    # Then it runs
    assert response.status_code == 200
    assert response.json() == {"data": {"hello": "Hello, Ada!"}}


def test_a_mutation_over_get_is_refused_with_405_and_not_run(
    client: TestClient, calls: Calls
) -> None:
    # Given a mutation
    # When it is sent with GET
    response = client.get("/graphql", params={"query": TOUCH})
    # Then it is refused with 405, Allow: POST, and nothing was written
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert calls.mutations == 0


def test_a_mutation_over_post_runs(client: TestClient, calls: Calls) -> None:
    # Given a mutation
    # When it is posted
    response = post(client, {"query": TOUCH})
    # Then it runs once
    assert response.json() == {"data": {"touch": 1}}
    assert calls.mutations == 1


def test_other_methods_are_refused_with_405(client: TestClient) -> None:
    # Given the GraphQL endpoint
    # When it is asked with PUT
    response = client.put("/graphql", content=b"{}")
    # Then it answers 405 and says which methods work
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_a_batch_is_refused_and_nothing_runs(client: TestClient, calls: Calls) -> None:
    # Given two operations in one JSON array
    batch = [{"query": TOUCH}, {"query": TOUCH}]
    # When the array is posted
    response = post(client, batch, accept=GRAPHQL_RESPONSE)
    # Then it is refused with 400 and no mutation ran
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BATCHING_REFUSED"
    assert calls.mutations == 0


def test_a_body_over_the_size_cap_is_refused_with_413(make_client: Any, calls: Calls) -> None:
    # Given a server that takes bodies of at most 1000 bytes
    client = make_client(max_body_bytes=1000)
    padded = {"query": TOUCH, "variables": {"padding": "x" * 2000}}
    # When a larger body is posted
    response = post(client, padded)
    # Then it is refused with 413 before anything runs
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert calls.mutations == 0


def test_a_streamed_body_over_the_cap_is_refused_with_413(make_client: Any) -> None:
    # Given a server that takes bodies of at most 1000 bytes
    client = make_client(max_body_bytes=1000)

    def chunks() -> Iterator[bytes]:
        yield b'{"query": "{ hello }", "variables": {"padding": "'
        for _ in range(20):
            yield b"x" * 100
        yield b'"}}'

    # When a larger body is streamed without a Content-Length
    response = client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    # Then it is refused with 413 all the same
    assert response.status_code == 413


def test_an_operation_over_the_time_limit_is_stopped_with_504(make_client: Any) -> None:
    # Given a server whose requests may take 0.2 s
    client = make_client(request_timeout=0.2)
    # When a query that would take 30 s is posted
    response = post(client, {"query": SLOW}, accept=GRAPHQL_RESPONSE)
    # Then it is stopped and the client is told why
    assert response.status_code == 504
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "TIMEOUT"
    assert "0.2 s" in error["message"]


def test_a_body_that_is_not_json_is_a_400(client: TestClient) -> None:
    # Given a broken JSON body
    # When it is posted
    response = post(client, b'{ "not a JSON', accept=GRAPHQL_RESPONSE)
    # Then it is a 400 with a GraphQL error body
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "The request body is not valid JSON"


def test_a_post_that_is_not_json_is_refused_with_415(client: TestClient) -> None:
    # Given a form-encoded body
    # When it is posted
    response = client.post(
        "/graphql",
        content=b"query=%7B+hello+%7D",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    # Then the media type is refused
    assert response.status_code == 415


def test_parameters_of_the_wrong_type_are_a_400(client: TestClient) -> None:
    # Given variables sent as a string, operationName as a number, and no query
    bodies = [
        {"query": HELLO, "variables": "name=Ada"},
        {"query": HELLO, "operationName": 7},
        {"query": HELLO, "extensions": ["x"]},
        {"qeury": HELLO},
    ]
    # When each is posted
    statuses = [post(client, body).status_code for body in bodies]
    # Then each is refused as a bad request
    assert statuses == [400, 400, 400, 400]


def test_null_optional_parameters_are_accepted(client: TestClient) -> None:
    # Given a request whose optional parameters are null
    body = {"query": HELLO, "variables": None, "operationName": None, "extensions": None}
    # When it is posted
    response = post(client, body, accept="application/json")
    # Then it runs
    assert response.json() == {"data": {"hello": "Hello, world!"}}


def test_an_unknown_operation_name_is_a_request_error(client: TestClient) -> None:
    # Given a document with two operations, and a name that matches neither
    body = {"query": TWO_OPERATIONS, "operationName": "C"}
    # When it is posted
    response = post(client, body, accept=GRAPHQL_RESPONSE)
    # Then it is a request error naming the operation
    assert response.status_code == 400
    assert "'C'" in response.json()["errors"][0]["message"]


def test_the_named_operation_runs(client: TestClient) -> None:
    # Given a document with two operations
    body = {"query": TWO_OPERATIONS, "operationName": "B"}
    # When one is named
    response = post(client, body, accept=GRAPHQL_RESPONSE)
    # Then it runs
    assert response.json() == {"data": {"hello": "Hello, world!"}}


def test_a_mutation_over_head_is_refused_and_not_run(client: TestClient, calls: Calls) -> None:
    # Given a mutation
    # When it is sent with HEAD (a GET without the answer's body)
    response = client.head("/graphql", params={"query": TOUCH})
    # Then it is refused like a GET, and nothing was written
    assert response.status_code == 405
    assert calls.mutations == 0


def test_a_subscription_is_refused_over_http(client: TestClient) -> None:
    # Given a subscription operation
    # When it is posted
    response = post(client, {"query": "subscription { ticks }"}, accept=GRAPHQL_RESPONSE)
    # Then it is refused with a clear message
    assert response.status_code == 400
    assert "not supported" in response.json()["errors"][0]["message"].lower()
