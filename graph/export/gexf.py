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
    buffered,
    edge_id,
    end_ids,
    flat,
    xml_attributes,
    xml_safe,
)
from graph.model import Label, RelType, node_id

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


def _spells(begin: str | None, finish: str | None) -> str:
    if not begin and not finish:
        return ""
    parts = [f"start={_attr(begin)}" if begin else "", f"end={_attr(finish)}" if finish else ""]
    return f"<spells><spell {' '.join(p for p in parts if p)}/></spells>"


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
    node_ids: dict[str, int] = {}
    yield '<attributes class="node" mode="static">\n'
    for name, kind in xml_attributes(["type", "key"], NODE_ATTRIBUTES):
        node_ids[name] = len(node_ids)
        yield f'<attribute id="{node_ids[name]}" title="{name}" type="{kind}"/>\n'
    yield "</attributes>\n"
    edge_ids: dict[str, int] = {}
    yield '<attributes class="edge" mode="static">\n'
    for name, kind in xml_attributes(["type"], EDGE_ATTRIBUTES):
        edge_ids[name] = len(edge_ids)
        yield f'<attribute id="{edge_ids[name]}" title="{name}" type="{kind}"/>\n'
    yield "</attributes>\n<nodes>\n"
    for node in view.nodes():
        label = node.props.get("name", node.key)
        yield f"<node id={_attr(node_id(node.label, node.key))} label={_attr(label)}><attvalues>"
        yield f'<attvalue for="{node_ids["type"]}" value="{node.label.value}"/>'
        yield f'<attvalue for="{node_ids["key"]}" value={_attr(node.key)}/>'
        for name, value in sorted(node.props.items()):
            if value is not None:
                yield f'<attvalue for="{node_ids[name]}" value={_attr(value)}/>'
        yield "</attvalues>"
        dates = _NODE_DATES.get(node.label)
        if dates:
            yield _spells(*spell(node.props, *dates))
        yield "</node>\n"
    yield "</nodes>\n<edges>\n"
    for rel in view.relationships():
        source, target = end_ids(rel)
        yield (
            f"<edge id={_attr(edge_id(rel))} source={_attr(source)} "
            f'target={_attr(target)} label="{rel.type.value}"><attvalues>'
        )
        yield f'<attvalue for="{edge_ids["type"]}" value="{rel.type.value}"/>'
        for name, value in sorted(rel.props.items()):
            if value is not None:
                yield f'<attvalue for="{edge_ids[name]}" value={_attr(value)}/>'
        yield "</attvalues>"
        dates = _EDGE_DATES.get(rel.type)
        if dates:
            yield _spells(*spell(rel.props, *dates))
        yield "</edge>\n"
    yield "</edges>\n</graph>\n</gexf>\n"
