"""Every Cypher statement the Neo4j store runs, as constants.

Statements that depend on a label, a relationship type or a direction are generated
once, at import time, for every combination the model allows (``graph.model``'s
``NODE_SPECS`` and ``REL_SPECS``), and looked up by enum values: no label, type or
property name in a statement ever comes from user text. Values always travel as
``$parameters``. The only text assembled per call is a ``WHERE`` or ``ORDER BY``
compiled by :mod:`graph.neo4j.conditions`, which puts a property name into the text
only after finding it in the label's spec.

Examples
--------
>>> print(DELETE_NODES[Label.TOPIC])
UNWIND $keys AS k
MATCH (n:Topic {key: k})
DETACH DELETE n
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from graph.model import NODE_SPECS, REL_SPECS, Direction, Label, RelType
from graph.neo4j.fulltext import shadow_name
from graph.text import SEARCHABLE_PROPS

__all__ = [
    "AWAIT_INDEXES",
    "BUMP_VERSION",
    "CHANGE_LABEL",
    "COUNTS",
    "CREATE_NODES",
    "DELETE_NODES",
    "DELETE_RELATIONSHIPS",
    "DELETE_SOME_CHANGES",
    "DELETE_SOME_NODES",
    "DELETE_SOME_RELATIONSHIPS",
    "ENSURE_VERSION",
    "EXISTING_KEYS",
    "FORGET_CHANGES",
    "FULLTEXT_INDEX",
    "GET_NODES",
    "GET_RELATIONSHIPS",
    "INSERT_CHANGE",
    "ITER_NODES",
    "ITER_RELATIONSHIPS",
    "LIST_NODES",
    "META_LABEL",
    "MISSING_KEYS",
    "MISSING_RELATIONSHIPS",
    "NEIGHBOURS",
    "NEIGHBOUR_COUNTS",
    "PRUNE_CHANGES",
    "READ_CHANGES",
    "READ_VERSION",
    "RELATIONSHIPS_OF",
    "SCHEMA",
    "SEARCH",
    "SET_VERSION",
    "UPDATE_NODE",
    "UPSERT_NODES",
    "UPSERT_RELATIONSHIPS",
    "HopKey",
    "RelKey",
    "arrows",
    "far_label",
    "neighbours_query",
    "render",
]

META_LABEL = "ConveneMeta"
# Change log entries carry both labels: META_LABEL keeps them out of everything that
# reads the graph, CHANGE_LABEL gives them an index on the version.
CHANGE_LABEL = "ConveneChange"
FULLTEXT_INDEX = "convene_search"

# (relationship type, start label, end label): one variant of each relationship
# statement per pair of ends the model allows.
RelKey = tuple[RelType, Label, Label]
# (label stepped from, relationship type, direction, label stepped to).
HopKey = tuple[Label, RelType, Direction, Label]

_REL_KEYS: tuple[RelKey, ...] = tuple(
    (spec.type, start, end) for spec in REL_SPECS.values() for start, end in spec.ends
)
_HOP_KEYS: tuple[HopKey, ...] = tuple(
    hop
    for rel_type, start, end in _REL_KEYS
    for hop in ((start, rel_type, Direction.OUT, end), (end, rel_type, Direction.IN, start))
)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# ---------------------------------------------------------------------------- schema

_KEY_CONSTRAINT = "CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE"

_FULLTEXT = (
    "CREATE FULLTEXT INDEX {name} IF NOT EXISTS FOR (n:{labels}) ON EACH [{props}]\n"
    "OPTIONS {{indexConfig: {{`fulltext.analyzer`: 'whitespace', "
    "`fulltext.eventually_consistent`: false}}}}"
)

SCHEMA: tuple[str, ...] = (
    *(
        _KEY_CONSTRAINT.format(name=f"convene_{_snake(label.value)}_key", label=label.value)
        for label in Label
    ),
    f"CREATE CONSTRAINT convene_meta_id IF NOT EXISTS FOR (m:{META_LABEL}) REQUIRE m.id IS UNIQUE",
    f"CREATE CONSTRAINT convene_change_version IF NOT EXISTS FOR (c:{CHANGE_LABEL}) "
    "REQUIRE c.version IS UNIQUE",
    _FULLTEXT.format(
        name=FULLTEXT_INDEX,
        labels="|".join(label.value for label in Label),
        props=", ".join(f"n.{shadow_name(prop)}" for prop in SEARCHABLE_PROPS),
    ),
)

AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

# ------------------------------------------------------------------------ the version

ENSURE_VERSION = f"MERGE (m:{META_LABEL} {{id: 'version'}}) ON CREATE SET m.value = 0"

READ_VERSION = f"MATCH (m:{META_LABEL} {{id: 'version'}}) RETURN m.value AS version"

# Run first in every writing transaction: the lock on the version node orders the
# writers, so concurrent batches never deadlock each other half-way through.
BUMP_VERSION = (
    f"MERGE (m:{META_LABEL} {{id: 'version'}}) ON CREATE SET m.value = 0\n"
    "SET m.value = m.value + 1\n"
    "RETURN m.value AS version"
)

# After the database was replaced wholesale (a bulk import), the version moves on past
# every version readers may have seen.
SET_VERSION = (
    f"MERGE (m:{META_LABEL} {{id: 'version'}})\nSET m.value = $version\nRETURN m.value AS version"
)

# --------------------------------------------------------------------- the change log

# $nodes and $relationships are JSON text (see graph.changelog); null for both marks a
# batch too large to list.
INSERT_CHANGE = (
    f"CREATE (:{META_LABEL}:{CHANGE_LABEL} "
    "{version: $version, nodes: $nodes, relationships: $relationships})"
)

# A range seek on the version index; usually deletes the one oldest entry.
PRUNE_CHANGES = f"MATCH (c:{CHANGE_LABEL}) WHERE c.version <= $oldest DELETE c"

READ_CHANGES = (
    f"MATCH (c:{CHANGE_LABEL}) WHERE c.version > $after AND c.version <= $current\n"
    "WITH c ORDER BY c.version\n"
    "RETURN collect([c.version, c.nodes, c.relationships]) AS page"
)

# $mention is a ref's text in the log (graph.changelog.mention_of); a blanked entry
# (both properties removed) reads as a batch too large to list.
FORGET_CHANGES = (
    f"MATCH (c:{CHANGE_LABEL})\n"
    "WHERE c.nodes CONTAINS $mention OR c.relationships CONTAINS $mention\n"
    "SET c.nodes = null, c.relationships = null\n"
    "RETURN count(c) AS blanked"
)

DELETE_SOME_CHANGES = (
    f"MATCH (c:{CHANGE_LABEL})\nWITH c LIMIT $batch\nDELETE c\nRETURN count(*) AS deleted"
)

# ----------------------------------------------------------------------------- nodes


# The properties a statement may write, each spelled out: ``SET n += $map`` would make
# the planner fear a write to ``key`` and materialize every row first (an Eager).
def _node_props(label: Label) -> tuple[str, ...]:
    names = [spec.name for spec in NODE_SPECS[label].props]
    shadows = [shadow_name(spec.name) for spec in NODE_SPECS[label].props if spec.searchable]
    return (*names, *shadows)


def _rel_props(rel_type: RelType) -> tuple[str, ...]:
    return tuple(spec.name for spec in REL_SPECS[rel_type].props)


def _set_given(var: str, props: Sequence[str]) -> str:
    return ", ".join(f"{var}.{name} = row.props.{name}" for name in props)


def _set_merged(var: str, props: Sequence[str]) -> str:
    return ", ".join(f"{var}.{name} = coalesce(row.props.{name}, {var}.{name})" for name in props)


GET_NODES: Mapping[Label, str] = {
    label: (
        "UNWIND $keys AS k\n"
        f"MATCH (n:{label.value} {{key: k}})\n"
        "RETURN collect(properties(n)) AS nodes"
    )
    for label in Label
}

EXISTING_KEYS: Mapping[Label, str] = {
    label: (f"UNWIND $keys AS k\nMATCH (n:{label.value} {{key: k}})\nRETURN collect(k) AS existing")
    for label in Label
}

MISSING_KEYS: Mapping[Label, str] = {
    label: (
        "UNWIND $keys AS k\n"
        f"WITH k WHERE NOT EXISTS {{ MATCH (:{label.value} {{key: k}}) }}\n"
        "RETURN collect(k) AS missing"
    )
    for label in Label
}

# A null value in row.props leaves the property unset.
CREATE_NODES: Mapping[Label, str] = {
    label: (
        "UNWIND $rows AS row\n"
        f"CREATE (n:{label.value} {{key: row.key}})\n"
        f"SET {_set_given('n', _node_props(label))}"
    )
    for label in Label
}

# Properties missing from row.props keep their value.
UPSERT_NODES: Mapping[Label, str] = {
    label: (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{label.value} {{key: row.key}})\n"
        f"ON CREATE SET {_set_given('n', _node_props(label))}\n"
        f"ON MATCH SET {_set_merged('n', _node_props(label))}"
    )
    for label in Label
}

# A null in $props removes that property.
UPDATE_NODE: Mapping[Label, str] = {
    label: (f"MATCH (n:{label.value} {{key: $key}})\nSET n += $props\nRETURN count(n) AS matched")
    for label in Label
}

# Every relationship at the nodes, from either end (one between two of them comes
# twice), as [type, start label, start key, end label, end key].
RELATIONSHIPS_OF: Mapping[Label, str] = {
    label: (
        "UNWIND $keys AS k\n"
        f"MATCH (:{label.value} {{key: k}})-[r]-()\n"
        "WITH r, startNode(r) AS a, endNode(r) AS b\n"
        "RETURN collect([type(r), labels(a)[0], a.key, labels(b)[0], b.key]) AS rels"
    )
    for label in Label
}

DELETE_NODES: Mapping[Label, str] = {
    label: f"UNWIND $keys AS k\nMATCH (n:{label.value} {{key: k}})\nDETACH DELETE n"
    for label in Label
}

# --------------------------------------------------------------------- relationships


def _row_ends(start: Label, end: Label, *, optional: bool = False) -> str:
    # Each row of $rows names a relationship by its ends' keys: bind them to a and b.
    match = "OPTIONAL MATCH" if optional else "MATCH"
    return (
        "UNWIND $rows AS row\n"
        f"{match} (a:{start.value} {{key: row.start}})\n"
        f"{match} (b:{end.value} {{key: row.end}})\n"
    )


# Properties missing from row.props keep their value; the count of rows that found
# both ends tells whether any end is missing.
UPSERT_RELATIONSHIPS: Mapping[RelKey, str] = {
    (rel_type, start, end): (
        f"{_row_ends(start, end)}"
        f"MERGE (a)-[r:{rel_type.value}]->(b)\n"
        f"ON CREATE SET {_set_given('r', _rel_props(rel_type))}\n"
        f"ON MATCH SET {_set_merged('r', _rel_props(rel_type))}\n"
        "RETURN count(*) AS matched"
    )
    for rel_type, start, end in _REL_KEYS
}

# Both ends are found through the key index first, so that a well-connected end is
# never scanned: the relationship test then looks between two known nodes. Found
# with OPTIONAL MATCH, each end is an index seek per row even in a plan made while the
# database was empty (plans are cached): plain MATCHes were then planned as a scan of
# every node of the label per row.
GET_RELATIONSHIPS: Mapping[RelKey, str] = {
    (rel_type, start, end): (
        f"{_row_ends(start, end, optional=True)}"
        "WITH row, a, b WHERE a IS NOT NULL AND b IS NOT NULL\n"
        f"MATCH (a)-[r:{rel_type.value}]->(b)\n"
        "RETURN collect([row.start, row.end, properties(r)]) AS found"
    )
    for rel_type, start, end in _REL_KEYS
}

MISSING_RELATIONSHIPS: Mapping[RelKey, str] = {
    (rel_type, start, end): (
        f"{_row_ends(start, end, optional=True)}"
        "WITH row, a, b\n"
        f"WHERE a IS NULL OR b IS NULL OR NOT EXISTS {{ (a)-[:{rel_type.value}]->(b) }}\n"
        "RETURN collect([row.start, row.end]) AS missing"
    )
    for rel_type, start, end in _REL_KEYS
}

DELETE_RELATIONSHIPS: Mapping[RelKey, str] = {
    (rel_type, start, end): (
        f"{_row_ends(start, end)}CALL (a, b) {{ MATCH (a)-[r:{rel_type.value}]->(b) DELETE r }}"
    )
    for rel_type, start, end in _REL_KEYS
}

# --------------------------------------------------------------------------- clearing

DELETE_SOME_RELATIONSHIPS = (
    "MATCH ()-[r]->()\nWITH r LIMIT $batch\nDELETE r\nRETURN count(*) AS deleted"
)

DELETE_SOME_NODES = (
    f"MATCH (n)\nWHERE NOT n:{META_LABEL}\nWITH n LIMIT $batch\n"
    "DETACH DELETE n\nRETURN count(*) AS deleted"
)

# ---------------------------------------------------------------------------- reading

# Counted apart from the labels they report, so each count comes from the count store.
COUNTS = "\nUNION ALL\n".join(
    [
        f"MATCH (n:{label.value}) WITH count(n) AS n "
        f"RETURN 'node' AS kind, '{label.value}' AS name, n"
        for label in Label
    ]
    + [
        f"MATCH ()-[r:{rel_type.value}]->() WITH count(r) AS n "
        f"RETURN 'relationship' AS kind, '{rel_type.value}' AS name, n"
        for rel_type in RelType
    ]
)

# Streaming reads a page at a time, after the last key seen (keyset paging, so every
# page is an index range seek), and each page comes back as one record: a list per
# record costs the driver far less than a record per row.
ITER_NODES: Mapping[Label, str] = {
    label: (
        f"MATCH (n:{label.value}) WHERE n.key > $after\n"
        "WITH n ORDER BY n.key LIMIT $page\n"
        "RETURN collect(properties(n)) AS page"
    )
    for label in Label
}

# Every relationship of one type leaving nodes of one label, ordered as RelRefs sort:
# by start key, then end label, then end key; paged after the last (start, end label,
# end) seen.
ITER_RELATIONSHIPS: Mapping[tuple[RelType, Label], str] = {
    (rel_type, start): (
        f"MATCH (a:{start.value}) WHERE a.key >= $start\n"
        f"MATCH (a)-[r:{rel_type.value}]->(b)\n"
        "WITH a.key AS start, labels(b)[0] AS end_label, b.key AS end, r\n"
        "WHERE start > $start OR end_label > $end_label "
        "OR (end_label = $end_label AND end > $end)\n"
        "WITH start, end_label, end, r ORDER BY start, end_label, end LIMIT $page\n"
        "RETURN collect([start, end_label, end, properties(r)]) AS page"
    )
    for rel_type, start in dict.fromkeys((rel_type, start) for rel_type, start, _ in _REL_KEYS)
}

# Placeholders below are filled by render() with compiled conditions and orderings.
_WHERE = "__WHERE__"
_ORDER = "__ORDER__"
_LIMIT = "__LIMIT__"

LIST_NODES: Mapping[Label, str] = {
    label: (
        "CALL () {\n"
        f"  MATCH (n:{label.value}) WHERE {_WHERE}\n"
        "  RETURN count(n) AS total\n"
        "}\n"
        "CALL () {\n"
        f"  MATCH (n:{label.value}) WHERE {_WHERE}\n"
        f"  WITH n ORDER BY {_ORDER} SKIP $offset LIMIT $limit\n"
        "  RETURN collect(properties(n)) AS items\n"
        "}\n"
        "RETURN total, items"
    )
    for label in Label
}


def arrows(rel_type: RelType, direction: Direction) -> tuple[str, str]:
    """The pattern of a relationship of ``rel_type`` in ``direction``: bound to ``r``, and not.

    Parameters
    ----------
    rel_type
        The relationship type.
    direction
        Which way it points, from the node written before it.

    Returns
    -------
    tuple of str
        The arrow that binds the relationship to ``r``, and the one that does not.

    Examples
    --------
    >>> arrows(RelType.LEADS, Direction.IN)
    ('<-[r:LEADS]-', '<-[:LEADS]-')
    """
    if direction is Direction.OUT:
        return f"-[r:{rel_type.value}]->", f"-[:{rel_type.value}]->"
    return f"<-[r:{rel_type.value}]-", f"<-[:{rel_type.value}]-"


def far_label(hop: HopKey) -> str:
    """The far node's label test of a hop's pattern: none when the model lets this
    relationship type lead only to that label from here (the test would then read
    every neighbour's labels for nothing).

    >>> far_label((Label.PERSON, RelType.SKILLED_IN, Direction.OUT, Label.TOPIC))
    ''
    >>> far_label((Label.PERSON, RelType.MEMBER_OF, Direction.OUT, Label.PROJECT))
    ':Project'
    """
    label, rel_type, direction, other = hop
    ends = REL_SPECS[rel_type].ends
    if direction is Direction.OUT:
        reachable = {end for start, end in ends if start is label}
    else:
        reachable = {start for start, end in ends if end is label}
    return "" if reachable == {other} else f":{other.value}"


_TOTAL = "__TOTAL__"

NEIGHBOURS: Mapping[HopKey, str] = {
    hop: (
        "UNWIND $keys AS k\n"
        f"MATCH (a:{hop[0].value} {{key: k}})\n"
        "CALL (a) {\n"
        f"  MATCH (a){arrows(hop[1], hop[2])[0]}(b{far_label(hop)})\n"
        f"  WHERE {_WHERE}\n"
        f"  WITH b, r ORDER BY b.key SKIP $offset {_LIMIT}\n"
        "  RETURN collect({props: properties(b), rel: properties(r)}) AS items\n"
        "}\n"
        f"WITH k, items, {_TOTAL} AS total\n"
        "RETURN collect({key: k, items: items, total: total}) AS page"
    )
    for hop in _HOP_KEYS
}

# How many neighbours match: counted one by one when conditions apply, read from the
# node's degree when every relationship of the hop counts.
NEIGHBOUR_COUNTS: Mapping[HopKey, tuple[str, str | None]] = {
    hop: (
        f"COUNT {{ MATCH (a){arrows(hop[1], hop[2])[1]}(b{far_label(hop)}) WHERE {_WHERE} }}",
        f"COUNT {{ MATCH (a){arrows(hop[1], hop[2])[1]}() }}" if not far_label(hop) else None,
    )
    for hop in _HOP_KEYS
}

SEARCH = (
    f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $query) YIELD node, score\n"
    "WITH node, score, labels(node)[0] AS label\n"
    f"WHERE label IN $labels AND {_WHERE}\n"
    "RETURN label, properties(node) AS props, score\n"
    "ORDER BY score DESC, node.key, label\n"
    "LIMIT $limit"
)


def render(template: str, *, where: str = "true", order: str = "", limit: str = "") -> str:
    """Fill a statement's placeholders with compiled parts.

    Parameters
    ----------
    template
        One of the statements above that has placeholders.
    where
        A condition from :func:`graph.neo4j.conditions.compile_where` (default: always true).
    order
        An ordering from :func:`graph.neo4j.conditions.compile_order`.
    limit
        ``LIMIT $limit`` or nothing.

    Returns
    -------
    str
        The statement to run.

    Examples
    --------
    >>> print(render(LIST_NODES[Label.TOPIC], order="n.key").splitlines()[6])
      WITH n ORDER BY n.key SKIP $offset LIMIT $limit
    """
    return template.replace(_WHERE, where).replace(_ORDER, order).replace(_LIMIT, limit)


def neighbours_query(
    label: Label, rel_type: RelType, direction: Direction, other: Label, where: str, limit: bool
) -> str | None:
    """The statement that pages neighbours over one hop, or None if the model has no such hop.

    Parameters
    ----------
    label
        The label of the nodes stepped from.
    rel_type, direction, other
        The hop: relationship type, direction and the label stepped to.
    where
        A condition on the neighbour ``b`` from
        :func:`graph.neo4j.conditions.compile_where`.
    limit
        Whether the statement takes a ``$limit``.

    Returns
    -------
    str or None
        The statement to run.

    Examples
    --------
    >>> query = neighbours_query(
    ...     Label.PERSON, RelType.MEMBER_OF, Direction.OUT, Label.PROJECT, "true", True
    ... )
    >>> print(query.splitlines()[3])
      MATCH (a)-[r:MEMBER_OF]->(b:Project)
    >>> neighbours_query(Label.TOPIC, RelType.LEADS, Direction.OUT, Label.PERSON, "true", True)
    """
    hop = (label, rel_type, direction, other)
    template = NEIGHBOURS.get(hop)
    if template is None:
        return None
    counted, degree = NEIGHBOUR_COUNTS[hop]
    total = degree if degree is not None and where == "true" else counted
    return render(
        template.replace(_TOTAL, total), where=where, limit="LIMIT $limit" if limit else ""
    )
