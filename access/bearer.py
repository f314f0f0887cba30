"""From an ``Authorization`` header to the viewer of a request.

Examples
--------
>>> class NoTokens:
...     def viewer_for(self, secret: str) -> Viewer | None:
...         return None
>>> viewer_from_authorization(None, NoTokens(), allow_anonymous=True).role.value
'anonymous'
>>> try:
...     viewer_from_authorization("Bearer cvn_wrong", NoTokens(), allow_anonymous=True)
... except Unauthenticated as error:
...     print(error.message)
The API token is not valid (unknown or revoked)
"""

from __future__ import annotations

import functools
from typing import Protocol

import anyio.to_thread

from access.viewer import Viewer

__all__ = ["TokenLookup", "Unauthenticated", "viewer_for_request", "viewer_from_authorization"]


class TokenLookup(Protocol):
    """Anything that maps a token secret to the viewer it stands for."""

    def viewer_for(self, secret: str) -> Viewer | None:
        """The viewer, or ``None`` for an unknown or revoked secret (it may raise
        :class:`Unauthenticated` itself, for an expired one)."""
        ...


class Unauthenticated(Exception):
    """The request must not go on: a bad token, or no token where one is required."""

    code = "UNAUTHENTICATED"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def viewer_from_authorization(
    header: str | None, tokens: TokenLookup, *, allow_anonymous: bool
) -> Viewer:
    """The viewer for an ``Authorization`` header value.

    Parameters
    ----------
    header : str or None
        The header as sent; ``None`` (or blank) when the request carries none.
    tokens : TokenLookup
        Where secrets are looked up.
    allow_anonymous : bool
        Whether a request without a token may go on as the read-only anonymous viewer.

    Returns
    -------
    Viewer
        The token's viewer, or ``Viewer.anonymous()`` for a request without a token.

    Raises
    ------
    Unauthenticated
        For a header that is not ``Bearer <secret>``, an unknown or revoked secret, or
        a request without a token when anonymous access is switched off.

    Examples
    --------
    >>> class OneToken:
    ...     def viewer_for(self, secret: str) -> Viewer | None:
    ...         return Viewer(AccessRole.READER, "cli") if secret == "cvn_ok" else None
    >>> from access.viewer import AccessRole
    >>> viewer_from_authorization("Bearer cvn_ok", OneToken(), allow_anonymous=False)
    Viewer(role=<AccessRole.READER: 'reader'>, token_name='cli', person_key=None)
    >>> try:
    ...     viewer_from_authorization(None, OneToken(), allow_anonymous=False)
    ... except Unauthenticated as error:
    ...     print(error.message)
    This API needs a token: send Authorization: Bearer <token>
    """
    if header is None or not header.strip():
        if allow_anonymous:
            return Viewer.anonymous()
        raise Unauthenticated("This API needs a token: send Authorization: Bearer <token>")
    scheme, _, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        raise Unauthenticated("The Authorization header must be: Bearer <token>")
    viewer = tokens.viewer_for(secret)
    if viewer is None:
        raise Unauthenticated("The API token is not valid (unknown or revoked)")
    return viewer


async def viewer_for_request(
    header: str | None, tokens: TokenLookup, *, allow_anonymous: bool
) -> Viewer:
    """:func:`viewer_from_authorization` with the token lookup (a read of the token
    file) in a worker thread, so that the event loop never waits on the disk.

    Examples
    --------
    >>> import anyio
    >>> class NoTokens:
    ...     def viewer_for(self, secret: str) -> Viewer | None:
    ...         return None
    >>> anyio.run(functools.partial(
    ...     viewer_for_request, None, NoTokens(), allow_anonymous=True)).role.value
    'anonymous'
    """
    if header is None or not header.strip():
        return viewer_from_authorization(header, tokens, allow_anonymous=allow_anonymous)
    return await anyio.to_thread.run_sync(
        functools.partial(
            viewer_from_authorization, header, tokens, allow_anonymous=allow_anonymous
        )
    )
