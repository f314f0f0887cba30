"""Every export: no emails, no opted-out people or their ties, streamed as written."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

import pytest

from graph.export.common import Snapshot
from graph.export.formats import FORMATS, ExportFormat, iter_export, parse_format, write_export
from graph.model import InvalidInput, Label, Node, Relationship, RelType
from tests.graph.export.export_network import EMAIL, HIDDEN, NODES, RELS, fill
from tests.stores import ConcreteStore


def unzip(fmt: ExportFormat, data: bytes) -> bytes:
    if fmt is not ExportFormat.CSV:
        return data
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(data))
    return b"\n".join(archive.read(name) for name in archive.namelist())


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_no_export_holds_an_email_or_a_person_who_opted_out(
    store: ConcreteStore, fmt: ExportFormat
) -> None:
    # given a network with an email and a person who opted out of exports
    fill(store)
    # when it is exported
    out = io.BytesIO()
    summary = write_export(store, fmt, out)
    content = unzip(fmt, out.getvalue())
    # then neither the email nor the person (nor their ties) is in it
    assert EMAIL.encode() not in content
    assert b"hal@example.org" not in content
    assert f"Person:{HIDDEN}".encode() not in content
    assert f'"key":"{HIDDEN}"'.encode() not in content
    assert summary.nodes == len(NODES) - 1
    assert summary.relationships == len([r for r in RELS if HIDDEN not in (r.start.key, r.end.key)])


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_iter_export_streams_the_same_bytes_as_write_export(
    store: ConcreteStore, fmt: ExportFormat
) -> None:
    fill(store)
    out = io.BytesIO()
    write_export(store, fmt, out)
    assert b"".join(iter_export(store, fmt)) == out.getvalue()


class CountingSource:
    """A large in-memory source that counts how many records have been pulled."""

    def __init__(self, topics: int) -> None:
        self.topics = topics
        self.pulled = 0

    def iter_nodes(self, labels: Sequence[Label] = ()) -> Iterator[Node]:
        if labels and Label.TOPIC not in labels:
            return
        for i in range(self.topics):
            self.pulled += 1
            yield Node(Label.TOPIC, f"t{i}", {"name": f"Topic number {i}", "source": "x" * 40})

    def iter_relationships(self, types: Sequence[RelType] = ()) -> Iterator[Relationship]:
        return iter(())


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_exports_are_written_while_the_source_is_read(fmt: ExportFormat) -> None:
    # given a source of 20 000 topics
    source = CountingSource(20_000)
    # when the first chunk of an export comes out
    chunks = iter_export(source, fmt)
    first = next(chunks)
    # then only part of the source has been read: nothing waits for the whole graph
    assert first
    assert source.pulled < source.topics
    rest = sum(len(chunk) for chunk in chunks)
    assert source.pulled == source.topics
    assert rest > len(first)


def test_xml_exports_drop_characters_xml_cannot_carry() -> None:
    import networkx as nx

    bell = Snapshot([Node(Label.TOPIC, "t", {"name": "ring\x07 the bell"})], [])
    for fmt, reader in ((ExportFormat.GRAPHML, nx.read_graphml), (ExportFormat.GEXF, nx.read_gexf)):
        graph = reader(io.BytesIO(b"".join(iter_export(bell, fmt))))
        assert graph.nodes["Topic:t"]["name"] == "ring the bell"


def test_formats_have_media_types_and_names_parse() -> None:
    assert set(FORMATS) == set(ExportFormat)
    assert FORMATS[ExportFormat.GRAPHML].media_type == "application/graphml+xml"
    assert parse_format("gexf") is ExportFormat.GEXF
    with pytest.raises(InvalidInput):
        parse_format("png")
