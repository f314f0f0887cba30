"""Health checks for orchestrators: ``/healthz`` (the process answers) and ``/readyz``
(the store answers a cheap call in time)."""

from __future__ import annotations

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from graph.store import GraphStore, StoreError
from web.warmup import Warmup

__all__ = ["READY_TIMEOUT", "healthz", "readyz"]

READY_TIMEOUT = 2.0

_NO_CACHE = {"Cache-Control": "no-store"}


async def healthz(request: Request) -> JSONResponse:
    """200 whenever the process can answer at all; touches nothing else."""
    return JSONResponse({"status": "ok"}, headers=_NO_CACHE)


async def readyz(request: Request, store: GraphStore, warmup: Warmup | None = None) -> JSONResponse:
    """200 with the data version when the store answers within ``READY_TIMEOUT``, else 503.

    While the analytics warm-up is still running (after waiting for it up to
    ``READY_TIMEOUT``) the answer is 503 with status ``warming``.
    """
    if warmup is not None and not await run_in_threadpool(warmup.wait, READY_TIMEOUT):
        return JSONResponse(
            {"status": "warming", "reason": "building the analytics projection"},
            status_code=503,
            headers=_NO_CACHE,
        )
    try:
        with anyio.fail_after(READY_TIMEOUT):
            version = await run_in_threadpool(store.data_version)
    except TimeoutError:
        reason = f"the store did not answer within {READY_TIMEOUT:g} s"
    except StoreError as error:
        reason = error.message
    else:
        return JSONResponse({"status": "ready", "dataVersion": version}, headers=_NO_CACHE)
    return JSONResponse(
        {"status": "unavailable", "reason": reason}, status_code=503, headers=_NO_CACHE
    )
