"""The README's example queries answer, on the demo network, exactly what the README shows."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from cli import build_parser
from data import demo_files
from graph.embedded.store import EmbeddedStore
from graph.importer import load_files
from server import create_app
from settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLE = re.compile(r"```graphql\n(?P<query>.*?)```\s*```json\n(?P<answer>.*?)```", re.DOTALL)
COMMAND_ROW = re.compile(r"^\| `convene (?P<words>[a-z][a-z ]*?)(?: [^a-z].*)?` \|", re.MULTILINE)


def examples() -> list[tuple[str, str]]:
    return [(m["query"], m["answer"]) for m in EXAMPLE.finditer(README.read_text("utf-8"))]


def test_the_readme_shows_at_least_three_examples() -> None:
    assert len(examples()) >= 3


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data_dir = tmp_path_factory.mktemp("readme")
    store = EmbeddedStore.open(data_dir)
    load_files(store, demo_files())
    store.close()
    settings = Settings().with_overrides(data_dir=data_dir)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


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


def cli_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> set[str]:
    """Every runnable command of ``parser``: ``seed``, ``token create``, ..."""
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, subparser in action.choices.items():
                found |= cli_commands(subparser, (*prefix, name))
    return found or {" ".join(prefix)}


def readme_commands() -> set[str]:
    """The commands the README's table of the ``convene`` command has a row for."""
    text = README.read_text("utf-8")
    section = text.split("## The `convene` command", 1)[1].split("\n## ", 1)[0]
    return {match["words"] for match in COMMAND_ROW.finditer(section)}


def test_the_command_table_has_a_row_for_every_command_and_no_other() -> None:
    # given the commands the CLI's parser accepts
    commands = cli_commands(build_parser())
    # when the README's command table is read
    rows = readme_commands()
    # then each command has a row, and each row is a command
    assert "token revoke" in commands
    assert sorted(commands - rows) == []
    assert sorted(rows - commands) == []
