"""Run the Node.js checks of ``playground/checks/`` and ``app/checks/`` (their packages
installed by scripts/setup-web.sh)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
import pytest

PLAYGROUND_DIR = Path(__file__).resolve().parents[2] / "playground"
APP_DIR = Path(__file__).resolve().parents[2] / "app"
CHECK_LIMIT = 240


def run_check(
    script: str, url: str, *, directory: Path = PLAYGROUND_DIR, env: Mapping[str, str] = {}
) -> Any:
    """Run ``<directory>/checks/<script> <url>`` (with ``env`` added to the environment)
    and return the JSON line it prints.

    A missing Node.js or npm install is a failure, not a skip: CI must install them.
    """
    node = shutil.which("node")
    if node is None or not (directory / "node_modules").is_dir():
        pytest.fail(
            f"Node.js and the npm packages of {directory.name}/ are needed: "
            "run scripts/setup-web.sh"
        )
    completed = subprocess.run(
        [node, f"checks/{script}", url],
        cwd=directory,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=CHECK_LIMIT,
        check=False,
    )
    if completed.returncode != 0:
        pytest.fail(f"{script} failed ({completed.returncode}):\n{completed.stderr[-4000:]}")
    return orjson.loads(completed.stdout.strip().splitlines()[-1])
