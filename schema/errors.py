"""The errors clients see: a message and a code in ``extensions``, never a traceback.

Resolvers raise :class:`ApiError` for anything the client did wrong (a page size over
the cap, a malformed cursor or id). :func:`public_error` turns every error of a result
into what the client may see: known errors keep their message and get a code,
anything unexpected becomes "Unexpected error." with ``INTERNAL_SERVER_ERROR``.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, VariableDefinitionNode

from graph.live import Computing
from graph.model import InvalidInput
from graph.store import AlreadyExists, NotFound, StoreError, Unavailable

__all__ = [
    "BAD_USER_INPUT",
    "COST_LIMIT",
    "FORBIDDEN",
    "INTERNAL_SERVER_ERROR",
    "NOT_FOUND",
    "ApiError",
    "is_expected",
    "public_error",
]

BAD_USER_INPUT = "BAD_USER_INPUT"
COST_LIMIT = "COST_LIMIT"
FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"

UNEXPECTED_MESSAGE = "Unexpected error."


class ApiError(Exception):
    """An error the client caused or may act on; shown with its code.

    >>> ApiError("first must be at most 100", field="first").extensions
    {'code': 'BAD_USER_INPUT', 'field': 'first'}
    """

    def __init__(self, message: str, code: str = BAD_USER_INPUT, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    @property
    def extensions(self) -> dict[str, Any]:
        """What goes into the GraphQL error's ``extensions``."""
        extensions: dict[str, Any] = {"code": self.code}
        if self.field is not None:
            extensions["field"] = self.field
        return extensions


def _known(original: BaseException) -> tuple[str, dict[str, Any]] | None:
    """The public message and extensions of an error we raise on purpose."""
    if isinstance(original, ApiError):
        return original.message, original.extensions
    if isinstance(original, InvalidInput):
        return original.message, {"code": BAD_USER_INPUT, "field": original.field}
    if isinstance(original, Computing):
        return original.message, {"code": original.code, "retryAfter": original.retry_after}
    if isinstance(original, (NotFound, AlreadyExists, Unavailable)):
        return original.message, {"code": original.code}
    if isinstance(original, StoreError):
        # A generic store error may carry engine detail; it stays in the server log.
        return None
    if isinstance(original, GraphQLError):
        extensions = dict(original.extensions or {})
        extensions.setdefault("code", BAD_USER_INPUT)
        return original.message, extensions
    return None


def is_expected(error: GraphQLError) -> bool:
    """Whether ``error`` is the client's doing (not worth a traceback in the server log).

    >>> is_expected(GraphQLError("x", original_error=ApiError("bad cursor")))
    True
    >>> is_expected(GraphQLError("x", original_error=KeyError("oops")))
    False
    """
    original = error.original_error
    return original is None or _known(original) is not None


def public_error(error: GraphQLError) -> GraphQLError:
    """The version of ``error`` a client may see.

    >>> public_error(GraphQLError("boom", original_error=RuntimeError("db password"))).message
    'Unexpected error.'
    >>> public_error(GraphQLError("x", original_error=ApiError("bad cursor"))).extensions
    {'code': 'BAD_USER_INPUT'}
    """
    original = error.original_error
    if error.nodes and isinstance(error.nodes[0], VariableDefinitionNode):
        # A variable's value did not fit its type: the client's mistake, worth reading.
        message, extensions = error.message, {"code": BAD_USER_INPUT}
    elif original is None:
        extensions = dict(error.extensions or {})
        if "code" not in extensions:
            if isinstance(error, GraphQLSyntaxError):
                extensions["code"] = GRAPHQL_PARSE_FAILED
            elif error.path is None:
                extensions["code"] = GRAPHQL_VALIDATION_FAILED
            else:
                extensions["code"] = INTERNAL_SERVER_ERROR
        message = error.message
    else:
        known = _known(original)
        message, extensions = known or (UNEXPECTED_MESSAGE, {"code": INTERNAL_SERVER_ERROR})
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )
