"""The web app as Convene serves it: one page for every /app/ address, its assets, its
security policy, its document manifest, and what an unbuilt app says."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from graphql import build_schema, parse, validate
from starlette.applications import Starlette
from starlette.testclient import TestClient

from web.app import DIST_DIR, WebApp
from web.built import CONTENT_SECURITY_POLICY

REPO_ROOT = Path(__file__).resolve().parents[2]
INDEX = '<!doctype html><div id="app"></div><script type="module" src="/app/assets/a.js"></script>'

needs_build = pytest.mark.skipif(
    not (DIST_DIR / "index.html").exists(),
    reason="the web app is not built: run scripts/setup-web.sh",
)


@pytest.fixture
def built(tmp_path: Path) -> Iterator[TestClient]:
    """An app served from a small build of its own: a page, one asset, a manifest."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX, encoding="utf-8")
    (dist / "assets" / "a.js").write_text("console.log(1)", encoding="utf-8")
    (dist / "persisted-queries.json").write_text('{"ab": "{ me { key } }"}', encoding="utf-8")
    with TestClient(Starlette(routes=WebApp(dist).routes())) as client:
        yield client


@pytest.mark.parametrize("path", ["/app/", "/app/person/donald-peurach", "/app/find?q=ann"])
def test_every_app_address_is_the_page(built: TestClient, path: str) -> None:
    # Given a built app
    # When a shared link to any of its pages is opened
    response = built.get(path)
    # Then the one page answers, locked to this origin, and not cached stale
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_app_without_a_slash_goes_to_the_app(built: TestClient) -> None:
    response = built.get("/app", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/app/"


def test_assets_are_files_not_pages(built: TestClient) -> None:
    # Given a built app with one asset
    # When that asset and one that does not exist are asked for
    present = built.get("/app/assets/a.js")
    missing = built.get("/app/assets/missing.js")
    # Then the asset is served for good, and the missing one is a 404, not the page
    assert present.status_code == 200
    assert "immutable" in present.headers["cache-control"]
    assert missing.status_code == 404


def test_the_manifest_is_served_as_json(built: TestClient) -> None:
    response = built.get("/app/persisted-queries.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"ab": "{ me { key } }"}


def test_an_unbuilt_app_says_how_to_build_it(tmp_path: Path) -> None:
    # Given an app whose files were never built
    app = Starlette(routes=WebApp(tmp_path / "dist").routes())
    # When a page, an asset and the manifest are asked for
    with TestClient(app) as client:
        page = client.get("/app/person/donald-peurach")
        asset = client.get("/app/assets/index.js")
        manifest = client.get("/app/persisted-queries.json")
    # Then the page names the command that builds it, and the files are missing
    assert page.status_code == 503
    assert "scripts/setup-web.sh" in page.text
    assert asset.status_code == 404
    assert manifest.status_code == 404


def test_convene_serves_the_app_even_without_the_playground(make_client: Any) -> None:
    # Given Convene with the playground off (as in production)
    client: TestClient = make_client(playground=False)
    # When the app is opened
    response = client.get("/app/person/donald-peurach")
    # Then it is there (or says how to build it), never a 404
    assert response.status_code in (200, 503)
    assert response.status_code == 200 or "scripts/setup-web.sh" in response.text


@needs_build
def test_every_asset_the_built_page_names_is_served(make_client: Any) -> None:
    client: TestClient = make_client()
    page = client.get("/app/").text
    references = [
        part.split('"', 1)[0] for part in page.split('src="')[1:] + page.split('href="')[1:]
    ]
    assets = [ref for ref in references if ref.startswith("/app/assets/")]
    assert assets
    assert all(ref.startswith(("/", "data:")) for ref in references)
    assert [client.get(asset).status_code for asset in assets] == [200] * len(assets)


@needs_build
def test_the_built_documents_fit_the_committed_schema() -> None:
    # Given the documents the app was built with, keyed by the SHA-256 of their text
    manifest = orjson.loads((DIST_DIR / "persisted-queries.json").read_bytes())
    schema = build_schema((REPO_ROOT / "schema.graphql").read_text(encoding="utf-8"))
    # When each is hashed again and validated against schema.graphql
    problems = {
        text.split("(", 1)[0]: [str(error) for error in validate(schema, parse(text))]
        for text in manifest.values()
    }
    # Then every key is its document's hash and no document has a problem
    assert manifest
    assert all(hashlib.sha256(text.encode()).hexdigest() == key for key, text in manifest.items())
    assert {name: found for name, found in problems.items() if found} == {}
