"""API tokens: created once, kept only as a hash, looked up by the server per request.

A token is a random secret handed to its owner once. Convene keeps the SHA-256 hash
of the secret, the token's name, its role and (for a person's own token) the person's
key, in ``tokens.sqlite3`` under the data directory. A revoked token stays listed with
the time it was revoked, and its name may be given to a new token.

Examples
--------
>>> import tempfile
>>> data_dir = Path(tempfile.mkdtemp())
>>> secret = create_token(data_dir, "editor", "matchmaker")
>>> secret.startswith(SECRET_PREFIX)
True
>>> with TokenStore.open(data_dir) as tokens:
...     tokens.viewer_for(secret)
Viewer(role=<Role.EDITOR: 'editor'>, token_name='matchmaker', person_key=None)
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from access.viewer import Role, Viewer
from graph.files import private_dir, private_file
from graph.model import InvalidInput, validate_key

__all__ = [
    "SECRET_PREFIX",
    "TOKENS_FILE",
    "TokenError",
    "TokenInfo",
    "TokenStore",
    "create_token",
    "hash_secret",
    "list_tokens",
    "revoke_token",
]

TOKENS_FILE = "tokens.sqlite3"
SECRET_PREFIX = "cvn_"
MAX_NAME_LENGTH = 100

_GRANTABLE = (Role.READER, Role.EDITOR, Role.ADMIN)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
    person_key TEXT,
    secret_sha256 TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS tokens_active_name ON tokens (name)
    WHERE revoked_at IS NULL;
"""

_INSERT = (
    "INSERT INTO tokens (name, role, person_key, secret_sha256, created_at) VALUES (?, ?, ?, ?, ?)"
)
_ACTIVE_BY_NAME = "SELECT id FROM tokens WHERE name = ? AND revoked_at IS NULL"
_REVOKE = "UPDATE tokens SET revoked_at = ? WHERE id = ?"
_LIST = (
    "SELECT name, role, person_key, created_at, revoked_at FROM tokens "
    "WHERE revoked_at IS NULL OR ? ORDER BY created_at, id"
)
_BY_NAME = "SELECT name, role, person_key, created_at, revoked_at FROM tokens WHERE id = ?"
_VIEWER_BY_HASH = (
    "SELECT name, role, person_key FROM tokens WHERE secret_sha256 = ? AND revoked_at IS NULL"
)


class TokenError(ValueError):
    """A token request Convene refuses (bad role or name, unknown token)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What may be shown about a token: never its secret or its hash."""

    name: str
    role: Role
    person_key: str | None
    created_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        """Whether the token still opens the API."""
        return self.revoked_at is None


