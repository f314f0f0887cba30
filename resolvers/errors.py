"""Every error code Convene answers with, and the error resolvers raise for the client.

A code is for programs (a message is for people): it stands in a mutation's
``userErrors { code }`` and in a GraphQL error's ``extensions.code``. The schema
exposes :class:`ErrorCode` as the ``ErrorCode`` enum, so clients can switch on it.

Examples
--------
>>> ApiError("first must be at most 100", field="first").extensions
{'code': 'BAD_USER_INPUT', 'field': 'first'}
>>> ErrorCode("NOT_FOUND") is ErrorCode.NOT_FOUND
True
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, overload

__all__ = ["ApiError", "ErrorCode", "argument_name"]


class ErrorCode(StrEnum):
    """What went wrong, for programs; ``description`` says when it is given."""

    description: str

    # Enum replaces __new__ once the class is built, so that ``ErrorCode(value)`` looks a
    # member up; the first overload says so to the type checker.
    @overload
    def __new__(cls, value: str) -> ErrorCode: ...
    @overload
    def __new__(cls, value: str, description: str) -> ErrorCode: ...
    def __new__(cls, value: str, description: str = "") -> ErrorCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    # The HTTP request, before any GraphQL is read.
    BAD_REQUEST = "BAD_REQUEST", "The HTTP request is not a GraphQL request (no query, bad JSON)."
    UNAUTHENTICATED = "UNAUTHENTICATED", "The token is missing, unknown or revoked."
    TOKEN_EXPIRED = "TOKEN_EXPIRED", "The token has expired."
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED", "A mutation was sent with GET: send it with POST."
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE", "The `Accept` header allows no media type served."
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE", "The body is not JSON."
    URI_TOO_LONG = "URI_TOO_LONG", "The URL of a GET request is too long: use POST."
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE", "The body is over the size limit."
    BATCHING_REFUSED = "BATCHING_REFUSED", "A body holds a list of operations: send one."
    OPERATION_NOT_SUPPORTED = "OPERATION_NOT_SUPPORTED", "Subscriptions are not served."
    TIMEOUT = "TIMEOUT", "The request ran past its time limit."
    PERSISTED_QUERY_NOT_FOUND = (
        "PERSISTED_QUERY_NOT_FOUND",
        "The document's hash is not known: send it again with `query`.",
    )
    PERSISTED_QUERY_HASH_MISMATCH = (
        "PERSISTED_QUERY_HASH_MISMATCH",
        "`extensions.persistedQuery.sha256Hash` is not the SHA-256 of `query`.",
    )
    PERSISTED_QUERY_REQUIRED = (
        "PERSISTED_QUERY_REQUIRED",
        "This server runs only known documents: send a known document's hash.",
    )
    # The request as a whole (a GraphQL error's ``extensions.code``).
    BAD_USER_INPUT = (
        "BAD_USER_INPUT",
        "An argument or variable is not acceptable; `extensions.field` names it.",
    )
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED", "The document is not GraphQL."
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED", "The document does not fit the schema."
    QUERY_TOO_LARGE = (
        "QUERY_TOO_LARGE",
        "The document is over a size limit (depth, aliases, tokens, fields).",
    )
    COST_LIMIT = "COST_LIMIT", "The query asks for more analytics work than one request may."
    COMPUTING = (
        "COMPUTING",
        "A network-wide result is being computed; retry after `extensions.retryAfter`.",
    )
    UNAVAILABLE = "UNAVAILABLE", "The store cannot be reached; retry later."
    INTERNAL_SERVER_ERROR = (
        "INTERNAL_SERVER_ERROR",
        "Something failed on the server; the details stay in its log.",
    )
    STORE_ERROR = "STORE_ERROR", "The store failed (answered as INTERNAL_SERVER_ERROR)."
    # Requests and mutations alike.
    FORBIDDEN = "FORBIDDEN", "The viewer may not do this."
    NOT_FOUND = "NOT_FOUND", "A node or relationship does not exist (or is hidden from the viewer)."
    # A mutation's ``userErrors``.
    ALREADY_EXISTS = "ALREADY_EXISTS", "The key is taken."
    REQUIRED = "REQUIRED", "Something must be given."
    INVALID = "INVALID", "The value does not fit the model."
    TOO_LONG = "TOO_LONG", "A text or list is over its length limit."
    NOT_A_CHOICE = "NOT_A_CHOICE", "The value is not one of the allowed ones."
    OUT_OF_RANGE = "OUT_OF_RANGE", "A number is outside its bounds."
    UNKNOWN_FIELD = "UNKNOWN_FIELD", "The model has no such property."
    UNKNOWN_LABEL = "UNKNOWN_LABEL", "The model has no such node label."
    UNKNOWN_TYPE = "UNKNOWN_TYPE", "The model has no such relationship type."
    BAD_ENDS = "BAD_ENDS", "The relationship may not join nodes of these labels."
    TOO_LARGE = "TOO_LARGE", "The write is more than the store takes in one transaction."
    BAD_JSON = "BAD_JSON", "A line of an import file is not JSON."
    BAD_CREDITS = (
        "BAD_CREDITS",
        "The credits do not follow the EDT 630 rules for the attendance mode.",
    )


def argument_name(name: str) -> str:
    """The GraphQL name of a Python argument or model property (``snake_case`` -> camelCase).

    >>> argument_name("max_length"), argument_name("first")
    ('maxLength', 'first')
    """
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


class ApiError(Exception):
    """An error the client caused or may act on; shown with its code."""

    def __init__(
        self, message: str, code: ErrorCode = ErrorCode.BAD_USER_INPUT, field: str | None = None
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    @property
    def extensions(self) -> dict[str, Any]:
        """What goes into the GraphQL error's ``extensions``."""
        extensions: dict[str, Any] = {"code": self.code.value}
        if self.field is not None:
            extensions["field"] = self.field
        return extensions
