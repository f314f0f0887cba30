"""Health checks for orchestrators: ``/healthz`` (the process answers) and ``/readyz``
(the store answers a cheap call in time, and the analytics network is built)."""

from __future__ import annotations

import anyio
import anyio.to_thread
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from graph.live import LiveNetwork
from graph.store import GraphStore, StoreError

__all__ = ["READY_TIMEOUT", "healthz", "readyz"]

READY_TIMEOUT = 2.0

_NO_CACHE = {"Cache-Control": "no-store"}


async def healthz(request: Request) -> JSONResponse:
    """200 whenever the process can answer at all; touches nothing else."""
    return JSONResponse({"status": "ok"}, headers=_NO_CACHE)


async def readyz(
    request: Request, store: GraphStore, network: LiveNetwork | None = None
) -> JSONResponse:
    """200 with the data version when the store answers within ``READY_TIMEOUT``, else 503.

    The answer never takes longer than ``READY_TIMEOUT``: a store call still running
    then is left to finish on its own (the Neo4j driver gives up on a server that
    is down within about as long).

    With ``network`` (the analytics warm-up is on), a reachable store is 503 ``warming``
    until the network's first build is done (waiting for it a quarter of
    ``READY_TIMEOUT``), and the ready answer says what the network is doing: the
    version it serves, whether it is being updated, and the last update's error. When
    the store is down but a network was built, the 503 says so too: analytics keep
    answering from that network until the store is back.
    """
    deadline = anyio.current_time() + READY_TIMEOUT
    try:
        with anyio.fail_after(READY_TIMEOUT):
            # A store call cannot be interrupted; the answer does not wait for it.
            version = await anyio.to_thread.run_sync(store.data_version, abandon_on_cancel=True)
    except TimeoutError:
        reason = f"the store did not answer within {READY_TIMEOUT:g} s"
    except StoreError as error:
        reason = error.message
    else:
        if network is None:
            return JSONResponse({"status": "ready", "dataVersion": version}, headers=_NO_CACHE)
        left = max(0.0, min(READY_TIMEOUT / 4, deadline - anyio.current_time()))
        if not await run_in_threadpool(network.wait_built, left):
            return JSONResponse(
                {"status": "warming", "reason": "building the analytics network"},
                status_code=503,
                headers=_NO_CACHE,
            )
        return JSONResponse(
            {"status": "ready", "dataVersion": version, "network": network.status()},
            headers=_NO_CACHE,
        )
    body: dict[str, object] = {"status": "unavailable", "reason": reason}
    if network is not None and network.latest() is not None:
        # Analytics still answer from the last network built; say which one.
        body["network"] = network.status()
    return JSONResponse(body, status_code=503, headers=_NO_CACHE)
