"""GraphML: typed attributes, read back by NetworkX and igraph."""

from __future__ import annotations

import io

import igraph
import networkx as nx

from graph.export.formats import ExportFormat, write_export
from graph.model import NODE_SPECS, PropKind
from graph.store import GraphStore
from tests.graph.export.export_network import expected, fill, text
from tests.stores import ConcreteStore


def export(store: GraphStore) -> bytes:
    out = io.BytesIO()
    write_export(store, ExportFormat.GRAPHML, out)
    return out.getvalue()


def test_networkx_reads_back_every_node_edge_and_typed_attribute(store: ConcreteStore) -> None:
    # given a network in a store
    fill(store)
    nodes, rels = expected(store)
    # when it is exported to GraphML and read by NetworkX
    graph = nx.read_graphml(io.BytesIO(export(store)))
    # then nodes and edges match the store (as a multigraph: two edges ada -> ml)
    assert graph.is_multigraph() and graph.is_directed()
    assert set(graph.nodes) == set(nodes)
    assert sorted((d["type"], u, v) for u, v, d in graph.edges(data=True)) == sorted(rels)
    # and attributes keep their types: ints, booleans, text, lists joined by ';'
    kinds = {p.name: p.kind for spec in NODE_SPECS.values() for p in spec.props}
    for node_id, node in nodes.items():
        data = graph.nodes[node_id]
        assert data["type"] == node.label.value
        assert data["key"] == node.key
        assert data["label"] == node.props["name"]
        for name, value in node.props.items():
            kind = kinds.get(name, PropKind.TEXT)
            if kind in (PropKind.INT, PropKind.BOOL):
                assert data[name] == value
                assert type(data[name]) is type(value)
            else:
                assert data[name] == text(value)
    for u, v, data in graph.edges(data=True):
        for name, value in rels[data["type"], u, v].props.items():
            assert data[name] == value if isinstance(value, int) else text(value)


def test_igraph_reads_back_the_same_graph(store: ConcreteStore, tmp_path: object) -> None:
    # given the network exported to a GraphML file
    fill(store)
    nodes, rels = expected(store)
    path = f"{tmp_path}/network.graphml"
    with open(path, "wb") as handle:
        write_export(store, ExportFormat.GRAPHML, handle)
    # when igraph reads it
    graph = igraph.Graph.Read_GraphML(path)
    # then it has the same nodes, edges and attributes
    assert graph.is_directed()
    assert (graph.vcount(), graph.ecount()) == (len(nodes), len(rels))
    assert sorted(graph.vs["id"]) == sorted(nodes)
    assert sorted(graph.es["type"]) == sorted(key[0] for key in rels)
    ada = graph.vs.find(id="Person:ada")
    assert ada["roles"] == "educator;researcher"
    assert ada["discoverable"] is True
    credits = [e["credits"] for e in graph.es if e["type"] == "ATTENDED"]
    assert credits == [3]
