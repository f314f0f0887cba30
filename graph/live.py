"""The network the analytics read, kept fresh in the background without ever blocking a reader.

A :class:`LiveNetwork` serves the last :class:`~graph.projection.Network` it built and
keeps one background thread bringing it up to date:

- A reader asks with :meth:`LiveNetwork.get`. When the store's data version has moved,
  the reader wakes the updater and waits for it at most ``wait`` seconds, then takes
  whatever is built (possibly one version behind). Only before the very first build is
  there nothing to serve: the reader is then told :class:`Computing`, with a time to
  retry after, instead of waiting for a build.
- The updater catches up from the store's change log (:meth:`GraphStore.changes_since`)
  when it can, applying only what the writes touched (:mod:`graph.projection_updates`);
  it rebuilds in full only at the start, when the log no longer reaches back, when the
  changes are larger than a rebuild, or when the day changes (ties decay with age). A
  burst of writes is caught up in one pass. The new network replaces the old one when
  it is complete, so at most two exist at once and the old is freed when its last
  reader is done.
- Costly results that are the same for every reader (communities, brokers, statistics)
  are computed by :meth:`LiveNetwork.result` once per version, one at a time, in a
  background thread of their own. A reader gets the newest finished result, with the
  version it describes; while the first one is still being computed it is told
  :class:`Computing` rather than starting another computation.
- Interactive analytics run on the network's own bounded pool of threads
  (:meth:`LiveNetwork.submit`), so they never take the threads plain reads use; when
  that pool's queue is full, :class:`Computing` tells the client to come back shortly.

Examples
--------
>>> from graph.embedded.store import EmbeddedStore
>>> from graph.model import Label, Node
>>> store = EmbeddedStore.in_memory()
>>> _ = store.upsert_nodes([Node(Label.PERSON, "ada", {"name": "Ada"})])
>>> live = LiveNetwork(store)
>>> network = live.get(wait=10)
>>> network.version == store.data_version(), "Person:ada" in network.ties
(True, True)
>>> live.close()
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading
import time
import weakref
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar, cast

from graph.cancel import CancelToken, check_cancelled, running
from graph.projection import HALF_LIFE_YEARS, PAIR_LIMIT, Network, project
from graph.projection_updates import update_network
from graph.store import GraphStore, StoreError

__all__ = ["Computing", "LiveNetwork", "Versioned"]

T = TypeVar("T")

log = logging.getLogger("convene.network")

_RETRY_FLOOR = 1.0
"""The shortest time a client is asked to wait before retrying, in seconds."""

_MIN_PASS_INTERVAL = 0.1
"""Seconds from the end of one catch-up to the start of the next: a burst of writes
becomes one pass."""

_IDLE_EXIT = 30.0
"""Seconds after which an idle updater thread ends (the next reader starts another)."""

_FAILURE_PAUSE = 1.0
"""How long the updater pauses after a failed catch-up (the store may be down)."""

_PROBE_INTERVAL = 1.0
"""Seconds between readers' checks of a store that was down."""

_COMPACT_SHARE = 0.05
"""When the rows a tie graph's overlay holds pass this share of its people, the updater
folds them into new arrays (:meth:`graph.projection.Network.compacted`)."""


_shared: weakref.WeakKeyDictionary[GraphStore, LiveNetwork] = weakref.WeakKeyDictionary()
_shared_lock = threading.Lock()


class Computing(Exception):
    """The answer is being computed; ask again after ``retry_after`` seconds.

    >>> Computing("communities", 3.2).message
    'communities are being computed; retry after 4 s'
    """

    code = "COMPUTING"

    def __init__(self, what: str, retry_after: float) -> None:
        self.retry_after = max(int(retry_after + 0.999), int(_RETRY_FLOOR))
        verb = "are" if what.endswith("s") else "is"
        self.message = f"{what} {verb} being computed; retry after {self.retry_after} s"
        super().__init__(self.message)


@dataclass(frozen=True, slots=True)
class Versioned(Generic[T]):
    """A result and the data version of the network it was computed on."""

    value: T
    version: int


