"""The projection: ties from shared contexts, weights, opt-outs, caching by data version."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.model import Label, Node, NodeRef, Relationship, RelType
from graph.projection import (
    PAIR_LIMIT,
    Network,
    build_network,
    project,
    tie_weight,
)
from graph.store import GraphStore
from tests.stores import ConcreteStore

AS_OF = dt.date(2024, 1, 1)


def person(key: str, **props: object) -> Node:
    return Node(Label.PERSON, key, {"name": key, **props})


def member(key: str, group: NodeRef) -> Relationship:
    return Relationship(RelType.MEMBER_OF, NodeRef(Label.PERSON, key), group)


def team(store: ConcreteStore, project_key: str, people: Sequence[str]) -> None:
    loom = Node(Label.PROJECT, project_key, {"name": project_key})
    with store.transaction() as tx:
        tx.upsert_nodes([*(person(k) for k in people), loom])
        tx.upsert_relationships(member(k, loom.ref) for k in people)


def test_a_shared_project_ties_its_members_with_the_project_as_evidence(
    store: ConcreteStore,
) -> None:
    # given two people on one project, written to a store
    team(store, "loom", ["ada", "bo"])
    # when the store is projected
    network = project(store, as_of=AS_OF)
    # then they are tied with weight 1 and the project behind the tie
    assert network.ties.edge("Person:ada", "Person:bo") == {
        "weight": 1.0,
        "contexts": ("Project:loom",),
    }
    assert network.version == store.data_version()


class CountingStore:
    """A store wrapper that counts how it is read."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.calls: list[str] = []

    def data_version(self) -> int:
        return self.store.data_version()

    def iter_nodes(self, labels: Sequence[Label] = ()) -> Iterator[Node]:
        self.calls.append("iter_nodes")
        return self.store.iter_nodes(labels)

    def iter_relationships(self, types: Sequence[RelType] = ()) -> Iterator[Relationship]:
        self.calls.append("iter_relationships")
        return self.store.iter_relationships(types)

    def __getattr__(self, name: str) -> object:
        self.calls.append(name)
        return getattr(self.store, name)


def test_projection_streams_the_store_once_instead_of_querying_per_node(
    store: ConcreteStore,
) -> None:
    # given a store with a few people
    team(store, "loom", ["ada", "bo", "cy"])
    counting = CountingStore(store)
    # when it is projected
    # The spy forwards what it does not count through __getattr__, which mypy cannot see.
    project(counting, as_of=AS_OF)  # type: ignore[arg-type]
    # then it was read with one stream of nodes and one of relationships
    assert counting.calls == ["iter_nodes", "iter_relationships"]


def test_weights_fall_with_group_size() -> None:
    # given a 4-person team and a 100-person cohort
    # when their ties are weighed
    # then the team's tie is 33 times the cohort's
    assert tie_weight(Label.PROJECT, 4) == pytest.approx(1 / 3)
    assert tie_weight(Label.COHORT, 100) == pytest.approx(0.5 / 99)


def test_weights_fall_with_age() -> None:
    # given two gatherings, one ended the day before, one four years before
    people = [person(k) for k in ("ada", "bo")]
    recent = Node(Label.GATHERING, "recent", {"name": "R", "ends": "2023-12-31"})
    old = Node(Label.GATHERING, "old", {"name": "O", "ends": "2020-01-01"})
    rels = [Relationship(RelType.ATTENDED, p.ref, g.ref) for p in people for g in (recent, old)]
    # when the network is built
    network = build_network([*people, recent, old], rels, as_of=AS_OF)
    # then the old gathering adds about half of what the recent one does
    tie = network.ties.edge("Person:ada", "Person:bo")
    assert tie is not None
    assert tie["weight"] == pytest.approx(0.5 * (1.0 + 0.5), rel=1e-3)
    assert set(tie["contexts"]) == {"Gathering:recent", "Gathering:old"}


