"""Cancelling an analytics job: its loops stop at the next check and free the thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from graph.analytics.collaborators import suggest_collaborators
from graph.analytics.ego import ego_network
from graph.analytics.matching import suggest_members, suggest_projects
from graph.analytics.paths import connection_path
from graph.analytics.teams import suggest_teams
from graph.cancel import Cancelled, CancelToken, check_cancelled, running
from graph.embedded.store import EmbeddedStore
from graph.live import LiveNetwork
from graph.model import Label
from graph.projection import Network
from tests.graph.analytics.tiny_networks import Tiny

PEOPLE = 12


class CountingToken(CancelToken):
    """A token that counts the checks made on it and cancels itself at check ``at``."""

    def __init__(self, at: int | None = None) -> None:
        super().__init__()
        self.at = at
        self.checks = 0

    @property
    def cancelled(self) -> bool:
        self.checks += 1
        if self.at is not None and self.checks >= self.at:
            self.cancel()
        return super().cancelled


def busy_network() -> Network:
    """People in a chain of projects, with skills, interests, a gathering and needs."""
    tiny = Tiny()
    for i in range(PEOPLE):
        person = f"p{i:02}"
        tiny.member(person, f"project{i // 3}")
        tiny.member(person, f"project{(i + 1) // 3 + 4}")
        tiny.skilled(person, f"skill{i % 4}")
        tiny.interested(person, f"topic{i % 3}")
        tiny.attend(person, "summit")
        tiny.works(person, f"org{i % 5}")
    for project in range(8):
        tiny.needs(f"project{project}", f"skill{project % 4}")
        tiny.works_at(f"project{project}", "summit")
    return tiny.build()


ANALYTICS: dict[str, Callable[[Network], Any]] = {
    "collaborators": lambda n: suggest_collaborators(n, "p00", first=20, diversify=0.5),
    "projects": lambda n: suggest_projects(n, "p00", first=20),
    "members": lambda n: suggest_members(n, "project0", first=20),
    "path": lambda n: connection_path(n, "p00", f"p{PEOPLE - 1:02}", max_length=6),
    "ego": lambda n: ego_network(n, "p00", radius=3, max_nodes=500),
    "teams": lambda n: suggest_teams(n, "summit", size=3, count=3),
}


@pytest.mark.parametrize("name", sorted(ANALYTICS))
def test_a_cancelled_analytic_stops_at_its_next_check(name: str) -> None:
    # given an analytic that checks its token more than once when left to finish
    network, analytic = busy_network(), ANALYTICS[name]
    uncancelled = CountingToken()
    with running(uncancelled):
        analytic(network)
    assert uncancelled.checks >= 2
    # when its token is cancelled at the first check
    token = CountingToken(at=1)
    # then it stops there with Cancelled, without making the rest of its checks
    with running(token), pytest.raises(Cancelled):
        analytic(network)
    assert token.checks == 1


def test_checks_outside_a_job_do_nothing() -> None:
    # given a cancelled token that is not installed
    CancelToken().cancel()
    # when an analytic runs outside any job, then it finishes
    assert ego_network(busy_network(), "p00").nodes[0].ref.key == "p00"


def test_a_job_cancelled_while_it_runs_frees_its_thread() -> None:
    # given a network with one analytics thread, busy with a job that would loop for long
    live = LiveNetwork(EmbeddedStore.in_memory(), threads=1)
    started, token, bound = threading.Event(), CancelToken(), 10**12
    iterations = 0

    def endless() -> int:
        nonlocal iterations
        started.set()
        while iterations < bound:
            check_cancelled()
            iterations += 1
        return iterations

    try:
        future = live.submit(endless, token)
        assert started.wait(60)
        # when the job is cancelled after it started
        token.cancel()
        # then it ends with Cancelled long before its bound, and the thread takes new work
        with pytest.raises(Cancelled):
            future.result(timeout=60)
        assert iterations < bound
        assert live.submit(lambda: Label.PERSON.value).result(timeout=60) == "Person"
    finally:
        live.close()


def test_a_job_cancelled_while_queued_never_starts() -> None:
    # given one thread held by a job, and a second job queued behind it
    live = LiveNetwork(EmbeddedStore.in_memory(), threads=1)
    release, ran = threading.Event(), threading.Event()
    try:
        holding = live.submit(lambda: release.wait(60))
        token = CancelToken()
        queued = live.submit(ran.set, token)
        # when the queued job is cancelled and the thread is released
        token.cancel()
        release.set()
        assert holding.result(timeout=60)
        # then the queued job ends with Cancelled without running
        with pytest.raises(Cancelled):
            queued.result(timeout=60)
        assert not ran.is_set()
    finally:
        live.close()


def test_the_examples_of_the_module_hold() -> None:
    # given the module's doctests, when they run, then none fails
    import doctest

    import graph.cancel

    assert doctest.testmod(graph.cancel).failed == 0
