"""The playground's page and assets as the app serves them, and its switch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from web.playground import CONTENT_SECURITY_POLICY, DIST_DIR, Playground

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

needs_build = pytest.mark.skipif(
    not (DIST_DIR / "index.html").exists(),
    reason="the playground is not built: run scripts/setup-web.sh",
)


@needs_build
def test_a_browser_opening_graphql_gets_the_playground(client: TestClient) -> None:
    # Given a server in the local profile (playground on)
    # When a browser opens /graphql
    response = client.get("/graphql", headers={"accept": BROWSER_ACCEPT})
    # Then it gets the page, locked to its own origin by its security policy
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert 'id="playground"' in response.text


@needs_build
def test_every_asset_the_page_names_is_served_from_this_server(client: TestClient) -> None:
    # Given the playground page
    page = client.get("/playground").text
    # When each script and stylesheet it references is fetched
    references = [
        part.split('"', 1)[0] for part in page.split('src="')[1:] + page.split('href="')[1:]
    ]
    assets = [ref for ref in references if ref.startswith("/playground/assets/")]
    responses = [client.get(asset) for asset in assets]
    # Then they are all local, all there, and cached for good
    assert assets
    assert all(ref.startswith(("/", "data:")) for ref in references)
    assert [r.status_code for r in responses] == [200] * len(assets)
    assert all("immutable" in r.headers["cache-control"] for r in responses)


def test_a_query_in_the_url_runs_even_for_a_browser(client: TestClient) -> None:
    # Given a browser following a link with a query in it
    # When it opens /graphql?query=...
    response = client.get(
        "/graphql", params={"query": "{ hello }"}, headers={"accept": BROWSER_ACCEPT}
    )
    # Then the query runs instead of the page showing
    assert response.json() == {"data": {"hello": "Hello, world!"}}


def test_the_playground_can_be_switched_off(make_client: Any) -> None:
    # Given a server with the playground off (as in the production profile)
    client = make_client(playground=False)
    # When a browser opens /graphql and /playground
    graphql = client.get("/graphql", headers={"accept": BROWSER_ACCEPT})
    playground = client.get("/playground", headers={"accept": BROWSER_ACCEPT})
    asset = client.get("/playground/assets/anything.js")
    # Then no page is served: /graphql asks for a query, the rest does not exist
    assert graphql.status_code == 400
    assert graphql.json()["errors"][0]["message"] == "The request has no 'query' parameter"
    assert playground.status_code == 404
    assert asset.status_code == 404


def test_an_unbuilt_playground_says_how_to_build_it(tmp_path: Path) -> None:
    # Given a playground whose files were never built
    playground = Playground(tmp_path / "dist")
    app = Starlette(
        routes=[
            Route("/playground", playground.page),
            Mount("/playground/assets", app=playground.assets()),
        ]
    )
    # When the page and an asset are asked for
    with TestClient(app) as client:
        page = client.get("/playground")
        asset = client.get("/playground/assets/index.js")
    # Then the page names the command that builds it, and assets are missing
    assert page.status_code == 503
    assert "scripts/setup-web.sh" in page.text
    assert asset.status_code == 404
