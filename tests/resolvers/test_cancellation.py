"""A request that gives up on an analytic cancels it, and the analytics thread is freed."""

from __future__ import annotations

import asyncio
import threading

import pytest

from graph.cancel import check_cancelled
from graph.embedded.store import EmbeddedStore
from graph.live import LiveNetwork
from graph.projection import Network
from resolvers.analytics import _compute
from resolvers.context import make_context
from settings import Settings
from tests.schema.support import ANONYMOUS

pytestmark = pytest.mark.anyio

BOUND = 10**12


async def test_a_cancelled_request_stops_its_analytic_and_frees_the_thread() -> None:
    # given one analytics thread running a request's analytic that would loop for long
    store = EmbeddedStore.in_memory()
    live = LiveNetwork(store, threads=1)
    context = make_context(store, ANONYMOUS, Settings(), live)
    started, stopped = threading.Event(), threading.Event()
    iterations = 0

    def endless(network: Network) -> int:
        nonlocal iterations
        started.set()
        try:
            while iterations < BOUND:
                check_cancelled()
                iterations += 1
        finally:
            stopped.set()
        return iterations

    try:
        request = asyncio.ensure_future(_compute(context, endless))
        assert await asyncio.to_thread(started.wait, 60)
        # when the request is cancelled (as its time limit does)
        request.cancel()
        with pytest.raises(asyncio.CancelledError):
            await request
        # then the analytic stops long before its bound and the thread takes new work
        assert await asyncio.to_thread(stopped.wait, 60)
        assert iterations < BOUND
        assert live.submit(lambda: "free").result(timeout=60) == "free"
    finally:
        live.close()
