"""JSON Lines in Convene's own record format (what ``convene seed`` and imports read).

One node per line (``{"label","key","props"}``), then one relationship per line
(``{"rel","start","end","props"}``, ends as ``Label:key``); see :mod:`graph.records`.
Properties keep their model names. Loading the file into an empty store gives back the
network, minus emails and the people who opted out of exports.

Examples
--------
>>> from graph.export.common import ExportView, Snapshot
>>> from graph.model import Label, Node
>>> ada = Node(Label.PERSON, "ada", {"name": "Ada", "email": "ada@example.org"})
>>> print(b"".join(chunks(ExportView(Snapshot([ada], []), renamed=False))).decode(), end="")
{"label":"Person","key":"ada","props":{"name":"Ada","roles":[],"discoverable":true,"exportable":true,"synthetic":false}}
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.export.common import ExportView, buffered
from graph.records import format_record

__all__ = ["MEDIA_TYPE", "chunks"]

MEDIA_TYPE = "application/x-ndjson"


def chunks(view: ExportView) -> Iterator[bytes]:
    """The records of ``view``, nodes first, as UTF-8 chunks written while streaming.

    Parameters
    ----------
    view
        What to export; build it with ``renamed=False`` to keep the model's names.

    Returns
    -------
    Iterator of bytes
        One record per line.

    Examples
    --------
    >>> from graph.export.common import ExportView, Snapshot
    >>> list(chunks(ExportView(Snapshot([], []), renamed=False)))
    []
    """
    return buffered(_pieces(view))


def _pieces(view: ExportView) -> Iterator[str]:
    for node in view.nodes():
        yield format_record(node) + "\n"
    for rel in view.relationships():
        yield format_record(rel) + "\n"
