"""Gephi-ready CSV: a nodes table and an edges table, streamed (as a zip, or two files).

``nodes.csv`` has the columns ``Id,Label,Type,Key`` and then one per exportable node
property; ``edges.csv`` has ``Source,Target,Type,Weight,Id,Label,Relationship`` and then
one per relationship property. In Gephi's spreadsheet import ``Type`` says whether an
edge is directed (always ``Directed`` here), so the relationship type is in ``Label``
and ``Relationship``; ``Weight`` is 1. Lists are joined by ``;``; missing values are
empty.

Examples
--------
>>> import io, zipfile
>>> from graph.export.common import ExportView, Snapshot
>>> from graph.model import Label, Node
>>> data = b"".join(chunks(ExportView(Snapshot([Node(Label.TOPIC, "math", {"name": "Math"})], []))))
>>> archive = zipfile.ZipFile(io.BytesIO(data))
>>> archive.namelist()
['nodes.csv', 'edges.csv']
>>> archive.read("nodes.csv").decode().splitlines()[1][:30]
'Topic:math,Math,Topic,math,,,,'
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from graph.export.common import (
    EDGE_ATTRIBUTES,
    NODE_ATTRIBUTES,
    ExportView,
    edge_fields,
    flat,
    node_fields,
)

__all__ = [
    "EDGE_COLUMNS",
    "MEDIA_TYPE",
    "NODE_COLUMNS",
    "chunks",
    "edge_rows",
    "node_rows",
    "write_pair",
]

MEDIA_TYPE = "application/zip"

NODE_COLUMNS: tuple[str, ...] = ("Id", "Label", "Type", "Key", *(n for n, _ in NODE_ATTRIBUTES))
"""The header of ``nodes.csv``."""

EDGE_COLUMNS: tuple[str, ...] = (
    "Source",
    "Target",
    "Type",
    "Weight",
    "Id",
    "Label",
    "Relationship",
    *(n for n, _ in EDGE_ATTRIBUTES),
)
"""The header of ``edges.csv``."""


def _cell(value: Any) -> str:
    return "" if value is None else flat(value)


def node_rows(view: ExportView) -> Iterator[list[str]]:
    """The rows of ``nodes.csv``, header first.

    >>> from graph.export.common import ExportView, Snapshot
    >>> next(node_rows(ExportView(Snapshot([], []))))[:4]
    ['Id', 'Label', 'Type', 'Key']
    """
    yield list(NODE_COLUMNS)
    for node in view.nodes():
        fields = node_fields(node)
        yield [
            fields["id"],
            _cell(fields["label"]),
            fields["type"],
            fields["key"],
            *(_cell(node.props.get(name)) for name, _ in NODE_ATTRIBUTES),
        ]


def edge_rows(view: ExportView) -> Iterator[list[str]]:
    """The rows of ``edges.csv``, header first.

    >>> from graph.export.common import ExportView, Snapshot
    >>> next(edge_rows(ExportView(Snapshot([], []))))[:4]
    ['Source', 'Target', 'Type', 'Weight']
    """
    yield list(EDGE_COLUMNS)
    for rel in view.relationships():
        fields = edge_fields(rel)
        yield [
            fields["source"],
            fields["target"],
            "Directed",
            "1",
            fields["id"],
            fields["type"],
            fields["type"],
            *(_cell(rel.props.get(name)) for name, _ in EDGE_ATTRIBUTES),
        ]


def _text(rows: Iterable[Sequence[str]], batch: int = 1000) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


class _Sink:
    """A write-only stream whose bytes are taken away as they come (for zipfile)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def chunks(view: ExportView) -> Iterator[bytes]:
    """A zip with ``nodes.csv`` and ``edges.csv``, as chunks written while streaming.

    Parameters
    ----------
    view
        What to export (people who opted out and private properties already left out).

    Returns
    -------
    Iterator of bytes
        The zip archive (deflated; written without seeking, so it can go to a socket).

    Examples
    --------
    >>> import io, zipfile
    >>> from graph.export.common import ExportView, Snapshot
    >>> data = b"".join(chunks(ExportView(Snapshot([], []))))
    >>> zipfile.ZipFile(io.BytesIO(data)).read("edges.csv").decode().split(",")[:4]
    ['Source', 'Target', 'Type', 'Weight']
    """
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, rows in (("nodes.csv", node_rows(view)), ("edges.csv", edge_rows(view))):
            with archive.open(name, "w") as member:
                for text in _text(rows):
                    member.write(text.encode())
                    data = sink.take()
                    if data:
                        yield data
    yield sink.take()


def write_pair(view: ExportView, nodes_out: BinaryIO, edges_out: BinaryIO) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` to two streams instead of a zip.

    >>> import io
    >>> from graph.export.common import ExportView, Snapshot
    >>> nodes, edges = io.BytesIO(), io.BytesIO()
    >>> write_pair(ExportView(Snapshot([], [])), nodes, edges)
    >>> nodes.getvalue().startswith(b"Id,Label,Type,Key")
    True
    """
    for text in _text(node_rows(view)):
        nodes_out.write(text.encode())
    for text in _text(edge_rows(view)):
        edges_out.write(text.encode())
