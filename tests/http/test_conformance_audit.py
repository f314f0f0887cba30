"""The graphql-http audit (GraphQL over HTTP conformance) against the live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from server import create_app
from settings import Settings
from tests.http.live import serve
from tests.http.node_checks import run_check


@pytest.fixture
def convene_url(tmp_path: Path) -> Iterator[str]:
    """Convene as ``convene serve`` runs it (local profile, embedded store), live."""
    with serve(create_app(Settings(data_dir=tmp_path / "data"))) as base_url:
        yield base_url


def test_the_audit_passes_every_must_and_should_check(convene_url: str) -> None:
    # Given Convene served by uvicorn on a loopback port
    # When the graphql-http server audit runs against /graphql
    results = run_check("audit.mjs", f"{convene_url}/graphql")
    # Then every MUST and every SHOULD check passes
    required = [r for r in results if r["name"].startswith(("MUST ", "SHOULD "))]
    failing = [f"{r['id']} {r['name']}: {r['reason']}" for r in required if r["status"] != "ok"]
    assert failing == []
    levels = {r["name"].split(" ", 1)[0] for r in required}
    assert levels == {"MUST", "SHOULD"}
