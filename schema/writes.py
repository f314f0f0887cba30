"""What every mutation shares: the ``input`` argument, who may write, ``UserError`` and
the payload fields.

Every mutation takes one ``input`` and returns a payload with the changed objects,
``userErrors { field message code }`` and the ``clientMutationId``. When any check
fails the payload carries the errors and nothing is written.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.permission import BasePermission

from graph.model import Label, NodeRef
from resolvers.errors import ErrorCode
from resolvers.mutations import Problem, WriteResult
from schema.context import Info
from schema.node import global_id

__all__ = [
    "INPUT",
    "CanChangeConsent",
    "CanWrite",
    "DeletePayload",
    "IsAdmin",
    "Payload",
    "UserError",
    "deleted_id",
    "user_errors",
]


INPUT = strawberry.argument(description="What to change; see the input type's fields.")


class CanWrite(BasePermission):
    """Editors and admins may write."""

    message = "Writing needs an editor or admin token."
    error_extensions = {"code": ErrorCode.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.viewer.can_write


class CanChangeConsent(BasePermission):
    """Editors, admins and anyone with their own token may ask; whose consent they may
    change is checked per person (``resolvers.visibility``)."""

    message = "Changing consent needs the person's own token or an admin token."
    error_extensions = {"code": ErrorCode.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        return viewer.can_write or viewer.person_key is not None


class IsAdmin(BasePermission):
    """Admins only."""

    message = "This needs an admin token."
    error_extensions = {"code": ErrorCode.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.viewer.is_admin


@strawberry.type(description="Why a mutation wrote nothing.")
class UserError:
    """One problem with the input."""

    field: str | None = strawberry.field(
        description="The input field at fault (null when it is the input as a whole)."
    )
    message: str = strawberry.field(description="What is wrong, for people.")
    code: str = strawberry.field(
        description="What is wrong, for programs: INVALID, REQUIRED, NOT_A_CHOICE, "
        "UNKNOWN_FIELD, BAD_CREDITS, NOT_FOUND, ALREADY_EXISTS, ... (`errorCode` as text)."
    )
    error_code: ErrorCode = strawberry.field(
        description="What is wrong, for programs, as an enum (the same as `code`)."
    )


def user_errors(result: WriteResult) -> list[UserError]:
    """The problems of a write, as the payload shows them."""
    return [_user_error(p) for p in result.problems]


def _user_error(problem: Problem) -> UserError:
    code = ErrorCode(problem.code)
    return UserError(field=problem.field, message=problem.message, code=code, error_code=code)


_MUTATION_ID = "The `clientMutationId` of the input."
_USER_ERRORS = "Problems with the input; when there are any, nothing was written."


@strawberry.type(description="What every mutation returns besides its objects.")
class Payload:
    """The Relay payload fields."""

    client_mutation_id: str | None = strawberry.field(description=_MUTATION_ID)
    user_errors: list[UserError] = strawberry.field(description=_USER_ERRORS)


@strawberry.type(description="The result of a delete.")
class DeletePayload(Payload):
    """The deleted node's id."""

    deleted_id: strawberry.ID | None = strawberry.field(
        description="The global id of the deleted node (null on error)."
    )


def deleted_id(result: WriteResult, label: Label, key: str) -> strawberry.ID | None:
    """The global id of the node a delete removed (None when it wrote nothing)."""
    return strawberry.ID(global_id(NodeRef(label, key))) if result.ok else None
