"""Persisted queries over HTTP: Apollo's convention, build-time manifests, and the
setting that runs only the manifests' documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient

from server import create_app
from settings import Settings
from tests.http.conftest import Calls
from tests.schema.test_limits import COST_BOMB
from web.persisted import ManifestError, PersistedQueries, sha256_hex

GRAPHQL_RESPONSE = "application/graphql-response+json"

HELLO = "{ hello }"
HELLO_ADA = '{ hello(name: "Ada") }'
HELLO_NAMED = "query Greeting($name: String!) { hello(name: $name) }"
TOUCH = "mutation { touch }"
INVALID = "{ noSuchField }"
SLOW = "{ slow }"


def persisted(document: str, version: int = 1) -> dict[str, Any]:
    """The ``extensions`` naming ``document`` by its hash."""
    return {"persistedQuery": {"version": version, "sha256Hash": sha256_hex(document)}}


def post(client: TestClient, body: dict[str, Any], accept: str = GRAPHQL_RESPONSE) -> Any:
    headers = {"content-type": "application/json", "accept": accept}
    return client.post("/graphql", content=orjson.dumps(body), headers=headers)


def get(client: TestClient, extensions: dict[str, Any], **params: str) -> Any:
    query = {"extensions": orjson.dumps(extensions).decode(), **params}
    return client.get("/graphql", params=query, headers={"accept": GRAPHQL_RESPONSE})


def code_of(response: Any) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


def write_manifest(path: Path, *documents: str) -> Path:
    path.write_bytes(orjson.dumps({sha256_hex(document): document for document in documents}))
    return path


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, "application/json"])
def test_an_unknown_hash_alone_is_persisted_query_not_found_with_200(
    client: TestClient, calls: Calls, accept: str
) -> None:
    # Given a server that has never seen the document
    # When a client sends only its hash
    response = post(client, {"extensions": persisted(HELLO)}, accept=accept)
    # Then it answers as Apollo's server does, 200 with the error Apollo's clients
    # recognise, and nothing runs
    assert response.status_code == 200
    assert response.json() == {
        "errors": [
            {
                "message": "PersistedQueryNotFound",
                "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
            }
        ]
    }
    assert response.headers["cache-control"] == "no-store"
    assert calls.seen == []


def test_hash_and_query_run_and_then_the_hash_alone_runs(client: TestClient) -> None:
    # Given a client that sent a query with its hash once
    sent = {"query": HELLO_NAMED, "variables": {"name": "Ada"}}
    first = post(client, sent | {"extensions": persisted(HELLO_NAMED)})
    # When it sends only the hash, with other variables
    again = post(client, {"extensions": persisted(HELLO_NAMED), "variables": {"name": "Grace"}})
    # Then both run, the second from the remembered document
    assert first.json() == {"data": {"hello": "Hello, Ada!"}}
    assert again.status_code == 200
    assert again.json() == {"data": {"hello": "Hello, Grace!"}}


def test_a_hash_that_is_not_the_querys_is_refused_and_not_remembered(
    client: TestClient, calls: Calls
) -> None:
    # Given a query sent with the hash of another document
    body = {"query": HELLO_ADA, "extensions": persisted(HELLO)}
    # When it is posted
    response = post(client, body)
    later = post(client, {"extensions": persisted(HELLO)})
    # Then it is a 400 naming the field, nothing ran, and the hash stays unknown
    assert response.status_code == 400
    assert code_of(response) == "PERSISTED_QUERY_HASH_MISMATCH"
    assert "extensions.persistedQuery.sha256Hash" in response.json()["errors"][0]["message"]
    assert calls.seen == []
    assert code_of(later) == "PERSISTED_QUERY_NOT_FOUND"


def test_a_document_that_fails_validation_is_not_remembered(client: TestClient) -> None:
    # Given an invalid document sent with its hash
    refused = post(client, {"query": INVALID, "extensions": persisted(INVALID)})
    # When its hash is sent alone
    later = post(client, {"extensions": persisted(INVALID)})
    # Then the first is a validation error and the hash was not remembered
    assert refused.status_code == 400
    assert "data" not in refused.json()
    assert code_of(later) == "PERSISTED_QUERY_NOT_FOUND"


@pytest.mark.parametrize(
    ("persisted_query", "field"),
    [
        ({"version": 2, "sha256Hash": sha256_hex(HELLO)}, "extensions.persistedQuery.version"),
        ({"version": 1, "sha256Hash": "abc"}, "extensions.persistedQuery.sha256Hash"),
        ({"version": 1}, "extensions.persistedQuery.sha256Hash"),
        ("yes", "extensions.persistedQuery"),
    ],
    ids=["version-2", "short-hash", "no-hash", "not-an-object"],
)
def test_a_malformed_persisted_query_is_a_400_naming_the_field(
    client: TestClient, persisted_query: Any, field: str
) -> None:
    # Given an extension that is not Apollo's version 1
    body = {"query": HELLO, "extensions": {"persistedQuery": persisted_query}}
    # When it is posted
    response = post(client, body)
    # Then it is refused, naming the field
    assert response.status_code == 400
    assert code_of(response) == "BAD_REQUEST"
    assert response.json()["errors"][0]["message"].startswith(field)


def test_get_with_extensions_registers_and_runs_a_query(client: TestClient) -> None:
    # Given a client using GET for persisted queries
    unknown = get(client, persisted(HELLO_ADA))
    # When it sends the query with its hash, then the hash alone
    registered = get(client, persisted(HELLO_ADA), query=HELLO_ADA)
    again = get(client, persisted(HELLO_ADA))
    # Then the hash was unknown at first, and then runs
    assert (unknown.status_code, code_of(unknown)) == (200, "PERSISTED_QUERY_NOT_FOUND")
    assert registered.json() == {"data": {"hello": "Hello, Ada!"}}
    assert again.json() == {"data": {"hello": "Hello, Ada!"}}


def test_a_browser_get_with_a_persisted_query_gets_the_answer_not_the_page(
    make_client: Any, tmp_path: Path
) -> None:
    # Given a manifest and a request whose Accept mentions text/html
    client = make_client(persisted_queries=(write_manifest(tmp_path / "m.json", HELLO),))
    params = {"extensions": orjson.dumps(persisted(HELLO)).decode()}
    # When it GETs the hash
    response = client.get("/graphql", params=params, headers={"accept": "text/html, */*"})
    # Then the document runs
    assert response.json() == {"data": {"hello": "Hello, world!"}}


def test_a_mutation_named_by_hash_over_get_is_refused_and_not_run(
    make_client: Any, calls: Calls, tmp_path: Path
) -> None:
    # Given a mutation the server knows by hash
    client = make_client(persisted_queries=(write_manifest(tmp_path / "m.json", TOUCH),))
    # When its hash is sent with GET
    response = get(client, persisted(TOUCH))
    # Then it is refused as a mutation over GET, and nothing was written
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert calls.mutations == 0


def test_the_least_recently_used_document_is_forgotten(make_client: Any) -> None:
    # Given a server that remembers two documents, and three sent in turn
    client = make_client(persisted_query_cache=2)
    for document in (HELLO, HELLO_ADA):
        post(client, {"query": document, "extensions": persisted(document)})
    post(client, {"extensions": persisted(HELLO)})  # HELLO is now the most recent
    post(client, {"query": TOUCH, "extensions": persisted(TOUCH)})
    # When each is asked for by hash
    codes = {
        name: post(client, {"extensions": persisted(document)}).json()
        for name, document in (("hello", HELLO), ("ada", HELLO_ADA), ("touch", TOUCH))
    }
    # Then the least recently used one is forgotten
    assert codes["hello"] == {"data": {"hello": "Hello, world!"}}
    assert codes["touch"] == {"data": {"touch": 2}}  # its second run
    assert codes["ada"]["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_a_manifest_documents_run_by_hash_from_the_start(make_client: Any, tmp_path: Path) -> None:
    # Given two manifests named in the settings
    first = write_manifest(tmp_path / "first.json", HELLO)
    second = write_manifest(tmp_path / "second.json", HELLO_ADA)
    client = make_client(persisted_queries=(first, second))
    # When their hashes are sent alone
    answers = [post(client, {"extensions": persisted(d)}).json() for d in (HELLO, HELLO_ADA)]
    # Then both documents run
    assert answers == [{"data": {"hello": "Hello, world!"}}, {"data": {"hello": "Hello, Ada!"}}]


def test_the_web_apps_manifest_is_read_when_it_is_there(tmp_path: Path) -> None:
    # Given the web app's build output, and a folder without one
    built = write_manifest(tmp_path / "persisted-queries.json", HELLO)
    # When the persisted queries are loaded with nothing configured
    loaded = PersistedQueries.from_files((), default=built, cache_size=0)
    missing = PersistedQueries.from_files((), default=tmp_path / "absent.json", cache_size=0)
    # Then the app's documents are known, and a missing build is no error
    assert loaded.document_for(None, persisted(HELLO)).query == HELLO
    assert len(missing) == 0


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "cannot be read"),
        (b"{", "not valid JSON"),
        (b"[]", "must be a JSON object"),
        (orjson.dumps({"0" * 64: HELLO}), "is not the SHA-256 of its document"),
        (orjson.dumps({sha256_hex(HELLO): 1}), "is not a document"),
    ],
    ids=["missing", "not-json", "a-list", "wrong-hash", "not-a-string"],
)
def test_a_manifest_that_cannot_be_used_stops_the_start_naming_the_file(
    make_client: Any, tmp_path: Path, content: bytes | None, problem: str
) -> None:
    # Given a configured manifest that is missing or wrong
    path = tmp_path / "manifest.json"
    if content is not None:
        path.write_bytes(content)
    # When the app starts
    with pytest.raises(ManifestError) as refused:
        make_client(persisted_queries=(path,))
    # Then the error names the file and what is wrong
    assert str(path) in str(refused.value)
    assert problem in str(refused.value)


def test_a_persisted_document_over_the_size_limit_is_refused(
    make_client: Any, calls: Calls, tmp_path: Path
) -> None:
    # Given a manifest document larger than the body limit
    large = "{ hello " + "__typename " * 200 + "}"
    client = make_client(
        max_body_bytes=1000, persisted_queries=(write_manifest(tmp_path / "m.json", large),)
    )
    # When its hash is sent
    response = post(client, {"extensions": persisted(large)})
    # Then it is refused as a body of that size would be, and nothing ran
    assert response.status_code == 413
    assert code_of(response) == "REQUEST_TOO_LARGE"
    assert calls.seen == []


def test_a_persisted_document_over_the_time_limit_is_stopped(
    make_client: Any, calls: Calls, tmp_path: Path
) -> None:
    # Given a server whose requests may take 0.2 s, and a slow document it knows by hash
    manifest = write_manifest(tmp_path / "m.json", SLOW)
    client = make_client(request_timeout=0.2, persisted_queries=(manifest,))
    # When its hash is sent
    response = post(client, {"extensions": persisted(SLOW)})
    # Then it is stopped at the time limit, as the text would be
    assert response.status_code == 504
    assert code_of(response) == "TIMEOUT"
    assert calls.slow_started == 1


def test_a_persisted_document_over_the_cost_limit_is_refused(tmp_path: Path) -> None:
    # Given Convene's own schema and a manifest holding a document over the cost limit
    manifest = write_manifest(tmp_path / "m.json", COST_BOMB)
    settings = Settings(data_dir=tmp_path / "data", persisted_queries=(manifest,))
    with TestClient(create_app(settings)) as client:
        # When its hash is sent
        response = post(client, {"extensions": persisted(COST_BOMB)})
    # Then the cost gate refuses it as it would refuse the text
    assert response.status_code == 400
    assert "data" not in response.json()
    assert code_of(response) == "COST_LIMIT"


class TestOnlyKnownDocuments:
    """``CONVENE_PERSISTED_QUERIES_ONLY``: the manifests' documents and nothing else."""

    @pytest.fixture
    def strict(self, make_client: Any, tmp_path: Path) -> TestClient:
        manifest = write_manifest(tmp_path / "m.json", HELLO_NAMED, TOUCH)
        client: TestClient = make_client(persisted_queries=(manifest,), persisted_queries_only=True)
        return client

    def test_a_manifest_document_runs_by_hash(self, strict: TestClient) -> None:
        # Given the strict server
        # When a manifest document is asked for by hash, with POST and with GET
        posted = post(strict, {"extensions": persisted(HELLO_NAMED), "variables": {"name": "Ada"}})
        got = get(strict, persisted(HELLO_NAMED), variables='{"name": "Grace"}')
        # Then it runs
        assert posted.json() == {"data": {"hello": "Hello, Ada!"}}
        assert got.json() == {"data": {"hello": "Hello, Grace!"}}

    def test_a_manifest_document_sent_with_its_hash_runs(self, strict: TestClient) -> None:
        # Given a client that sends a known document's text with its hash
        body = {"query": TOUCH, "extensions": persisted(TOUCH)}
        # When it is posted
        response = post(strict, body)
        # Then it runs
        assert response.json() == {"data": {"touch": 1}}

    @pytest.mark.parametrize("document", [HELLO, HELLO_NAMED], ids=["unknown", "known"])
    def test_query_text_without_a_hash_is_refused(
        self, strict: TestClient, calls: Calls, document: str
    ) -> None:
        # Given a client sending query text (even that of a manifest document)
        # When it is posted
        response = post(strict, {"query": document, "variables": {"name": "Ada"}})
        # Then it is refused with a code saying a persisted query is required
        assert response.status_code == 400
        assert code_of(response) == "PERSISTED_QUERY_REQUIRED"
        assert "extensions.persistedQuery.sha256Hash" in response.json()["errors"][0]["message"]
        assert calls.seen == []

    def test_an_unknown_hash_is_not_found(self, strict: TestClient, calls: Calls) -> None:
        # Given a hash no manifest holds
        # When it is sent alone
        response = post(strict, {"extensions": persisted(HELLO)})
        # Then it is not found, saying only the manifests' documents run
        assert response.status_code == 200
        assert code_of(response) == "PERSISTED_QUERY_NOT_FOUND"
        assert "only the documents of its manifests" in response.json()["errors"][0]["message"]
        assert calls.seen == []

    def test_a_new_document_with_its_hash_is_refused_and_not_remembered(
        self, strict: TestClient, calls: Calls
    ) -> None:
        # Given a client following the automatic convention with a new document
        registered = post(strict, {"query": HELLO, "extensions": persisted(HELLO)})
        # When it then sends the hash alone
        later = post(strict, {"extensions": persisted(HELLO)})
        # Then the document is refused, never ran, and stays unknown
        assert registered.status_code == 400
        assert code_of(registered) == "PERSISTED_QUERY_REQUIRED"
        assert code_of(later) == "PERSISTED_QUERY_NOT_FOUND"
        assert calls.seen == []

    def test_the_mode_without_any_manifest_refuses_to_start(self, tmp_path: Path) -> None:
        # Given the strict mode with no manifest configured and no web app built
        # When the app starts
        with pytest.raises(ManifestError) as refused:
            PersistedQueries.from_files(
                (), default=tmp_path / "absent.json", cache_size=0, only_known=True
            )
        # Then it says what to do
        assert "CONVENE_PERSISTED_QUERIES" in str(refused.value)
