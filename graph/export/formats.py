"""The export entry point: one format enum, one function that streams any of them.

Examples
--------
>>> import io
>>> from graph.export.common import Snapshot
>>> from graph.model import Label, Node
>>> out = io.BytesIO()
>>> summary = write_export(Snapshot([Node(Label.TOPIC, "math", {"name": "Math"})], []),
...                        ExportFormat.NODE_LINK, out)
>>> summary.nodes, summary.relationships, out.getvalue()[:16]
(1, 0, b'{"directed":true')
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO

from graph.export import csv, cytoscape, gexf, graphml, jsonl, nodelink
from graph.export.common import ExportView, GraphSource
from graph.model import InvalidInput

__all__ = [
    "FORMATS",
    "ExportFormat",
    "ExportSummary",
    "FormatInfo",
    "iter_export",
    "parse_format",
    "write_export",
]


class ExportFormat(StrEnum):
    """The formats ``convene export`` and ``GET /export/{format}`` write."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    CYTOSCAPE = "cytoscape"
    NODE_LINK = "node-link"
    CSV = "csv"
    JSONL = "jsonl"


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """How a format is served and saved, and the function that writes it."""

    media_type: str
    suffix: str
    chunks: Callable[[ExportView], Iterator[bytes]]


FORMATS: Mapping[ExportFormat, FormatInfo] = {
    ExportFormat.GRAPHML: FormatInfo(graphml.MEDIA_TYPE, ".graphml", graphml.chunks),
    ExportFormat.GEXF: FormatInfo(gexf.MEDIA_TYPE, ".gexf", gexf.chunks),
    ExportFormat.CYTOSCAPE: FormatInfo(cytoscape.MEDIA_TYPE, ".cyjs", cytoscape.SHAPE.chunks),
    ExportFormat.NODE_LINK: FormatInfo(nodelink.MEDIA_TYPE, ".json", nodelink.SHAPE.chunks),
    ExportFormat.CSV: FormatInfo(csv.MEDIA_TYPE, ".zip", csv.chunks),
    ExportFormat.JSONL: FormatInfo(jsonl.MEDIA_TYPE, ".jsonl", jsonl.chunks),
}
"""Media type (for HTTP), file suffix and writer of each format."""


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote."""

    format: ExportFormat
    nodes: int
    relationships: int


def parse_format(text: str) -> ExportFormat:
    """The format named ``text``; :class:`InvalidInput` listing the formats otherwise.

    >>> parse_format("node-link")
    <ExportFormat.NODE_LINK: 'node-link'>
    >>> try:
    ...     parse_format("pdf")
    ... except InvalidInput as error:
    ...     print(error.message)
    unknown format 'pdf' (use graphml, gexf, cytoscape, node-link, csv, jsonl)
    """
    try:
        return ExportFormat(text)
    except ValueError:
        known = ", ".join(f.value for f in ExportFormat)
        raise InvalidInput("format", f"unknown format {text!r} (use {known})") from None


def _view(source: GraphSource, fmt: ExportFormat) -> ExportView:
    # JSON Lines is Convene's own record format, read back by imports: model names.
    return ExportView(source, renamed=fmt is not ExportFormat.JSONL)


def iter_export(source: GraphSource, fmt: ExportFormat) -> Iterator[bytes]:
    """Stream an export as byte chunks (for an HTTP response), written as the source is read.

    Parameters
    ----------
    source
        A store (or a :class:`graph.export.common.Snapshot`).
    fmt
        The format.

    Returns
    -------
    Iterator of bytes
        The same bytes :func:`write_export` writes.

    Examples
    --------
    >>> from graph.export.common import Snapshot
    >>> b"".join(iter_export(Snapshot([], []), ExportFormat.JSONL))
    b''
    """
    return FORMATS[fmt].chunks(_view(source, fmt))


def write_export(source: GraphSource, fmt: ExportFormat, out: BinaryIO) -> ExportSummary:
    """Write an export of ``source`` to the binary stream ``out``, as it is read.

    Memory stays flat however large the network: nodes and relationships are written as
    they stream from the source. Emails are never written; people who set
    ``exportable: false`` are left out with all their relationships.

    Parameters
    ----------
    source, fmt
        As for :func:`iter_export`.
    out
        Where to write (a file opened in binary mode, a socket, a buffer).

    Returns
    -------
    ExportSummary
        How many nodes and relationships were written.

    Examples
    --------
    >>> import io
    >>> from graph.export.common import Snapshot
    >>> write_export(Snapshot([], []), ExportFormat.GRAPHML, io.BytesIO()).nodes
    0
    """
    view = _view(source, fmt)
    for chunk in FORMATS[fmt].chunks(view):
        out.write(chunk)
    nodes, relationships = view.counts
    return ExportSummary(fmt, nodes, relationships)
