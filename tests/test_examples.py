"""The client examples of ``examples/``, run as a user runs them against a live server
holding the demo network, and checked against the API's own answers."""

from __future__ import annotations

import math
import runpy
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from server import create_app
from settings import Settings
from tests.http.live import serve

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cohort_suggestions.py"
COHORT = "winter-2018"
PAGE_SIZE = 40
SUGGESTIONS = 3
# The example's names (its documents, its hash function), as the script defines them.
EXAMPLE_NAMES = runpy.run_path(str(EXAMPLE))

SUGGESTED = """
query Suggested($person: String!, $first: Int!) {
  person(key: $person) {
    name
    suggestedCollaborators(first: $first) {
      score node { key name } reasons { kind evidence { name } }
    }
  }
}
"""


def run_example(url: str, person: str, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(EXAMPLE), "--url", f"{url}/graphql", "--cohort", COHORT]
    command += ["--person", person, "--page-size", str(PAGE_SIZE)]
    command += ["--suggestions", str(SUGGESTIONS), *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


def ask(url: str, query: str, **variables: Any) -> Any:
    """The API's own answer, asked with the query text."""
    response = httpx.post(
        f"{url}/graphql", json={"query": query, "variables": variables}, timeout=60
    )
    answer = response.json()
    assert "errors" not in answer, answer
    return answer["data"]


def members_of(url: str) -> tuple[str, int, list[tuple[str, str, str | None]]]:
    """The cohort's name, member count and members (key, name, role), every page."""
    members: list[tuple[str, str, str | None]] = []
    after = None
    while True:
        variables = {"cohort": COHORT, "first": 100, "after": after}
        cohort = ask(url, EXAMPLE_NAMES["COHORT_MEMBERS"], **variables)["cohort"]
        page = cohort["members"]
        members += [(e["node"]["key"], e["node"]["name"], e["role"]) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return cohort["name"], page["totalCount"], members
        after = page["pageInfo"]["endCursor"]


@pytest.fixture(scope="module")
def convene_url(demo_data_dir: Path) -> Iterator[str]:
    """Convene serving the demo network, remembering persisted queries as clients send them."""
    with serve(create_app(Settings(data_dir=demo_data_dir))) as url:
        yield url


@pytest.fixture(scope="module")
def person(convene_url: str) -> str:
    """A member of the cohort for whom the API has suggestions."""
    _, _, members = members_of(convene_url)
    for key, _, _ in members[:10]:
        found = ask(convene_url, SUGGESTED, person=key, first=1)["person"]
        if found["suggestedCollaborators"]:
            return key
    pytest.fail("no member of the cohort has suggestions")


def test_the_example_prints_the_cohort_and_the_suggestions_the_api_gives(
    convene_url: str, person: str
) -> None:
    # Given the API's own answers about the cohort and the person
    name, total, members = members_of(convene_url)
    expected = ask(convene_url, SUGGESTED, person=person, first=SUGGESTIONS)["person"]
    # When the example runs
    result = run_example(convene_url, person)
    # Then it prints every member, read page by page, then each suggestion with its reasons
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{name} ({COHORT}): {total} members"
    member_lines = [f"  {n} ({role})" if role else f"  {n}" for _, n, role in members]
    assert lines[1 : 1 + len(members)] == member_lines
    assert len(members) == total
    assert (
        lines[1 + len(members)] == f"read in {math.ceil(total / PAGE_SIZE)} page(s) of at most 40"
    )
    assert f"People {expected['name']} could meet:" in lines
    printed = lines[lines.index(f"People {expected['name']} could meet:") + 1 :]
    blocks = suggestion_blocks(printed)
    assert len(blocks) == len(expected["suggestedCollaborators"]) == SUGGESTIONS
    cohort_keys = {key for key, _, _ in members}
    for rank, ((heading, reason_lines), suggestion) in enumerate(
        zip(blocks, expected["suggestedCollaborators"], strict=True), start=1
    ):
        node = suggestion["node"]
        fellow = " (in the cohort)" if node["key"] in cohort_keys else ""
        assert heading == f"{rank:>2}. {node['name']}{fellow}, score {suggestion['score']:.2f}"
        assert len(reason_lines) == len(suggestion["reasons"])
        for line, reason in zip(reason_lines, suggestion["reasons"], strict=True):
            assert line.endswith(": " + ", ".join(e["name"] for e in reason["evidence"]))


def suggestion_blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """The printed suggestions: each heading (`` 1. Name, score 2.50``) with its reasons
    (the indented lines below it)."""
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("      "):
            blocks[-1][1].append(line.strip())
        else:
            blocks.append((line, []))
    return blocks


def test_the_example_sends_hashes_and_the_text_only_when_asked(
    convene_url: str, person: str
) -> None:
    # Given a server that may not know the example's documents yet
    # When the example runs twice
    first = run_example(convene_url, person)
    second = run_example(convene_url, person)
    # Then every request went by hash; the text followed at most once per document,
    # and never once the server knew them
    _, total, _ = members_of(convene_url)
    requests = math.ceil(total / PAGE_SIZE) + 1
    assert first.stderr.startswith(f"{requests} requests sent by hash, ")
    assert second.stderr == f"{requests} requests sent by hash, 0 resent with the query text\n"


def test_the_example_runs_where_only_known_documents_run(
    demo_data_dir: Path, tmp_path: Path
) -> None:
    # Given a server that runs only the documents of a manifest holding the example's
    example = EXAMPLE_NAMES
    manifest = tmp_path / "persisted-queries.json"
    manifest.write_bytes(orjson.dumps({example["sha256_hex"](d): d for d in example["DOCUMENTS"]}))
    settings = Settings(
        data_dir=demo_data_dir, persisted_queries=(manifest,), persisted_queries_only=True
    )
    with serve(create_app(settings)) as url:
        key = next(k for k, _, _ in members_of_by_hash(url, example))
        # When the example runs
        result = run_example(url, key)
    # Then it works by hash alone
    assert result.returncode == 0, result.stderr
    assert result.stderr.endswith("requests sent by hash, 0 resent with the query text\n")
    assert "could meet:" in result.stdout


def members_of_by_hash(url: str, example: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """The cohort's first members, asked by hash with the example's own document."""
    body = {
        "extensions": {
            "persistedQuery": {
                "version": 1,
                "sha256Hash": example["sha256_hex"](example["COHORT_MEMBERS"]),
            }
        },
        "variables": {"cohort": COHORT, "first": 5},
    }
    answer = httpx.post(f"{url}/graphql", json=body, timeout=60).json()
    edges = answer["data"]["cohort"]["members"]["edges"]
    return [(e["node"]["key"], e["node"]["name"], e["role"]) for e in edges]


def test_the_example_says_in_one_line_when_the_token_is_refused(
    convene_url: str, person: str
) -> None:
    # Given a token the server does not know
    # When the example runs with it
    result = run_example(convene_url, person, "--token", "not-a-token")
    # Then it stops with one line saying why
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("cohort_suggestions: ")
    assert "UNAUTHENTICATED" in result.stderr
    assert result.stderr.count("\n") == 1
