"""Health checks for orchestrators: ``/healthz`` (the process answers) and ``/readyz``
(the store answers a cheap call in time, and the analytics network is built)."""

from __future__ import annotations

import anyio
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

    With ``network`` (the analytics warm-up is on), a reachable store is 503 ``warming``
    until the network's first build is done (waiting for it a quarter of
    ``READY_TIMEOUT``), and the ready answer says what the network is doing: the
    version it serves, whether it is being updated, and the last update's error.
    """
    try:
        with anyio.fail_after(READY_TIMEOUT):
            version = await run_in_threadpool(store.data_version)
    except TimeoutError:
        reason = f"the store did not answer within {READY_TIMEOUT:g} s"
    except StoreError as error:
        reason = error.message
    else:
        if network is None:
            return JSONResponse({"status": "ready", "dataVersion": version}, headers=_NO_CACHE)
        if not await run_in_threadpool(network.wait_built, READY_TIMEOUT / 4):
            return JSONResponse(
                {"status": "warming", "reason": "building the analytics network"},
                status_code=503,
                headers=_NO_CACHE,
            )
        return JSONResponse(
            {"status": "ready", "dataVersion": version, "network": network.status()},
            headers=_NO_CACHE,
        )
    return JSONResponse(
        {"status": "unavailable", "reason": reason}, status_code=503, headers=_NO_CACHE
    )
