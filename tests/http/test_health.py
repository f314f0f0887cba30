"""/healthz and /readyz."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any

from starlette.testclient import TestClient

from graph.store import GraphStore, Unavailable
from server import open_configured_store
from settings import Settings
from tests.http.conftest import Calls, small_components


@dataclass
class UnreachableStore:
    """A store that opened and then lost its server (as Neo4j does when it stops)."""

    inner: GraphStore

    def data_version(self) -> int:
        raise Unavailable("Neo4j is not running at bolt://127.0.0.1:7687")

    def close(self) -> None:
        self.inner.close()


def test_healthz_answers_ok(client: TestClient) -> None:
    # Given a started server
    # When /healthz is asked
    response = client.get("/healthz")
    # Then it answers 200 ok, not cached
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_readyz_reports_the_store_data_version(client: TestClient) -> None:
    # Given a started server on a fresh store
    # When /readyz is asked
    response = client.get("/readyz")
    # Then it is ready and reports the store's data version and the network's
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["dataVersion"]) == ("ready", 0)
    assert body["network"]["version"] == 0
    assert body["network"]["error"] is None


def test_readyz_is_503_when_the_store_cannot_be_reached(make_client: Any, calls: Calls) -> None:
    # Given a server whose store has become unreachable
    def open_unreachable(settings: Settings) -> Any:
        return UnreachableStore(open_configured_store(settings))

    client = make_client(small_components(calls, open_store=open_unreachable))
    # When /readyz is asked
    response = client.get("/readyz")
    # Then it says the store is unavailable, and why; /healthz still answers
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "reason": "Neo4j is not running at bolt://127.0.0.1:7687",
    }
    assert client.get("/healthz").status_code == 200


def test_readyz_says_warming_until_the_analytics_network_is_built(
    embedded_store: GraphStore,
) -> None:
    # Given a live network whose first build is held
    import threading
    from collections.abc import Iterator

    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.routing import Route

    from graph.live import LiveNetwork
    from web import health

    release = threading.Event()

    class HeldStore:
        def iter_nodes(self, labels: Any = ()) -> Iterator[Any]:
            assert release.wait(30)
            return embedded_store.iter_nodes(labels)

        def __getattr__(self, name: str) -> Any:
            return getattr(embedded_store, name)

    network = LiveNetwork(HeldStore())
    network.start()

    async def ready(request: Request) -> Any:
        return await health.readyz(request, embedded_store, network)

    original, health.READY_TIMEOUT = health.READY_TIMEOUT, 0.1
    try:
        client = TestClient(Starlette(routes=[Route("/readyz", ready)]))
        # When /readyz is asked before and after the build ends
        warming = client.get("/readyz")
        release.set()
        assert network.wait_built(5)
        ready_now = client.get("/readyz")
    finally:
        health.READY_TIMEOUT = original
        release.set()
        network.close()
    # Then it is 503 "warming" first, ready afterwards with the network's version
    assert warming.status_code == 503
    assert warming.json()["status"] == "warming"
    assert ready_now.status_code == 200
    assert ready_now.json()["network"]["version"] == embedded_store.data_version()


def test_the_served_network_is_kept_out_of_the_garbage_collectors_sight(make_client: Any) -> None:
    # Given nothing frozen yet
    gc.unfreeze()
    try:
        # When a server starts and has built its network
        client = make_client()
        assert client.get("/readyz").json()["network"]["version"] == 0
        # Then the build's objects are frozen: collections at 100,000 people no longer
        # stop every thread for hundreds of milliseconds
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
