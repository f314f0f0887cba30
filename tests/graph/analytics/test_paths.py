"""Introductions: shortest chains of ties, strongest among equals, opt-outs, bad input."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analytics.paths import connection_path
from graph.model import InvalidInput, Label, RelType
from graph.projection import Network
from graph.store import NotFound
from tests.graph.analytics.tiny_networks import Tiny, contexts
from tests.stores import ConcreteStore


def test_the_path_names_the_tie_behind_each_step(store: ConcreteStore) -> None:
    # given ada - bo on loom, bo - cy at a two-person gathering, in a store
    tiny = Tiny()
    tiny.member("ada", "loom")
    tiny.member("bo", "loom")
    tiny.attend("bo", "summit")
    tiny.attend("cy", "summit")
    network = tiny.through(store)
    # when ada asks how to reach cy
    result = connection_path(network, "ada", "cy")
    # then the chain goes through bo, naming the project and the gathering
    assert result.steps is not None
    assert [(s.start.key, s.end.key) for s in result.steps] == [("ada", "bo"), ("bo", "cy")]
    assert [[(c.context.key, c.relationship) for c in s.shared] for s in result.steps] == [
        [("loom", RelType.MEMBER_OF)],
        [("summit", RelType.ATTENDED)],
    ]
    # and each step's contexts are shared by both people in the store
    for step in result.steps:
        for shared in step.shared:
            assert shared.context in contexts(store, step.start)
            assert shared.context in contexts(store, step.end)


def test_among_equally_short_chains_the_strongest_wins() -> None:
    # given two ways from ada to dee: through bo (two projects) or cy (big gatherings)
    tiny = Tiny()
    tiny.member("ada", "p1")
    tiny.member("bo", "p1")
    tiny.member("bo", "p2")
    tiny.member("dee", "p2")
    for key in ("ada", "cy", "x1", "x2"):
        tiny.attend(key, "g1")
    for key in ("cy", "dee", "x3", "x4"):
        tiny.attend(key, "g2")
    # when ada asks for dee
    result = connection_path(tiny.build(), "ada", "dee")
    # then the chain goes through bo
    assert [p.key for p in result.people] == ["ada", "bo", "dee"]


def test_chains_never_pass_through_people_who_opted_out() -> None:
    # given bo, the only link between ada and cy, opted out
    tiny = Tiny()
    tiny.member("ada", "loom")
    tiny.member("bo", "loom")
    tiny.member("bo", "kiln")
    tiny.member("cy", "kiln")
    tiny.person("bo", discoverable=False)
    network = tiny.build()
    # when ada asks for cy, then there is no chain through bo
    assert connection_path(network, "ada", "cy").code == "NOT_CONNECTED"
    # but bo is an end of their own chains, from either side (who may ask about bo
    # is the API's decision)
    assert connection_path(network, "bo", "cy").length == 1
    assert connection_path(network, "ada", "bo").length == 1


def test_a_chain_longer_than_the_limit_is_too_far() -> None:
    tiny = Tiny()
    for a, b in itertools.pairwise(["a", "b", "c", "d", "e"]):
        tiny.member(a, f"{a}{b}")
        tiny.member(b, f"{a}{b}")
    network = tiny.build()
    assert connection_path(network, "a", "e", max_length=3).code == "TOO_FAR"
    assert connection_path(network, "a", "e", max_length=4).length == 4


def test_bad_input_is_a_clear_error_or_a_reason() -> None:
    tiny = Tiny()
    tiny.member("ada", "loom")
    network = tiny.build()
    assert connection_path(network, "ada", "ada").code == "SAME_PERSON"
    with pytest.raises(NotFound):
        connection_path(network, "ada", "nobody")
    with pytest.raises(InvalidInput):
        connection_path(network, "ada", "ada", max_length=7)


edges = st.lists(
    st.tuples(st.integers(0, 9), st.integers(0, 9), st.sampled_from(["p", "g"])).filter(
        lambda e: e[0] != e[1]
    ),
    max_size=25,
)


def random_network(rows: list[tuple[int, int, str]]) -> Network:
    tiny = Tiny()
    for n in range(10):
        tiny.person(f"n{n}")
    for i, (a, b, kind) in enumerate(rows):
        if kind == "p":
            tiny.member(f"n{a}", f"e{i}")
            tiny.member(f"n{b}", f"e{i}")
        else:
            tiny.attend(f"n{a}", f"e{i}")
            tiny.attend(f"n{b}", f"e{i}")
    return tiny.build()


@settings(max_examples=80, deadline=None)
@given(edges, st.integers(0, 9), st.integers(0, 9), st.integers(1, 6))
def test_the_path_is_a_shortest_and_strongest_chain(
    rows: list[tuple[int, int, str]], a: int, b: int, max_length: int
) -> None:
    # given a random network of ties of two strengths
    network = random_network(rows)
    source, target = f"Person:n{a}", f"Person:n{b}"
    if a == b:
        return
    # when a path is asked for
    result = connection_path(network, f"n{a}", f"n{b}", max_length=max_length)
    # then its length is NetworkX's shortest path length when within reach
    ties = network.ties.to_networkx()
    if not nx.has_path(ties, source, target):
        # the search stops at the limit, so it may not have seen they are apart
        assert result.code in ("NOT_CONNECTED", "TOO_FAR")
        return
    shortest = nx.shortest_path_length(ties, source, target)
    if shortest > max_length:
        assert result.code == "TOO_FAR"
        return
    assert result.length == shortest

    # and no chain of that length is stronger
    def strength(path: list[str]) -> float:
        return sum(math.log(ties[u][v]["weight"]) for u, v in itertools.pairwise(path))

    found = [f"Person:{p.key}" for p in result.people]
    best = max(strength(p) for p in nx.all_shortest_paths(ties, source, target))
    assert strength(found) == pytest.approx(best)
    assert all(ties.has_edge(u, v) for u, v in itertools.pairwise(found))


def test_a_label_other_than_person_is_not_a_person() -> None:
    tiny = Tiny()
    tiny.node(Label.PROJECT, "loom")
    tiny.person("ada")
    with pytest.raises(NotFound):
        connection_path(tiny.build(), "ada", "loom")
