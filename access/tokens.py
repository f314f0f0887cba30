"""API tokens: created once, kept only as a hash, looked up by the server per request.

A token is a random secret handed to its owner once. Convene keeps the SHA-256 hash
of the secret, the token's name, its role, (for a person's own token) the person's
key, when it expires (if ever) and when it was last used, in ``tokens.sqlite3`` under
the data directory. A revoked token stays listed with the time it was revoked, and its
name may be given to a new token. A person's own tokens are revoked when the person is
deleted, and removed altogether when the person is erased, so a later person with the
same key never inherits them.

Examples
--------
>>> import tempfile
>>> data_dir = Path(tempfile.mkdtemp())
>>> secret = create_token(data_dir, "editor", "matchmaker")
>>> secret.startswith(SECRET_PREFIX)
True
>>> with TokenStore.open(data_dir) as tokens:
...     tokens.viewer_for(secret)
Viewer(role=<AccessRole.EDITOR: 'editor'>, token_name='matchmaker', person_key=None)
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from access.bearer import Unauthenticated
from access.viewer import AccessRole, Viewer
from graph.files import private_dir, private_file
from graph.model import InvalidInput
from graph.validation import validate_key

__all__ = [
    "LAST_USED_EVERY",
    "SECRET_PREFIX",
    "TOKENS_FILE",
    "TokenError",
    "TokenExpired",
    "TokenInfo",
    "TokenStore",
    "create_token",
    "forget_person_tokens",
    "hash_secret",
    "list_tokens",
    "parse_expiry",
    "person_tokens",
    "revoke_person_tokens",
    "revoke_token",
]

TOKENS_FILE = "tokens.sqlite3"
SECRET_PREFIX = "cvn_"
MAX_NAME_LENGTH = 100

LAST_USED_EVERY = 60.0
"""Seconds between two writes of a token's last-used time (a lookup is a read)."""

_GRANTABLE = (AccessRole.READER, AccessRole.EDITOR, AccessRole.ADMIN)

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

# Columns added after the first release, for token files made before them.
_ADDED_COLUMNS = {"expires_at": "TEXT", "last_used_at": "TEXT"}

