"""Who is asking: bearer tokens on /graphql, anonymous access and its switch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from starlette.testclient import TestClient

from access.tokens import create_token, revoke_token
from settings import Settings

VIEWER_ROLE = "{ viewerRole }"


def ask(client: TestClient, authorization: str | None = None) -> Any:
    headers = {"content-type": "application/json"}
    if authorization is not None:
        headers["authorization"] = authorization
    return client.post("/graphql", content=orjson.dumps({"query": VIEWER_ROLE}), headers=headers)


def test_a_request_without_a_token_is_anonymous(client: TestClient) -> None:
    # Given a server that allows anonymous access (the default)
    # When a request carries no token
    response = ask(client)
    # Then the resolvers see the anonymous viewer
    assert response.json() == {"data": {"viewerRole": "anonymous"}}


def test_a_bearer_token_becomes_the_viewer(make_client: Any, settings: Settings) -> None:
    # Given an admin token
    secret = create_token(settings.data_dir, "admin", "ops")
    client = make_client()
    # When a request carries it
    response = ask(client, f"Bearer {secret}")
    # Then the resolvers see an admin
    assert response.json() == {"data": {"viewerRole": "admin"}}


def test_a_wrong_token_is_refused_with_401(client: TestClient) -> None:
    # Given a token the server never issued
    # When a request carries it
    response = ask(client, "Bearer cvn_made-up")
    # Then it is refused with 401 and a Bearer challenge, and nothing ran
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_revoked_token_is_refused_with_401(make_client: Any, settings: Settings) -> None:
    # Given a token that worked, then was revoked while the server runs
    secret = create_token(settings.data_dir, "reader", "laptop")
    client = make_client()
    assert ask(client, f"Bearer {secret}").status_code == 200
    revoke_token(settings.data_dir, "laptop")
    # When it is used again
    response = ask(client, f"Bearer {secret}")
    # Then it is refused
    assert response.status_code == 401


def test_an_expired_token_is_refused_with_401_and_its_own_code(
    make_client: Any, settings: Settings
) -> None:
    # Given a token that has expired
    expired = datetime.now(UTC) - timedelta(minutes=1)
    secret = create_token(settings.data_dir, "admin", "ops", expires_at=expired)
    client = make_client()
    # When it is used
    response = ask(client, f"Bearer {secret}")
    # Then it is refused with 401, a Bearer challenge and a code that says why
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "TOKEN_EXPIRED"
    assert "expired" in body["errors"][0]["message"]


def test_a_header_that_is_not_bearer_is_refused(client: TestClient) -> None:
    # Given credentials in another scheme
    # When a request carries them
    response = ask(client, "Basic YWRhOnNlY3JldA==")
    # Then they are refused
    assert response.status_code == 401
    assert "Bearer" in response.json()["errors"][0]["message"]


def test_anonymous_requests_get_401_when_anonymous_access_is_off(
    make_client: Any, settings: Settings
) -> None:
    # Given a server with anonymous access switched off, and a reader token
    secret = create_token(settings.data_dir, "reader", "dashboard")
    client = make_client(allow_anonymous=False)
    # When one request comes without a token and one with it
    anonymous = ask(client)
    reader = ask(client, f"Bearer {secret}")
    # Then only the one with the token goes through
    assert anonymous.status_code == 401
    assert reader.json() == {"data": {"viewerRole": "reader"}}


def test_the_token_file_lives_in_the_data_dir(make_client: Any, settings: Settings) -> None:
    # Given a started server
    make_client()
    # Then its token file is under the configured data directory
    assert (Path(settings.data_dir) / "tokens.sqlite3").exists()