def _run_with(token: CancelToken, work: Callable[[], T]) -> T:
    with running(token):
        check_cancelled()  # cancelled while it waited in the queue
        return work()


class _Flight:
    """The state of one costly result: the newest finished value and the running job."""

    __slots__ = ("done", "running", "seconds")

    def __init__(self) -> None:
        self.done: Versioned[Any] | None = None
        self.running: Future[Versioned[Any]] | None = None
        self.seconds = 0.0


class LiveNetwork:
    """The served network of one store (see the module docstring).

    Parameters
    ----------
    store
        The store to project.
    threads
        Threads for interactive analytics (:meth:`submit`).
    queue
        How many interactive jobs may wait for a thread before :meth:`submit` refuses.
    max_delta
        Catch up from the change log only when it names at most this many nodes and
        relationships; beyond that a full build is cheaper.
    first_wait
        How long a reader waits for the very first build (there is nothing to serve
        before it); later readers wait at most their own ``wait``.
    today
        The day ties are aged to (tests fix it).
    pair_limit, half_life_years
        Passed to :func:`graph.projection.project`.
    freeze_builds
        Move each fully built network out of the cyclic garbage collector's sight
        (:func:`gc.freeze`), as a long-running server wants: otherwise every full
        collection walks all of its objects while every thread waits. Its objects are
        still freed by reference counting; cyclic garbage alive at that moment never is.

    Examples
    --------
    >>> from graph.embedded.store import EmbeddedStore
    >>> from graph.model import Label, Node
    >>> store = EmbeddedStore.in_memory()
    >>> live = LiveNetwork(store)
    >>> _ = live.get(wait=10)
    >>> _ = store.upsert_nodes([Node(Label.PERSON, "bo", {"name": "Bo"})])
    >>> "Person:bo" in live.get(wait=10).ties
    True
    >>> live.result("people", lambda n: len(n.ties), wait=10)
    Versioned(value=1, version=1)
    >>> live.close()
    """

    def __init__(
        self,
        store: GraphStore,
        *,
        threads: int = 2,
        queue: int = 64,
        max_delta: int = 20_000,
        first_wait: float = 5.0,
        today: Callable[[], dt.date] = dt.date.today,
        pair_limit: int = PAIR_LIMIT,
        half_life_years: float = HALF_LIFE_YEARS,
        freeze_builds: bool = False,
    ) -> None:
        self._store = store
        self._freeze_builds = freeze_builds
        self._today = today
        self._pair_limit = pair_limit
        self._half_life_years = half_life_years
        self._max_delta = max_delta
        self._first_wait = first_wait
        self._network: Network | None = None
        self._cond = threading.Condition()
        self._wanted = -1
        self._closed = False
        self._updater: threading.Thread | None = None
        self._busy_since: float | None = None
        self._full_build_since: float | None = None
        self._last_pass = 0.0
        self._last_build_seconds = 0.0
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="convene-analytics")
        self._slots = threading.BoundedSemaphore(threads + queue)
        self._background = ThreadPoolExecutor(1, thread_name_prefix="convene-results")
        self._flights: dict[Hashable, _Flight] = {}
        self._flights_lock = threading.Lock()
        self.builds = 0
        """Full builds so far."""
        self.updates = 0
        """Catch-ups from the change log so far."""
        self.error: str | None = None
        """The last catch-up's failure, until one succeeds."""
        self.store_error: str | None = None
        """Why the store could not be asked for its version on the last :meth:`get`
        (the last network was served instead), until it answers again."""
        self._probing = False  # a reader is asking a store that was down
        self._next_probe = 0.0

    # ----------------------------------------------------------------- the network

    def latest(self) -> Network | None:
        """The last network built, without asking the store anything.

        >>> from graph.embedded.store import EmbeddedStore
        >>> LiveNetwork(EmbeddedStore.in_memory()).latest() is None
        True
        """
        return self._network

    def get(self, wait: float = 1.0) -> Network:
        """The network, caught up with the store if that takes at most ``wait`` seconds.

        With no network built yet there is nothing to serve, so the reader waits for
        the first build up to ``first_wait`` (given to the constructor) instead.

        When the store cannot be reached (a restarting server, say), the last network
        built is served as it is; the updater catches up once the store is back.

        Raises
        ------
        Computing
            When no network has been built yet and the first build outlasts that.
        StoreError
            When the store cannot be reached and no network has been built yet.

        Examples
        --------
        >>> from graph.embedded.store import EmbeddedStore
        >>> from graph.model import Label, Node
        >>> store = EmbeddedStore.in_memory()
        >>> live = LiveNetwork(store)
        >>> live.get(wait=10).version
        0
        >>> _ = store.upsert_nodes([Node(Label.PERSON, "ada", {"name": "Ada"})])
        >>> live.get(wait=10).version  # a small write is caught up within the wait
        1
        >>> live.close()
        """
        network = self._network
        probing = network is not None and self.store_error is not None
        if probing and not self._may_probe():
            assert network is not None
            return network  # the store is down and another reader asks it: no waiting
        try:
            version = self._store.data_version()
        except StoreError as error:
            self._next_probe = time.monotonic() + _PROBE_INTERVAL
            if network is None:
                raise
            self.store_error = error.message
            return network  # the store is down: answer from what was built
        finally:
            if probing:
                self._probing = False
        self.store_error = None
        if network is not None and network.version >= version:
            if network.as_of != self._today():
                with self._cond:
                    self._want(version)  # a new day: rebuild in the background
            return network
        started = time.monotonic()
        deadline, first_deadline = started + wait, started + max(wait, self._first_wait)
        with self._cond:
            self._want(version)
            while True:
                network = self._network
                if network is not None and network.version >= version:
                    return network
                left = (first_deadline if network is None else deadline) - time.monotonic()
                if left <= 0 or self._closed:
                    break
                if network is not None and self._full_build_left() > left:
                    break  # serve the network we have rather than wait for a rebuild
                self._cond.wait(left)
        if network is None:
            raise Computing("the network", self._retry_after())
        return network

    def _may_probe(self) -> bool:
        """Whether this reader should ask a store that was down for its version: one
        reader at a time, :data:`_PROBE_INTERVAL` after the last one's answer (the
        others are answered from the last network at once, not after a driver's
        timeout)."""
        with self._cond:
            now = time.monotonic()
            if self._probing or now < self._next_probe:
                return False
            self._probing = True
            return True

    def fresh(self) -> Network:
        """The network of the store's current version, waiting as long as that takes.

        For the command line, warm-up and tests; requests use :meth:`get`.

        >>> from graph.embedded.store import EmbeddedStore
        >>> live = LiveNetwork(EmbeddedStore.in_memory())
        >>> live.fresh().version
        0
        >>> live.close()
        """
        while True:
            try:
                return self.get(wait=3600.0)
            except Computing:
                if self._closed:
                    raise
                if self.error is not None:
                    raise RuntimeError(f"the network could not be built: {self.error}") from None

    def wait_built(self, timeout: float) -> bool:
        """Whether a network has been built, waiting at most ``timeout`` seconds for one.

        >>> from graph.embedded.store import EmbeddedStore
        >>> live = LiveNetwork(EmbeddedStore.in_memory())
        >>> live.wait_built(0.01)
        False
        >>> live.start()
        >>> live.wait_built(10)
        True
        >>> live.close()
        """
        with self._cond:
            return self._cond.wait_for(lambda: self._network is not None, timeout)

    def start(self) -> None:
        """Build the network in the background now (the first :meth:`get` also does).

        >>> from graph.embedded.store import EmbeddedStore
        >>> live = LiveNetwork(EmbeddedStore.in_memory())
        >>> live.start()
        >>> live.wait_built(10)
        True
        >>> live.close()
        """
        with self._cond:
            self._want(self._wanted)

    @classmethod
    def shared(cls, store: GraphStore) -> LiveNetwork:
        """The process's one live network of ``store``, made on first use.

        The server makes and closes its own; this serves the command line and tests
        that run the schema directly.

        >>> from graph.embedded.store import EmbeddedStore
        >>> store = EmbeddedStore.in_memory()
        >>> LiveNetwork.shared(store) is LiveNetwork.shared(store)
        True
        """
        with _shared_lock:
            live = _shared.get(store)
            if live is None:
                live = _shared[store] = cls(store)
            return live

    def close(self) -> None:
        """Stop the updater and the analytics threads; running work finishes first.

        >>> from graph.embedded.store import EmbeddedStore
        >>> live = LiveNetwork(EmbeddedStore.in_memory())
        >>> _ = live.fresh()
        >>> live.close()
        >>> live.latest() is not None  # the last network stays readable
        True
        """
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        updater = self._updater
        if updater is not None and updater is not threading.current_thread():
            updater.join(timeout=60)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._background.shutdown(wait=False, cancel_futures=True)

    def status(self) -> dict[str, Any]:
        """What the updater is doing, for ``/readyz`` and the logs.

        >>> from graph.embedded.store import EmbeddedStore
        >>> live = LiveNetwork(EmbeddedStore.in_memory())
        >>> live.status()["version"] is None
        True
        """
        network = self._network
        busy = self._busy_since
        return {
            "version": None if network is None else network.version,
            "updating": busy is not None,
            "updatingFor": None if busy is None else round(time.monotonic() - busy, 3),
            "lastBuildSeconds": round(self._last_build_seconds, 3),
            "builds": self.builds,
            "updates": self.updates,
            "error": self.error,
            "storeError": self.store_error,
        }

    def _full_build_left(self) -> float:
        """How long the full build under way should still take (0 when none runs)."""
        started = self._full_build_since
        if started is None:
            return 0.0
        return self._last_build_seconds - (time.monotonic() - started)

    def _want(self, version: int) -> None:
        """Ask the updater for at least ``version`` (call with the condition held)."""
        self._wanted = max(self._wanted, version)
        if self._updater is None and not self._closed:
            self._updater = threading.Thread(
                target=self._update_loop, name="convene-network", daemon=True
            )
            self._updater.start()
        self._cond.notify_all()

    def behind(self, network: Network) -> Computing | None:
        """Whether ``network`` trails a version a reader has seen: then the error to give
        for a node it lacks ("being computed", not "does not exist").

        >>> from graph.embedded.store import EmbeddedStore
        >>> live = LiveNetwork(EmbeddedStore.in_memory())
        >>> live.behind(live.fresh()) is None
        True
        >>> live.close()
        """
        if network.version >= self._wanted:
            return None
        return Computing("the network", self._retry_after())

    @classmethod
    def forget_shared(cls, store: GraphStore) -> None:
        """Close and forget the shared live network of ``store`` (a store emptied for a
        new test, say); the next :meth:`shared` starts afresh.

        >>> from graph.embedded.store import EmbeddedStore
        >>> store = EmbeddedStore.in_memory()
        >>> first = LiveNetwork.shared(store)
        >>> LiveNetwork.forget_shared(store)
        >>> LiveNetwork.shared(store) is first
        False
        """
        with _shared_lock:
            live = _shared.pop(store, None)
        if live is not None:
            live.close()

    def _retry_after(self) -> float:
        busy = self._busy_since
        expected = self._last_build_seconds or 5.0
        elapsed = 0.0 if busy is None else time.monotonic() - busy
        return max(expected - elapsed, _RETRY_FLOOR)

    def _update_loop(self) -> None:
        while True:
            with self._cond:
                if not self._closed and not self._behind():
                    self._cond.wait(timeout=_IDLE_EXIT)
                if self._closed or not self._behind():
                    self._updater = None  # idle: the next reader that needs one starts it
                    return
                # Writes that arrive close together are caught up in one pass.
                while not self._closed:
                    pause = self._last_pass + _MIN_PASS_INTERVAL - time.monotonic()
                    if pause <= 0:
                        break
                    self._cond.wait(pause)
            self._busy_since = time.monotonic()
            try:
                network = self._catch_up(self._network)
            except Exception as error:  # the old network stays served; try again later
                self.error = f"{type(error).__name__}: {error}"
                log.warning("the network could not be updated: %s", self.error)
                with self._cond:
                    self._cond.notify_all()
                    self._cond.wait(_FAILURE_PAUSE)
                continue
            finally:
                self._busy_since = None
            with self._cond:
                self._network = network
                self.error = None
                self._last_pass = time.monotonic()
                self._cond.notify_all()
            self._compact(network)

    def _compact(self, network: Network) -> None:
        """Fold the tie graphs' overlays into arrays once they have grown, after the
        network is served (readers never wait for it); the same version replaces it."""
        grown = max(network.ties.overlay_share(), network.hidden_ties.overlay_share())
        if grown <= _COMPACT_SHARE:
            return
        compact = network.compacted()
        with self._cond:
            if self._network is network:
                self._network = compact

    def _behind(self) -> bool:
        network = self._network
        if network is None:
            return True
        return network.version < self._wanted or network.as_of != self._today()

    def _catch_up(self, network: Network | None) -> Network:
        today = self._today()
        if network is not None and network.as_of == today:
            updated = self._apply_changes(network)
            if updated is not None:
                self.updates += 1
                return updated
        started = time.monotonic()
        with self._cond:
            self._full_build_since = started
            self._cond.notify_all()  # readers that cannot wait that long take the old one
        try:
            built = project(
                self._store,
                as_of=today,
                pair_limit=self._pair_limit,
                half_life_years=self._half_life_years,
            )
        finally:
            self._full_build_since = None
        self._last_build_seconds = time.monotonic() - started
        if self._freeze_builds:
            # Millions of long-lived objects: a full collection would walk them all
            # (hundreds of ms at 100,000 people, with every thread stopped). Those of
            # this build are left to reference counting; catch-ups create few.
            gc.freeze()
        self.builds += 1
        log.info(
            "built the network at version %d in %.1f s", built.version, self._last_build_seconds
        )
        return built

    def _apply_changes(self, network: Network) -> Network | None:
        """The network caught up from the change log, or None when a full build is due.

        A log that does not reach back to the network's version, a gap in it, more
        changes than ``max_delta``, or an entry that cannot be applied all mean a full
        build (the last with a warning): never a wrong network.
        """
        if self._max_delta <= 0:
            return None
        try:
            changes = self._store.changes_since(network.version)
        except StoreError:
            raise  # the store is down: keep serving, try again later
        except Exception as error:
            log.warning("the change log could not be read (%s); rebuilding", error)
            return None
        if changes is None:
            return None
        if not changes:
            return network
        expected = list(range(network.version + 1, network.version + 1 + len(changes)))
        if [change.version for change in changes] != expected:
            log.warning("the change log has a gap after version %d; rebuilding", network.version)
            return None
        node_refs = list(dict.fromkeys(ref for change in changes for ref in change.nodes))
        rel_refs = list(dict.fromkeys(ref for change in changes for ref in change.relationships))
        if len(node_refs) + len(rel_refs) > self._max_delta:
            return None
        try:
            nodes = self._store.get_nodes(node_refs)
            rels = self._store.get_relationships(rel_refs)
            return update_network(
                network,
                changes[-1].version,
                nodes=list(zip(node_refs, nodes, strict=True)),
                relationships=list(zip(rel_refs, rels, strict=True)),
            )
        except StoreError:
            raise  # the store is down: keep serving, try again later
        except Exception as error:
            log.warning("the change log could not be applied (%s); rebuilding", error)
            return None

    # ------------------------------------------------------------- analytics work

    def submit(self, work: Callable[[], T], token: CancelToken | None = None) -> Future[T]:
        """Run ``work`` on the analytics threads, with ``token`` as its cancel token.

        A job still queued when ``token`` is cancelled never starts; a running one
        stops with :class:`graph.cancel.Cancelled` at its next
        :func:`graph.cancel.check_cancelled`, which frees the thread.

        Raises
        ------
        Computing
            When every thread is busy and the queue is full.

        Examples
        --------
        >>> from graph.cancel import CancelToken
        >>> from graph.embedded.store import EmbeddedStore
        >>> live = LiveNetwork(EmbeddedStore.in_memory())
        >>> live.submit(lambda: 6 * 7).result()
        42
        >>> token = CancelToken()
        >>> token.cancel()
        >>> live.submit(lambda: 6 * 7, token).result()
        Traceback (most recent call last):
        ...
        graph.cancel.Cancelled: the job was cancelled
        >>> live.close()
        """
        if not self._slots.acquire(blocking=False):
            raise Computing("other analytics", _RETRY_FLOOR)
        job = work if token is None else partial(_run_with, token, work)
        try:
            future = self._pool.submit(job)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        return future

    def result(
        self,
        key: Hashable,
        compute: Callable[[Network], T],
        *,
        wait: float = 1.0,
        what: str = "results",
    ) -> Versioned[T]:
        """``compute(network)``, computed once per version in the background.

        The newest finished result is returned at once, even when a newer version is
        being computed; only while the first is computing does the caller wait, at
        most ``wait`` seconds.

        Raises
        ------
        Computing
            When no result is ready within ``wait``; no second computation starts.

        Examples
        --------
        >>> from graph.embedded.store import EmbeddedStore
        >>> live = LiveNetwork(EmbeddedStore.in_memory())
        >>> live.result("people", lambda network: len(network.ties), wait=10)
        Versioned(value=0, version=0)
        >>> live.close()
        """
        found = self.result_or_future(key, compute, wait=wait)
        if isinstance(found, Versioned):
            return found
        try:
            return found.result(timeout=wait)
        except TimeoutError:
            raise Computing(what, self.expected_seconds(key)) from None

    def result_or_future(
        self, key: Hashable, compute: Callable[[Network], T], *, wait: float = 1.0
    ) -> Versioned[T] | Future[Versioned[T]]:
        """The newest finished result of ``key``, or the future of the first one.

        Starts computing on the current network when no computation of ``key`` runs
        and the newest result is older; at most one runs per key at a time.
        :meth:`result` waits on the future; an asynchronous caller awaits it instead.

        >>> from graph.embedded.store import EmbeddedStore
        >>> live = LiveNetwork(EmbeddedStore.in_memory())
        >>> first = live.result_or_future("n", lambda network: 1, wait=10)
        >>> first.result(10) if not isinstance(first, Versioned) else first
        Versioned(value=1, version=0)
        >>> live.result_or_future("n", lambda network: 2, wait=10)
        Versioned(value=1, version=0)
        >>> live.close()
        """
        network = self.get(wait=wait)
        with self._flights_lock:
            flight = self._flights.setdefault(key, _Flight())
            done = flight.done
            if done is not None and done.version >= network.version:
                return cast(Versioned[T], done)
            if flight.running is None and not self._closed:
                flight.running = self._start_flight(flight, network, compute)
            running = flight.running
        if done is not None or running is None:
            if done is None:
                raise Computing("results", _RETRY_FLOOR)
            return cast(Versioned[T], done)
        return cast(Future[Versioned[T]], running)

    def expected_seconds(self, key: Hashable) -> float:
        """How long the last computation of ``key`` took (0 before the first ends).

        >>> from graph.embedded.store import EmbeddedStore
        >>> LiveNetwork(EmbeddedStore.in_memory()).expected_seconds("communities")
        0.0
        """
        with self._flights_lock:
            flight = self._flights.get(key)
            return 0.0 if flight is None else flight.seconds

    def _start_flight(
        self, flight: _Flight, network: Network, compute: Callable[[Network], T]
    ) -> Future[Versioned[Any]]:
        def run() -> Versioned[Any]:
            started = time.monotonic()
            try:
                value = Versioned(compute(network), network.version)
            finally:
                with self._flights_lock:
                    flight.running = None
                    flight.seconds = time.monotonic() - started
            with self._flights_lock:
                if flight.done is None or flight.done.version < value.version:
                    flight.done = value
            return value

        return self._background.submit(run)
