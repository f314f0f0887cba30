"""The Dockerfile builds an image that starts: it installs what pyproject.toml packages
and runs a command that install provides (there is no Docker engine to build it here)."""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from cli import build_parser
from settings import ENVIRONMENT_VARIABLES

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = REPO_ROOT / "Dockerfile"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"
PYPROJECT = REPO_ROOT / "pyproject.toml"


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuations joined."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    logical = re.sub(r"\\\n", " ", text)
    found = []
    for line in logical.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def arguments_of(keyword: str) -> list[str]:
    return [rest for found, rest in instructions() if found == keyword]


def pyproject() -> dict[str, Any]:
    with PYPROJECT.open("rb") as handle:
        return tomllib.load(handle)


def ignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """A .dockerignore pattern (Go's filepath.Match plus ``**``) as a regex."""
    parts = re.split(r"(\*\*/|\*|\?)", pattern.strip("/"))
    wildcards = {"**/": "(?:.*/)?", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(wildcards.get(part, re.escape(part)) for part in parts))


def ignored(path: str) -> bool:
    """Whether the build context leaves ``path`` out (a folder takes its contents along)."""
    if any(pattern.startswith("!") for pattern in ignore_patterns()):
        raise NotImplementedError("exceptions in .dockerignore: teach ignored() about them")
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(
        _pattern_regex(pattern).fullmatch(prefix)
        for pattern in ignore_patterns()
        for prefix in prefixes
    )


def docker_context_files() -> list[Path]:
    """The files of this checkout that a ``docker build .`` sends to the builder."""
    files = []
    for folder, subfolders, names in os.walk(REPO_ROOT):
        here = Path(folder)
        prefix = "" if here == REPO_ROOT else here.relative_to(REPO_ROOT).as_posix() + "/"
        subfolders[:] = [name for name in subfolders if not ignored(prefix + name)]
        files += [here / name for name in names if not ignored(prefix + name)]
    return files


def test_the_image_installs_the_project_itself_without_extras() -> None:
    # given the Dockerfile's working directory and what it copies there
    workdir = arguments_of("WORKDIR")[-1]
    copies = [rest.split() for rest in arguments_of("COPY")]
    # when its RUN steps are read
    runs = " && ".join(arguments_of("RUN"))
    # then the whole context lands in the working directory and pip installs it, no extras
    assert [".", workdir] in copies or [".", "."] in copies
    assert re.search(r"\bpip install \.(?=\s|$)", runs), runs
    assert "[" not in runs.split("pip install", 1)[1].split("&&", 1)[0]


def test_the_image_runs_a_command_the_install_provides() -> None:
    # given the scripts pyproject.toml installs and the modules it packages
    scripts = pyproject()["project"]["scripts"]
    modules = pyproject()["tool"]["setuptools"]["py-modules"]
    # when the image's command is read (exec form, so that signals reach it)
    command = json.loads(arguments_of("CMD")[-1])
    # then it is an installed script whose module ships, and the CLI accepts its arguments
    assert command[0] in scripts
    assert scripts[command[0]].split(":")[0] in modules
    args = build_parser().parse_args(command[1:])
    assert args.command == "serve"
    assert args.host == "0.0.0.0"


def test_the_image_exposes_the_port_it_serves_on() -> None:
    command = json.loads(arguments_of("CMD")[-1])
    port = command[command.index("--port") + 1]
    assert arguments_of("EXPOSE") == [port]


def test_the_image_sets_only_variables_the_settings_read() -> None:
    # given the image's environment
    names = {match[1] for rest in arguments_of("ENV") for match in re.finditer(r"(\w+)=", rest)}
    # when the Convene ones are picked out
    convene = {name for name in names if name.startswith(("CONVENE_", "NEO4J_"))}
    # then each is one the code reads
    assert convene, names
    assert convene <= set(ENVIRONMENT_VARIABLES), sorted(convene - set(ENVIRONMENT_VARIABLES))


def test_the_build_context_keeps_what_the_wheel_needs() -> None:
    # given what pyproject.toml builds the wheel from
    project = pyproject()
    setuptools = project["tool"]["setuptools"]
    needed = ["pyproject.toml", project["project"]["readme"]]
    needed += [f"{module}.py" for module in setuptools["py-modules"]]
    needed += [
        pattern.rstrip("*") + "/__init__.py"
        for pattern in setuptools["packages"]["find"]["include"]
    ]
    for package, patterns in setuptools["package-data"].items():
        for pattern in patterns:
            data_files = sorted((REPO_ROOT / package).glob(pattern))
            assert data_files, f"{package}/{pattern} matches nothing"
            needed += [path.relative_to(REPO_ROOT).as_posix() for path in data_files]
    # when the .dockerignore rules are applied
    left_out = [path for path in needed if ignored(path)]
    # then none of it is left out of the build context
    assert left_out == []


def test_the_build_context_leaves_out_environments_and_builds() -> None:
    for path in (
        ".venv/bin/python",
        ".git/HEAD",
        "playground/node_modules/graphiql/package.json",
        "build/lib/cli.py",
        "convene.egg-info/PKG-INFO",
        ".convene/convene.sqlite3",
        "bench/main.py",
    ):
        assert ignored(path), path
    assert not ignored("graph/store.py")
