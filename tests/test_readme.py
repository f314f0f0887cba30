"""The README's example queries answer, on the demo network, exactly what the README shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from data import demo_files
from graph.embedded.store import EmbeddedStore
from graph.importer import load_files
from server import create_app
from settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLE = re.compile(r"```graphql\n(?P<query>.*?)```\s*```json\n(?P<answer>.*?)```", re.DOTALL)


def examples() -> list[tuple[str, str]]:
    return [(m["query"], m["answer"]) for m in EXAMPLE.finditer(README.read_text("utf-8"))]


def test_the_readme_shows_at_least_three_examples() -> None:
    assert len(examples()) >= 3


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    data_dir = tmp_path_factory.mktemp("readme")
    store = EmbeddedStore.open(data_dir)
    load_files(store, demo_files())
    store.close()
    settings = Settings().with_overrides(data_dir=data_dir)
    with TestClient(create_app(settings)) as test_client:
        yield test_client  # type: ignore[misc]


@pytest.mark.parametrize(("query", "answer"), examples())
def test_each_example_answers_what_the_readme_shows(
    client: TestClient, query: str, answer: str
) -> None:
    # when the README's query is sent to the service
    response = client.post("/graphql", json={"query": query})
    # then the answer is the one printed below it
    assert response.status_code == 200
    assert rounded(response.json()) == rounded(json.loads(answer))


def rounded(value: object) -> object:
    """Floats to nine places: sums may differ in the last bits between processes."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value
