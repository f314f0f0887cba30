"""The typed graph answers as the NetworkX MultiDiGraph it replaces, in the same order."""

from __future__ import annotations

from typing import Any

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.model import RelType
from graph.typed import EMPTY, TypedGraph

NODES = ["a", "b", "c", "d"]
TYPES = [RelType.MEMBER_OF, RelType.ATTENDED, RelType.LEADS]
PROPS = st.sampled_from([{}, {"since": "2020"}, {"since": "2021"}, {"level": 1}, {"level": True}])
RELS = st.tuples(st.sampled_from(NODES), st.sampled_from(NODES), st.sampled_from(TYPES), PROPS)
EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("set"), RELS),
        st.tuples(st.just("unset"), RELS),
        st.tuples(st.just("remove"), st.sampled_from(NODES)),
        st.tuples(st.just("add"), st.sampled_from(NODES)),
    ),
    max_size=12,
)


def test_a_node_points_at_its_relationships_by_type() -> None:
    # given a person who leads a project and is a member of it
    graph = TypedGraph.build(
        ["Person:ada", "Project:loom"],
        [
            ("Person:ada", "Project:loom", RelType.MEMBER_OF, {"since": "2020-01-01"}),
            ("Person:ada", "Project:loom", RelType.LEADS, {}),
        ],
    )
    # then each type is found, with its properties, from both ends
    assert graph.out("Person:ada", RelType.LEADS) == ["Project:loom"]
    assert graph.into("Project:loom", RelType.MEMBER_OF) == ["Person:ada"]
    assert graph.rel("Person:ada", "Project:loom", RelType.MEMBER_OF) == {"since": "2020-01-01"}
    assert graph.rel("Person:ada", "Project:loom", RelType.LEADS) is EMPTY
    assert graph.rel("Project:loom", "Person:ada", RelType.LEADS) is None
    assert graph.out("Project:loom", RelType.LEADS) == []


def test_equal_properties_are_kept_once_but_true_is_not_one() -> None:
    # given three relationships, two with equal properties and one with True for 1
    graph = TypedGraph.build(
        ["a", "b", "c"],
        [
            ("a", "b", RelType.LEADS, {"level": 1}),
            ("a", "c", RelType.LEADS, {"level": 1}),
            ("b", "c", RelType.LEADS, {"level": True}),
        ],
    )
    # then the equal ones share a mapping and True stays a bool
    assert graph.rel("a", "b", RelType.LEADS) is graph.rel("a", "c", RelType.LEADS)
    level = graph.rel("b", "c", RelType.LEADS)
    assert level is not None and level["level"] is True


def _reference(graph: nx.MultiDiGraph[str], node: str, rel_type: RelType) -> list[str]:
    return [other for other, keys in graph.succ[node].items() if rel_type in keys]


def _incoming(graph: nx.MultiDiGraph[str], node: str, rel_type: RelType) -> list[str]:
    return [other for other, keys in graph.pred[node].items() if rel_type in keys]


def _edges(graph: nx.MultiDiGraph[str]) -> list[tuple[str, str, RelType, dict[str, Any]]]:
    return [(s, e, t, d) for s, e, t, d in graph.edges(keys=True, data=True)]


def assert_like(graph: TypedGraph, want: nx.MultiDiGraph[str]) -> None:
    assert list(graph.succ) == list(want.nodes)
    assert [(s, e, t, dict(d)) for s, e, t, d in graph.edges()] == _edges(want)
    assert graph.number_of_edges() == want.number_of_edges()
    for node in want.nodes:
        for rel_type in TYPES:
            assert graph.out(node, rel_type) == _reference(want, node, rel_type)
            assert graph.into(node, rel_type) == _incoming(want, node, rel_type)
            for other in NODES:
                found = graph.rel(node, other, rel_type)
                expected = want.succ[node].get(other, {}).get(rel_type)
                assert (found if found is None else dict(found)) == expected
    for node in want.nodes:
        incoming = [(s, t, dict(d)) for s, t, d in graph.predecessors(node)]
        assert incoming == [
            (s, t, d) for s, keys in want.pred[node].items() for t, d in keys.items()
        ]


@settings(max_examples=200, deadline=None)
@given(rels=st.lists(RELS, max_size=12), edits=EDITS)
def test_builds_and_edits_match_a_multidigraph(
    rels: list[tuple[str, str, RelType, dict[str, Any]]], edits: list[tuple[str, Any]]
) -> None:
    # given the same relationships in a typed graph and in a MultiDiGraph
    want: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    want.add_nodes_from(NODES)
    for start, end, rel_type, props in rels:
        want.add_edge(start, end, key=rel_type)
        want.edges[start, end, rel_type].update(props)
    graph = TypedGraph.build(NODES, rels)
    assert_like(graph, want)
    before = [(s, e, t, dict(d)) for s, e, t, d in graph.edges()]
    # when both are edited alike (the MultiDiGraph as the old updater did)
    edit = graph.edit()
    for what, arg in edits:
        if what == "add" and arg not in want:
            want.add_node(arg)
            edit.add_node(arg)
        elif what == "remove" and arg in want:
            linked = set(want.succ[arg]) | set(want.pred[arg])
            want.remove_node(arg)
            assert edit.remove_node(arg) == linked
        elif what in ("set", "unset") and arg[0] in want and arg[1] in want:
            start, end, rel_type, props = arg
            keys = dict(want.succ[start].get(end, {}))
            if what == "unset":
                keys.pop(rel_type, None)
                edit.set_edge(start, end, rel_type, None)
            else:
                keys[rel_type] = dict(props)
                edit.set_edge(start, end, rel_type, props)
            # The networkx stubs leave out the adjacency dicts, edited here directly.
            succ: Any = want._succ  # type: ignore[attr-defined]
            pred: Any = want._pred  # type: ignore[attr-defined]
            if keys:
                succ[start][end] = pred[end][start] = keys
            else:
                succ[start].pop(end, None)
                pred[end].pop(start, None)
    # then they still agree, and the graph edited from is unchanged
    assert_like(edit.done(), want)
    assert [(s, e, t, dict(d)) for s, e, t, d in graph.edges()] == before
