"""JSON Lines: Convene's own record format, loadable into an empty store."""

from __future__ import annotations

import io
from pathlib import Path

from graph.embedded.store import EmbeddedStore
from graph.export.formats import ExportFormat, write_export
from graph.importer import load_files
from graph.model import NODE_SPECS, Node
from graph.records import parse_record
from tests.graph.export.export_network import EMAIL, HIDDEN, fill
from tests.stores import ConcreteStore


def with_defaults(node: Node) -> dict[str, object]:
    return {
        p.name: node.get(p.name)
        for p in NODE_SPECS[node.label].props
        if node.get(p.name) is not None
    }


def test_the_export_loads_into_an_empty_store_as_the_same_network(
    store: ConcreteStore, tmp_path: Path
) -> None:
    # given a network in a store
    fill(store)
    # when it is exported as JSON Lines and loaded into an empty store
    path = tmp_path / "network.jsonl"
    with path.open("wb") as handle:
        summary = write_export(store, ExportFormat.JSONL, handle)
    copy = EmbeddedStore.in_memory()
    load_files(copy, [path])
    # then the copy holds the same records, minus the opted-out person and emails
    original = {n.ref: n for n in store.iter_nodes()}
    loaded = {n.ref: n for n in copy.iter_nodes()}
    assert {ref.key for ref in set(original) - set(loaded)} == {HIDDEN}
    for ref, node in loaded.items():
        assert with_defaults(node) == {
            k: v for k, v in with_defaults(original[ref]).items() if k != "email"
        }
    kept = [r for r in store.iter_relationships() if HIDDEN not in (r.start.key, r.end.key)]
    assert [(r.ref, dict(r.props)) for r in copy.iter_relationships()] == [
        (r.ref, dict(r.props)) for r in kept
    ]
    assert (summary.nodes, summary.relationships) == (len(loaded), len(kept))


def test_every_line_is_a_valid_record(store: ConcreteStore) -> None:
    fill(store)
    out = io.BytesIO()
    write_export(store, ExportFormat.JSONL, out)
    lines = out.getvalue().splitlines()
    assert lines
    for line in lines:
        parse_record(line)
    assert EMAIL.encode() not in out.getvalue()
