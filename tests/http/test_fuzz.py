"""Fuzzing: schemathesis generates GraphQL operations from the live server's schema
(every query and mutation, with generated arguments) and sends each to the live
server, anonymously and with an admin token. Whatever it sends, the answer is never a
5xx and never shows a traceback or a store's internals.

schemathesis' own pytest entry points (``schemathesis.pytest.from_fixture``) fail
under pytest 9 (``AttributeError: 'Function' object has no attribute '_nodeid'``), so
the test draws schemathesis' per-operation strategies through hypothesis itself.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from access.tokens import create_token  # noqa: E402
from server import create_app  # noqa: E402
from settings import Settings  # noqa: E402
from tests.http.live import serve  # noqa: E402

pytestmark = pytest.mark.slow

# Bounded: this many generated operations per run, each sent anonymously and as an
# admin (about a minute).
EXAMPLES = 500
LEAKS = ("Traceback", 'File "/', "Neo.ClientError", "sqlite3.", "MATCH (")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, demo_data_dir: Path) -> Iterator[dict[str, Any]]:
    """Convene (local profile) on a copy of the demo network, served live, and an
    admin token for it."""
    data_dir = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(demo_data_dir, data_dir)
    admin = create_token(data_dir, "admin", "fuzz")
    app = create_app(Settings(data_dir=data_dir, warm_analytics=False))
    with serve(app) as base_url:
        yield {"url": f"{base_url}/graphql", "admin": admin}


@pytest.fixture(scope="module")
def operations(live: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Generated cases of every query and mutation, from the schema the server
    introspects."""
    schema = schemathesis.graphql.from_url(live["url"])
    found = [result.ok() for result in schema.get_all_operations()]
    assert {op.label.split(".")[0] for op in found} == {"Query", "Mutation"}
    return st.one_of([op.as_strategy() for op in found])


def test_no_generated_operation_gets_a_server_error(
    live: dict[str, Any], operations: st.SearchStrategy[Any]
) -> None:
    sent: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operations)
    def check(case: Any) -> None:
        # Given a generated operation
        for headers in ({}, {"Authorization": f"Bearer {live['admin']}"}):
            # When it is sent anonymously and as an admin
            response = case.call(headers=headers)
            sent.append(response.status_code)
            # Then the answer is no 5xx and shows nothing internal
            text = response.text
            assert response.status_code < 500, (case.body, response.status_code, text[:500])
            assert not any(leak in text for leak in LEAKS), (case.body, text[:500])

    check()
    assert sent
