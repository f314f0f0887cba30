"""Cooperative cancellation of analytics jobs that nobody waits for any more.

A job runs with a :class:`CancelToken` installed (:func:`running`); its long loops call
:func:`check_cancelled`, which raises :class:`Cancelled` once the token is cancelled. A
thread cannot be stopped from outside, so this is how a request that timed out frees
its analytics thread: the request cancels the token and the job stops at its next
check. Outside a job (tests, the command line) :func:`check_cancelled` does nothing.

Examples
--------
>>> token = CancelToken()
>>> def count(limit):
...     done = 0
...     for _ in range(limit):
...         check_cancelled()
...         done += 1
...         if done == 3:
...             token.cancel()
...     return done
>>> count(10)
10
>>> with running(token):
...     count(10)
Traceback (most recent call last):
...
graph.cancel.Cancelled: the job was cancelled
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["CancelToken", "Cancelled", "check_cancelled", "running"]


class Cancelled(Exception):
    """The job was cancelled: whoever asked for it no longer waits for the answer."""

    def __init__(self) -> None:
        super().__init__("the job was cancelled")


class CancelToken:
    """A flag one thread sets and a job's loops read.

    >>> token = CancelToken()
    >>> token.cancelled
    False
    >>> token.cancel()
    >>> token.cancelled
    True
    """

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop at its next :func:`check_cancelled`."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._event.is_set()


_current: ContextVar[CancelToken | None] = ContextVar("convene_cancel_token", default=None)


@contextmanager
def running(token: CancelToken) -> Iterator[CancelToken]:
    """Install ``token`` as the current job's token for the ``with`` block.

    >>> token = CancelToken()
    >>> with running(token):
    ...     check_cancelled()
    ...     token.cancel()
    ...     check_cancelled()
    Traceback (most recent call last):
    ...
    graph.cancel.Cancelled: the job was cancelled
    >>> check_cancelled()  # outside the block, nothing to cancel
    """
    reset = _current.set(token)
    try:
        yield token
    finally:
        _current.reset(reset)


def check_cancelled() -> None:
    """Raise :class:`Cancelled` when the current job's token has been cancelled.

    Cheap enough for the outer loops of an algorithm (a context variable and a flag);
    does nothing outside a job.

    >>> check_cancelled()
    """
    token = _current.get()
    if token is not None and token.cancelled:
        raise Cancelled
