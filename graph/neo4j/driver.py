"""The Neo4j driver: creating it, checking the server answers, translating its errors.

Driver and server errors never leave the Neo4j store as they are: :func:`translate`
turns each into a :class:`~graph.store.StoreError` whose one-line message says what
happened and, where the operator can do something, how to fix it.

Examples
--------
>>> endpoint = Endpoint("bolt://127.0.0.1:7687", "neo4j")
>>> from neo4j.exceptions import ServiceUnavailable
>>> print(translate(ServiceUnavailable("... [Errno 111] Connection refused"), endpoint))
Neo4j is not reachable at bolt://127.0.0.1:7687 (connection refused): start it with \
`scripts/neo4j.sh start`
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from neo4j import Driver, GraphDatabase, basic_auth
from neo4j.exceptions import (
    AuthError,
    ConnectionAcquisitionTimeoutError,
    CypherTypeError,
    DatabaseUnavailable,
    DriverError,
    Forbidden,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.store import InvalidInput, StoreError, Unavailable

__all__ = [
    "ACQUISITION_TIMEOUT",
    "BOLT_SCHEMES",
    "CONNECTION_TIMEOUT",
    "FIRST_RETRY_DELAY",
    "MAX_RETRY_TIME",
    "TOO_LARGE",
    "Endpoint",
    "new_driver",
    "open_driver",
    "too_large",
    "translate",
    "translated",
]

log = logging.getLogger(__name__)

# Seconds. Small enough that a server that is down is noticed within the readiness
# check's two seconds and a request never hangs on it: a connection is given up after
# 1 s, a free one from the pool after 2 s, and retries of a failed transaction wait
# about 0.2, 0.4 s and stop once 1 s has passed (a refused connection fails in about
# 1.2 s, an unanswered one in about 2 s).
CONNECTION_TIMEOUT = 1.0
ACQUISITION_TIMEOUT = 2.0
MAX_RETRY_TIME = 1.0
FIRST_RETRY_DELAY = 0.2

BOLT_SCHEMES = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})

_START_HINT = "start it with `scripts/neo4j.sh start`"

# A transaction that outgrew the server's memory for transactions: the driver counts
# it as transient, but running it again cannot help.
TOO_LARGE = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a store's server is and who it logs in as (for messages, never secrets).

    >>> Endpoint("bolt://127.0.0.1:7687", "neo4j").database
    'neo4j'
    """

    uri: str
    user: str
    database: str = "neo4j"


def new_driver(endpoint: Endpoint, password: str) -> Driver:
    """Create a driver for ``endpoint`` with bounded timeouts, without contacting it.

    Parameters
    ----------
    endpoint
        The server address, user and database.
    password
        The user's password.

    Returns
    -------
    neo4j.Driver
        A driver whose connections, pool waits and transaction retries give up after
        ``CONNECTION_TIMEOUT``, ``ACQUISITION_TIMEOUT`` and ``MAX_RETRY_TIME``.

    Raises
    ------
    Unavailable
        When the address is not a Bolt address the driver can use.

    Examples
    --------
    >>> driver = new_driver(Endpoint("bolt://127.0.0.1:7687", "neo4j"), "pw")
    >>> driver.close()
    """
    scheme = urlsplit(endpoint.uri).scheme.lower()
    if scheme not in BOLT_SCHEMES:
        raise Unavailable(
            f"NEO4J_URI {endpoint.uri!r} is not a Bolt address: "
            "use bolt://host:7687 or neo4j://host:7687"
        )
    try:
        return GraphDatabase.driver(
            endpoint.uri,
            auth=basic_auth(endpoint.user, password),
            connection_timeout=CONNECTION_TIMEOUT,
            connection_acquisition_timeout=ACQUISITION_TIMEOUT,
            max_transaction_retry_time=MAX_RETRY_TIME,
            initial_retry_delay=FIRST_RETRY_DELAY,
            notifications_min_severity="OFF",
        )
    except (DriverError, ValueError) as error:
        raise Unavailable(
            f"NEO4J_URI {endpoint.uri!r} is not usable ({error}): "
            "use bolt://host:7687 or neo4j://host:7687"
        ) from error


def open_driver(endpoint: Endpoint, password: str) -> Driver:
    """Create a driver for ``endpoint`` and check that the server answers and accepts us.

    Parameters
    ----------
    endpoint
        The server address, user and database.
    password
        The user's password.

    Returns
    -------
    neo4j.Driver
        A driver with bounded connection and retry timeouts, connectivity verified.

    Raises
    ------
    Unavailable
        With a one-line reason and fix when the address is not a Bolt address, the
        server cannot be reached, or it refuses the credentials.

    Examples
    --------
    >>> open_driver(Endpoint("http://127.0.0.1:7474", "neo4j"), "secret")
    Traceback (most recent call last):
    ...
    graph.store.Unavailable: NEO4J_URI 'http://127.0.0.1:7474' is not a Bolt address: \
use bolt://host:7687 or neo4j://host:7687
    >>> driver = open_driver(Endpoint("bolt://127.0.0.1:7687", "neo4j"), "pw")  # doctest: +SKIP
    """
    driver = new_driver(endpoint, password)
    try:
        with translated(endpoint):
            driver.verify_connectivity()
    except BaseException:
        driver.close()
        raise
    return driver


