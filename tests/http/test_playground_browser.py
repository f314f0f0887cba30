"""The playground in a real browser (headless Chromium): it loads, runs an example
through the UI, and never reaches beyond this machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from server import create_app
from settings import Settings
from tests.http.live import serve
from tests.http.node_checks import run_check

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


@pytest.fixture(scope="module")
def browser_report(demo_data_dir: Path) -> Iterator[dict[str, Any]]:
    """What Chromium saw when it opened /graphql on the demo network and ran the
    first example with the run button."""
    with serve(create_app(Settings(data_dir=demo_data_dir))) as base_url:
        yield run_check("browser.mjs", f"{base_url}/graphql")


@pytest.mark.slow
def test_the_example_runs_through_the_ui(browser_report: dict[str, Any]) -> None:
    # Given the playground opened on the demo network, with its example tabs
    # When the first example (a person's teams and teammates) is run with the button
    result = browser_report["result"] or ""
    # Then every step worked and the result pane shows the person and her teams
    assert browser_report["failure"] is None
    assert browser_report["tabs"] == ["PersonTeams", "GatheringAttendance", "ClusterMembers"]
    assert '"name": "Hannah Grant"' in result.replace("\u00a0", " ")
    assert '"errors"' not in result


@pytest.mark.slow
def test_no_request_leaves_the_machine(browser_report: dict[str, Any]) -> None:
    # Given everything the page requested while loading and running the example
    requests = browser_report["requests"]
    # Then every request went to this server: its page, assets, workers and /graphql
    assert any(url.endswith("/graphql") for url in requests)
    assert any("/playground/assets/" in url for url in requests)
    assert [url for url in requests if not is_local(url)] == []


@pytest.mark.slow
def test_no_console_error_appears(browser_report: dict[str, Any]) -> None:
    # Given the browser's console and uncaught errors during the whole visit
    # Then there were none
    assert browser_report["consoleErrors"] == []
    assert browser_report["pageErrors"] == []
