"""``GET /export/{format}``: the whole network in one of the export formats, for admins.

The response streams the same bytes as ``convene export --format <format>`` writes
(:func:`graph.export.formats.iter_export`), with the format's media type and a
``Content-Disposition`` file name. Reading the store is blocking, so every chunk is
produced in a worker thread and memory stays flat however large the network.

- no token: ``401`` with a Bearer challenge (a bad token too);
- a token that is not an admin's: ``403``;
- a format that does not exist: ``404``.

Every refusal is a JSON body ``{"errors": [{"message", "extensions": {"code"}}]}``.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson
from starlette.concurrency import iterate_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from access.bearer import TokenLookup, Unauthenticated, viewer_for_request
from graph.export.formats import FORMATS, ExportFormat, iter_export, parse_format
from graph.model import InvalidInput
from graph.store import GraphStore

__all__ = ["export_filename", "handle_export"]

_FILE_STEM = "convene-network"


def export_filename(fmt: ExportFormat) -> str:
    """The file name an export is offered under.

    >>> export_filename(ExportFormat.GRAPHML)
    'convene-network.graphml'
    """
    return f"{_FILE_STEM}{FORMATS[fmt].suffix}"


def _refuse(
    status: int, message: str, code: str, headers: dict[str, str] | None = None
) -> Response:
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    return Response(
        body,
        status_code=status,
        media_type="application/json",
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def _chunks(store: GraphStore, fmt: ExportFormat) -> Iterator[bytes]:
    """The export, started only when the first chunk is asked for (in a worker thread)."""
    yield from iter_export(store, fmt)


async def handle_export(request: Request, store: GraphStore, tokens: TokenLookup) -> Response:
    """Answer ``GET /export/{format}`` for the viewer the bearer token names."""
    try:
        viewer = await viewer_for_request(
            request.headers.get("authorization"), tokens, allow_anonymous=False
        )
    except Unauthenticated as error:
        return _refuse(
            401, error.message, error.code, {"WWW-Authenticate": 'Bearer realm="convene"'}
        )
    if not viewer.is_admin:
        return _refuse(403, "Exports are for admins only", "FORBIDDEN")
    try:
        fmt = parse_format(str(request.path_params["format"]))
    except InvalidInput as error:
        return _refuse(404, error.message, "NOT_FOUND")
    return StreamingResponse(
        iterate_in_threadpool(_chunks(store, fmt)),
        media_type=FORMATS[fmt].media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{export_filename(fmt)}"',
            "Cache-Control": "no-store",
        },
    )
