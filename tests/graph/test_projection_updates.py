"""Catching a network up with writes gives exactly what a full build gives."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.live import LiveNetwork
from graph.model import Label, Node, NodeRef, Relationship, RelRef, RelType
from graph.projection import Network, build_network, project
from graph.projection_updates import update_network
from graph.store import GraphStore, WriteBatch

AS_OF = dt.date(2024, 1, 1)

PEOPLE = [NodeRef(Label.PERSON, f"p{i}") for i in range(6)]
GROUPS = [
    NodeRef(Label.PROJECT, "loom"),
    NodeRef(Label.PROJECT, "kiln"),
    NodeRef(Label.STUDY_GROUP, "sg"),
    NodeRef(Label.COHORT, "mm"),
]
GATHERINGS = [NodeRef(Label.GATHERING, "spring"), NodeRef(Label.GATHERING, "fall")]
ORGS = [NodeRef(Label.ORGANIZATION, "umich"), NodeRef(Label.ORGANIZATION, "acme")]
CLUSTERS = [NodeRef(Label.CLUSTER, "lead")]
TOPICS = [NodeRef(Label.TOPIC, "math"), NodeRef(Label.TOPIC, "ml")]
OTHERS = [*GROUPS, *GATHERINGS, *ORGS, *CLUSTERS, *TOPICS]

DATES = st.sampled_from([None, "2010-06-01", "2019-01-01", "2022-03-15", "2023-12-31"])


def node_state(ref: NodeRef, draw: Any) -> Node:
    props: dict[str, Any] = {"name": ref.key.title()}
    if ref.label is Label.PERSON:
        props["discoverable"] = draw(st.booleans())
    elif ref.label in (Label.GATHERING, Label.COHORT):
        props["ends"] = draw(DATES)
    elif ref.label is Label.ORGANIZATION:
        props["sectors"] = draw(st.sampled_from([[], ["education"], ["research", "commercial"]]))
    return Node(ref.label, ref.key, {k: v for k, v in props.items() if v is not None})


def rel_state(draw: Any) -> Relationship:
    person = draw(st.sampled_from(PEOPLE))
    kind = draw(st.sampled_from(["member", "attend", "affiliate", "cluster", "topic", "needs"]))
    since, until = draw(DATES), draw(DATES)
    if kind == "member":
        return Relationship(RelType.MEMBER_OF, person, draw(st.sampled_from(GROUPS)), _d(since))
    if kind == "attend":
        return Relationship(RelType.ATTENDED, person, draw(st.sampled_from(GATHERINGS)))
    if kind == "affiliate":
        props = _d(since, until)
        return Relationship(RelType.AFFILIATED_WITH, person, draw(st.sampled_from(ORGS)), props)
    if kind == "cluster":
        sector = draw(st.sampled_from(["education", "research", "commercial"]))
        props = {"sector": sector} if sector else {}
        return Relationship(RelType.IN_CLUSTER, draw(st.sampled_from(ORGS)), CLUSTERS[0], props)
    if kind == "needs":
        return Relationship(
            RelType.NEEDS, draw(st.sampled_from(GROUPS[:2])), draw(st.sampled_from(TOPICS))
        )
    rel_type = draw(st.sampled_from([RelType.INTERESTED_IN, RelType.SKILLED_IN]))
    return Relationship(rel_type, person, draw(st.sampled_from(TOPICS)))


def _d(since: str | None, until: str | None = None) -> dict[str, Any]:
    found = {"since": since, "until": until}
    return {k: v for k, v in found.items() if v is not None}


class World:
    """The whole data as plain dicts: what a store would hold."""

    def __init__(self) -> None:
        self.nodes: dict[NodeRef, Node] = {}
        self.rels: dict[RelRef, Relationship] = {}

    def build(self, version: int, pair_limit: int) -> Network:
        return build_network(
            list(self.nodes.values()),
            list(self.rels.values()),
            version=version,
            as_of=AS_OF,
            pair_limit=pair_limit,
        )

    def put_node(self, node: Node) -> tuple[set[NodeRef], set[RelRef]]:
        self.nodes[node.ref] = node
        return {node.ref}, set()

    def delete_node(self, ref: NodeRef) -> tuple[set[NodeRef], set[RelRef]]:
        if ref not in self.nodes:
            return set(), set()
        del self.nodes[ref]
        gone = {r for r in self.rels if ref in (r.start, r.end)}
        for r in gone:
            del self.rels[r]
        return {ref}, gone

    def put_rel(self, rel: Relationship) -> tuple[set[NodeRef], set[RelRef]]:
        if rel.start not in self.nodes or rel.end not in self.nodes:
            return set(), set()
        self.rels[rel.ref] = rel
        return set(), {rel.ref}

    def delete_rel(self, ref: RelRef) -> tuple[set[NodeRef], set[RelRef]]:
        if self.rels.pop(ref, None) is None:
            return set(), set()
        return set(), {ref}


@st.composite
def write_batches(draw: Any) -> list[list[tuple[str, Any]]]:
    batches = []
    for _ in range(draw(st.integers(1, 8))):
        ops: list[tuple[str, Any]] = []
        for _ in range(draw(st.integers(1, 6))):
            what = draw(st.sampled_from(["node", "node", "rel", "rel", "rel", "unrel", "delete"]))
            if what == "node":
                ops.append(("node", node_state(draw(st.sampled_from([*PEOPLE, *OTHERS])), draw)))
            elif what == "rel":
                ops.append(("rel", rel_state(draw)))
            elif what == "unrel":
                ops.append(("unrel", rel_state(draw).ref))
            else:
                ops.append(("delete", draw(st.sampled_from([*PEOPLE, *OTHERS]))))
        batches.append(ops)
    return batches


def assert_same(got: Network, want: Network) -> None:
    assert got.version == want.version
    assert dict(got.data) == dict(want.data)
    assert sorted(got.graph.edges()) == sorted(want.graph.edges())
    assert _incoming(got) == _incoming(want) == sorted(want.graph.edges())
    assert got.hidden == want.hidden
    for mine, theirs in ((got.ties, want.ties), (got.hidden_ties, want.hidden_ties)):
        assert set(mine) == set(theirs)
        assert _ties(mine) == pytest.approx(_ties(theirs), abs=1e-9)
        assert _contexts(mine) == _contexts(theirs)
    # the numbers of the people each context lists, whether read again or kept
    for node in want.data:
        for name in _LISTS:
            assert _listed(got, node, name) == _listed(want, node, name), (node, name)


_LISTS = ("members", "people", "skilled")


def _listed(network: Network, node: str, name: str) -> list[str]:
    return [network.ties.name(n) for n in network.tie_numbers(node, name).tolist()]


def _read_lists(network: Network) -> None:
    """Read every context's numbers, so that the next update starts with them kept."""
    for node in network.data:
        for name in _LISTS:
            network.tie_numbers(node, name)


