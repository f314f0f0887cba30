"""The compact tie graph: reads, copy-on-write edits, compaction."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.model import Label, Node, Relationship, RelType
from graph.projection import build_network
from graph.projection_updates import update_network
from graph.ties import Contexts, TieGraph

PEOPLE = [f"Person:p{i}" for i in range(8)]
CONTEXTS = [("Project:loom",), ("Project:kiln", "Cohort:mm"), ("Gathering:fall",)]


def as_dict(graph: TieGraph) -> tuple[set[str], dict[tuple[str, str], tuple[float, Contexts]]]:
    """People and ties of a graph, read through its own reads."""
    ties = {}
    for one in graph:
        for other, tie in graph.neighbours(one).items():
            ties[min(one, other), max(one, other)] = (tie["weight"], tie["contexts"])
    return set(graph), ties


def test_a_built_graph_reads_like_networkx() -> None:
    # given three ties among four people
    ties = TieGraph.build(
        ["Person:d"],
        [
            ("Person:b", "Person:a", 1.0, ("Project:loom",)),
            ("Person:a", "Person:c", 0.5, ("Cohort:mm",)),
            ("Person:b", "Person:c", 0.25, ("Gathering:g", "Cluster:x")),
        ],
    )
    # when it is copied to NetworkX
    copy = ties.to_networkx()
    # then both hold the same people, ties and data
    assert set(ties) == set(copy) and len(ties) == copy.number_of_nodes() == 4
    assert ties.number_of_edges() == copy.number_of_edges() == 3
    assert copy.edges["Person:c", "Person:b"] == {
        "weight": 0.25,
        "contexts": ("Gathering:g", "Cluster:x"),
    }
    for person in ties:
        assert dict(ties.neighbours(person)) == {o: d for o, d in copy.adj[person].items()}
        assert ties.degree(person) == copy.degree(person)
    assert ties.has_edge("Person:a", "Person:b") and not ties.has_edge("Person:a", "Person:d")
    assert ties.edge("Person:a", "Person:d") is None and ties.edge("Person:x", "Person:a") is None
    assert "Person:x" not in ties and "Person:x" not in ties.neighbours("Person:a")
    with pytest.raises(KeyError):
        ties.neighbours("Person:x")


def test_edge_arrays_are_in_canonical_order_after_any_edits() -> None:
    # given a graph, and the same graph reached through edits and new people
    want = TieGraph.build(
        PEOPLE[:4], [(PEOPLE[0], PEOPLE[3], 1.0, ("P:x",)), (PEOPLE[1], PEOPLE[2], 2.0, ("P:y",))]
    )
    edit = TieGraph.build(PEOPLE[1:], [(PEOPLE[1], PEOPLE[5], 1.0, ("P:z",))]).edit()
    for person in PEOPLE[4:]:
        edit.remove_person(person)
    edit.add_person(PEOPLE[0])
    edit.set_tie(PEOPLE[3], PEOPLE[0], 1.0, ("P:x",))
    edit.set_tie(PEOPLE[2], PEOPLE[1], 2.0, ("P:y",))
    got = edit.done()
    # when both are read as arrays
    mine, theirs = got.edge_arrays(), want.edge_arrays()
    # then they are the same
    assert mine[0] == theirs[0] == PEOPLE[:4]
    assert mine[1].tolist() == theirs[1].tolist()
    assert mine[2].tolist() == theirs[2].tolist()
    assert mine[3].tolist() == theirs[3].tolist()


def test_an_edit_leaves_the_graph_it_started_from_alone() -> None:
    # given a graph of one tie
    old = TieGraph.build(PEOPLE[:3], [(PEOPLE[0], PEOPLE[1], 1.0, CONTEXTS[0])])
    before = as_dict(old)
    # when a person is removed, one added and ties set
    edit = old.edit()
    edit.remove_person(PEOPLE[1])
    edit.add_person("Person:new")
    edit.set_tie("Person:new", PEOPLE[0], 0.5, CONTEXTS[1])
    new = edit.done()
    # then the new graph has the changes, in its overlay, and the old one is unchanged
    assert as_dict(new) == (
        {PEOPLE[0], PEOPLE[2], "Person:new"},
        {("Person:new", PEOPLE[0]): (0.5, CONTEXTS[1])},
    )
    assert new.overlay_share() > 0
    assert as_dict(old) == before and old.overlay_share() == 0


def test_a_removed_person_can_come_back_without_their_ties() -> None:
    # given a graph where someone was removed
    edit = TieGraph.build([], [(PEOPLE[0], PEOPLE[1], 1.0, CONTEXTS[0])]).edit()
    edit.remove_person(PEOPLE[0])
    gone = edit.done()
    # when they are added again
    edit = gone.edit()
    edit.add_person(PEOPLE[0])
    back = edit.done()
    # then they are there, without the tie they had
    assert PEOPLE[0] not in gone and PEOPLE[0] in back
    assert back.degree(PEOPLE[0]) == 0 and back.number_of_edges() == 0
    assert back.compacted().degree(PEOPLE[0]) == 0


@st.composite
def edits(draw: Any) -> list[tuple[str, ...]]:
    ops: list[tuple[str, ...]] = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.sampled_from(["add", "remove", "tie", "tie", "tie", "untie", "compact"]))
        one, other = draw(st.sampled_from(PEOPLE)), draw(st.sampled_from(PEOPLE))
        ops.append((kind, one, other, str(draw(st.integers(0, len(CONTEXTS) - 1)))))
    return ops


@settings(max_examples=200, deadline=None)
@given(
    start=st.lists(
        st.tuples(st.sampled_from(PEOPLE), st.sampled_from(PEOPLE), st.floats(0.01, 2.0)),
        max_size=12,
    ),
    batches=st.lists(edits(), max_size=4),
)
def test_edits_and_compaction_equal_a_graph_built_from_scratch(
    start: list[tuple[str, str, float]], batches: list[list[tuple[str, ...]]]
) -> None:
    # given a graph and the same people and ties as plain dicts
    people: set[str] = set()
    ties: dict[tuple[str, str], tuple[float, Contexts]] = {}
    for one, other, weight in start:
        people |= {one, other}
        if one != other:
            ties[min(one, other), max(one, other)] = (weight, CONTEXTS[0])
    graph = TieGraph.build(people, [(a, b, w, c) for (a, b), (w, c) in ties.items()])
    # when batches of edits are applied (and sometimes compacted)
    for ops in batches:
        edit = graph.edit()
        compact = False
        for kind, one, other, context in ops:
            pair = (min(one, other), max(one, other))
            if kind == "add":
                edit.add_person(one)
                people.add(one)
            elif kind == "remove":
                edit.remove_person(one)
                people.discard(one)
                ties = {p: t for p, t in ties.items() if one not in p}
            elif kind == "compact":
                compact = True
            elif one != other and one in people and other in people:
                if kind == "tie":
                    weight = 0.1 + len(ties)
                    edit.set_tie(one, other, weight, CONTEXTS[int(context)])
                    ties[pair] = (weight, CONTEXTS[int(context)])
                else:
                    edit.set_tie(one, other, None)
                    ties.pop(pair, None)
        graph = edit.done()
        if compact:
            graph = graph.compacted()
        # then it holds what the dicts hold, and so does its compacted form and NetworkX copy
        for version in (graph, graph.compacted()):
            assert as_dict(version) == (people, ties)
            assert len(version) == len(people)
            assert version.number_of_edges() == len(ties)
            assert sorted(version) == sorted(people)
            # read by number too: rows, degrees, names
            numbers = [version.number(p) for p in sorted(people)]
            assert [version.name(n) for n in numbers if n is not None] == sorted(people)
            degrees = version.degrees(np.array(numbers, dtype=np.int32)).tolist()
            assert degrees == [sum(p in pair for pair in ties) for p in sorted(people)]
            for person, number in zip(sorted(people), numbers, strict=True):
                assert number is not None
                others, weights = version.row(number)
                assert [version.name(n) for n in others.tolist()] == list(
                    version.neighbours(person)
                )
                assert others.tolist() == sorted(others.tolist())
                assert weights.tolist() == [
                    t["weight"] for t in version.neighbours(person).values()
                ]
        copy = graph.to_networkx()
        assert nx.utils.graphs_equal(
            copy,
            TieGraph.build(people, [(a, b, w, c) for (a, b), (w, c) in ties.items()]).to_networkx(),
        )
    names, one_end, other_end, weights = graph.edge_arrays()
    assert names == sorted(people)
    assert {
        (names[a], names[b]): w
        for a, b, w in zip(one_end.tolist(), other_end.tolist(), weights.tolist(), strict=True)
    } == {pair: w for pair, (w, _) in ties.items()}


def test_a_hidden_persons_ties_are_theirs_alone_through_edits_and_compaction() -> None:
    # given ada and bo on a project, bo having opted out
    ada = Node(Label.PERSON, "ada", {"name": "Ada"})
    bo = Node(Label.PERSON, "bo", {"name": "Bo", "discoverable": False})
    cy = Node(Label.PERSON, "cy", {"name": "Cy"})
    loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
    rels = [Relationship(RelType.MEMBER_OF, p.ref, loom.ref) for p in (ada, bo)]
    network = build_network([ada, bo, cy, loom], rels, version=1)
    # when cy joins too (caught up), and the tie graphs are compacted
    joined = Relationship(RelType.MEMBER_OF, cy.ref, loom.ref)
    updated = update_network(network, 2, nodes=[], relationships=[(joined.ref, joined)])
    for version in (updated, updated.compacted()):
        # then bo's ties are only in bo's own view, weighted by the two others and bo
        assert set(version.ties) == {"Person:ada", "Person:cy"}
        assert "Person:bo" not in version.tie_neighbours("Person:ada")
        assert dict(version.tie_neighbours("Person:bo")) == {
            other: {"weight": 0.5, "contexts": ("Project:loom",)}
            for other in ("Person:ada", "Person:cy")
        }
        assert version.ties.edge("Person:ada", "Person:cy") == {
            "weight": 1.0,
            "contexts": ("Project:loom",),
        }
        assert set(version.hidden_ties) == {"Person:ada", "Person:bo", "Person:cy"}


@pytest.mark.parametrize("asked_before", [True, False])
def test_degrees_after_edits_are_counted_whether_or_not_carried(asked_before: bool) -> None:
    # given a graph whose degrees were (or were not) asked for before it was edited
    graph = TieGraph.build(["d"], [("a", "b", 1.0, CONTEXTS[0]), ("b", "c", 1.0, CONTEXTS[0])])
    everyone = np.array([graph.number(p) for p in "abcd"], dtype=np.int32)
    if asked_before:
        assert graph.degrees(everyone).tolist() == [1, 2, 1, 0]
    # when people leave, come back, join new and ties change, over two edits
    edit = graph.edit()
    edit.remove_person("b")
    edit.add_person("b")
    edit.add_person("e")
    edit.set_tie("a", "e", 0.5, CONTEXTS[0])
    first = edit.done()
    edit = first.edit()
    edit.set_tie("d", "e", 0.5, CONTEXTS[0])
    edit.remove_person("c")
    second = edit.done()
    # then each version counts its own ties, and the first is left as it was
    numbers = np.array([second.number(p) for p in "abde"], dtype=np.int32)
    assert second.degrees(numbers).tolist() == [1, 0, 1, 2]
    assert first.degrees(numbers).tolist() == [1, 0, 0, 1]
