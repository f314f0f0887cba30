"""The import: compiled checks agree with the model, long lines are refused unread,
skipped records leave the rest written, CSV and JSON Lines load the same network."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data import demo_files
from graph.checks import NODE_CHECKS, REL_CHECKS
from graph.embedded.store import EmbeddedStore
from graph.export.common import ExportView
from graph.export.csv import chunks as csv_chunks
from graph.importer import ImportRefused, load_files
from graph.model import NODE_SPECS, REL_SPECS, InvalidInput, Label, Node, NodeRef, PropKind, RelType
from graph.records import read_checked
from graph.store import GraphStore
from graph.validation import check_attendance, validate_props

VALUES: dict[PropKind, Any] = {
    PropKind.STR: st.one_of(st.text(max_size=210), st.sampled_from(["", " ", "educator"])),
    PropKind.TEXT: st.text(max_size=30),
    PropKind.INT: st.one_of(st.integers(-5, 9), st.booleans()),
    PropKind.BOOL: st.one_of(st.booleans(), st.integers(0, 1)),
    PropKind.DATE: st.sampled_from(["2018-03-01", "2018-3-1", "20180301", "2018-02-30", 3]),
    PropKind.STR_LIST: st.lists(
        st.sampled_from(["educator", "student", "education", "wizard", "x" * 201]), max_size=4
    ),
}
ANY = st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2))


def props_for(specs: Any) -> st.SearchStrategy[dict[str, Any]]:
    names = [spec.name for spec in specs]
    kinds = {spec.name: spec.kind for spec in specs}
    known = st.dictionaries(st.sampled_from(names), st.none(), max_size=len(names)).flatmap(
        lambda keys: st.fixed_dictionaries(
            {name: st.one_of(VALUES[kinds[name]], ANY) for name in keys}
        )
    )
    return st.one_of(known, st.fixed_dictionaries({"name": st.just("A"), "colour": ANY}))


def outcome(check: Any, props: dict[str, Any]) -> Any:
    try:
        return ("ok", check(props))
    except InvalidInput as error:
        return ("refused", error.field)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(list(Label)).flatmap(
        lambda label: st.tuples(st.just(label), props_for(NODE_SPECS[label].props))
    )
)
def test_compiled_node_checks_agree_with_the_model(case: tuple[Label, dict[str, Any]]) -> None:
    label, props = case

    def model(p: dict[str, Any]) -> dict[str, Any]:
        return validate_props(
            NODE_SPECS[label].props, p, partial=False, owner=label.value, fill_defaults=False
        )

    compiled, expected = outcome(NODE_CHECKS[label], props), outcome(model, props)
    assert compiled[0] == expected[0]
    if expected[0] == "ok":
        assert compiled[1] == expected[1]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(list(RelType)).flatmap(
        lambda t: st.tuples(st.just(t), props_for(REL_SPECS[t].props))
    )
)
def test_compiled_relationship_checks_agree_with_the_model(
    case: tuple[RelType, dict[str, Any]],
) -> None:
    rel_type, props = case

    def model(p: dict[str, Any]) -> dict[str, Any]:
        out = validate_props(REL_SPECS[rel_type].props, p, partial=False, owner=rel_type.value)
        if rel_type is RelType.ATTENDED:
            check_attendance(out.get("mode", "attendee"), out.get("credits"))
        return out

    compiled, expected = outcome(REL_CHECKS[rel_type], props), outcome(model, props)
    assert compiled[0] == expected[0]
    if expected[0] == "ok":
        assert compiled[1] == expected[1]


def test_a_line_longer_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    # given a file whose second line is longer than the limit
    path = tmp_path / "long.jsonl"
    good = b'{"label": "Topic", "key": "math", "props": {"name": "Math"}}\n'
    path.write_bytes(good + b"[" * 5000 + b"\n" + good.replace(b"math", b"art"))
    # when it is read with a 1,000-byte limit
    items = list(read_checked(path, limit=1000))
    # then the long line is an error naming its length, and the next line reads on
    assert [line for line, _ in items] == [1, 2, 3]
    error = items[1][1]
    assert not isinstance(error, tuple)
    assert (error.field, error.message) == (
        "record",
        "the line is 5,001 bytes long; a record may take at most 1,000 bytes",
    )
    assert items[2][1] == ("Topic", "art", {"name": "Math"})


def test_skip_invalid_writes_the_rest_and_counts_what_it_skipped(tmp_path: Path) -> None:
    # given records with a duplicate, a relationship to nowhere and a bad line
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"label": "Topic", "key": "math", "props": {"name": "Math"}}\n'
        '{"label": "Person", "key": "ada", "props": {"name": "Ada"}}\n'
        '{"label": "Topic", "key": "math", "props": {"name": "Maths"}}\n'
        '{"rel": "INTERESTED_IN", "start": "Person:ada", "end": "Topic:math"}\n'
        '{"rel": "INTERESTED_IN", "start": "Person:bob", "end": "Topic:math"}\n'
        "{oops\n",
        encoding="utf-8",
    )
    with EmbeddedStore.in_memory() as store:
        # when it is imported skipping what is invalid
        report = load_files(store, [path], skip_invalid=True)
        # then the valid records are written and the three others reported
        assert (report.nodes, report.relationships, report.invalid) == (2, 1, 3)
        assert [e.line for e in report.errors] == [3, 5, 6]
        assert store.get_node(NodeRef(Label.TOPIC, "math")).props["name"] == "Math"


def test_relationships_may_come_before_their_nodes_and_use_nodes_of_the_store(
    tmp_path: Path,
) -> None:
    # given a store holding a topic, and a file whose relationship comes first
    with EmbeddedStore.in_memory() as store:
        store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
        path = tmp_path / "late.jsonl"
        path.write_text(
            '{"rel": "INTERESTED_IN", "start": "Person:ada", "end": "Topic:math"}\n'
            '{"label": "Person", "key": "ada", "props": {"name": "Ada"}}\n',
            encoding="utf-8",
        )
        # when it is imported
        report = load_files(store, [path])
        # then both are written
        assert (report.nodes, report.relationships) == (1, 1)
        assert store.counts().relationships == {"INTERESTED_IN": 1}


def network(store: GraphStore) -> tuple[list[str], list[str]]:
    view = ExportView(store, renamed=False)
    nodes = sorted(f"{n.ref}{sorted(n.props.items())}" for n in view.nodes())
    rels = sorted(f"{r.ref}{sorted(r.props.items())}" for r in view.relationships())
    return nodes, rels


def test_the_csv_export_loads_back_as_the_same_network(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    # given the demo network and its CSV export as a zip and as two files
    load_files(embedded_store, demo_files())
    archive = tmp_path / "network.zip"
    archive.write_bytes(b"".join(csv_chunks(ExportView(embedded_store))))
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as opened:
        (tmp_path / "nodes.csv").write_bytes(opened.read("nodes.csv"))
        (tmp_path / "edges.csv").write_bytes(opened.read("edges.csv"))
    for paths in ([archive], [tmp_path / "edges.csv", tmp_path / "nodes.csv"]):
        with EmbeddedStore.in_memory() as other:
            # when it is imported into an empty store
            report = load_files(other, paths)
            # then the store holds the exported network, properties and all
            assert report.invalid == 0
            assert network(other) == network(embedded_store)


def test_an_edge_to_a_node_of_neither_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "edges.csv"
    path.write_text(
        "Source,Target,Type,Weight,Id,Label,Relationship\n"
        "Person:ada,Topic:math,Directed,1,x,INTERESTED_IN,INTERESTED_IN\n",
        encoding="utf-8",
    )
    with EmbeddedStore.in_memory() as store, pytest.raises(ImportRefused) as refused:
        load_files(store, [path])
    assert [(e.line, e.field) for e in refused.value.errors] == [(2, "start"), (2, "end")]
