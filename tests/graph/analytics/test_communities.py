"""Communities: detection, reproducibility, opt-outs, what members share."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st
from tiny_networks import Tiny

from graph.analytics.communities import CommunityMethod, community_index, detect_communities
from graph.model import Label, NodeRef
from graph.store import GraphStore


def two_cliques() -> Tiny:
    tiny = Tiny()
    for key in ("a1", "a2", "a3", "a4"):
        tiny.member(key, "alpha")
        tiny.interested(key, "maps")
        tiny.works(key, "uni")
    for key in ("b1", "b2", "b3"):
        tiny.member(key, "beta")
        tiny.interested(key, "music")
    tiny.attend("a1", "bridge")
    tiny.attend("b1", "bridge")
    return tiny


def test_two_teams_joined_by_one_weak_tie_are_two_communities(store: GraphStore) -> None:
    network = two_cliques().through(store)
    found = detect_communities(network)
    assert [[m.key for m in c.members] for c in found] == [
        ["a1", "a2", "a3", "a4"],
        ["b1", "b2", "b3"],
    ]
    first = found[0]
    assert (first.index, first.size) == (0, 4)
    assert first.topics == ((NodeRef(Label.TOPIC, "maps"), 4),)
    assert first.organizations == ((NodeRef(Label.ORGANIZATION, "uni"), 4),)


def test_label_propagation_finds_them_too() -> None:
    found = detect_communities(two_cliques().build(), method=CommunityMethod.LABEL_PROPAGATION)
    assert sorted(c.size for c in found) == [3, 4]


def test_people_who_opted_out_are_in_no_member_list() -> None:
    tiny = two_cliques()
    tiny.person("a2", discoverable=False)
    members = {m.key for c in detect_communities(tiny.build(), min_size=1) for m in c.members}
    assert "a2" not in members
    assert "a1" in members


def test_the_index_maps_people_to_their_community() -> None:
    index = community_index(detect_communities(two_cliques().build()))
    assert index["Person:a1"] == 0
    assert index["Person:b3"] == 1


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 11), st.integers(0, 11)).filter(lambda e: e[0] != e[1]),
        max_size=30,
    ),
    st.integers(0, 3),
)
def test_louvain_matches_networkx_with_the_same_seed(
    edges: list[tuple[int, int]], seed: int
) -> None:
    # given a random network of two-person projects
    tiny = Tiny()
    for n in range(12):
        tiny.person(f"n{n}")
    for i, (a, b) in enumerate(edges):
        tiny.member(f"n{a}", f"e{i}")
        tiny.member(f"n{b}", f"e{i}")
    network = tiny.build()
    # when communities are detected (everyone kept)
    found = detect_communities(network, seed=seed, min_size=1)
    # then they are NetworkX's Louvain communities and partition the people
    expected = nx.community.louvain_communities(network.ties, weight="weight", seed=seed)
    assert sorted(sorted(f"Person:{m.key}" for m in c.members) for c in found) == sorted(
        sorted(c) for c in expected
    )
    assert sum(c.size for c in found) == 12