def _incoming(network: Network) -> list[tuple[str, str, RelType, Any]]:
    """Every relationship, as the nodes it reaches list it."""
    graph = network.graph
    return sorted(
        (start, end, rel_type, data)
        for end in graph.pred
        for start, rel_type, data in graph.predecessors(end)
    )


def _ties(graph: Any) -> dict[tuple[str, str], float]:
    return {tuple(sorted((a, b))): w for a, b, w in graph.edges(data="weight")}


def _contexts(graph: Any) -> dict[tuple[str, str], tuple[str, ...]]:
    return {tuple(sorted((a, b))): c for a, b, c in graph.edges(data="contexts")}


@settings(max_examples=150, deadline=None)
@given(
    seed=st.lists(st.tuples(st.sampled_from(PEOPLE), st.booleans()), max_size=6),
    batches=write_batches(),
    pair_limit=st.sampled_from([3, 100]),
)
def test_updates_equal_a_full_build(
    seed: list[tuple[NodeRef, bool]], batches: list[list[tuple[str, Any]]], pair_limit: int
) -> None:
    # given a world with every group and topic, some people, and its network
    world = World()
    for ref in OTHERS:
        world.put_node(Node(ref.label, ref.key, {"name": ref.key}))
    for ref, discoverable in seed:
        world.put_node(Node(ref.label, ref.key, {"name": ref.key, "discoverable": discoverable}))
    network = world.build(0, pair_limit)
    # when each batch of writes is applied, and the network caught up with what it touched
    for version, ops in enumerate(batches, start=1):
        node_refs: set[NodeRef] = set()
        rel_refs: set[RelRef] = set()
        for what, arg in ops:
            if what == "node":
                n, r = world.put_node(arg)
            elif what == "rel":
                n, r = world.put_rel(arg)
            elif what == "unrel":
                n, r = world.delete_rel(arg)
            else:
                n, r = world.delete_node(arg)
            node_refs |= n
            rel_refs |= r
        _read_lists(network)
        network = update_network(
            network,
            version,
            nodes=[(ref, world.nodes.get(ref)) for ref in sorted(node_refs)],
            relationships=[(ref, world.rels.get(ref)) for ref in sorted(rel_refs, key=str)],
        )
        # then it equals a full build of the world as it now is, before and after its
        # tie graphs are compacted (every other version goes on from the compacted one)
        want = world.build(version, pair_limit)
        assert_same(network, want)
        compacted = network.compacted()
        assert_same(compacted, want)
        if version % 2:
            network = compacted