_INSERT = (
    "INSERT INTO tokens (name, role, person_key, secret_sha256, created_at, expires_at) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_ACTIVE_BY_NAME = "SELECT id FROM tokens WHERE name = ? AND revoked_at IS NULL"
_REVOKE = "UPDATE tokens SET revoked_at = ? WHERE id = ?"
_INFO_COLUMNS = "name, role, person_key, created_at, revoked_at, expires_at, last_used_at"
_LIST = f"SELECT {_INFO_COLUMNS} FROM tokens WHERE revoked_at IS NULL OR ? ORDER BY created_at, id"
_BY_NAME = f"SELECT {_INFO_COLUMNS} FROM tokens WHERE id = ?"
_BY_PERSON = f"SELECT {_INFO_COLUMNS} FROM tokens WHERE person_key = ? ORDER BY created_at, id"
_REVOKE_PERSON = "UPDATE tokens SET revoked_at = ? WHERE person_key = ? AND revoked_at IS NULL"
_DELETE_PERSON = "DELETE FROM tokens WHERE person_key = ?"
_VIEWER_BY_HASH = (
    "SELECT id, name, role, person_key, expires_at, last_used_at FROM tokens "
    "WHERE secret_sha256 = ? AND revoked_at IS NULL"
)
_TOUCH = "UPDATE tokens SET last_used_at = ? WHERE id = ?"

_DURATION = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class TokenExpired(Unauthenticated):
    """A token past its expiry: refused like an unknown one, with its own code.

    >>> TokenExpired("ops").code
    'TOKEN_EXPIRED'
    """

    code = "TOKEN_EXPIRED"

    def __init__(self, name: str) -> None:
        super().__init__(f"The API token {name!r} has expired; ask for a new one")


class TokenError(ValueError):
    """A token request Convene refuses (bad role or name, unknown token)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What may be shown about a token: never its secret or its hash."""

    name: str
    role: AccessRole
    person_key: str | None
    created_at: str
    revoked_at: str | None
    expires_at: str | None = None
    last_used_at: str | None = None

    @property
    def active(self) -> bool:
        """Whether the token has not been revoked (it may still have expired)."""
        return self.revoked_at is None

    @property
    def expired(self) -> bool:
        """Whether the token is past its expiry."""
        return self.expires_at is not None and _expired(self.expires_at)


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


def _expired(expires_at: str) -> bool:
    return datetime.fromisoformat(expires_at) <= datetime.now(UTC)


def parse_expiry(text: str, now: datetime | None = None) -> datetime:
    """When a token given ``--expires text`` expires: a duration from now (``90m``,
    ``12h``, ``30d``, ``2w``) or an ISO date or time (a date means its midnight, UTC).

    Raises
    ------
    TokenError
        For text that is neither, or a time that is not in the future.

    Examples
    --------
    >>> start = datetime(2030, 1, 1, tzinfo=UTC)
    >>> parse_expiry("30d", start).isoformat()
    '2030-01-31T00:00:00+00:00'
    >>> parse_expiry("2030-06-01", start).isoformat()
    '2030-06-01T00:00:00+00:00'
    >>> try:
    ...     parse_expiry("soon", start)
    ... except TokenError as error:
    ...     print(error.message)
    --expires must be a duration like 30d, 12h, 2w or an ISO date, not 'soon'
    """
    now = now or datetime.now(UTC)
    cleaned = text.strip().lower()
    duration = _DURATION.match(cleaned)
    if duration is not None:
        amount, unit = duration.groups()
        when = now + timedelta(**{_UNITS[unit]: int(amount)})
    else:
        try:
            when = datetime.fromisoformat(text.strip())
        except ValueError:
            raise TokenError(
                f"--expires must be a duration like 30d, 12h, 2w or an ISO date, not {text!r}"
            ) from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    if when <= now:
        raise TokenError(f"--expires must be in the future, not {when.isoformat()}")
    return when.astimezone(UTC)


def _role(role: AccessRole | str) -> AccessRole:
    try:
        parsed = AccessRole(role)
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
    # Erased people leave no bytes behind in free pages.
    connection.execute("PRAGMA secure_delete = ON")
    connection.executescript(_SCHEMA)
    have = {row[1] for row in connection.execute("PRAGMA table_info(tokens)")}
    for column, kind in _ADDED_COLUMNS.items():
        if column not in have:
            with contextlib.suppress(sqlite3.OperationalError):  # another process won
                connection.execute(f"ALTER TABLE tokens ADD COLUMN {column} {kind}")
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


_Row = tuple[str, str, str | None, str, str | None, str | None, str | None]


def _info(row: _Row) -> TokenInfo:
    name, role, person_key, created_at, revoked_at, expires_at, last_used_at = row
    return TokenInfo(
        name, AccessRole(role), person_key, created_at, revoked_at, expires_at, last_used_at
    )


def create_token(
    data_dir: Path,
    role: AccessRole | str,
    name: str,
    person_key: str | None = None,
    *,
    expires_at: datetime | None = None,
) -> str:
    """Create a token and return its secret, which is shown this once and never again.

    Parameters
    ----------
    data_dir : Path
        Convene's data directory; the token file is created there if needed.
    role : AccessRole or str
        ``reader``, ``editor`` or ``admin``.
    name : str
        Who or what the token is for; unique among the active tokens.
    person_key : str, optional
        The key of the person whose own token this is: it sees that person's
        private data (email) and the person even when they are not discoverable, and
        may change the person's consent. The caller checks that the person exists
        (``convene token create`` does).
    expires_at : datetime, optional
        When the token stops working (see :func:`parse_expiry`); never by default.

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
        expires = None if expires_at is None else expires_at.isoformat(timespec="seconds")
        connection.execute(
            _INSERT, (cleaned, granted.value, key, hash_secret(secret), _now(), expires)
        )
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


def person_tokens(data_dir: Path, person_key: str) -> list[TokenInfo]:
    """Every token ever bound to a person (revoked ones included), oldest first.

    Examples
    --------
    >>> import tempfile
    >>> data_dir = Path(tempfile.mkdtemp())
    >>> _ = create_token(data_dir, "reader", "ada-phone", person_key="ada")
    >>> [t.name for t in person_tokens(data_dir, "ada")]
    ['ada-phone']
    """
    if not (data_dir / TOKENS_FILE).exists():
        return []
    with closing(_connect(data_dir)) as connection:
        return [_info(row) for row in connection.execute(_BY_PERSON, (person_key,))]


def revoke_person_tokens(data_dir: Path, person_key: str) -> int:
    """Revoke every active token bound to a person (when the person is deleted); return
    how many were revoked.

    Examples
    --------
    >>> import tempfile
    >>> data_dir = Path(tempfile.mkdtemp())
    >>> _ = create_token(data_dir, "reader", "ada-phone", person_key="ada")
    >>> revoke_person_tokens(data_dir, "ada"), list_tokens(data_dir)
    (1, [])
    """
    if not (data_dir / TOKENS_FILE).exists():
        return 0
    with closing(_connect(data_dir)) as connection, _transaction(connection):
        return connection.execute(_REVOKE_PERSON, (_now(), person_key)).rowcount


def forget_person_tokens(data_dir: Path, person_key: str) -> int:
    """Delete every token ever bound to a person, revoked ones included (when the person
    is erased); return how many rows were deleted.

    Examples
    --------
    >>> import tempfile
    >>> data_dir = Path(tempfile.mkdtemp())
    >>> _ = create_token(data_dir, "reader", "ada-phone", person_key="ada")
    >>> forget_person_tokens(data_dir, "ada"), person_tokens(data_dir, "ada")
    (1, [])
    """
    if not (data_dir / TOKENS_FILE).exists():
        return 0
    with closing(_connect(data_dir)) as connection, _transaction(connection):
        return connection.execute(_DELETE_PERSON, (person_key,)).rowcount


class TokenStore:
    """The server's read side of the token file: secret in, viewer out.

    One connection is shared by the request handlers behind a lock; each lookup is a
    single indexed read, so a token revoked from the command line stops working on
    the next request. The lookup blocks on the file: the web layer calls it from a
    worker thread (:func:`access.bearer.viewer_for_request`). It also records when a
    token was last used, at most once every :data:`LAST_USED_EVERY` seconds per token.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        self._touched: dict[int, float] = {}

    @classmethod
    def open(cls, data_dir: Path) -> TokenStore:
        """Open (creating if needed) the token file under ``data_dir``."""
        return cls(_connect(data_dir))

    def viewer_for(self, secret: str) -> Viewer | None:
        """The viewer an active token stands for, or ``None`` for an unknown secret.

        Raises
        ------
        TokenExpired
            For a token past its expiry.

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
            token_id, name, role, person_key, expires_at, _ = row
            if expires_at is not None and _expired(expires_at):
                raise TokenExpired(name)
            self._touch(token_id)
        return Viewer(AccessRole(role), token_name=name, person_key=person_key)

    def _touch(self, token_id: int) -> None:
        now = time.monotonic()
        if now - self._touched.get(token_id, -LAST_USED_EVERY) < LAST_USED_EVERY:
            return
        self._touched[token_id] = now
        # Best effort: a busy token file must not turn a good token away.
        with contextlib.suppress(sqlite3.Error):
            self._connection.execute(_TOUCH, (_now(), token_id))

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
