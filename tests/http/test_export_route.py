"""``GET /export/{format}``: admins get the same bytes ``write_export`` writes; nobody else."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from access.tokens import create_token
from graph.embedded.store import EmbeddedStore
from graph.export.formats import FORMATS, ExportFormat, write_export
from server import create_app
from settings import Settings


@pytest.fixture(scope="module")
def exported(demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo data directory with an admin and a reader token."""
    data_dir = tmp_path_factory.mktemp("export") / "data"
    shutil.copytree(demo_data_dir, data_dir)
    return data_dir


@pytest.fixture(scope="module")
def expected(exported: Path) -> dict[ExportFormat, bytes]:
    """What ``write_export`` writes for each format, from the same store."""
    store = EmbeddedStore.open(exported)
    try:
        out: dict[ExportFormat, bytes] = {}
        for fmt in ExportFormat:
            buffer = io.BytesIO()
            write_export(store, fmt, buffer)
            out[fmt] = buffer.getvalue()
        return out
    finally:
        store.close()


@pytest.fixture(scope="module")
def tokens(exported: Path) -> dict[str, str]:
    """An admin's and a reader's token secrets."""
    return {
        "admin": create_token(exported, "admin", "ops"),
        "reader": create_token(exported, "reader", "laptop", person_key="hannah-grant"),
    }


@pytest.fixture(scope="module")
def client(
    exported: Path, expected: dict[ExportFormat, bytes], tokens: dict[str, str]
) -> Iterator[TestClient]:
    """Convene on the demo network (started after the expected bytes were written)."""
    with TestClient(create_app(Settings(data_dir=exported))) as started:
        yield started


def bearer(secret: str) -> dict[str, str]:
    return {"authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("fmt", list(ExportFormat), ids=str)
def test_an_admin_gets_the_same_bytes_as_write_export(
    client: TestClient,
    tokens: dict[str, str],
    expected: dict[ExportFormat, bytes],
    fmt: ExportFormat,
) -> None:
    # given an admin token
    # when the admin downloads an export
    response = client.get(f"/export/{fmt.value}", headers=bearer(tokens["admin"]))
    # then it is the export, byte for byte, with its media type and a file name
    assert response.status_code == 200
    assert response.content == expected[fmt]
    assert len(response.content) > 0 or fmt is ExportFormat.JSONL
    assert response.headers["content-type"].startswith(FORMATS[fmt].media_type)
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="convene-network{FORMATS[fmt].suffix}"' in disposition


def test_no_token_is_401_with_a_challenge(client: TestClient) -> None:
    # when an export is asked for without a token
    response = client.get("/export/graphml")
    # then it is refused as unauthenticated, with a JSON error
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_wrong_token_is_401(client: TestClient) -> None:
    # when an export is asked for with a token the server never issued
    response = client.get("/export/graphml", headers=bearer("cvn_made-up"))
    # then it is refused as unauthenticated
    assert response.status_code == 401


def test_a_reader_is_forbidden(client: TestClient, tokens: dict[str, str]) -> None:
    # when a reader asks for an export
    response = client.get("/export/gexf", headers=bearer(tokens["reader"]))
    # then it is refused, with a JSON error and no export in the body
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_an_unknown_format_is_404_with_a_json_error(
    client: TestClient, tokens: dict[str, str]
) -> None:
    # when an admin asks for a format that does not exist
    response = client.get("/export/pdf", headers=bearer(tokens["admin"]))
    # then it is not found, and the error lists the formats there are
    assert response.status_code == 404
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "graphml" in error["message"]


def test_the_export_leaves_out_emails(client: TestClient, tokens: dict[str, str]) -> None:
    # when an admin downloads the node-link export
    response = client.get("/export/node-link", headers=bearer(tokens["admin"]))
    # then no email address of the demo network is in it
    assert response.status_code == 200
    assert b"@example.org" not in response.content
