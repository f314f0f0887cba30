"""GEXF 1.3 with dates as spells, streamed, so that Gephi can play the network over time.

The graph is ``mode="dynamic"`` with ``timeformat="date"``. A node or edge with dates
gets a spell (``<spells><spell start=... end=.../></spells>``); one without is present
all the time:

=================  ====================================
gathering, cohort  ``starts`` to ``ends``
project            from ``started`` on
MEMBER_OF,         from ``since`` (to ``until`` for an
ENROLLED_IN,       affiliation)
IN_CLUSTER,
AFFILIATED_WITH
=================  ====================================

An attendance has no dates of its own: Gephi shows it while its gathering exists.
Attributes are declared up front from the model (``long``, ``boolean`` or ``string``;
lists joined by ``;``).

Examples
--------
>>> import io, networkx as nx
>>> from graph.export.common import ExportView, Snapshot
>>> from graph.model import Label, Node
>>> g = Node(Label.GATHERING, "g", {"name": "G", "starts": "2019-05-01", "ends": "2019-05-04"})
>>> read = nx.read_gexf(io.BytesIO(b"".join(chunks(ExportView(Snapshot([g], []))))))
>>> read.nodes["Gathering:g"]["spells"]
[('2019-05-01', '2019-05-04')]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from xml.sax.saxutils import quoteattr

from graph.export.common import (
    EDGE_ATTRIBUTES,
    NODE_ATTRIBUTES,
    ExportView,
    XmlKeys,
    buffered,
    edge_fields,
    flat,
    node_fields,
    xml_safe,
)
from graph.model import Label, RelType

__all__ = ["MEDIA_TYPE", "chunks", "spell"]

MEDIA_TYPE = "application/gexf+xml"

_ENTITIES = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
_NODE_DATES: Mapping[Label, tuple[str, str | None]] = {
    Label.GATHERING: ("starts", "ends"),
    Label.COHORT: ("starts", "ends"),
    Label.PROJECT: ("started", None),
}
_EDGE_DATES: Mapping[RelType, tuple[str, str | None]] = {
    RelType.MEMBER_OF: ("since", None),
    RelType.ENROLLED_IN: ("since", None),
    RelType.IN_CLUSTER: ("since", None),
    RelType.AFFILIATED_WITH: ("since", "until"),
}
_NODE_KEYS = XmlKeys.declare(["type", "key"], NODE_ATTRIBUTES)
_EDGE_KEYS = XmlKeys.declare(["type"], EDGE_ATTRIBUTES)


def _attr(value: Any) -> str:
    return quoteattr(xml_safe(flat(value)), _ENTITIES)


def spell(props: Mapping[str, Any], start: str, end: str | None) -> tuple[str | None, str | None]:
    """The ``(start, end)`` of a spell from two date properties (``None`` = open).

    An end before the start is dropped rather than written as an empty spell.

    >>> spell({"starts": "2019-05-01", "ends": "2019-05-04"}, "starts", "ends")
    ('2019-05-01', '2019-05-04')
    >>> spell({"since": "2020-01-01", "until": "2019-01-01"}, "since", "until")
    ('2020-01-01', None)
    """
    begin = props.get(start)
    finish = props.get(end) if end else None
    if begin and finish and finish < begin:
        finish = None
    return begin, finish


def _spells(props: Mapping[str, Any], dates: tuple[str, str | None] | None) -> str:
    begin, finish = spell(props, *dates) if dates else (None, None)
    if not begin and not finish:
        return ""
    parts = [f"start={_attr(begin)}" if begin else "", f"end={_attr(finish)}" if finish else ""]
    return f"<spells><spell {' '.join(p for p in parts if p)}/></spells>"


def _attvalues(keys: XmlKeys, fields: Mapping[str, str], props: Mapping[str, Any]) -> str:
    values = "".join(
        f'<attvalue for="{key}" value={_attr(value)}/>' for key, value in keys.values(fields, props)
    )
    return f"<attvalues>{values}</attvalues>"


def chunks(view: ExportView) -> Iterator[bytes]:
    """The GEXF 1.3 document of ``view``, as UTF-8 chunks written while streaming.

    Parameters
    ----------
    view
        What to export (people who opted out and private properties already left out).

    Returns
    -------
    Iterator of bytes
        The document, in chunks of about 64 KiB.

    Examples
    --------
    >>> from graph.export.common import ExportView, Snapshot
    >>> b"".join(chunks(ExportView(Snapshot([], [])))).count(b'timeformat="date"')
    1
    """
    return buffered(_pieces(view))


def _pieces(view: ExportView) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<gexf xmlns="http://gexf.net/1.3" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
        "<meta><creator>Convene</creator>"
        "<description>The Convene network: people, organizations, projects, gatherings"
        "</description></meta>\n"
        '<graph defaultedgetype="directed" mode="dynamic" timeformat="date">\n'
    )
    for owner, keys in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS)):
        yield f'<attributes class="{owner}" mode="static">\n'
        for key, name, kind in keys.declared:
            yield f'<attribute id="{key}" title="{name}" type="{kind}"/>\n'
        yield "</attributes>\n"
    yield "<nodes>\n"
    for node in view.nodes():
        fields = node_fields(node)
        yield (
            f"<node id={_attr(fields['id'])} label={_attr(fields['label'])}>"
            f"{_attvalues(_NODE_KEYS, fields, node.props)}"
            f"{_spells(node.props, _NODE_DATES.get(node.label))}</node>\n"
        )
    yield "</nodes>\n<edges>\n"
    for rel in view.relationships():
        fields = edge_fields(rel)
        yield (
            f"<edge id={_attr(fields['id'])} source={_attr(fields['source'])} "
            f"target={_attr(fields['target'])} label={_attr(fields['type'])}>"
            f"{_attvalues(_EDGE_KEYS, fields, rel.props)}"
            f"{_spells(rel.props, _EDGE_DATES.get(rel.type))}</edge>\n"
        )
    yield "</edges>\n</graph>\n</gexf>\n"
