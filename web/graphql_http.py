"""The ``/graphql`` endpoint, as the GraphQL-over-HTTP specification describes it.

- ``POST`` with a JSON body runs queries and mutations; ``GET`` with URL parameters
  runs queries only (a mutation over ``GET`` is answered ``405`` with ``Allow: POST``).
- The response is ``application/graphql-response+json`` when the client accepts it,
  else ``application/json``. A request that fails to parse, validate or coerce its
  variables is a *request error*: the body has ``errors`` and no ``data``, with status
  ``400`` under ``application/graphql-response+json`` and ``200`` under the legacy
  ``application/json``.
- One operation per request: a JSON array (a batch) is refused with ``400``. Bodies
  over the configured size get ``413``; an operation that outlives the request timeout
  is stopped and answered ``504``. The time limit counts parsing and validation too:
  Convene's schema does both in a worker thread (see ``schema.limits``), so a document
  that takes long to check holds neither the event loop nor the answer past the limit.
- When the store is down and so nothing of the operation could run (every error is
  ``UNAVAILABLE`` and there is no data) the answer is ``503`` with ``Retry-After``; a
  partial result stays ``200``. For a mutation, ``UNAVAILABLE`` means the outcome is
  unknown: it may have been committed. Every mutation is safe to retry.
- Persisted queries (Apollo's convention, ``extensions.persistedQuery``) are resolved
  to their document before anything runs (see ``web.persisted``); the document then
  meets every limit a sent one does, and a mutation named by hash over ``GET`` is
  refused like any other.
- A complete answer to a ``GET`` carries an ``ETag``; a ``GET`` whose
  ``If-None-Match`` names the current one is answered ``304`` without running anything
  (see ``web.caching``). Every other answer is ``Cache-Control: no-store``.
- Every error body is a GraphQL response (``{"errors": [{"message", "extensions":
  {"code"}}]}``), never a traceback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import GraphQLError, GraphQLFormattedError
from starlette.requests import Request
from starlette.responses import Response
from strawberry import Schema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from access.bearer import TokenLookup, Unauthenticated, viewer_for_request
from access.viewer import Viewer
from graph.store import Unavailable
from web.caching import cache_control, entity_tag, matches, up_to_date
from web.persisted import PersistedDocument, PersistedQueries, PersistedQueryRefused

__all__ = [
    "APPLICATION_JSON",
    "GRAPHQL_RESPONSE_JSON",
    "RETRY_AFTER",
    "GraphQLService",
    "RequestParams",
    "handle_graphql",
    "negotiate",
]

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
APPLICATION_JSON = "application/json"

_log = logging.getLogger("convene.http")

# A store outage is answered 503 with this Retry-After (seconds): about the time a
# restarting Neo4j or a released SQLite lock takes.
RETRY_AFTER = 5
UNAVAILABLE = "UNAVAILABLE"

_GET_OPERATIONS = frozenset({OperationType.QUERY})
_POST_OPERATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION})


@dataclass(frozen=True, slots=True)
class GraphQLService:
    """What the endpoint needs to answer a request; built once, in the lifespan."""

    schema: Schema
    context_for: Callable[[Viewer], object]
    tokens: TokenLookup
    allow_anonymous: bool
    max_body_bytes: int
    request_timeout: float
    persisted: PersistedQueries
    data_version: Callable[[], int] | None = None
    schema_id: str = ""


@dataclass(frozen=True, slots=True)
class RequestParams:
    """The GraphQL request parameters of one HTTP request (``query`` may be left out
    when ``extensions`` names a persisted query)."""

    query: str | None
    operation_name: str | None
    variables: dict[str, Any] | None
    extensions: dict[str, Any] | None


class HTTPProblem(Exception):
    """A request answered before (or instead of) execution, with an HTTP status."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = dict(headers or {})


def negotiate(accept: str | None) -> str | None:
    """The response media type for an ``Accept`` header, or ``None`` if none fits.

    No header, ``*/*`` and ``application/*`` get the legacy ``application/json`` (as
    the specification asks during its transition); otherwise the acceptable type with
    the highest ``q`` wins, an exact type beating a wildcard, the earlier one a tie.

    Examples
    --------
    >>> negotiate(None)
    'application/json'
    >>> negotiate("application/graphql-response+json, application/json;q=0.9")
    'application/graphql-response+json'
    >>> negotiate("*/*")
    'application/json'
    >>> negotiate("text/html") is None
    True
    """
    if accept is None or not accept.strip():
        return APPLICATION_JSON
    best: tuple[float, int] = (0.0, -1)
    chosen: str | None = None
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        media = media.lower()
        if media == GRAPHQL_RESPONSE_JSON:
            candidate, exact = GRAPHQL_RESPONSE_JSON, 1
        elif media == APPLICATION_JSON:
            candidate, exact = APPLICATION_JSON, 1
        elif media in ("*/*", "application/*"):
            candidate, exact = APPLICATION_JSON, 0
        else:
            continue
        quality = _quality(params)
        if quality > 0 and (quality, exact) > best:
            best, chosen = (quality, exact), candidate
    return chosen


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def _body(payload: Mapping[str, Any]) -> bytes:
    return orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS)


