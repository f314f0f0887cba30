"""The errors clients see: a message and a code in ``extensions``, never a traceback.

Resolvers raise :class:`resolvers.errors.ApiError` for anything the client did wrong (a
page size over the cap, a malformed cursor or id). :func:`public_error` turns every error
of a result into what the client may see: known errors keep their message and get a code,
anything unexpected becomes "Unexpected error." with ``INTERNAL_SERVER_ERROR``.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, VariableDefinitionNode

from graph.live import Computing
from graph.model import InvalidInput
from graph.store import AlreadyExists, NotFound, StoreError, Unavailable
from resolvers.errors import ApiError, ErrorCode, argument_name

__all__ = ["is_expected", "public_error"]

BAD_USER_INPUT = ErrorCode.BAD_USER_INPUT.value
INTERNAL_SERVER_ERROR = ErrorCode.INTERNAL_SERVER_ERROR.value

UNEXPECTED_MESSAGE = "Unexpected error."


def _known(original: BaseException) -> tuple[str, dict[str, Any]] | None:
    """The public message and extensions of an error we raise on purpose."""
    if isinstance(original, ApiError):
        return original.message, original.extensions
    if isinstance(original, InvalidInput):
        field = argument_name(original.field)
        return original.message, {"code": BAD_USER_INPUT, "field": field}
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
                extensions["code"] = ErrorCode.GRAPHQL_PARSE_FAILED.value
            elif error.path is None:
                extensions["code"] = ErrorCode.GRAPHQL_VALIDATION_FAILED.value
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
