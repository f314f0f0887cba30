"""The suggestion, query-mix, analytics and live workloads: their parts work (no timing checked)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bench.context import BenchContext, BenchOptions
from bench.workloads import analytics, http_suggestions, live, query_mix
from data.synth import write_network

SERVER_DIR = query_mix.SERVER_DIR


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_neo4j_graphql_server_script_parses() -> None:
    # given the server script of the query-mix baseline
    script = SERVER_DIR / "server.mjs"

    # when node checks its syntax
    result = subprocess.run(
        ["node", "--check", str(script)], capture_output=True, text=True, timeout=60
    )

    # then it parses
    assert result.returncode == 0, result.stderr


def test_the_neo4j_graphql_packages_are_locked_and_not_committed() -> None:
    # given the baseline server's package files
    manifest = json.loads((SERVER_DIR / "package.json").read_text())
    lock = json.loads((SERVER_DIR / "package-lock.json").read_text())

    # then every dependency is pinned in the lock file that npm ci installs from
    assert {"@neo4j/graphql", "graphql-yoga", "neo4j-driver"} <= set(manifest["dependencies"])
    for name, version in manifest["dependencies"].items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    # and the installed packages stay out of the repository
    assert "node_modules/" in (SERVER_DIR / ".gitignore").read_text().splitlines()


def test_both_dialects_of_the_mix_shape_the_same_data_alike() -> None:
    # given the same teammates in Convene's connections and in @neo4j/graphql's lists
    members = [{"key": "ada", "name": "Ada"}, {"key": "bo", "name": "Bo"}]
    ours = {
        "person": {
            "key": "ada",
            "name": "Ada",
            "projects": {
                "edges": [
                    {
                        "node": {
                            "key": "p1",
                            "name": "P1",
                            "members": {"edges": [{"node": m} for m in members]},
                        }
                    }
                ]
            },
        }
    }

    def theirs(team: list[dict[str, str]]) -> dict[str, Any]:
        project = {"key": "p1", "name": "P1", "members": team}
        return {"people": [{"key": "ada", "name": "Ada", "projects": [project]}]}

    # when both are reduced to keys and names
    same = query_mix.their_answer("teammates", theirs(members))
    one_missing = query_mix.their_answer("teammates", theirs(members[:1]))

    # then they are equal, and a missing member makes them differ
    assert query_mix.convene_answer("teammates", ours) == same
    assert query_mix.convene_answer("teammates", ours) != one_missing


def test_the_mix_asks_only_about_discoverable_people(tmp_path: Path) -> None:
    # given a synthetic network in which some people are not discoverable
    network = tmp_path / "network.jsonl"
    write_network(network, 400, seed=3)
    hidden = {
        record["key"]
        for record in map(json.loads, network.read_text().splitlines())
        if record.get("label") == "Person" and record["props"].get("discoverable") is False
    }
    assert hidden

    # when the mix picks its keys
    keys = query_mix.mix_keys(network, 10_000, seed=3)

    # then none of them is hidden, and there are gatherings and countries to ask about
    assert keys.people and not hidden & set(keys.people)
    assert keys.gatherings and keys.countries


def test_the_suggestion_sample_includes_the_best_connected_person(tmp_path: Path) -> None:
    # given a synthetic network
    network = tmp_path / "network.jsonl"
    write_network(network, 1000, seed=2)

    # when a sample of 50 is drawn
    sample = http_suggestions.sample_people(network, 50, seed=2)

    # then it has 50 distinct people, 5 of them hubs, the best-connected among them
    assert len(set(sample.keys)) == 50
    assert len(sample.hubs) == 5 and set(sample.hubs) <= set(sample.keys)
    assert sample.top_degree >= sample.hub_threshold > 0


@pytest.mark.slow
def test_the_suggestion_workload_measures_a_tiny_network_on_the_embedded_store(
    tmp_path: Path,
) -> None:
    # given a tiny network and the embedded store only
    options = BenchOptions(
        out=tmp_path / "out",
        people=300,
        stores=("embedded",),
        workloads=(http_suggestions.NAME,),
        repeats=1,
        work_root=tmp_path,
    )

    # when the suggestion workload runs
    with BenchContext(options) as ctx:
        ctx.prepare()
        figures = http_suggestions.run(ctx)

    # then each promised figure has a value and a baseline, and the note tells the build
    assert [figure.name for figure in figures] == [
        spec.name for spec in http_suggestions.figures(("embedded",))
    ]
    for figure in figures:
        assert figure.value is not None and figure.value > 0, figure.note
        assert figure.baseline_value is not None and figure.baseline_value > 0
        assert "first request after start-up" in figure.note


def test_the_analytics_workload_measures_both_sides_on_one_small_network(
    tmp_path: Path,
) -> None:
    # given a network small enough for the NetworkX baseline to run on it too
    options = BenchOptions(
        out=tmp_path / "out",
        people=300,
        stores=("embedded",),
        workloads=(analytics.NAME,),
        repeats=1,
        work_root=tmp_path,
    )

    # when the analytics workload runs
    with BenchContext(options) as ctx:
        ctx.prepare()
        figures = analytics.run(ctx)

    # then each promised figure has a value and a baseline measured on the same network
    assert [figure.name for figure in figures] == [
        spec.name for spec in analytics.figures(("embedded",))
    ]
    for figure in figures:
        assert figure.value is not None and figure.value > 0, figure.note
        assert figure.baseline_value is not None and figure.baseline_value > 0
        assert "baseline at 300 (" in figure.note


def test_the_new_memberships_are_not_on_their_teams_yet(tmp_path: Path) -> None:
    # given a synthetic network and its project teams
    network = tmp_path / "network.jsonl"
    write_network(network, 400, seed=4)
    records = [json.loads(line) for line in network.read_text().splitlines()]
    teams = {
        (r["start"].split(":", 1)[1], r["end"].split(":", 1)[1])
        for r in records
        if r.get("rel") == "MEMBER_OF" and r["end"].startswith("Project:")
    }

    # when the live workload picks the memberships its writer will make
    pairs = live.new_memberships(network, 100, seed=4)

    # then they are 100 distinct ones, none of them already made, none for someone hidden
    hidden = {
        r["key"]
        for r in records
        if r.get("label") == "Person" and r["props"].get("discoverable") is False
    }
    assert hidden
    assert len(set(pairs)) == 100
    assert not teams & set(pairs)
    assert not hidden & {person for person, _ in pairs}


@pytest.mark.slow
def test_the_live_workload_measures_a_tiny_network_on_the_embedded_store(
    tmp_path: Path,
) -> None:
    # given a tiny network and the embedded store only
    options = BenchOptions(
        out=tmp_path / "out",
        people=300,
        stores=("embedded",),
        workloads=(live.NAME,),
        repeats=1,
        work_root=tmp_path,
    )

    # when the live workload runs
    with BenchContext(options) as ctx:
        ctx.prepare()
        figures = live.run(ctx)
        relationships = sum(ctx.store("embedded").counts().relationships.values())
        expected = ctx.summary.total_relationships

    # then each promised figure has a value and a baseline
    assert [figure.name for figure in figures] == [
        spec.name for spec in live.figures(("embedded",))
    ]
    for figure in figures:
        assert figure.value is not None and figure.value > 0, figure.note
        assert figure.baseline_value is not None and figure.baseline_value > 0
    by_name = {figure.name: figure for figure in figures}
    # and on a tiny network nothing fails: every request and every storm client answered
    assert by_name["requests answered during writes (embedded)"].value == 100
    assert by_name["retry storm, clients answered (embedded)"].ratio == 1
    # and the build's peak is the process's own high-water mark, never below its warm RSS
    peak = by_name["peak RSS while building the network (embedded)"].ratio
    assert peak is not None and peak >= 1
    # and the writes were taken out of the store again
    assert relationships == expected
