"""Run the Node.js checks of ``playground/checks/`` (installed by scripts/setup-web.sh)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import orjson
import pytest

PLAYGROUND_DIR = Path(__file__).resolve().parents[2] / "playground"
CHECK_LIMIT = 240


def run_check(script: str, url: str) -> Any:
    """Run ``playground/checks/<script> <url>`` and return the JSON line it prints.

    A missing Node.js or npm install is a failure, not a skip: CI must install them.
    """
    node = shutil.which("node")
    if node is None or not (PLAYGROUND_DIR / "node_modules").is_dir():
        pytest.fail("Node.js and the playground npm packages are needed: run scripts/setup-web.sh")
    completed = subprocess.run(
        [node, f"checks/{script}", url],
        cwd=PLAYGROUND_DIR,
        capture_output=True,
        text=True,
        timeout=CHECK_LIMIT,
        check=False,
    )
    if completed.returncode != 0:
        pytest.fail(f"{script} failed ({completed.returncode}):\n{completed.stderr[-4000:]}")
    return orjson.loads(completed.stdout.strip().splitlines()[-1])
