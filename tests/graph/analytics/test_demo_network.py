"""On the demo network: every reason is true in the store, opt-outs never show."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analytics.brokers import brokers
from graph.analytics.collaborators import suggest_collaborators
from graph.analytics.communities import detect_communities
from graph.analytics.matching import suggest_members, suggest_projects
from graph.analytics.paths import connection_path
from graph.analytics.teams import suggest_teams
from graph.model import Label, NodeRef
from graph.projection import Network, project
from graph.store import GraphStore
from tests.graph.analytics.tiny_networks import AS_OF, Reads, check_person_suggestion


@pytest.fixture(scope="module")
def demo(demo_store: GraphStore) -> tuple[GraphStore, Network]:
    """The demo network in each store and its projection, shared by the read-only tests here."""
    return demo_store, project(demo_store, as_of=AS_OF)


def people(network: Network, *, discoverable: bool) -> list[str]:
    return sorted(
        data["key"]
        for node, data in network.data.items()
        if data["label"] is Label.PERSON and network.is_visible(node) is discoverable
    )


def test_every_suggestion_on_the_demo_network_is_true_in_the_store(
    demo: tuple[GraphStore, Network],
) -> None:
    # given the demo network in a store
    store, network = demo
    visible = people(network, discoverable=True)
    reads = Reads(store)
    reads.read_ahead([NodeRef(Label.PERSON, key) for key in visible])
    checked = 0
    # when a sample of people ask for collaborators (with and without diversity)
    for key in visible[::3]:
        for diversify in (0.0, 0.5):
            for suggestion in suggest_collaborators(network, key, first=5, diversify=diversify):
                # then each reason and its evidence holds in the store
                check_person_suggestion(reads, NodeRef(Label.PERSON, key), suggestion)
                checked += 1
    assert checked > 100


def test_opted_out_people_appear_in_no_result_on_the_demo_network(
    demo: tuple[GraphStore, Network],
) -> None:
    # given the demo network, where some people opted out
    _, network = demo
    hidden = set(people(network, discoverable=False))
    assert hidden
    shown: set[str] = set()
    # when everything that names people is asked for
    for key in people(network, discoverable=True)[::5]:
        for s in suggest_collaborators(network, key, first=10):
            shown.add(s.key)
            shown.update(e.key for r in s.reasons for e in r.evidence)
        for s in suggest_projects(network, key):
            shown.update(e.key for r in s.reasons for e in r.evidence)
    for data in network.data.values():
        if data["label"] is Label.PROJECT:
            for s in suggest_members(network, data["key"]):
                shown.add(s.key)
                shown.update(e.key for r in s.reasons for e in r.evidence)
        if data["label"] is Label.GATHERING:
            plan = suggest_teams(network, data["key"], size=4, count=5)
            shown.update(m.key for team in plan.teams for m in team.members)
    shown.update(b.ref.key for b in brokers(network, first=50))
    shown.update(m.key for c in detect_communities(network, min_size=1) for m in c.members)
    # then nobody who opted out is among them
    assert shown
    assert not shown & hidden


def test_paths_on_the_demo_network_are_never_longer_than_networkx(
    demo: tuple[GraphStore, Network],
) -> None:
    _, network = demo
    visible = people(network, discoverable=True)
    lengths = nx.single_source_shortest_path_length(
        network.ties.to_networkx(), f"Person:{visible[0]}"
    )
    for key in visible[1::7]:
        result = connection_path(network, visible[0], key, max_length=6)
        expected = lengths.get(f"Person:{key}")
        if expected is None or expected > 6:
            assert result.steps is None
        else:
            assert result.length == expected
