"""SQLite connections for the embedded store: settings, a reader pool, error mapping.

One writer connection (guarded by the store's write lock) and a pool of reader
connections. In WAL mode readers see the last committed snapshot and never wait for
the writer, so API threads read in parallel with an import. A pooled connection is
used by one thread at a time.

Examples
--------
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "demo.sqlite3"
>>> conn = connect(path, durable=True, busy_timeout=1.0)
>>> conn.execute("PRAGMA journal_mode").fetchone()[0]
'wal'
>>> conn.close()
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.model import InvalidInput
from graph.store import StoreError, Unavailable

__all__ = ["ReaderPool", "connect", "store_error", "translate_errors", "write_transaction"]

# Primary result codes (https://sqlite.org/rescode.html) that mean the file cannot be
# used right now: busy, locked, read-only, I/O error, corrupt, full, cannot open,
# protocol, not a database, permission denied.
_UNAVAILABLE_CODES = {
    3: "permission denied",
    5: "it is locked by another process",
    6: "it is locked",
    8: "it is read-only",
    10: "of a disk I/O error",
    11: "the database file is corrupt",
    13: "the disk is full",
    14: "it cannot be opened (is it a file in a writable directory?)",
    15: "of a locking protocol error",
    26: "it is not a Convene database",
}
_INVALID_CODES = {18, 19, 20, 25}  # too big, constraint, mismatch, range

_MMAP_BYTES = 256 * 1024 * 1024


def connect(
    path: Path, *, durable: bool, busy_timeout: float, cache_mib: int = 32
) -> sqlite3.Connection:
    """Open a connection to ``path`` in WAL mode, in autocommit mode.

    Parameters
    ----------
    path
        The database file (created when missing).
    durable
        ``synchronous=FULL``: a committed write survives a crash or power loss.
        Without it (temporary stores) commits do not wait for the disk.
    busy_timeout
        Seconds to wait for another process's lock before giving up.
    cache_mib
        The most page cache the connection may use, in MiB (it grows on demand).

    Returns
    -------
    sqlite3.Connection
        Usable from any thread, one thread at a time; transactions are explicit.

    Raises
    ------
    sqlite3.Error
        When the file cannot be opened; callers map it with :func:`store_error`.

    Examples
    --------
    >>> import tempfile
    >>> conn = connect(Path(tempfile.mkdtemp()) / "x.sqlite3", durable=False, busy_timeout=1)
    >>> conn.execute("PRAGMA synchronous").fetchone()[0]  # 0 = OFF
    0
    >>> conn.close()
    """
    conn = sqlite3.connect(
        path,
        timeout=busy_timeout,
        isolation_level=None,
        check_same_thread=False,
        cached_statements=512,
    )
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"cannot use write-ahead logging (mode {mode})")
        conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'OFF'}")
        conn.execute(f"PRAGMA cache_size = -{cache_mib * 1024}")
        conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = OFF")
        # ANALYZE samples this many rows per index: statistics in milliseconds at any size.
        conn.execute("PRAGMA analysis_limit = 400")
    except BaseException:
        conn.close()
        raise
    return conn


def store_error(error: sqlite3.Error, path: Path) -> StoreError | InvalidInput:
    """The store error that stands for an SQLite error on the database at ``path``.

    Parameters
    ----------
    error
        What SQLite raised.
    path
        The database file, named in the message.

    Returns
    -------
    StoreError or InvalidInput
        ``Unavailable`` for locked, read-only, unopenable, full or damaged files;
        ``InvalidInput`` for values SQLite refuses; ``StoreError`` otherwise.

    Examples
    --------
    >>> locked = sqlite3.OperationalError("database is locked")
    >>> locked.sqlite_errorcode = 5
    >>> print(store_error(locked, Path("/data/convene.sqlite3")).message)
    cannot use /data/convene.sqlite3 because it is locked by another process
    """
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in _UNAVAILABLE_CODES:
        return Unavailable(f"cannot use {path} because {_UNAVAILABLE_CODES[primary]}")
    if primary in _INVALID_CODES or isinstance(error, sqlite3.DataError):
        return InvalidInput("props", f"the database refused a value: {error}")
    if isinstance(error, sqlite3.ProgrammingError) and "closed" in str(error):
        return Unavailable(f"the store at {path} is closed")
    return StoreError(f"{path}: {error}")


@contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn SQLite errors raised inside the block into store errors.

    Parameters
    ----------
    path
        The database file, named in messages.

    Examples
    --------
    >>> with translate_errors(Path("db")):
    ...     raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
    Traceback (most recent call last):
    ...
    graph.store.Unavailable: the store at db is closed
    """
    try:
        yield
    except sqlite3.Error as error:
        raise store_error(error, path) from error
    except OverflowError as error:
        raise InvalidInput("props", f"a number is too large to store: {error}") from error


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block in a ``BEGIN IMMEDIATE`` transaction on ``conn``, all or nothing.

    The transaction commits when the block ends, unless the block ended it itself (a
    ``ROLLBACK`` of work that changed nothing); it rolls back when the block raises.

    Parameters
    ----------
    conn
        A connection in autocommit mode, not in a transaction.

    Examples
    --------
    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> with write_transaction(conn):
    ...     _ = conn.execute("CREATE TABLE t (x)")
    >>> with write_transaction(conn):
    ...     _ = conn.execute("INSERT INTO t VALUES (1)")
    ...     raise KeyError("x")
    Traceback (most recent call last):
    ...
    KeyError: 'x'
    >>> conn.execute("SELECT COUNT(*) FROM t").fetchone()[0]
    0
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        if conn.in_transaction:
            conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            # A failed rollback must not hide the error that caused it.
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise


class ReaderPool:
    """Reader connections handed to one thread at a time and reused.

    Parameters
    ----------
    factory
        Opens a new connection when none is idle.
    max_idle
        How many idle connections to keep; more are closed when returned.

    Examples
    --------
    >>> pool = ReaderPool(lambda: sqlite3.connect(":memory:", check_same_thread=False))
    >>> with pool.connection() as conn:
    ...     conn.execute("SELECT 1").fetchone()[0]
    1
    >>> pool.close()
    """

    def __init__(self, factory: Callable[[], sqlite3.Connection], max_idle: int = 16) -> None:
        self._factory = factory
        self._max_idle = max_idle
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """Borrow a connection for the duration of the block.

        Raises
        ------
        sqlite3.ProgrammingError
            When the pool is closed.

        Examples
        --------
        >>> pool = ReaderPool(lambda: sqlite3.connect(":memory:", check_same_thread=False))
        >>> with pool.connection() as first:
        ...     pass
        >>> with pool.connection() as second:
        ...     second is first
        True
        >>> pool.close()
        """
        with self._lock:
            if self._closed:
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._factory()
        try:
            yield conn
        finally:
            self._give_back(conn)

    def _give_back(self, conn: sqlite3.Connection) -> None:
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except sqlite3.Error:
            conn.close()
            return
        with self._lock:
            if not self._closed and len(self._idle) < self._max_idle:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        """Close the idle connections; borrowed ones close when given back.

        Examples
        --------
        >>> pool = ReaderPool(lambda: sqlite3.connect(":memory:", check_same_thread=False))
        >>> pool.close()
        >>> pool.close()  # idempotent
        """
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