def test_affiliations_that_never_overlapped_give_no_tie() -> None:
    # given two people who worked at the same lab years apart
    lab = Node(Label.ORGANIZATION, "lab", {"name": "Lab"})
    rels = [
        Relationship(
            RelType.AFFILIATED_WITH, NodeRef(Label.PERSON, "ada"), lab.ref, {"until": "2010-01-01"}
        ),
        Relationship(
            RelType.AFFILIATED_WITH, NodeRef(Label.PERSON, "bo"), lab.ref, {"since": "2015-01-01"}
        ),
    ]
    # when the network is built
    network = build_network([person("ada"), person("bo"), lab], rels, as_of=AS_OF)
    # then they are not tied
    assert not network.ties.has_edge("Person:ada", "Person:bo")


def test_groups_above_the_pair_limit_are_stars_not_cliques() -> None:
    # given a gathering one person larger than the pair limit
    people = [person(f"p{i}") for i in range(PAIR_LIMIT + 1)]
    big = Node(Label.GATHERING, "big", {"name": "Big"})
    rels = [Relationship(RelType.ATTENDED, p.ref, big.ref) for p in people]
    # when the network is built
    network = build_network([*people, big], rels, as_of=AS_OF)
    # then it adds no ties, yet still knows who attended
    assert network.ties.number_of_edges() == 0
    assert network.people_of("Gathering:big") == PAIR_LIMIT + 1


def test_people_who_opted_out_are_kept_apart_from_the_tie_graph() -> None:
    # given a team where bo opted out of discovery
    loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
    nodes = [person("ada"), person("bo", discoverable=False), person("cy"), loom]
    rels = [member(k, loom.ref) for k in ("ada", "bo", "cy")]
    # when the network is built
    network = build_network(nodes, rels, as_of=AS_OF)
    # then bo is not in the tie graph, but bo's own neighbourhood still works
    assert "Person:bo" not in network.ties
    assert set(network.ties) == {"Person:ada", "Person:cy"}
    assert set(network.tie_neighbours("Person:bo")) == {"Person:ada", "Person:cy"}
    assert "Person:bo" not in network.tie_neighbours("Person:ada")


def test_clusters_tie_the_people_of_their_organizations() -> None:
    # given two organizations in one cluster, one person in each
    cluster = Node(Label.CLUSTER, "c", {"name": "C"})
    orgs = [Node(Label.ORGANIZATION, k, {"name": k}) for k in ("u", "v")]
    rels = [
        Relationship(RelType.IN_CLUSTER, o.ref, cluster.ref, {"sector": "research"}) for o in orgs
    ]
    rels += [
        Relationship(RelType.AFFILIATED_WITH, NodeRef(Label.PERSON, p), o.ref)
        for p, o in zip(("ada", "bo"), orgs, strict=True)
    ]
    # when the network is built
    network = build_network([cluster, *orgs, person("ada"), person("bo")], rels, as_of=AS_OF)
    # then they are tied through the cluster
    tie = network.ties.edge("Person:ada", "Person:bo")
    assert tie is not None
    assert tie["contexts"] == ("Cluster:c",)


memberships = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 4)), min_size=0, max_size=30, unique=True
)


@settings(max_examples=60, deadline=None)
@given(memberships, st.integers(2, 6))
def test_tie_weights_match_a_brute_force_sum_over_shared_groups(
    pairs: list[tuple[int, int]], pair_limit: int
) -> None:
    # given random memberships of 8 people in 5 projects
    projects = [Node(Label.PROJECT, f"g{g}", {"name": f"G{g}"}) for g in range(5)]
    people = [person(f"p{p}") for p in range(8)]
    rels = [member(f"p{p}", projects[g].ref) for p, g in pairs]
    # when the network is built
    network: Network = build_network([*people, *projects], rels, as_of=AS_OF, pair_limit=pair_limit)
    # then each tie weighs the sum of 1/(n-1) over the shared groups small enough to count
    groups = {g: {p for p, h in pairs if h == g} for g in range(5)}
    for a, b in itertools.combinations(range(8), 2):
        shared = [g for g, ms in groups.items() if a in ms and b in ms and len(ms) <= pair_limit]
        expected = sum(1 / (len(groups[g]) - 1) for g in shared)
        edge = network.ties.edge(f"Person:p{a}", f"Person:p{b}")
        if not shared:
            assert edge is None
        else:
            assert edge is not None
            assert edge["weight"] == pytest.approx(expected)
            assert sorted(edge["contexts"]) == [f"Project:g{g}" for g in sorted(shared)]
