"""CORS: origins come from settings; none are allowed unless configured."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

APP_ORIGIN = "https://matchmaker.example.org"
PREFLIGHT = {
    "origin": APP_ORIGIN,
    "access-control-request-method": "POST",
    "access-control-request-headers": "authorization, content-type",
}


def test_a_configured_origin_may_post_with_a_token(make_client: Any) -> None:
    # Given a server that allows the matchmaker's origin
    client = make_client(cors_origins=(APP_ORIGIN,))
    # When the browser sends a preflight and then the query
    preflight = client.options("/graphql", headers=PREFLIGHT)
    response = client.post(
        "/graphql",
        json={"query": "{ hello }"},
        headers={"origin": APP_ORIGIN},
    )
    # Then both carry the origin, and the Authorization header is allowed
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == APP_ORIGIN
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    assert response.headers["access-control-allow-origin"] == APP_ORIGIN


def test_an_origin_that_is_not_configured_gets_no_cors_headers(make_client: Any) -> None:
    # Given a server that allows only the matchmaker's origin
    client = make_client(cors_origins=(APP_ORIGIN,))
    # When another origin asks
    response = client.post(
        "/graphql", json={"query": "{ hello }"}, headers={"origin": "https://evil.example"}
    )
    # Then the browser is given no permission to read the answer
    assert "access-control-allow-origin" not in response.headers


def test_without_configured_origins_there_is_no_cors(client: TestClient) -> None:
    # Given the default settings (no origins)
    # When a cross-origin preflight arrives
    preflight = client.options("/graphql", headers=PREFLIGHT)
    # Then it is not granted
    assert "access-control-allow-origin" not in preflight.headers
