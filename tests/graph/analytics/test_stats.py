"""Network statistics and ego networks."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analytics.ego import ego_network
from graph.analytics.stats import network_stats
from graph.model import InvalidInput
from tests.graph.analytics.tiny_networks import Tiny
from tests.stores import ConcreteStore


def test_stats_count_the_store_and_measure_the_ties(store: ConcreteStore) -> None:
    tiny = Tiny()
    tiny.member("ada", "loom")
    tiny.member("bo", "loom")
    tiny.member("cy", "loom")
    tiny.person("dee")
    tiny.person("eve", discoverable=False)
    network = tiny.through(store)
    stats = network_stats(network, public=False)
    assert stats.nodes["Person"] == 5 == store.counts().nodes["Person"]
    assert stats.relationships["MEMBER_OF"] == 3
    assert (stats.people, stats.discoverable_people, stats.ties) == (5, 4, 3)
    assert (stats.components, stats.largest_component, stats.isolated) == (2, 3, 1)
    assert stats.average_clustering == pytest.approx(0.75)
    assert stats.version == store.data_version()


def test_public_stats_leave_out_people_who_opted_out_and_their_relationships(
    store: ConcreteStore,
) -> None:
    # given a project of three, one of whom opted out, and one more hidden person
    tiny = Tiny()
    tiny.member("ada", "loom")
    tiny.member("bo", "loom")
    tiny.person("cy", discoverable=False)
    tiny.member("cy", "loom")
    tiny.person("eve", discoverable=False)
    network = tiny.through(store)
    # when public statistics are computed
    stats = network_stats(network)
    # then they count only what anyone may be shown
    assert (stats.nodes["Person"], stats.people, stats.discoverable_people) == (2, 2, 2)
    assert stats.relationships["MEMBER_OF"] == 2
    assert stats.ties == 1


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 9)).filter(lambda e: e[0] != e[1]),
        max_size=25,
    )
)
def test_stats_agree_with_networkx(edges: list[tuple[int, int]]) -> None:
    tiny = Tiny()
    for n in range(10):
        tiny.person(f"n{n}")
    for i, (a, b) in enumerate(edges):
        tiny.member(f"n{a}", f"e{i}")
        tiny.member(f"n{b}", f"e{i}")
    network = tiny.build()
    stats = network_stats(network)
    ties = network.ties.to_networkx()
    assert stats.components == nx.number_connected_components(ties)
    assert stats.density == pytest.approx(nx.density(ties))
    assert stats.average_clustering == pytest.approx(nx.average_clustering(ties))


def star() -> Tiny:
    tiny = Tiny()
    for key in ("bo", "cy", "dee"):
        tiny.member("ada", f"with-{key}")
        tiny.member(key, f"with-{key}")
    tiny.member("cy", "far")
    tiny.member("zed", "far")
    return tiny


def test_the_ego_network_holds_the_neighbours_and_their_ties(store: ConcreteStore) -> None:
    ego = ego_network(star().through(store), "ada")
    assert [(n.ref.key, n.distance) for n in ego.nodes] == [
        ("ada", 0),
        ("bo", 1),
        ("cy", 1),
        ("dee", 1),
    ]
    assert [(e.source.key, e.target.key, [c.key for c in e.shared]) for e in ego.edges] == [
        ("ada", "bo", ["with-bo"]),
        ("ada", "cy", ["with-cy"]),
        ("ada", "dee", ["with-dee"]),
    ]
    assert not ego.truncated


def test_a_larger_radius_reaches_further_and_a_cap_truncates() -> None:
    network = star().build()
    assert "zed" in {n.ref.key for n in ego_network(network, "ada", radius=2).nodes}
    capped = ego_network(network, "ada", max_nodes=2)
    assert len(capped.nodes) == 2
    assert capped.truncated


def test_people_who_opted_out_are_not_in_anyone_elses_ego_network() -> None:
    tiny = star()
    tiny.person("cy", discoverable=False)
    keys = {n.ref.key for n in ego_network(tiny.build(), "ada", radius=2).nodes}
    assert keys == {"ada", "bo", "dee"}
    own = {n.ref.key for n in ego_network(tiny.build(), "cy").nodes}
    assert own == {"cy", "ada", "zed"}


def test_ego_network_arguments_are_checked() -> None:
    with pytest.raises(InvalidInput):
        ego_network(star().build(), "ada", radius=4)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 9)).filter(lambda e: e[0] != e[1]),
        max_size=25,
    ),
    st.integers(1, 3),
)
def test_an_uncut_ego_network_is_networkx_ego_graph(
    edges: list[tuple[int, int]], radius: int
) -> None:
    tiny = Tiny()
    for n in range(10):
        tiny.person(f"n{n}")
    for i, (a, b) in enumerate(edges):
        tiny.member(f"n{a}", f"e{i}")
        tiny.member(f"n{b}", f"e{i}")
    network = tiny.build()
    ego = ego_network(network, "n0", radius=radius, max_nodes=500)
    expected = nx.ego_graph(network.ties.to_networkx(), "Person:n0", radius=radius)
    assert {f"Person:{n.ref.key}" for n in ego.nodes} == set(expected)
    assert len(ego.edges) == expected.number_of_edges()