def _unreachable(error: BaseException, uri: str) -> str:
    texts: list[str] = []
    seen: BaseException | None = error
    while seen is not None and len(texts) < 8:
        texts.append(str(seen))
        seen = seen.__cause__ or seen.__context__
    text = " ".join(texts).lower()
    if "dns" in text or "name or service not known" in text or "nodename nor servname" in text:
        reason, fix = "unknown host", "check the host name in NEO4J_URI"
    elif "looks like http" in text:
        reason, fix = "that port speaks HTTP", "point NEO4J_URI at the Bolt port (7687)"
    elif "refused" in text:
        reason, fix = "connection refused", _START_HINT
    elif "timed out" in text or "timeout" in text:
        reason, fix = "timed out", f"check NEO4J_URI, or {_START_HINT}"
    elif "defunct" in text or "reset" in text or "closed" in text or "broken pipe" in text:
        reason, fix = "connection lost", f"check that it is still running, or {_START_HINT}"
    else:
        reason, fix = "no answer", _START_HINT
    return f"Neo4j is not reachable at {uri} ({reason}): {fix}"


def too_large(field: str) -> InvalidInput:
    """The error for a request that needs more memory than Neo4j gives one transaction.

    Parameters
    ----------
    field
        What was too large (``batch`` for a write batch).

    Returns
    -------
    InvalidInput
        With code ``TOO_LARGE`` and how to get under the limit.

    Examples
    --------
    >>> too_large("batch").code
    'TOO_LARGE'
    """
    return InvalidInput(
        field,
        "needs more memory than Neo4j allows one transaction "
        "(dbms.memory.transaction.total.max): split it into smaller parts, "
        "or give Neo4j more memory (NEO4J_HEAP_SIZE)",
        "TOO_LARGE",
    )


def translate(error: Exception, endpoint: Endpoint) -> StoreError | InvalidInput:
    """The store error that stands for a driver or server error.

    Parameters
    ----------
    error
        What the driver raised.
    endpoint
        The server it was talking to (for the message).

    Returns
    -------
    StoreError
        ``Unavailable`` for an unreachable, starting, busy or refusing server;
        ``InvalidInput`` for a value Neo4j cannot store or compare or a batch too large
        for its memory; a plain
        ``StoreError`` (details logged, never shown) for anything else.

    Examples
    --------
    >>> from neo4j.exceptions import AuthError
    >>> print(translate(AuthError("unauthorized"), Endpoint("bolt://db:7687", "neo4j")))
    Neo4j at bolt://db:7687 refused the credentials for user 'neo4j': check NEO4J_USER / \
NEO4J_PASSWORD
    """
    uri, user, database = endpoint.uri, endpoint.user, endpoint.database
    code = error.code if isinstance(error, Neo4jError) else type(error).__name__
    if isinstance(error, AuthError):
        if code == "Neo.ClientError.Security.CredentialsExpired":
            return Unavailable(
                f"Neo4j at {uri} wants a new password for user {user!r}: set one with "
                "neo4j-admin dbms set-initial-password, then update NEO4J_PASSWORD"
            )
        return Unavailable(
            f"Neo4j at {uri} refused the credentials for user {user!r}: "
            "check NEO4J_USER / NEO4J_PASSWORD"
        )
    if isinstance(error, ConnectionAcquisitionTimeoutError):
        return Unavailable(
            f"Neo4j at {uri} gave no connection within {ACQUISITION_TIMEOUT:g} s: "
            "the server or the connection pool is overloaded; try again"
        )
    if isinstance(error, (ServiceUnavailable, SessionExpired)):
        return Unavailable(_unreachable(error, uri))
    if isinstance(error, DatabaseUnavailable):
        return Unavailable(
            f"Neo4j at {uri} cannot serve database {database!r} yet (it may be starting): "
            "wait a moment, or check `scripts/neo4j.sh status` and `scripts/neo4j.sh logs`"
        )
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return Unavailable(
            f"Neo4j at {uri} has no database {database!r}: "
            "use the server's default database 'neo4j'"
        )
    if isinstance(error, Forbidden):
        return Unavailable(
            f"Neo4j at {uri} does not let user {user!r} do this ({code}): "
            "use a user that may write to the database"
        )
    if code == TOO_LARGE:
        return too_large("request")
    if isinstance(error, TransientError):
        return Unavailable(
            f"Neo4j at {uri} stayed busy for {MAX_RETRY_TIME:g} s ({code}): try again"
        )
    if isinstance(error, CypherTypeError) or code in (
        "Neo.ClientError.Statement.ArgumentError",
        "Neo.ClientError.Statement.TypeError",
    ):
        log.warning("Neo4j rejected a value: %s", error)
        return InvalidInput("value", "Neo4j cannot store or compare a value of this type")
    log.error("Neo4j query failed (%s): %s", code, error)
    return StoreError(f"the Neo4j store could not complete the request ({code})")


@contextmanager
def translated(endpoint: Endpoint) -> Iterator[None]:
    """Raise driver and server errors in the block as store errors.

    Store errors raised in the block (for instance from a transaction function)
    pass through unchanged.

    Parameters
    ----------
    endpoint
        The server the block talks to.

    Examples
    --------
    >>> from neo4j.exceptions import SessionExpired
    >>> try:
    ...     with translated(Endpoint("bolt://db:7687", "neo4j")):
    ...         raise SessionExpired("connection closed")
    ... except Unavailable as error:
    ...     print(error.code)
    UNAVAILABLE
    """
    try:
        yield
    except (Neo4jError, DriverError) as error:
        raise translate(error, endpoint) from error