def hash_secret(secret: str) -> str:
    """The hex SHA-256 of a token secret, the only form in which Convene keeps it.

    Parameters
    ----------
    secret : str
        The secret as the client sends it in ``Authorization: Bearer <secret>``.

    Returns
    -------
    str
        64 lower-case hex digits.

    Examples
    --------
    >>> hash_secret("cvn_example")[:16]
    'd16c9a3900ee01e5'
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _role(role: Role | str) -> Role:
    try:
        parsed = Role(role)
    except ValueError:
        parsed = None
    if parsed not in _GRANTABLE:
        allowed = ", ".join(r.value for r in _GRANTABLE)
        raise TokenError(f"role must be one of {allowed}, not {str(role)!r}")
    assert parsed is not None
    return parsed


def _name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise TokenError("a token needs a name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise TokenError(f"a token name has at most {MAX_NAME_LENGTH} characters")
    if not cleaned.isprintable():
        raise TokenError("a token name must be printable text")
    return cleaned


def _person_key(person_key: str | None) -> str | None:
    if person_key is None:
        return None
    try:
        return validate_key(person_key, "person")
    except InvalidInput as error:
        raise TokenError(f"person key {error.message}") from None


def _connect(data_dir: Path) -> sqlite3.Connection:
    # Token hashes are secrets: the directory is 0700, the database files 0600.
    path = private_file(private_dir(data_dir) / TOKENS_FILE)
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA busy_timeout = 5000")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.executescript(_SCHEMA)
    return connection


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _info(row: tuple[str, str, str | None, str, str | None]) -> TokenInfo:
    name, role, person_key, created_at, revoked_at = row
    return TokenInfo(name, Role(role), person_key, created_at, revoked_at)


def create_token(data_dir: Path, role: Role | str, name: str, person_key: str | None = None) -> str:
    """Create a token and return its secret, which is shown this once and never again.

    Parameters
    ----------
    data_dir : Path
        Convene's data directory; the token file is created there if needed.
    role : Role or str
        ``reader``, ``editor`` or ``admin``.
    name : str
        Who or what the token is for; unique among the active tokens.
    person_key : str, optional
        The key of the person whose own token this is: it sees that person's
        private data (email) and the person even when they are not discoverable.

    Returns
    -------
    str
        The secret, to be sent as ``Authorization: Bearer <secret>``.

    Raises
    ------
    TokenError
        For a role that cannot be granted, a bad or taken name, or a bad person key.

    Examples
    --------
    >>> import tempfile
    >>> data_dir = Path(tempfile.mkdtemp())
    >>> len(create_token(data_dir, "reader", "dashboard")) > 40
    True
    >>> try:
    ...     create_token(data_dir, "reader", "dashboard")
    ... except TokenError as error:
    ...     print(error.message)
    an active token named 'dashboard' exists already
    """
    granted = _role(role)
    cleaned = _name(name)
    key = _person_key(person_key)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with closing(_connect(data_dir)) as connection, _transaction(connection):
        if connection.execute(_ACTIVE_BY_NAME, (cleaned,)).fetchone() is not None:
            raise TokenError(f"an active token named {cleaned!r} exists already")
        connection.execute(_INSERT, (cleaned, granted.value, key, hash_secret(secret), _now()))
    return secret


def list_tokens(data_dir: Path, *, include_revoked: bool = False) -> list[TokenInfo]:
    """The tokens, oldest first, without their secrets.

    Examples
    --------
    >>> import tempfile
    >>> data_dir = Path(tempfile.mkdtemp())
    >>> _ = create_token(data_dir, "admin", "ops")
    >>> [(t.name, t.role.value) for t in list_tokens(data_dir)]
    [('ops', 'admin')]
    """
    if not (data_dir / TOKENS_FILE).exists():
        return []
    with closing(_connect(data_dir)) as connection:
        return [_info(row) for row in connection.execute(_LIST, (include_revoked,))]


def revoke_token(data_dir: Path, name: str) -> TokenInfo:
    """Revoke the active token called ``name``; it stops working at once.

    Raises
    ------
    TokenError
        When no active token has that name.

    Examples
    --------
    >>> import tempfile
    >>> data_dir = Path(tempfile.mkdtemp())
    >>> _ = create_token(data_dir, "reader", "old-script")
    >>> revoke_token(data_dir, "old-script").active
    False
    >>> list_tokens(data_dir)
    []
    """
    cleaned = name.strip()
    with closing(_connect(data_dir)) as connection, _transaction(connection):
        row = connection.execute(_ACTIVE_BY_NAME, (cleaned,)).fetchone()
        if row is None:
            raise TokenError(f"no active token named {cleaned!r}")
        connection.execute(_REVOKE, (_now(), row[0]))
        return _info(connection.execute(_BY_NAME, (row[0],)).fetchone())


class TokenStore:
    """The server's read side of the token file: secret in, viewer out.

    One connection is shared by the request handlers behind a lock; each lookup is a
    single indexed read, so a token revoked from the command line stops working on
    the next request.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    @classmethod
    def open(cls, data_dir: Path) -> TokenStore:
        """Open (creating if needed) the token file under ``data_dir``."""
        return cls(_connect(data_dir))

    def viewer_for(self, secret: str) -> Viewer | None:
        """The viewer an active token stands for, or ``None`` for an unknown secret.

        Examples
        --------
        >>> import tempfile
        >>> with TokenStore.open(Path(tempfile.mkdtemp())) as tokens:
        ...     tokens.viewer_for("cvn_not-a-real-token") is None
        True
        """
        with self._lock:
            row = self._connection.execute(_VIEWER_BY_HASH, (hash_secret(secret),)).fetchone()
        if row is None:
            return None
        name, role, person_key = row
        return Viewer(Role(role), token_name=name, person_key=person_key)

    def close(self) -> None:
        """Close the file; safe to call twice."""
        with self._lock:
            self._connection.close()

    def __enter__(self) -> TokenStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
