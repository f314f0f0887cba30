"""GEXF 1.3: dates as spells, read back by NetworkX."""

from __future__ import annotations

import io

import networkx as nx

from graph.export.formats import ExportFormat, write_export
from graph.store import GraphStore
from tests.graph.export.export_network import expected, fill, text
from tests.stores import ConcreteStore


def read(store: GraphStore) -> nx.MultiDiGraph[str]:
    out = io.BytesIO()
    write_export(store, ExportFormat.GEXF, out)
    assert b'<gexf xmlns="http://gexf.net/1.3"' in out.getvalue()
    graph = nx.read_gexf(io.BytesIO(out.getvalue()))
    assert isinstance(graph, nx.MultiDiGraph)
    return graph


def test_networkx_reads_back_nodes_edges_and_attributes(store: ConcreteStore) -> None:
    # given a network in a store
    fill(store)
    nodes, rels = expected(store)
    # when it is exported to GEXF and read back
    graph = read(store)
    # then nodes, edges and attributes match the store
    assert set(graph.nodes) == set(nodes)
    assert sorted((d["type"], u, v) for u, v, d in graph.edges(data=True)) == sorted(rels)
    for node_id, node in nodes.items():
        data = graph.nodes[node_id]
        assert (data["label"], data["type"], data["key"]) == (
            node.props["name"],
            node.label.value,
            node.key,
        )
        for name, value in node.props.items():
            got = data[name]
            assert got == value if isinstance(value, (bool, int)) else got == text(value)


def test_dates_become_spells_for_the_gephi_timeline(store: ConcreteStore) -> None:
    # given a gathering, a project, a membership and an affiliation with dates
    fill(store)
    # when exported to GEXF and read back
    graph = read(store)
    # then each carries its spell (open-ended where there is no end, which NetworkX
    # reads as the text "None")
    assert graph.nodes["Gathering:summit"]["spells"] == [("2019-05-01", "2019-05-04")]
    assert graph.nodes["Project:loom"]["spells"] == [("2021-03-01", "None")]
    assert "spells" not in graph.nodes["Person:ada"]
    edges = {(d["type"], u, v): d for u, v, d in graph.edges(data=True)}
    assert edges["MEMBER_OF", "Person:ada", "Project:loom"]["spells"] == [("2021-04-01", "None")]
    assert edges["AFFILIATED_WITH", "Person:ada", "Organization:uni"]["spells"] == [
        ("2015-01-01", "2022-06-30")
    ]
