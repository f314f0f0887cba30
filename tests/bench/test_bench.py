"""The benchmark command works end to end and writes valid results (no timing is checked)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.context import BenchOptions
from bench.figures import Figure, Goal, ratio_at_least, ratio_at_most, value_at_least
from bench.main import run
from bench.neo4j_server import OwnNeo4j
from bench.report import format_value

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {
    "name": str,
    "value": float,
    "unit": str,
    "baseline": str,
    "baseline_value": float,
    "ratio": float,
    "goal": str,
    "met": bool,
}
MEASURED_ON_EMBEDDED = (
    "bulk import (embedded)",
    "bulk import peak RSS (embedded)",
    "projection rebuild (embedded)",
    "GraphML export time (embedded)",
    "GraphML export peak memory (embedded)",
    "GraphQL p50, person → projects → teammates (embedded)",
    "GraphQL p50, person → projects → teammates vs the floor (embedded)",
    "person by key, 8 concurrent clients (embedded)",
    "person by key revalidated by ETag (304), 8 concurrent clients (embedded)",
    "requests answered during writes (embedded)",
    "warm RSS per worker (embedded)",
)


@pytest.mark.slow
def test_convene_bench_on_a_tiny_network_writes_valid_results(tmp_path: Path) -> None:
    # given a tiny network, the embedded store only, and a private temporary directory
    out = tmp_path / "results"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONVENE_", "NEO4J_"))}
    env.update(TMPDIR=str(scratch), CI="1", CONVENE_DATA_DIR=str(tmp_path / "service-data"))

    # when the command runs
    command = ["bench", "--people", "300", "--stores", "embedded", "--out", str(out)]
    result = subprocess.run(
        [sys.executable, "-m", "cli", *command, "--repeats", "1", "--baseline-rows", "50"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )

    # then it succeeds and every figure has every field
    assert result.returncode == 0, result.stderr
    figures = json.loads((out / "results.json").read_text())
    assert isinstance(figures, list) and figures
    names = [figure["name"] for figure in figures]
    for figure in figures:
        assert set(FIELDS) <= set(figure), figure["name"]
        assert isinstance(figure["goal"], str) and figure["goal"]
        assert isinstance(figure["met"], bool)
    # and what can be measured on the embedded store was, next to its baseline
    measured = {figure["name"]: figure for figure in figures if figure["value"] is not None}
    assert set(MEASURED_ON_EMBEDDED) <= set(measured), names
    for figure in measured.values():
        for field, kind in FIELDS.items():
            assert isinstance(figure[field], kind), (figure["name"], field, figure[field])
        assert figure["value"] > 0 and figure["baseline_value"] > 0
        assert figure["ratio"] == pytest.approx(figure["value"] / figure["baseline_value"])
    # and what is not measured says so, and never counts as met
    for figure in figures:
        if figure["value"] is None:
            assert figure["note"].startswith("not measured: ") and figure["met"] is False
    # and the table and the plot are there, the printed summary names each figure
    table = (out / "results.md").read_text()
    assert "| figure | value | baseline (same run) |" in table
    assert all(name in table for name in names)
    assert (out / "results.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert all(name in result.stdout for name in names)
    # and the run left nothing behind: no scratch data, no service data directory
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "service-data").exists()


def test_a_store_that_cannot_start_is_reported_as_not_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a Neo4j server that refuses to start
    def refuse(self: object) -> None:
        raise RuntimeError("scripts/neo4j.sh start failed: no Java")

    monkeypatch.setattr(OwnNeo4j, "start", refuse)
    options = BenchOptions(
        out=tmp_path / "out",
        people=100,
        stores=("neo4j", "embedded"),
        workloads=("import",),
        baseline_rows=20,
        repeats=1,
        work_root=tmp_path,
    )

    # when the benchmark runs
    figures = run(options)

    # then both Neo4j figures (transactional, --initial) say why they were not measured,
    # and the embedded ones still ran
    neo4j = [figure for figure in figures if figure.store == "neo4j"]
    assert len(neo4j) == 2
    assert all(f.value is None and f.met is False and "no Java" in f.note for f in neo4j)
    assert all(figure.value is not None for figure in figures if figure.store == "embedded")
    written = json.loads((tmp_path / "out" / "results.json").read_text())
    assert [figure["value"] is None for figure in written] == [True, True, False, False]


def test_goals_compare_value_and_baseline_as_their_text_says() -> None:
    # given the import goal: 20 times the baseline and 50,000 per second
    goal = Goal.all_of(ratio_at_least(20), value_at_least(50_000, "relationships/s"))

    # then both halves must hold
    assert goal.check(60_000, 1_000)
    assert not goal.check(60_000, 5_000)
    assert not goal.check(40_000, 1_000)
    assert goal.text == "≥ 20x the baseline and ≥ 50,000 relationships/s"


def test_a_time_figure_meets_its_goal_when_small_enough() -> None:
    # given a projection that took 1.5 times as long as streaming
    figure = Figure.measured("p", 3.0, "s", "streaming", 2.0, ratio_at_most(2))

    # then its ratio is value over baseline and the goal is met
    assert figure.ratio == 1.5
    assert figure.met
    assert Figure.measured("p", 5.0, "s", "streaming", 2.0, ratio_at_most(2)).met is False


def test_values_are_formatted_for_people() -> None:
    assert format_value(1234567.8, "relationships/s") == "1,234,568 relationships/s"
    assert format_value(2.345, "s") == "2.35 s"
    assert format_value(None, "s") == "not measured"
