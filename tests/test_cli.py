"""The ``convene`` command, run as a user runs it: a separate process, real stores."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from data import demo_files
from graph.factory import open_store
from tests.conftest import neo4j_settings

ROOT = Path(__file__).resolve().parents[1]


def convene(
    *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def embedded_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONVENE_", "NEO4J_"))}
    env.update(CONVENE_STORE="embedded", CONVENE_DATA_DIR=str(tmp_path / "data"), CI="1")
    return env


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def any_env(request: pytest.FixtureRequest, embedded_env: dict[str, str]) -> dict[str, str]:
    if request.param == "embedded":
        return embedded_env
    store = request.getfixturevalue("neo4j_store")
    store.clear()
    return {**embedded_env, **neo4j_env()}


def neo4j_env() -> dict[str, str]:
    """The variables that reach the Neo4j server the test run uses."""
    settings = neo4j_settings()
    return {
        "CONVENE_STORE": "neo4j",
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
    }


def stats(env: dict[str, str]) -> dict[str, dict[str, int]]:
    result = convene("stats", "--json", env=env)
    assert result.returncode == 0, result.stderr
    counts: dict[str, dict[str, int]] = json.loads(result.stdout)
    return counts


def data_version(env: dict[str, str]) -> int:
    """The data version of the store ``env`` points at."""
    settings = neo4j_settings()
    store = open_store(
        env["CONVENE_STORE"],
        data_dir=Path(env["CONVENE_DATA_DIR"]),
        neo4j_uri=settings.neo4j_uri,
        neo4j_user=settings.neo4j_user,
        neo4j_password=settings.neo4j_password,
    )
    try:
        return store.data_version()
    finally:
        store.close()


def test_seed_loads_the_demo_network_and_a_second_seed_changes_nothing(
    any_env: dict[str, str],
) -> None:
    # given an empty store
    # when
    first = convene("seed", env=any_env)
    counts = stats(any_env)
    version = data_version(any_env)
    second = convene("seed", env=any_env)
    # then
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert counts["nodes"]["Person"] >= 103
    assert counts["nodes"]["Cohort"] >= 1
    assert counts["relationships"]["MEMBER_OF"] >= 103
    assert stats(any_env) == counts
    # and the second seed wrote nothing, so the version (and any projection) stands
    assert data_version(any_env) == version


def test_a_broken_data_file_is_refused_whole_with_file_line_and_field(
    any_env: dict[str, str], tmp_path: Path
) -> None:
    # given a seeded store and a copy of the demo data with one bad value
    assert convene("seed", env=any_env).returncode == 0
    before = stats(any_env)
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in demo_files():
        shutil.copy(path, broken / path.name)
    target = broken / demo_files()[-1].name
    lines = target.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[5])
    record.setdefault("props", {})["name"] = 42
    lines[5] = json.dumps(record)
    lines.append('{"label": "Person", "key": "new-person-9", "props": {"name": "New"}}')
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # when
    result = convene("seed", "--source", str(broken), env=any_env)
    # then
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{target}:6:" in result.stderr
    assert "name: must be text" in result.stderr
    assert "nothing was written" in result.stderr
    assert stats(any_env) == before


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{not json", "json: not valid JSON"),
        ('{"label": "Planet", "key": "mars", "props": {"name": "Mars"}}', "unknown label"),
        ('{"label": "Person", "props": {"name": "No Key"}}', "key: is required"),
        ('{"label": "Person", "key": "a", "props": {"name": "A", "roles": ["wizard"]}}', "roles"),
        (
            '{"rel": "MEMBER_OF", "start": "Person:nobody", "end": "Project:nothing"}',
            "Person:nobody is neither in the input nor in the store",
        ),
    ],
)
def test_import_names_the_bad_record_and_writes_nothing(
    embedded_env: dict[str, str], tmp_path: Path, line: str, expected: str
) -> None:
    # given a file with one good and one bad record
    path = tmp_path / "input.jsonl"
    good = '{"label": "Topic", "key": "math", "props": {"name": "Math"}}'
    path.write_text(f"{good}\n{line}\n", encoding="utf-8")
    # when
    result = convene("import", str(path), env=embedded_env)
    # then
    assert result.returncode == 2
    assert f"{path}:2:" in result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert stats(embedded_env)["nodes"]["Topic"] == 0


def test_a_duplicate_key_is_refused(embedded_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "dupe.jsonl"
    record = '{"label": "Topic", "key": "math", "props": {"name": "Math"}}'
    path.write_text(f"{record}\n{record}\n", encoding="utf-8")
    result = convene("import", str(path), env=embedded_env)
    assert result.returncode == 2
    assert "duplicate key" in result.stderr
    assert stats(embedded_env)["nodes"]["Topic"] == 0


def test_skip_invalid_writes_the_valid_records(
    embedded_env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"label": "Topic", "key": "math", "props": {"name": "Math"}}\n{oops\n', encoding="utf-8"
    )
    result = convene("import", "--skip-invalid", str(path), env=embedded_env)
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stderr
    assert stats(embedded_env)["nodes"]["Topic"] == 1


def test_an_unreachable_neo4j_is_one_clear_line(embedded_env: dict[str, str]) -> None:
    # given a Neo4j address where nothing listens
    env = {**embedded_env, "CONVENE_STORE": "neo4j", "NEO4J_URI": "bolt://127.0.0.1:1"}
    # when
    result = convene("stats", env=env, timeout=60)
    # then
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "scripts/neo4j.sh start" in result.stderr


@pytest.mark.neo4j
def test_wrong_neo4j_credentials_are_one_clear_line(
    embedded_env: dict[str, str], neo4j_store: object
) -> None:
    env = {**embedded_env, **neo4j_env(), "NEO4J_PASSWORD": "not-the-password"}
    result = convene("stats", env=env, timeout=60)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "NEO4J_PASSWORD" in result.stderr


def test_an_unknown_store_kind_is_a_settings_error(embedded_env: dict[str, str]) -> None:
    result = convene("stats", env={**embedded_env, "CONVENE_STORE": "sqlite"})
    assert result.returncode == 2
    assert "CONVENE_STORE" in result.stderr


def test_export_round_trips_through_import(embedded_env: dict[str, str], tmp_path: Path) -> None:
    # given a seeded store
    assert convene("seed", env=embedded_env).returncode == 0
    exported = tmp_path / "network.jsonl"
    # when the network is exported and imported into an empty store
    result = convene("export", "--format", "jsonl", "--out", str(exported), env=embedded_env)
    other = {**embedded_env, "CONVENE_DATA_DIR": str(tmp_path / "other")}
    imported = convene("import", str(exported), env=other)
    # then the new store holds the exported network, without emails
    assert result.returncode == 0, result.stderr
    assert imported.returncode == 0, imported.stderr
    assert "@example.org" not in exported.read_text(encoding="utf-8")
    assert stats(other)["nodes"]["Cohort"] == stats(embedded_env)["nodes"]["Cohort"]
    assert 0 < stats(other)["nodes"]["Person"] < stats(embedded_env)["nodes"]["Person"]


def test_export_to_an_unwritable_place_is_one_line(embedded_env: dict[str, str]) -> None:
    result = convene(
        "export", "--format", "graphml", "--out", "/proc/no-such/x.graphml", env=embedded_env
    )
    assert result.returncode == 1
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.stderr
