"""The live network: fresh after a write, never blocked by a build, one computation of
each costly result per version, bounded analytics capacity."""

from __future__ import annotations

import datetime as dt
import gc
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from graph.embedded.store import EmbeddedStore
from graph.live import Computing, LiveNetwork
from graph.model import Label, Node, NodeRef, Relationship, RelType
from graph.store import GraphStore, Unavailable, WriteBatch
from tests.stores import ConcreteStore

AS_OF = dt.date(2024, 1, 1)


class GatedStore:
    """A real store whose full scans wait while ``gate`` is closed (a slow build)."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner = inner
        self.gate = threading.Event()
        self.gate.set()
        self.scans = 0
        self.fail: Exception | None = None

    def iter_relationships(self, types: Sequence[RelType] = ()) -> Iterator[Relationship]:
        self.scans += 1
        if self.fail is not None:
            raise self.fail
        assert self.gate.wait(30), "the gate was never opened"
        return self.inner.iter_relationships(types)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore.open(tmp_path / "live.sqlite3")
    yield store
    store.close()


@pytest.fixture
def gated(embedded: EmbeddedStore) -> GatedStore:
    return GatedStore(embedded)


def team(store: Any, project: str, people: Sequence[str]) -> None:
    loom = Node(Label.PROJECT, project, {"name": project})
    batch = WriteBatch()
    batch.upsert_nodes([*(Node(Label.PERSON, k, {"name": k}) for k in people), loom])
    batch.upsert_relationships(
        Relationship(RelType.MEMBER_OF, NodeRef(Label.PERSON, k), loom.ref) for k in people
    )
    store.apply(batch)


def live_of(store: Any, **options: Any) -> LiveNetwork:
    return LiveNetwork(store, today=lambda: AS_OF, **options)


def test_a_write_followed_by_a_query_sees_the_new_tie(store: ConcreteStore) -> None:
    # given a live network of a store with two unconnected people
    team(store, "loom", ["ada"])
    team(store, "kiln", ["bo"])
    live = live_of(store)
    try:
        assert not live.get(wait=10).ties.has_edge("Person:ada", "Person:bo")
        # when bo joins ada's project
        store.upsert_relationships(
            [
                Relationship(
                    RelType.MEMBER_OF, NodeRef(Label.PERSON, "bo"), NodeRef(Label.PROJECT, "loom")
                )
            ]
        )
        # then the next query sees the tie
        assert live.get(wait=10).ties.has_edge("Person:ada", "Person:bo")
    finally:
        live.close()


def test_the_network_is_rebuilt_only_when_the_version_moves(embedded: EmbeddedStore) -> None:
    # given a live network that has built once
    team(embedded, "loom", ["ada", "bo"])
    live = live_of(embedded)
    first = live.get(wait=10)
    # when it is asked again without writes, then after one batch of writes
    again = live.get(wait=10)
    team(embedded, "kiln", ["cy", "di"])
    after = live.get(wait=10)
    live.close()
    # then the first answer is reused and the batch causes one more build or catch-up
    assert again is first
    assert after is not first and after.ties.has_edge("Person:cy", "Person:di")
    assert live.builds + live.updates == 2


def test_a_served_network_is_kept_out_of_the_garbage_collectors_sight(
    embedded: EmbeddedStore,
) -> None:
    # given a live network that freezes its builds, as the server's does
    team(embedded, "loom", ["ada", "bo"])
    live = live_of(embedded, freeze_builds=True)
    frozen = gc.get_freeze_count()
    try:
        # when it builds
        live.get(wait=10)
        # then the objects of the build are frozen (collections no longer walk them)
        assert gc.get_freeze_count() > frozen
    finally:
        live.close()
        gc.unfreeze()


def test_before_the_first_build_a_reader_is_told_to_retry_instead_of_waiting(
    gated: GatedStore,
) -> None:
    # given a store whose first build cannot finish yet
    team(gated, "loom", ["ada", "bo"])
    gated.gate.clear()
    live = live_of(gated, first_wait=0.0)
    try:
        # when a reader asks with a short wait
        with pytest.raises(Computing) as refused:
            live.get(wait=0.05)
        # then it is told to come back (in whole seconds, at least one)
        assert refused.value.code == "COMPUTING"
        assert refused.value.retry_after >= 1
        assert "retry after" in refused.value.message
    finally:
        gated.gate.set()
        live.close()


def test_a_reader_gets_the_last_network_while_a_build_is_stuck(gated: GatedStore) -> None:
    # given a built network, then a write whose rebuild cannot finish
    team(gated, "loom", ["ada", "bo"])
    live = live_of(gated, max_delta=0)  # no catch-up from the log: always a full build
    try:
        before = live.get(wait=10)
        gated.gate.clear()
        team(gated, "kiln", ["cy", "di"])
        # when readers ask during the rebuild
        during = [live.get(wait=0.05) for _ in range(3)]
        # then they are served the last network, not made to wait for the build
        assert all(network is before for network in during)
        assert live.status()["updating"] is True
        # and once the build is done, the new network is served
        gated.gate.set()
        assert live.get(wait=10).ties.has_edge("Person:cy", "Person:di")
    finally:
        gated.gate.set()
        live.close()


def test_a_burst_of_writes_during_a_build_is_caught_up_in_one_more_pass(
    gated: GatedStore,
) -> None:
    # given a network whose rebuild is held while five more batches land
    team(gated, "loom", ["ada", "bo"])
    live = live_of(gated, max_delta=0)
    try:
        live.get(wait=10)
        gated.gate.clear()
        team(gated, "t0", ["p0", "q0"])
        live.get(wait=0.01)  # wakes the updater, which is now held in its build
        for i in range(1, 5):
            team(gated, f"t{i}", [f"p{i}", f"q{i}"])
        # when the build is let go
        gated.gate.set()
        network = live.get(wait=10)
        # then everything is there after at most two more builds, not one per batch
        assert all(network.ties.has_edge(f"Person:p{i}", f"Person:q{i}") for i in range(5))
        assert live.builds <= 3
    finally:
        gated.gate.set()
        live.close()


def test_a_failed_update_keeps_the_last_network_and_says_why(gated: GatedStore) -> None:
    # given a built network and a store that starts failing
    team(gated, "loom", ["ada", "bo"])
    live = live_of(gated, max_delta=0)
    try:
        before = live.get(wait=10)
        gated.fail = RuntimeError("the disk is gone")
        team(gated.inner, "kiln", ["cy", "di"])
        # when a reader asks
        served = live.get(wait=0.2)
        # then it is served the last network, and the status names the failure
        assert served is before
        for _ in range(100):
            if live.status()["error"]:
                break
            threading.Event().wait(0.02)
        assert "the disk is gone" in str(live.status()["error"])
        # and it recovers when the store does
        gated.fail = None
        assert live.get(wait=10).ties.has_edge("Person:cy", "Person:di")
    finally:
        live.close()


class DownStore(GatedStore):
    """A real store that can be taken down: every call fails as a lost server's does."""

    def __init__(self, inner: GraphStore) -> None:
        super().__init__(inner)
        self.down = False
        self.timeout = 0.0  # how long a call takes to fail while down
        self.asked = 0

    def data_version(self) -> int:
        self.asked += 1
        if self.down:
            threading.Event().wait(self.timeout)
            raise Unavailable("the graph store cannot be reached")
        return self.inner.data_version()


