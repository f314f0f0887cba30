"""Brokers (betweenness, Burt's constraint) and cluster bridges."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analytics import igraph_bridge
from graph.analytics.brokers import (
    BrokerKind,
    betweenness,
    brokers,
    burt_constraint,
    cluster_bridges,
)
from graph.analytics.reasons import ReasonKind
from graph.model import InvalidInput, Label, NodeRef, RelType, Sector
from graph.store import Hop, NotFound
from tests.graph.analytics.tiny_networks import OUT, Tiny, linked
from tests.stores import ConcreteStore


def two_teams() -> Tiny:
    """Two three-person teams; bo is on both."""
    tiny = Tiny()
    for key in ("ada", "al", "bo"):
        tiny.member(key, "left")
    for key in ("bo", "cy", "cal"):
        tiny.member(key, "right")
    return tiny


def test_the_person_joining_two_groups_is_the_top_broker(store: ConcreteStore) -> None:
    # given two teams sharing bo, in a store
    network = two_teams().through(store)
    # when brokers are ranked
    [top] = brokers(network)
    # then bo leads with the lowest constraint anyone could have here
    assert top.ref == NodeRef(Label.PERSON, "bo")
    assert top.betweenness == pytest.approx(
        nx.betweenness_centrality(network.ties.to_networkx())["Person:bo"]
    )
    assert top.constraint == pytest.approx(
        nx.constraint(network.ties.to_networkx(), ["Person:bo"], "weight")["Person:bo"]
    )
    assert top.degree == 4


def test_a_broker_who_opted_out_is_not_listed() -> None:
    tiny = two_teams()
    tiny.person("bo", discoverable=False)
    assert brokers(tiny.build()) == []


def test_organizations_joined_by_a_person_are_ranked_as_brokers() -> None:
    # given three organizations in a line: u - v - w through people affiliated with two
    tiny = Tiny()
    tiny.works("ada", "u")
    tiny.works("ada", "v")
    tiny.works("bo", "v")
    tiny.works("bo", "w")
    # when organization brokers are ranked
    top = brokers(tiny.build(), among=BrokerKind.ORGANIZATIONS)
    # then v is the one in the middle
    assert [b.ref.key for b in top] == ["v"]


def test_sampled_betweenness_is_reproducible_with_a_seed() -> None:
    network = two_teams().build()
    one = brokers(network, exact_limit=0, samples=3, seed=7)
    two = brokers(network, exact_limit=0, samples=3, seed=7)
    assert one == two


def test_brokers_rejects_a_bad_count() -> None:
    with pytest.raises(InvalidInput):
        brokers(two_teams().build(), first=0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 8), st.integers(0, 8), st.floats(0.1, 5.0)).filter(
            lambda e: e[0] != e[1]
        ),
        min_size=1,
        max_size=25,
    ),
    st.booleans(),
)
def test_burt_constraint_in_python_and_in_igraph_matches_networkx(
    edges: list[tuple[int, int, float]], weighted: bool
) -> None:
    # given a random weighted graph
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(str(n) for n in range(9))
    graph.add_weighted_edges_from((str(a), str(b), w) for a, b, w in edges)
    weight = "weight" if weighted else None
    # when the constraint of every node is computed
    mine = burt_constraint(graph, list(graph), weight)
    in_c = igraph_bridge.constraint(igraph_bridge.to_igraph(graph, weight), list(graph))
    theirs = nx.constraint(graph, list(graph), weight)
    # then it equals NetworkX's, and so does igraph's (nan for isolated nodes)
    for node in graph:
        if math.isnan(theirs[node]):
            assert math.isnan(mine[node])
            assert math.isnan(in_c[node])
        else:
            assert mine[node] == pytest.approx(theirs[node])
            assert in_c[node] == pytest.approx(theirs[node])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 11), st.integers(0, 11)).filter(lambda e: e[0] != e[1]),
        max_size=30,
    ),
    st.one_of(st.none(), st.integers(1, 12)),
    st.integers(0, 3),
)
def test_betweenness_matches_networkx(
    edges: list[tuple[int, int]], k: int | None, seed: int
) -> None:
    # given a random graph whose nodes were added in sorted order, as NetworkX samples
    # sources from its node order and betweenness() from the sorted ids
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(f"n{n:02d}" for n in range(12))
    graph.add_edges_from((f"n{a:02d}", f"n{b:02d}") for a, b in edges)
    # when betweenness is computed, exactly (k None) or from k sampled sources
    mine = betweenness(graph, k=k, seed=seed)
    theirs = nx.betweenness_centrality(graph, k=k, seed=seed)
    # then it is NetworkX's, node for node (nan where k = 1 leaves a source unscaled)
    assert mine.keys() == theirs.keys()
    for node, value in theirs.items():
        if math.isnan(value):
            assert math.isnan(mine[node])
        else:
            assert mine[node] == pytest.approx(value, rel=1e-12, abs=1e-12)


def test_sampling_every_person_as_a_source_is_exact() -> None:
    # given two teams sharing bo: five people
    network = two_teams().build()
    # when betweenness is sampled from five sources, and computed exactly
    sampled = brokers(network, exact_limit=0, samples=5)
    exact = brokers(network)
    # then the two rankings are the same
    assert sampled == exact


def cluster() -> Tiny:
    tiny = Tiny()
    tiny.in_cluster("school", "valley", "education")
    tiny.in_cluster("lab", "valley", "research")
    tiny.in_cluster("firm", "valley", "commercial")
    for key, org in (("ed", "school"), ("el", "school"), ("rae", "lab"), ("cam", "firm")):
        tiny.works(key, org)
    # education and research already work together; commercial knows nobody
    tiny.member("ed", "study")
    tiny.member("rae", "study")
    tiny.interested("el", "maps")
    tiny.interested("cam", "maps")
    return tiny


def test_a_cluster_reports_its_sector_mix(store: ConcreteStore) -> None:
    network = cluster().through(store)
    report = cluster_bridges(network, "valley")
    assert [(s.sector, [o.key for o in s.organizations], s.people) for s in report.sectors] == [
        (Sector.EDUCATION, ["school"], 2),
        (Sector.RESEARCH, ["lab"], 1),
        (Sector.COMMERCIAL, ["firm"], 1),
    ]
    assert report.cross_ties == {
        (Sector.EDUCATION, Sector.RESEARCH): 1,
        (Sector.EDUCATION, Sector.COMMERCIAL): 0,
        (Sector.RESEARCH, Sector.COMMERCIAL): 0,
    }
    # the sectors are the model's members, not the stored strings
    assert all(isinstance(s.sector, Sector) for s in report.sectors)
    assert all(isinstance(s, Sector) for pair in report.cross_ties for s in pair)


def test_a_cluster_s_sector_counts_leave_out_people_who_opted_out(store: ConcreteStore) -> None:
    # given the cluster, with one more person at the lab who opted out
    tiny = cluster()
    tiny.person("shy", discoverable=False)
    tiny.works("shy", "lab")
    network = tiny.through(store)
    # when its sector mix is reported
    report = cluster_bridges(network, "valley")
    # then the lab still counts one person, as it would without them
    assert {s.sector: s.people for s in report.sectors}[Sector.RESEARCH] == 1


def test_introductions_bridge_the_least_tied_sectors_with_true_evidence(
    store: ConcreteStore,
) -> None:
    # given a cluster whose commercial side knows nobody
    network = cluster().through(store)
    # when introductions are proposed
    report = cluster_bridges(network, "valley", first=3)
    best = report.introductions[0]
    # then the first brings in the commercial sector, between people who share a topic
    assert Sector.COMMERCIAL in best.sectors
    assert all(isinstance(s, Sector) for s in best.sectors)
    assert {p.key for p in best.people} == {"el", "cam"}
    # and every organization and topic named is true in the store
    for intro in report.introductions:
        assert intro.score == sum(r.contribution for r in intro.reasons)
        orgs = set().union(
            *(
                linked(store, p, Hop(RelType.AFFILIATED_WITH, OUT, Label.ORGANIZATION))
                for p in intro.people
            )
        )
        for reason in intro.reasons:
            if reason.kind is ReasonKind.CROSS_SECTOR_BRIDGE:
                assert set(reason.evidence) <= orgs
            if reason.kind is ReasonKind.SHARED_TOPIC:
                for person in intro.people:
                    assert set(reason.evidence) <= linked(
                        store, person, Hop(RelType.INTERESTED_IN, OUT, Label.TOPIC)
                    )


def test_introductions_leave_out_people_who_opted_out() -> None:
    tiny = cluster()
    tiny.person("cam", discoverable=False)
    report = cluster_bridges(tiny.build(), "valley")
    assert all("cam" not in {p.key for p in i.people} for i in report.introductions)


def test_an_unknown_cluster_is_not_found() -> None:
    with pytest.raises(NotFound):
        cluster_bridges(cluster().build(), "nowhere")
