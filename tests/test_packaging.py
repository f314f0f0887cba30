"""``pip install .`` alone gives a working ``convene``: the wheel holds the service and
its demo data, not the benchmark, and builds without warnings.

The slow test builds the wheel from the Docker build context, installs it with its
dependencies into a clean virtual environment, and runs the commands from a folder
outside the checkout, the way the image and a user of the wheel run them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import bench
from tests.test_cli import served
from tests.test_dockerfile import REPO_ROOT, docker_context_files, pyproject

SEEDED = re.compile(r"seeded (?P<nodes>\d+) nodes and (?P<relationships>\d+) relationships")


def requirement_name(requirement: str) -> str:
    return re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0].lower()


def test_the_wheel_leaves_the_benchmark_out() -> None:
    include = pyproject()["tool"]["setuptools"]["packages"]["find"]["include"]
    assert not [pattern for pattern in include if "bench".startswith(pattern.rstrip("*"))]


def test_the_bench_extra_installs_what_the_benchmark_checks_for() -> None:
    extras = pyproject()["project"]["optional-dependencies"]
    assert {requirement_name(r) for r in extras["bench"]} == set(bench.EXTRA_MODULES)
    assert "convene[bench]" in extras["dev"]


def test_the_license_is_an_spdx_expression_setuptools_reads_quietly() -> None:
    # the table form and license classifiers make setuptools print pages of warnings
    project = pyproject()
    assert project["project"]["license"] == "MIT"
    assert not [c for c in project["project"].get("classifiers", []) if c.startswith("License")]
    assert "setuptools>=77" in pyproject()["build-system"]["requires"]


@dataclass(frozen=True)
class Installed:
    """A clean virtual environment holding the wheel and its dependencies."""

    wheel: Path
    bin: Path
    elsewhere: Path
    env: dict[str, str]

    def run(
        self, *args: str, data: Path, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "convene"), *args],
            cwd=cwd or self.elsewhere,
            env={**self.env, "CONVENE_DATA_DIR": str(data)},
            capture_output=True,
            text=True,
            timeout=300,
        )


def clean_env() -> dict[str, str]:
    """This process's environment without anything pointing at the checkout or a store."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "CONVENE_", "NEO4J_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(CI="1", PIP_DISABLE_PIP_VERSION_CHECK="1", CONVENE_WARM_ANALYTICS="false")
    return env


