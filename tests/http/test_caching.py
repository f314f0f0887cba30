"""Conditional GET: a complete answer to a GET carries an ETag, and a GET that names the
current one is answered 304 without running anything; any write changes the tag."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.testclient import TestClient

from access.tokens import create_token
from graph.model import Label, Node
from graph.store import WriteBatch
from settings import Settings
from tests.http.conftest import Calls

HELLO = "{ hello }"


def get(client: TestClient, query: str = HELLO, **headers: str) -> Any:
    return client.get("/graphql", params={"query": query}, headers=headers)


def write_something(client: TestClient, key: str) -> None:
    batch = WriteBatch()
    batch.create_nodes([Node(Label.TOPIC, key, {"name": key})])
    client.app_state["convene"].store.apply(batch)


def test_a_get_named_by_its_tag_is_304_and_nothing_runs(client: TestClient, calls: Calls) -> None:
    # Given a query asked once over GET
    first = get(client)
    assert first.status_code == 200
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, no-cache"
    assert calls.seen == ["world"]
    # When it is asked again with the tag it got
    again = get(client, **{"if-none-match": tag})
    # Then the answer is 304 with the same tag and no body, and no resolver ran
    assert again.status_code == 304
    assert again.headers["etag"] == tag
    assert again.content == b""
    assert calls.seen == ["world"]


def test_any_write_changes_the_tag(client: TestClient, calls: Calls) -> None:
    # Given the tag of an answer
    tag = get(client).headers["etag"]
    # When something is written to the store
    write_something(client, "climate")
    # Then the same GET with the old tag runs again and gets a new tag
    after = get(client, **{"if-none-match": tag})
    assert after.status_code == 200
    assert after.json() == {"data": {"hello": "Hello, world!"}}
    assert after.headers["etag"] != tag
    assert calls.seen == ["world", "world"]


def test_the_tag_names_the_document_its_variables_and_the_media_type(client: TestClient) -> None:
    # Given answers to different requests at one data version
    query = "query Hi($name: String!) { hello(name: $name) }"

    def tag_of(variables: dict[str, str], accept: str = "application/json") -> str:
        params = {"query": query, "variables": orjson.dumps(variables).decode()}
        response = client.get("/graphql", params=params, headers={"accept": accept})
        assert response.status_code == 200
        return str(response.headers["etag"])

    ada, ada_again = tag_of({"name": "Ada"}), tag_of({"name": "Ada"})
    # Then the same request has the same tag, and each difference gives another one
    assert ada == ada_again
    assert (
        len(
            {
                ada,
                tag_of({"name": "Bo"}),
                tag_of({"name": "Ada"}, "application/graphql-response+json"),
                get(client).headers["etag"],
            }
        )
        == 4
    )


def test_a_tokens_answer_is_private_and_tagged_apart(
    make_client: Any, settings: Settings, calls: Calls
) -> None:
    # Given an editor's token, and the anonymous tag of a query
    secret = create_token(settings.data_dir, "editor", "desk")
    client = make_client()
    anonymous = get(client).headers["etag"]
    # When the editor asks the same query, naming the anonymous tag
    response = get(client, authorization=f"Bearer {secret}", **{"if-none-match": anonymous})
    # Then it runs (another viewer, another tag) and may be kept only privately
    assert response.status_code == 200
    assert response.headers["etag"] != anonymous
    assert response.headers["cache-control"] == "private, no-cache"


def test_posts_errors_and_mutations_are_never_tagged(client: TestClient) -> None:
    # Given a POST and a GET whose field fails
    posted = client.post(
        "/graphql",
        content=orjson.dumps({"query": HELLO}),
        headers={"content-type": "application/json"},
    )
    failed = get(client, "{ broken }")
    # Then neither has a tag and neither may be stored
    for response in (posted, failed):
        assert response.status_code == 200
        assert "etag" not in response.headers
        assert response.headers["cache-control"] == "no-store"
    # And a mutation over GET is refused as before, whatever If-None-Match says
    refused = get(client, "mutation { touch }", **{"if-none-match": "*"})
    assert refused.status_code == 405
