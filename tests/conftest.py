"""Shared fixtures: a fresh store of each kind, and the Neo4j server the project starts.

Store tests take the ``store`` fixture and run once per store kind. The Neo4j runs need
the server from ``scripts/neo4j.sh start``; without it they are skipped, unless
``--require-neo4j`` (set by CI) turns the skip into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import strawberry

from graph.store import Unavailable
from settings import Settings

if TYPE_CHECKING:
    from pluggy import Result

    from graph.embedded.store import EmbeddedStore
    from graph.neo4j.store import Neo4jStore
    from tests.stores import ConcreteStore


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--require-neo4j",
        action="store_true",
        default=os.environ.get("CONVENE_REQUIRE_NEO4J") == "1",
        help="fail (instead of skip) when the Neo4j server is not reachable",
    )


def neo4j_settings() -> Settings:
    """The settings tests use to reach the project's Neo4j server."""
    return Settings.from_env().with_overrides(store="neo4j")


_neo4j_error: list[str] = []


def _connect_neo4j(config: pytest.Config) -> Neo4jStore:
    from graph.neo4j.store import Neo4jStore

    if _neo4j_error:
        _neo4j_unavailable(config, _neo4j_error[0])
    settings = neo4j_settings()
    try:
        return Neo4jStore.connect(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password)
    except Unavailable as error:
        _neo4j_error.append(error.message)
        _neo4j_unavailable(config, error.message)
        raise  # unreachable: the helper above always raises


def _neo4j_unavailable(config: pytest.Config, message: str) -> None:
    if config.getoption("--require-neo4j"):
        pytest.fail(f"Neo4j is required but unavailable: {message}", pytrace=False)
    pytest.skip(f"Neo4j unavailable: {message}")


@pytest.fixture(scope="session")
def neo4j_store(request: pytest.FixtureRequest) -> Iterator[Neo4jStore]:
    """One connection to the real Neo4j server for the whole run."""
    store = _connect_neo4j(request.config)
    yield store
    store.clear()
    store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store_kind(request: pytest.FixtureRequest) -> str:
    """Each store kind in turn."""
    return str(request.param)


def _empty_neo4j(request: pytest.FixtureRequest) -> Neo4jStore:
    """The session's Neo4j store, emptied, with no live network left from before."""
    neo4j: Neo4jStore = request.getfixturevalue("neo4j_store")
    neo4j.clear()
    # The store object outlives the test; its live network must not.
    from graph.live import LiveNetwork

    LiveNetwork.forget_shared(neo4j)
    return neo4j


@pytest.fixture
def store(
    store_kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[ConcreteStore]:
    """An empty store of each kind."""
    if store_kind == "neo4j":
        yield _empty_neo4j(request)
        return
    from graph.embedded.store import EmbeddedStore

    embedded = EmbeddedStore.open(tmp_path / "data")
    yield embedded
    embedded.close()


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """An empty embedded store in a temporary directory."""
    from graph.embedded.store import EmbeddedStore

    embedded = EmbeddedStore.open(tmp_path / "data")
    yield embedded
    embedded.close()


_skipped_neo4j: list[str] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Result[pytest.TestReport], None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and item.get_closest_marker("neo4j") is not None:
        _skipped_neo4j.append(item.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped_neo4j and session.config.getoption("--require-neo4j"):
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"FAILED: {len(_skipped_neo4j)} Neo4j test(s) skipped while Neo4j is required",
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory whose embedded store holds the demo network (read-only use)."""
    from tests.demo_store import seed_demo

    return seed_demo(tmp_path_factory.mktemp("demo") / "data")


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def demo_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ConcreteStore]:
    """The demo network in each store kind, loaded once per module: for tests that only
    read. A module that uses it takes no other Neo4j store, which would empty it."""
    from data import demo_files
    from graph.importer import load_files

    if request.param == "neo4j":
        neo4j = _empty_neo4j(request)
        assert load_files(neo4j, demo_files()).errors == []
        yield neo4j
        return
    from graph.embedded.store import EmbeddedStore

    embedded = EmbeddedStore.open(tmp_path_factory.mktemp("demo-store") / "data")
    assert load_files(embedded, demo_files()).errors == []
    yield embedded
    embedded.close()


@pytest.fixture
def anyio_backend() -> str:
    """The GraphQL tests run on asyncio: Strawberry's DataLoader needs it."""
    return "asyncio"


@pytest.fixture(scope="module")
def settings() -> Settings:
    """Default settings (local profile: introspection on)."""
    return Settings()


@pytest.fixture(scope="module")
def schema(settings: Settings) -> strawberry.Schema:
    """The schema under test, built once per module."""
    from schema import build_schema

    return build_schema(settings)
