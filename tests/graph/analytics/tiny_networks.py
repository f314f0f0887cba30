"""Tiny networks built by name, loaded through a real store or built directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from graph.analytics.reasons import ReasonKind, Suggestion
from graph.model import Direction, Label, Node, NodeRef, Relationship, RelType
from graph.projection import Network, build_network, project
from graph.store import GraphStore, Hop
from tests.stores import ConcreteStore

AS_OF = dt.date(2024, 1, 1)


class Tiny:
    """Nodes are created on first mention, named after their keys."""

    def __init__(self) -> None:
        self.nodes: dict[NodeRef, Node] = {}
        self.rels: dict[tuple[RelType, NodeRef, NodeRef], Relationship] = {}

    def node(self, label: Label, key: str, **props: Any) -> NodeRef:
        ref = NodeRef(label, key)
        old = self.nodes.get(ref)
        merged = {"name": key.title(), **(dict(old.props) if old else {}), **props}
        self.nodes[ref] = Node(label, key, merged)
        return ref

    def person(self, key: str, **props: Any) -> NodeRef:
        return self.node(Label.PERSON, key, **props)

    def link(self, rel_type: RelType, start: NodeRef, end: NodeRef, **props: Any) -> None:
        self.rels[rel_type, start, end] = Relationship(rel_type, start, end, props)

    def member(self, person: str, group: str, label: Label = Label.PROJECT, **props: Any) -> None:
        self.link(RelType.MEMBER_OF, self.person(person), self.node(label, group), **props)

    def attend(self, person: str, gathering: str, **props: Any) -> None:
        self.link(
            RelType.ATTENDED, self.person(person), self.node(Label.GATHERING, gathering), **props
        )

    def works(self, person: str, org: str, **props: Any) -> None:
        org_ref = self.node(Label.ORGANIZATION, org)
        self.link(RelType.AFFILIATED_WITH, self.person(person), org_ref, **props)

    def interested(self, person: str, topic: str) -> None:
        self.link(RelType.INTERESTED_IN, self.person(person), self.node(Label.TOPIC, topic))

    def skilled(self, person: str, topic: str) -> None:
        self.link(RelType.SKILLED_IN, self.person(person), self.node(Label.TOPIC, topic))

    def needs(self, project: str, topic: str) -> None:
        self.link(RelType.NEEDS, self.node(Label.PROJECT, project), self.node(Label.TOPIC, topic))

    def about(self, project: str, topic: str) -> None:
        self.link(RelType.ABOUT, self.node(Label.PROJECT, project), self.node(Label.TOPIC, topic))

    def works_at(self, project: str, gathering: str) -> None:
        self.link(
            RelType.WORKED_ON_AT,
            self.node(Label.PROJECT, project),
            self.node(Label.GATHERING, gathering),
        )

    def in_cluster(self, org: str, cluster: str, sector: str) -> None:
        self.link(
            RelType.IN_CLUSTER,
            self.node(Label.ORGANIZATION, org),
            self.node(Label.CLUSTER, cluster),
            sector=sector,
        )

    def build(self, **options: Any) -> Network:
        options.setdefault("as_of", AS_OF)
        return build_network(list(self.nodes.values()), list(self.rels.values()), **options)

    def load(self, store: ConcreteStore) -> None:
        with store.transaction() as tx:
            tx.upsert_nodes(self.nodes.values())
            tx.upsert_relationships(self.rels.values())

    def through(self, store: ConcreteStore, **options: Any) -> Network:
        """Write the network to ``store`` and project it back."""
        self.load(store)
        options.setdefault("as_of", AS_OF)
        return project(store, **options)


# ------------------------------------------------------------------ store checks

OUT = Direction.OUT
_GROUP_HOPS = (
    Hop(RelType.MEMBER_OF, OUT, Label.PROJECT),
    Hop(RelType.MEMBER_OF, OUT, Label.STUDY_GROUP),
    Hop(RelType.MEMBER_OF, OUT, Label.COHORT),
    Hop(RelType.ATTENDED, OUT, Label.GATHERING),
    Hop(RelType.AFFILIATED_WITH, OUT, Label.ORGANIZATION),
)
_AFFILIATED = _GROUP_HOPS[-1]
_IN_CLUSTER = Hop(RelType.IN_CLUSTER, OUT, Label.CLUSTER)
_TOPIC_HOPS = (
    Hop(RelType.INTERESTED_IN, OUT, Label.TOPIC),
    Hop(RelType.SKILLED_IN, OUT, Label.TOPIC),
)


def linked(store: GraphStore, ref: NodeRef, hop: Hop) -> set[NodeRef]:
    """The nodes ``ref`` reaches over ``hop``, read from the store."""
    page = store.neighbours(ref.label, [ref.key], hop)[ref.key]
    return {n.node.ref for n in page.items}


def contexts(store: GraphStore, person: NodeRef) -> set[NodeRef]:
    """Every group, gathering, organization and cluster a person belongs to (store reads)."""
    return Reads(store).contexts(person)


class Reads:
    """Store reads for checking evidence, each made once (the store must not change)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._seen: dict[tuple[NodeRef, Hop], set[NodeRef]] = {}
        self._nodes: dict[NodeRef, Node] = {}

    def linked(self, ref: NodeRef, hop: Hop) -> set[NodeRef]:
        if (ref, hop) not in self._seen:
            self._seen[ref, hop] = linked(self.store, ref, hop)
        return self._seen[ref, hop]

    def read_ahead(self, people: Sequence[NodeRef]) -> None:
        """Read the contexts and topics of many people in one call per hop, so that
        checking their suggestions costs few round trips (on Neo4j, one each)."""
        self._read_many(people, (*_GROUP_HOPS, *_TOPIC_HOPS))
        orgs = {org for person in people for org in self._seen[person, _AFFILIATED]}
        self._read_many(list(orgs), (_IN_CLUSTER,))
        for ref, found in zip(people, self.store.get_nodes(people), strict=True):
            if found is not None:
                self._nodes[ref] = found

    def node(self, ref: NodeRef) -> Node:
        """The node ``ref``, read once."""
        if ref not in self._nodes:
            found = self.store.get_nodes([ref])[0]
            assert found is not None, f"{ref} is not in the store"
            self._nodes[ref] = found
        return self._nodes[ref]

    def _read_many(self, refs: Sequence[NodeRef], hops: Sequence[Hop]) -> None:
        for label in {ref.label for ref in refs}:
            keys = [ref.key for ref in refs if ref.label is label]
            for hop in hops:
                pages = self.store.neighbours(label, keys, hop)
                for key in keys:
                    found = {n.node.ref for n in pages[key].items}
                    self._seen[NodeRef(label, key), hop] = found

    def contexts(self, person: NodeRef) -> set[NodeRef]:
        found: set[NodeRef] = set()
        for hop in _GROUP_HOPS:
            found |= self.linked(person, hop)
        for org in [r for r in found if r.label is Label.ORGANIZATION]:
            found |= self.linked(org, _IN_CLUSTER)
        return found

    def topics(self, person: NodeRef) -> set[NodeRef]:
        return self.linked(person, _TOPIC_HOPS[0]) | self.linked(person, _TOPIC_HOPS[1])


