"""The app under test, built with ``create_app`` around a small schema of its own.

These tests are about the HTTP layer (the GraphQL-over-HTTP rules, tokens, limits,
health), so the schema here is the smallest one that exercises them; the store is the
real embedded store in a temporary directory.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import strawberry
from starlette.testclient import TestClient
from strawberry.types import Info

from access.viewer import Viewer
from graph.store import GraphStore
from server import Components, create_app
from settings import Settings


@dataclass
class SmallContext:
    """What the small schema's resolvers see: the viewer and the store of the request."""

    store: GraphStore
    viewer: Viewer
    settings: Settings


@dataclass
class Calls:
    """What the small schema did, so tests can check that nothing ran."""

    mutations: int = 0
    slow_started: int = 0
    seen: list[str] = field(default_factory=list)


def small_schema(calls: Calls) -> strawberry.Schema:
    @strawberry.type
    class Query:
        @strawberry.field
        def hello(self, name: str = "world") -> str:
            calls.seen.append(name)
            return f"Hello, {name}!"

        @strawberry.field
        def viewer_role(self, info: Info[SmallContext, None]) -> str:
            return info.context.viewer.role.value

        @strawberry.field
        def data_version(self, info: Info[SmallContext, None]) -> int:
            return info.context.store.data_version()

        @strawberry.field
        def broken(self) -> str | None:
            raise ValueError("this field always fails")

        @strawberry.field
        async def slow(self) -> str:
            calls.slow_started += 1
            await asyncio.sleep(30)
            return "finally"

    @strawberry.type
    class Mutation:
        @strawberry.mutation
        def touch(self) -> int:
            calls.mutations += 1
            return calls.mutations

    return strawberry.Schema(query=Query, mutation=Mutation)


def small_components(calls: Calls, **overrides: Any) -> Components:
    return Components(
        build_schema=lambda settings: small_schema(calls),
        make_context=lambda store, viewer, settings, network: SmallContext(store, viewer, settings),
        **overrides,
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Local-profile settings with the data directory in a temporary folder."""
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def make_client(settings: Settings, calls: Calls) -> Iterator[Any]:
    """Build a started test client; keyword arguments override settings."""
    clients: list[TestClient] = []

    def build(components: Components | None = None, **changes: Any) -> TestClient:
        app = create_app(settings.with_overrides(**changes), components or small_components(calls))
        client = TestClient(app, raise_server_exceptions=True)
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Any) -> TestClient:
    """The app with default (local profile) settings."""
    built: TestClient = make_client()
    return built


def seed_demo(data_dir: Path) -> Path:
    """Load the demo network into an embedded store at ``data_dir``; returns it."""
    from data import demo_files
    from graph.embedded.store import EmbeddedStore
    from graph.importer import load_files

    store = EmbeddedStore.open(data_dir)
    try:
        load_files(store, demo_files())
    finally:
        store.close()
    return data_dir


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory whose embedded store holds the demo network (read-only use)."""
    return seed_demo(tmp_path_factory.mktemp("demo") / "data")