def copy_of_the_build_context(root: Path) -> Path:
    """The files ``docker build .`` would send, copied under ``root``."""
    context = root / "context"
    for path in docker_context_files():
        target = context / path.relative_to(REPO_ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return context


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    root = tmp_path_factory.mktemp("packaging")
    context = copy_of_the_build_context(root)
    env = clean_env()
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(root / "dist"), str(context)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    assert "warning" not in (built.stdout + built.stderr).lower(), built.stdout + built.stderr
    (wheel,) = (root / "dist").glob("convene-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True, timeout=300)
    bin_dir = root / "venv" / "bin"
    pip = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert pip.returncode == 0, pip.stderr
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    yield Installed(wheel, bin_dir, elsewhere, env)


@pytest.mark.slow
def test_the_wheel_holds_the_service_and_its_demo_data_but_no_benchmark(
    installed: Installed,
) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    tops = {name.split("/", 1)[0] for name in names if not name.startswith("convene-")}
    assert tops == {"cli.py", "server.py", "settings.py", "access", "data", "graph"} | {
        "querylimits",
        "resolvers",
        "schema",
        "web",
    }
    assert {"data/demo/real.jsonl", "data/demo/synthetic.jsonl"} <= set(names)


@pytest.mark.slow
def test_a_plain_install_seeds_counts_exports_and_imports_outside_the_checkout(
    installed: Installed,
) -> None:
    # given the wheel installed alone and an empty data folder outside the checkout
    data = installed.elsewhere / "data"
    # when the user asks for help, seeds the demo network and counts it
    helped = installed.run("--help", data=data)
    seeded = installed.run("seed", data=data)
    counted = installed.run("stats", "--json", data=data)
    # then each command works, on the demo data the wheel carries
    assert helped.returncode == 0, helped.stderr
    assert "seed" in helped.stdout and "serve" in helped.stdout
    assert seeded.returncode == 0, seeded.stderr
    match = SEEDED.search(seeded.stderr)
    assert match, seeded.stderr
    counts = json.loads(counted.stdout)
    assert int(match["nodes"]) > 0 and int(match["relationships"]) > 0
    assert sum(counts["nodes"].values()) == int(match["nodes"])
    assert sum(counts["relationships"].values()) == int(match["relationships"])
    assert counts["nodes"]["Person"] > 0
    # and the network goes out and back in, and tokens are managed
    exported = installed.run("export", "--format", "jsonl", "--out", "network.jsonl", data=data)
    imported = installed.run("import", "network.jsonl", data=installed.elsewhere / "other")
    created = installed.run("token", "create", "--role", "reader", "--name", "ci", data=data)
    listed = installed.run("token", "list", data=data)
    for result in (exported, imported, created, listed):
        assert result.returncode == 0, result.stderr
    assert "imported" in imported.stderr
    assert listed.stdout.startswith("ci\treader")


@pytest.mark.slow
def test_a_plain_install_serves_graphql(installed: Installed) -> None:
    # given a seeded store
    data = installed.elsewhere / "served"
    assert installed.run("seed", data=data).returncode == 0
    env = {**installed.env, "CONVENE_DATA_DIR": str(data)}
    command = [str(installed.bin / "convene"), "serve", "--port", "0"]
    # when the installed service is asked a question
    with served(command, env, installed.elsewhere) as announced:
        request = urllib.request.Request(
            f"http://127.0.0.1:{announced['port']}/graphql",
            data=json.dumps({"query": "{ people(first: 1) { totalCount } }"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read())
    # then it answers from the demo network
    assert answer["data"]["people"]["totalCount"] > 0, answer


@pytest.mark.slow
def test_bench_from_a_plain_install_says_what_to_install(installed: Installed) -> None:
    # given the wheel alone (no benchmark in it)
    data = installed.elsewhere / "bench"
    # when the benchmark is asked for
    result = installed.run("bench", "--quick", "--out", "results", data=data)
    # then one line says where it runs and what to install
    assert result.returncode == 2
    assert result.stderr == (
        "convene: bench runs from a source checkout of Convene: pip install -e '.[bench]' there\n"
    )


@pytest.mark.slow
def test_bench_in_a_checkout_without_the_extra_names_what_is_missing(
    installed: Installed,
) -> None:
    # given the checkout's command run by a Python without the bench extra
    result = subprocess.run(
        [str(installed.bin / "python"), "-m", "cli", "bench", "--quick", "--out", "results"],
        cwd=REPO_ROOT,
        env={**installed.env, "CONVENE_DATA_DIR": str(installed.elsewhere / "bench")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    # then one line names the missing modules and the extra that brings them
    assert result.returncode == 2
    assert result.stderr == (
        "convene: bench needs the bench extra (httpx, matplotlib, lxml missing): "
        "pip install -e '.[bench]'\n"
    )


@pytest.mark.slow
def test_the_editable_install_of_the_setup_script_prints_nothing(tmp_path: Path) -> None:
    # given a copy of the checkout and a fresh virtual environment with a current pip,
    # as scripts/setup.sh makes it
    checkout = tmp_path / "checkout"
    leave_out = (
        ".git",
        ".venv",
        "node_modules",
        "build",
        "*.egg-info",
        "__pycache__",
        ".convene",
        "out",
    )
    shutil.copytree(REPO_ROOT, checkout, ignore=shutil.ignore_patterns(*leave_out))
    env = clean_env()
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True)
    python = str(tmp_path / "venv" / "bin" / "python")
    upgrade = [python, "-m", "pip", "install", "-q", "--upgrade", "pip"]
    subprocess.run(upgrade, env=env, check=True, capture_output=True, timeout=600)
    # when Convene is installed in editable mode, quietly (its dependencies are beside
    # the point here)
    result = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "-e", str(checkout)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    # then nothing is printed, and the benchmark of the checkout is importable
    assert result.returncode == 0, result.stderr
    assert result.stdout + result.stderr == ""
    found = subprocess.run(
        [python, "-c", "import importlib.util; print(importlib.util.find_spec('bench').origin)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert found.stdout.strip() == str(checkout / "bench" / "__init__.py"), found.stderr