def _respond(
    payload: Mapping[str, Any],
    media_type: str,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    return Response(
        _body(payload),
        status_code=status,
        headers={"Cache-Control": "no-store", "Vary": "Accept, Authorization", **(headers or {})},
        media_type=f"{media_type}; charset=utf-8",
    )


def _problem_response(problem: HTTPProblem, media_type: str) -> Response:
    payload = {"errors": [{"message": problem.message, "extensions": {"code": problem.code}}]}
    return _respond(payload, media_type, problem.status, problem.headers)


async def _read_body(request: Request, limit: int) -> bytes:
    too_large = HTTPProblem(
        413, f"The request body is larger than {limit} bytes", "REQUEST_TOO_LARGE"
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _decode_json(raw: str | bytes, what: str) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise HTTPProblem(400, f"{what} is not valid JSON", "BAD_REQUEST") from None


def _params_from(data: Mapping[str, Any]) -> RequestParams:
    query = data.get("query")
    if query is not None and not isinstance(query, str):
        raise HTTPProblem(400, "The 'query' parameter must be a string", "BAD_REQUEST")
    operation_name = data.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise HTTPProblem(400, "The 'operationName' parameter must be a string", "BAD_REQUEST")
    variables = data.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise HTTPProblem(400, "The 'variables' parameter must be an object", "BAD_REQUEST")
    extensions = data.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise HTTPProblem(400, "The 'extensions' parameter must be an object", "BAD_REQUEST")
    return RequestParams(query, operation_name or None, variables, extensions)


def _is_get(request: Request) -> bool:
    """``HEAD`` is a ``GET`` without the body of the answer; it runs no mutation."""
    return request.method in ("GET", "HEAD")


async def read_params(request: Request, max_body_bytes: int) -> RequestParams:
    """The GraphQL parameters of a ``GET`` (URL) or ``POST`` (JSON body) request."""
    if _is_get(request):
        if len(request.url.query) > max_body_bytes:
            raise HTTPProblem(
                414, f"The URL is longer than {max_body_bytes} bytes; use POST", "URI_TOO_LONG"
            )
        data: dict[str, Any] = dict(request.query_params)
        for name in ("variables", "extensions"):
            raw = data.get(name)
            data[name] = _decode_json(raw, f"The '{name}' parameter") if raw else None
        return _params_from(data)
    content_type = request.headers.get("content-type", "")
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type != APPLICATION_JSON:
        raise HTTPProblem(
            415, "Send the request body as application/json", "UNSUPPORTED_MEDIA_TYPE"
        )
    body = await _read_body(request, max_body_bytes)
    if not body.strip():
        raise HTTPProblem(400, "The request body is empty", "BAD_REQUEST")
    data = _decode_json(body, "The request body")
    if isinstance(data, list):
        raise HTTPProblem(
            400, "Batching is not supported: send one operation per request", "BATCHING_REFUSED"
        )
    if not isinstance(data, dict):
        raise HTTPProblem(400, "The request body must be a JSON object", "BAD_REQUEST")
    return _params_from(data)


def _is_request_error(result: ExecutionResult) -> bool:
    """Whether execution never started: the document failed to parse or validate, the
    variables failed to coerce, or a check refused the operation. Field errors always
    carry a ``path``; these never do."""
    if isinstance(result, PreExecutionError):
        return True
    errors = result.errors or []
    return result.data is None and bool(errors) and all(error.path is None for error in errors)


def _is_outage(result: ExecutionResult, errors: list[GraphQLFormattedError]) -> bool:
    """Whether the store's outage kept the whole operation from running: every error is
    ``UNAVAILABLE`` and no root field has a value (each null one failed with an error).
    A partial result, with some data, is not an outage."""
    codes = {(error.get("extensions") or {}).get("code") for error in errors}
    if codes != {UNAVAILABLE}:
        return False
    if result.data is None:
        return True
    failed = {error["path"][0] for error in errors if error.get("path")}
    return all(value is None and name in failed for name, value in result.data.items())


def _result_response(result: ExecutionResult, media_type: str) -> Response:
    errors = [error.formatted for error in result.errors or []]
    headers: dict[str, str] = {}
    if _is_request_error(result):
        payload: dict[str, Any] = {"errors": errors}
        status = 400 if media_type == GRAPHQL_RESPONSE_JSON else 200
    else:
        payload = {"data": result.data}
        if errors:
            payload["errors"] = errors
        status = 200
        if _is_outage(result, errors):
            status, headers = 503, {"Retry-After": str(RETRY_AFTER)}
    if result.extensions:
        payload["extensions"] = result.extensions
    return _respond(payload, media_type, status, headers)


def _request_error(message: str, media_type: str) -> Response:
    status = 400 if media_type == GRAPHQL_RESPONSE_JSON else 200
    return _respond({"errors": [GraphQLError(message).formatted]}, media_type, status)


def _document(service: GraphQLService, params: RequestParams) -> PersistedDocument:
    """The document to run: the query sent, or the persisted one its hash names."""
    try:
        document = service.persisted.document_for(params.query, params.extensions)
    except PersistedQueryRefused as refused:
        raise HTTPProblem(refused.status, refused.message, refused.code) from None
    if len(document.query.encode()) > service.max_body_bytes:
        raise HTTPProblem(
            413,
            f"The persisted document is larger than {service.max_body_bytes} bytes",
            "REQUEST_TOO_LARGE",
        )
    return document


async def _execute(
    service: GraphQLService,
    request: Request,
    params: RequestParams,
    document: PersistedDocument,
    viewer: Viewer,
) -> ExecutionResult:
    allowed = _GET_OPERATIONS if _is_get(request) else _POST_OPERATIONS
    return await asyncio.wait_for(
        service.schema.execute(
            document.query,
            variable_values=params.variables,
            context_value=service.context_for(viewer),
            operation_name=params.operation_name,
            allowed_operation_types=allowed,
            operation_extensions=params.extensions,
        ),
        timeout=service.request_timeout,
    )


async def handle_graphql(request: Request, service: GraphQLService) -> Response:
    """Answer one GraphQL-over-HTTP request (``GET`` or ``POST``)."""
    media_type = negotiate(request.headers.get("accept"))
    if media_type is None:
        return _problem_response(
            HTTPProblem(
                406,
                f"Accept {GRAPHQL_RESPONSE_JSON} or {APPLICATION_JSON}",
                "NOT_ACCEPTABLE",
            ),
            APPLICATION_JSON,
        )
    try:
        viewer = await viewer_for_request(
            request.headers.get("authorization"),
            service.tokens,
            allow_anonymous=service.allow_anonymous,
        )
    except Unauthenticated as error:
        problem = HTTPProblem(
            401, error.message, error.code, {"WWW-Authenticate": 'Bearer realm="convene"'}
        )
        return _problem_response(problem, media_type)
    tag: Tag | None = None
    try:
        params = await read_params(request, service.max_body_bytes)
        document = _document(service, params)
        if _is_get(request):
            tag = await _tag(service, params, document, viewer, media_type)
            if tag is not None and matches(request.headers.get("if-none-match"), tag.value):
                return _not_modified(tag, viewer)
        result = await _execute(service, request, params, document, viewer)
    except HTTPProblem as refused:
        return _problem_response(refused, media_type)
    except InvalidOperationTypeError as error:
        if _is_get(request) and error.operation_type is OperationType.MUTATION:
            problem = HTTPProblem(
                405, "Mutations must be sent with POST", "METHOD_NOT_ALLOWED", {"Allow": "POST"}
            )
            return _problem_response(problem, media_type)
        problem = HTTPProblem(
            400, "Subscriptions are not supported over HTTP", "OPERATION_NOT_SUPPORTED"
        )
        return _problem_response(problem, media_type)
    except CannotGetOperationTypeError as error:
        if error.operation_name is None:
            message = "The document has several operations: name one in 'operationName'"
        else:
            message = f"The document has no operation named {error.operation_name!r}"
        return _request_error(message, media_type)
    except TimeoutError:
        timeout = f"{service.request_timeout:g}"
        problem = HTTPProblem(
            504, f"The request was stopped after {timeout} s, the time limit", "TIMEOUT"
        )
        return _problem_response(problem, media_type)
    except Exception:
        _log.exception("GraphQL request failed outside execution")
        problem = HTTPProblem(500, "Internal server error", "INTERNAL_SERVER_ERROR")
        return _problem_response(problem, media_type)
    if not _is_request_error(result):
        # Like Apollo's server, remember a document only once it has parsed and validated.
        service.persisted.remember(document)
    response = _result_response(result, media_type)
    if tag is not None and _complete(response, result, tag):
        response.headers["ETag"] = tag.value
        response.headers["Cache-Control"] = cache_control(viewer)
    return response


@dataclass(frozen=True, slots=True)
class Tag:
    """The entity tag of a ``GET``'s answer and the data version it was made at."""

    value: str
    data_version: int


async def _tag(
    service: GraphQLService,
    params: RequestParams,
    document: PersistedDocument,
    viewer: Viewer,
    media_type: str,
) -> Tag | None:
    """The tag the answer will have, made before it runs (so a write meanwhile gives
    the next request a new tag); None when the store cannot say its version."""
    if service.data_version is None:
        return None
    try:
        version = await asyncio.to_thread(service.data_version)
    except Unavailable:
        return None
    value = entity_tag(
        schema_id=service.schema_id,
        document=document.query,
        operation_name=params.operation_name,
        variables=params.variables,
        viewer=viewer,
        data_version=version,
        media_type=media_type,
    )
    return Tag(value, version)


def _complete(response: Response, result: ExecutionResult, tag: Tag) -> bool:
    """Whether an answer may carry its tag: 200, no errors, analytics up to date."""
    return (
        response.status_code == 200
        and not result.errors
        and up_to_date(result.extensions, tag.data_version)
    )


def _not_modified(tag: Tag, viewer: Viewer) -> Response:
    return Response(
        status_code=304,
        headers={
            "ETag": tag.value,
            "Cache-Control": cache_control(viewer),
            "Vary": "Accept, Authorization",
        },
    )