def test_while_the_store_is_down_readers_get_the_last_network(embedded: EmbeddedStore) -> None:
    # given a built network
    store = DownStore(embedded)
    team(store, "loom", ["ada", "bo"])
    live = live_of(store)
    try:
        before = live.get(wait=10)
        # when the store goes away
        store.down = True
        # then readers are served the last network, and the status says why
        assert live.get(wait=0.2) is before
        assert live.status()["storeError"] == "the graph store cannot be reached"
        # and once it is back, a write made meanwhile is caught up (a reader asks the
        # store again a second after the last one was told it is down)
        team(embedded, "kiln", ["cy", "di"])
        store.down = False
        assert shows_tie(live, "Person:cy", "Person:di")
        assert live.status()["storeError"] is None
    finally:
        live.close()


def shows_tie(live: LiveNetwork, one: str, other: str, within: float = 10.0) -> bool:
    """Whether the live network shows a tie of ``one`` and ``other`` within ``within`` s."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if live.get(wait=1).ties.has_edge(one, other):
            return True
        time.sleep(0.05)
    return False


def test_while_the_store_is_down_one_reader_at_a_time_waits_for_it(
    embedded: EmbeddedStore,
) -> None:
    # given a built network, and a store that went away and takes 0.5 s to say so
    store = DownStore(embedded)
    team(store, "loom", ["ada", "bo"])
    live = live_of(store)
    try:
        before = live.get(wait=10)
        store.down, store.timeout = True, 0.5
        assert live.get(wait=0.2) is before  # this reader learns it (and waits)
        asked = store.asked
        # when eight readers ask at once, again and again
        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: live.get(wait=0.2), range(200)))
        # then none waits for the store: each is answered from the last network at once
        assert time.monotonic() - started < 0.5
        assert all(answer is before for answer in answers) and store.asked == asked
    finally:
        live.close()


def test_with_the_store_down_and_nothing_built_a_reader_is_told_it_is_unavailable(
    embedded: EmbeddedStore,
) -> None:
    store = DownStore(embedded)
    store.down = True
    live = live_of(store)
    try:
        with pytest.raises(Unavailable):
            live.get(wait=0.2)
    finally:
        live.close()


def test_a_new_day_rebuilds_in_the_background_without_making_readers_wait(
    gated: GatedStore,
) -> None:
    # given a network built yesterday
    team(gated, "loom", ["ada", "bo"])
    today = [AS_OF]
    live = LiveNetwork(gated, today=lambda: today[0])
    try:
        yesterday = live.get(wait=10)
        gated.gate.clear()
        # when the day changes and the rebuild is held
        today[0] = AS_OF + dt.timedelta(days=1)
        served = live.get(wait=5)
        # then the reader gets yesterday's network at once, and today's once it is built
        assert served is yesterday
        gated.gate.set()
        for _ in range(500):
            latest = live.latest()
            if latest is not None and latest.as_of == today[0]:
                break
            threading.Event().wait(0.01)
        latest = live.latest()
        assert latest is not None and latest.as_of == today[0]
    finally:
        gated.gate.set()
        live.close()


def test_a_costly_result_is_computed_once_however_many_ask(embedded: EmbeddedStore) -> None:
    # given a network and a computation that is held until released
    team(embedded, "loom", ["ada", "bo"])
    live = live_of(embedded)
    release = threading.Event()
    calls: list[int] = []

    def count_people(network: Any) -> int:
        calls.append(network.version)
        assert release.wait(30)
        return len(network.ties)

    def ask() -> Any:
        try:
            return live.result("people", count_people, wait=0.05)
        except Computing as refused:
            return refused

    try:
        # when twenty readers ask while it computes
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: ask(), range(20)))
        # then each is told to retry, and only one computation ran
        assert all(isinstance(a, Computing) for a in answers)
        assert len(calls) == 1
        # and once it is done, everyone gets that one result
        release.set()
        done = live.result("people", count_people, wait=10)
        assert (done.value, done.version) == (2, embedded.data_version())
        assert len(calls) == 1
    finally:
        release.set()
        live.close()


def test_after_a_write_the_last_result_is_served_while_the_next_is_computed(
    embedded: EmbeddedStore,
) -> None:
    # given a finished result
    team(embedded, "loom", ["ada", "bo"])
    live = live_of(embedded)
    release = threading.Event()
    release.set()

    def count_people(network: Any) -> int:
        assert release.wait(30)
        return len(network.ties)

    try:
        first = live.result("people", count_people, wait=10)
        # when a write lands and the next computation is held
        release.clear()
        team(embedded, "kiln", ["cy"])
        stale = live.result("people", count_people, wait=0.05)
        # then the last result is served with the version it describes
        assert (stale.value, stale.version) == (first.value, first.version)
        # and the next one arrives once computed
        release.set()
        for _ in range(500):
            newer = live.result("people", count_people, wait=0.05)
            if newer.version > first.version:
                break
            threading.Event().wait(0.01)
        assert (newer.value, newer.version) == (3, embedded.data_version())
    finally:
        release.set()
        live.close()


def test_analytics_capacity_is_bounded(embedded: EmbeddedStore) -> None:
    # given one analytics thread, no queue, and a job that holds it
    live = live_of(embedded, threads=1, queue=0)
    release = threading.Event()
    try:
        held = live.submit(lambda: release.wait(30))
        # when another job is submitted
        with pytest.raises(Computing):
            live.submit(lambda: 1)
        # then it was refused; once the first is done there is room again
        release.set()
        assert held.result(10) is True
        for _ in range(100):
            try:
                assert live.submit(lambda: 7).result(10) == 7
                break
            except Computing:
                threading.Event().wait(0.01)
        else:
            pytest.fail("the capacity was never given back")
    finally:
        release.set()
        live.close()


class BrokenLog:
    """A real store whose change log answers wrongly in a chosen way."""

    def __init__(self, inner: GraphStore, fault: str) -> None:
        self.inner = inner
        self.fault = fault

    def changes_since(self, version: int) -> Any:
        found = self.inner.changes_since(version)
        if self.fault == "corrupt":
            raise ValueError("the entry is not valid JSON")
        if self.fault == "gap" and found:
            return [*found[:-1], type(found[-1])(found[-1].version + 1, (), ())]
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.mark.parametrize("fault", ["corrupt", "gap"])
def test_a_change_log_that_cannot_be_applied_means_a_full_build_and_a_warning(
    embedded: EmbeddedStore, fault: str, caplog: pytest.LogCaptureFixture
) -> None:
    # given a built network and a change log that is corrupt or has a gap
    team(embedded, "loom", ["ada", "bo"])
    live = live_of(BrokenLog(embedded, fault))
    try:
        live.fresh()
        # when a write lands and the network catches up
        team(embedded, "kiln", ["cy", "di"])
        with caplog.at_level("WARNING", logger="convene.network"):
            network = live.fresh()
        # then it was rebuilt from the store (right answer), with a warning saying why
        assert network.ties.has_edge("Person:cy", "Person:di")
        assert (live.builds, live.updates) == (2, 0)
        assert any("rebuilding" in record.message for record in caplog.records)
    finally:
        live.close()
