"""Cytoscape.js JSON (schema check and NetworkX) and NetworkX node-link JSON."""

from __future__ import annotations

import io

import networkx as nx
import orjson

from graph.export.formats import ExportFormat, write_export
from graph.store import GraphStore
from tests.graph.export.export_network import expected, fill
from tests.stores import ConcreteStore


def export(store: GraphStore, fmt: ExportFormat) -> dict[str, object]:
    out = io.BytesIO()
    write_export(store, fmt, out)
    data: dict[str, object] = orjson.loads(out.getvalue())
    return data


def test_cytoscape_json_has_the_elements_schema_and_matches_the_store(store: ConcreteStore) -> None:
    # given a network in a store
    fill(store)
    nodes, rels = expected(store)
    # when it is exported for Cytoscape.js
    doc = export(store, ExportFormat.CYTOSCAPE)
    # then it is {"elements": {"nodes": [{"data": ...}], "edges": [{"data": ...}]}}
    elements = doc["elements"]
    assert isinstance(elements, dict)
    assert set(elements) == {"nodes", "edges"}
    ids = [element["data"]["id"] for element in elements["nodes"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(nodes)
    for element in elements["nodes"]:
        assert set(element) == {"data"}
        data = element["data"]
        node = nodes[data["id"]]
        assert (data["label"], data["type"], data["key"]) == (
            node.props["name"],
            node.label.value,
            node.key,
        )
        assert {k: data[k] for k in node.props} == node.props
    edge_ids = set()
    for element in elements["edges"]:
        data = element["data"]
        assert {"id", "source", "target", "type"} <= set(data)
        assert data["source"] in ids and data["target"] in ids
        rel = rels[data["type"], data["source"], data["target"]]
        assert {k: data[k] for k in rel.props} == rel.props
        edge_ids.add(data["id"])
    assert len(edge_ids) == len(rels)
    # and NetworkX reads it back as the same multigraph
    graph = nx.cytoscape_graph(doc)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(nodes), len(rels))


def test_node_link_json_reads_back_into_networkx(store: ConcreteStore) -> None:
    # given a network in a store
    fill(store)
    nodes, rels = expected(store)
    # when it is exported as node-link JSON and read by NetworkX
    graph = nx.node_link_graph(export(store, ExportFormat.NODE_LINK), edges="edges")
    # then nodes, edges (keyed by type) and attributes match the store
    assert graph.is_multigraph() and graph.is_directed()
    assert isinstance(graph, nx.MultiDiGraph)
    assert set(graph.nodes) == set(nodes)
    assert sorted((k, u, v) for u, v, k in graph.edges(keys=True)) == sorted(rels)
    for node_id, node in nodes.items():
        data = graph.nodes[node_id]
        assert {k: data[k] for k in node.props} == node.props
        assert data["type"] == node.label.value
    for (rel_type, u, v), rel in rels.items():
        data = graph.edges[u, v, rel_type]
        assert {k: data[k] for k in rel.props} == rel.props