def test_an_update_leaves_the_old_network_as_it_was() -> None:
    # given a network of two people on a project
    world = World()
    for ref in [*PEOPLE[:3], GROUPS[0]]:
        world.put_node(Node(ref.label, ref.key, {"name": ref.key}))
    for person in PEOPLE[:2]:
        world.put_rel(Relationship(RelType.MEMBER_OF, person, GROUPS[0]))
    old = world.build(1, 100)
    before = (sorted(old.ties.edges(data="weight")), dict(old.data))
    # when a third joins and the network is caught up
    joined = Relationship(RelType.MEMBER_OF, PEOPLE[2], GROUPS[0])
    world.put_rel(joined)
    new = update_network(old, 2, nodes=[], relationships=[(joined.ref, joined)])
    # then the new network has the new ties and the old one is untouched
    assert new.ties.has_edge("Person:p0", "Person:p2")
    assert (sorted(old.ties.edges(data="weight")), dict(old.data)) == before


def _batch_of(ops: list[tuple[str, Any]], world: World) -> WriteBatch:
    """The store batch for ``ops``, leaving out what the store would refuse (a
    relationship to a missing node, deleting what is not there)."""
    batch = WriteBatch()
    for what, arg in ops:
        if what == "node":
            batch.upsert_nodes([arg])
            world.put_node(arg)
        elif what == "rel" and world.put_rel(arg)[1]:
            batch.upsert_relationships([arg])
        elif what == "unrel" and world.delete_rel(arg)[1]:
            batch.delete_relationships([arg])
        elif what == "delete" and world.delete_node(arg)[0]:
            batch.delete_nodes([arg])
    return batch


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batches=write_batches())
def test_a_live_network_caught_up_from_the_change_log_equals_a_full_build(
    store: GraphStore, batches: list[list[tuple[str, Any]]]
) -> None:
    # given a store with every group and topic, and its live network
    store.clear()
    world = World()
    seed = WriteBatch()
    seed.upsert_nodes(Node(ref.label, ref.key, {"name": ref.key}) for ref in OTHERS)
    for ref in OTHERS:
        world.put_node(Node(ref.label, ref.key, {"name": ref.key}))
    store.apply(seed)
    live = LiveNetwork(store, today=lambda: AS_OF)
    try:
        live.fresh()
        builds = live.builds
        # when batches of writes land, and the network catches up after each
        for ops in batches:
            batch = _batch_of(ops, world)
            if batch.ops:
                store.apply(batch)
            caught_up = live.fresh()
            # then it equals a full build of the store, and no rebuild was needed
            assert_same(caught_up, project(store, as_of=AS_OF))
        assert live.builds == builds
    finally:
        live.close()


@settings(max_examples=100, deadline=None)
@given(batches=write_batches(), pair_limit=st.sampled_from([3, 100]))
def test_no_public_tie_depends_on_people_who_opted_out(
    batches: list[list[tuple[str, Any]]], pair_limit: int
) -> None:
    # given any world, and the same world without the people who opted out
    world = World()
    for ref in OTHERS:
        world.put_node(Node(ref.label, ref.key, {"name": ref.key}))
    for ops in batches:
        for what, arg in ops:
            if what == "node":
                world.put_node(arg)
            elif what == "rel":
                world.put_rel(arg)
            elif what == "unrel":
                world.delete_rel(arg)
            else:
                world.delete_node(arg)
    without = World()
    for node in world.nodes.values():
        if node.props.get("discoverable", True) or node.label is not Label.PERSON:
            without.put_node(node)
    for rel in world.rels.values():
        without.put_rel(rel)
    # when both are projected
    full, public = world.build(1, pair_limit), without.build(1, pair_limit)
    # then the ties anyone may be shown, their weights and contexts, are the same
    assert set(full.ties) == set(public.ties)
    assert _ties(full.ties) == pytest.approx(_ties(public.ties), abs=1e-12)
    assert _contexts(full.ties) == _contexts(public.ties)
    # and so is every group's size as the analytics count it
    for group in public.data:
        assert full.people_of(group) == public.people_of(group)