def check_person_suggestion(
    store: GraphStore | Reads, person: NodeRef, suggestion: Suggestion
) -> None:
    """Assert that every reason of a collaborator suggestion is true in the store."""
    reads = store if isinstance(store, Reads) else Reads(store)
    other = suggestion.ref
    assert other.label is Label.PERSON and other != person
    assert reads.node(other).get("discoverable") is True
    mine, theirs = reads.contexts(person), reads.contexts(other)
    working = {r for r in mine if r.label in (Label.PROJECT, Label.STUDY_GROUP)}
    assert not working & theirs, "suggested someone already working with the person"
    for reason in suggestion.reasons:
        assert reason.contribution > 0
        for ref in reason.evidence:
            _check_evidence(reads, person, other, reason.kind, ref, mine, theirs)
    assert sum(r.contribution for r in suggestion.reasons) == suggestion.score


def _check_evidence(
    reads: Reads,
    person: NodeRef,
    other: NodeRef,
    kind: ReasonKind,
    ref: NodeRef,
    mine: set[NodeRef],
    theirs: set[NodeRef],
) -> None:
    if kind is ReasonKind.COMMON_COLLABORATOR:
        assert reads.node(ref).get("discoverable") is True
        between = reads.contexts(ref)
        assert between & mine and between & theirs, f"{ref} is not tied to both"
    elif kind is ReasonKind.SHARED_TOPIC:
        assert ref in reads.topics(person) and ref in reads.topics(other)
    elif kind is ReasonKind.COMPLEMENTARY_SKILL:
        if ref.label is Label.TOPIC:
            assert ref in reads.linked(other, Hop(RelType.SKILLED_IN, OUT, Label.TOPIC))
        else:
            assert ref in mine and ref.label is Label.PROJECT
    elif kind in (ReasonKind.SAME_GATHERING, ReasonKind.SAME_CLUSTER):
        assert ref in mine and ref in theirs
    elif kind is ReasonKind.CROSS_SECTOR_BRIDGE:
        assert ref in theirs and ref.label is Label.ORGANIZATION
