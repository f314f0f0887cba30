"""Gephi-ready CSV: a nodes table and an edges table."""

from __future__ import annotations

import csv
import io
import zipfile

from graph.export.common import ExportView
from graph.export.csv import EDGE_COLUMNS, NODE_COLUMNS, write_pair
from graph.export.formats import ExportFormat, write_export
from graph.store import GraphStore
from tests.graph.export.export_network import expected, fill, text
from tests.stores import ConcreteStore


def tables(store: GraphStore) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    out = io.BytesIO()
    write_export(store, ExportFormat.CSV, out)
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    assert archive.namelist() == ["nodes.csv", "edges.csv"]
    read = [
        list(csv.DictReader(io.StringIO(archive.read(name).decode())))
        for name in ("nodes.csv", "edges.csv")
    ]
    return read[0], read[1]


def test_the_tables_have_gephi_columns_and_match_the_store(store: ConcreteStore) -> None:
    # given a network in a store
    fill(store)
    nodes, rels = expected(store)
    # when it is exported as CSV
    node_rows, edge_rows = tables(store)
    # then the columns are Gephi's (Id, Label / Source, Target, Type, Weight) first
    assert list(node_rows[0])[:2] == ["Id", "Label"]
    assert list(edge_rows[0])[:4] == ["Source", "Target", "Type", "Weight"]
    assert tuple(node_rows[0]) == NODE_COLUMNS and tuple(edge_rows[0]) == EDGE_COLUMNS
    # and every row matches the store
    assert {row["Id"] for row in node_rows} == set(nodes)
    for row in node_rows:
        node = nodes[row["Id"]]
        assert (row["Label"], row["Type"], row["Key"]) == (
            node.props["name"],
            node.label.value,
            node.key,
        )
        for name in NODE_COLUMNS[4:]:
            value = node.props.get(name)
            assert row[name] == ("" if value is None else text(value))
    assert sorted((r["Relationship"], r["Source"], r["Target"]) for r in edge_rows) == sorted(rels)
    for row in edge_rows:
        assert (row["Type"], row["Weight"], row["Label"]) == ("Directed", "1", row["Relationship"])
        rel = rels[row["Relationship"], row["Source"], row["Target"]]
        for name, value in rel.props.items():
            assert row[name] == text(value)


def test_the_pair_can_be_written_as_two_files(store: ConcreteStore) -> None:
    fill(store)
    nodes, rels = expected(store)
    node_file, edge_file = io.BytesIO(), io.BytesIO()
    write_pair(ExportView(store), node_file, edge_file)
    assert len(node_file.getvalue().decode().splitlines()) == len(nodes) + 2  # header, newline
    assert len(list(csv.DictReader(io.StringIO(edge_file.getvalue().decode())))) == len(rels)
