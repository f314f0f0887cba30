"""Apply write operations inside the embedded store's open write transaction.

Node and relationship properties are merged in Python (the rows are read once per
operation anyway, to check existence), so a record whose properties do not change is
not rewritten, the full-text rows change only when a searchable property does, and the
change log (a :class:`~graph.changelog.ChangeRecorder`) hears only of real changes.
Bulk work goes through ``executemany`` with rows sorted by key, which keeps the
B-trees' pages hot.

Examples
--------
>>> from graph.embedded.schema import ensure_schema
>>> from graph.model import Label
>>> from graph.store import WriteBatch
>>> conn = sqlite3.connect(":memory:", isolation_level=None)
>>> ensure_schema(conn)
>>> batch = WriteBatch()
>>> batch.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
>>> apply_ops(conn, batch.ops).encoded()
('[["Topic","math"]]', '[]')
>>> conn.execute("SELECT key, props FROM nodes").fetchall()
[('math', '{"name":"Math"}')]
>>> apply_ops(conn, batch.ops).changed
False
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import islice
from operator import itemgetter
from typing import Any

import orjson

from graph.changelog import ChangeRecorder
from graph.embedded import queries
from graph.embedded.schema import (
    CLEAR_NODE_TEXT,
    DROP_SECONDARY_INDEXES,
    FILL_NODE_TEXT,
    SECONDARY_INDEXES,
)
from graph.model import InvalidInput, Label, Node, NodeRef, Relationship, RelRef, RelType
from graph.store import (
    AlreadyExists,
    CreateNodes,
    DeleteNodes,
    DeleteRelationships,
    NotFound,
    UpdateNode,
    UpsertNodes,
    UpsertRelationships,
    WriteOp,
)
from graph.text import SEARCHABLE_PROPS

__all__ = ["apply_ops", "dumps_props", "load_empty", "refs_json", "rel_refs_json"]

_Rows = list[tuple[Any, ...]]
_RELATIONSHIP_KEY = itemgetter(0, 1, 2, 3, 4)
_LABELS = {label.value: label for label in Label}
_TYPES = {rel_type.value: rel_type for rel_type in RelType}


def dumps_props(props: Mapping[str, Any]) -> str:
    """Properties as compact JSON text, the form the tables keep.

    Parameters
    ----------
    props
        Property names and values (text, numbers, booleans, lists of text).

    Returns
    -------
    str
        JSON text.

    Raises
    ------
    InvalidInput
        For a value JSON cannot hold (a lone surrogate, an integer beyond 64 bits).

    Examples
    --------
    >>> dumps_props({"name": "Zoë \\"Z\\"", "level": 3})
    '{"name":"Zoë \\\\"Z\\\\"","level":3}'
    >>> dumps_props({"n": 2**70})
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: props: cannot be stored: Integer exceeds 64-bit range
    """
    if not props:
        return "{}"
    try:
        return orjson.dumps(props if isinstance(props, dict) else dict(props)).decode()
    except orjson.JSONEncodeError as error:
        raise InvalidInput("props", f"cannot be stored: {error}") from error


def refs_json(refs: Sequence[NodeRef]) -> str:
    """Node references as a JSON array of ``[label, key]`` pairs, for ``json_each``.

    Parameters
    ----------
    refs
        The references, in the order the query reports positions.

    Returns
    -------
    str
        JSON text.

    Examples
    --------
    >>> from graph.model import Label
    >>> refs_json([NodeRef(Label.TOPIC, "math")])
    '[["Topic","math"]]'
    """
    return orjson.dumps([[ref.label.value, ref.key] for ref in refs]).decode()


def rel_refs_json(refs: Sequence[RelRef]) -> str:
    """Relationship references as a JSON array of ``[type, start label, start key, end
    label, end key]`` items, for ``json_each``.

    Parameters
    ----------
    refs
        The references, in the order the query reports positions.

    Returns
    -------
    str
        JSON text.

    Examples
    --------
    >>> from graph.model import Label, RelType
    >>> rel_refs_json([RelRef(RelType.INTERESTED_IN, NodeRef(Label.PERSON, "ada"),
    ...                       NodeRef(Label.TOPIC, "math"))])
    '[["INTERESTED_IN","Person","ada","Topic","math"]]'
    """
    return orjson.dumps(
        [
            [ref.type.value, ref.start.label.value, ref.start.key, ref.end.label.value, ref.end.key]
            for ref in refs
        ]
    ).decode()


def _find(conn: sqlite3.Connection, refs: Sequence[NodeRef]) -> dict[int, tuple[int, str]]:
    """Position in ``refs`` -> (id, props text) of the nodes that exist."""
    if not refs:
        return {}
    rows = conn.execute(queries.FIND_NODES, (refs_json(refs),))
    return {int(position): (int(node_id), str(text)) for position, node_id, text in rows}


def _text_row(node_id: int, props: Mapping[str, Any]) -> tuple[Any, ...]:
    values = (props.get(name) for name in SEARCHABLE_PROPS)
    return (node_id, *(value if isinstance(value, str) else None for value in values))


class _NodeWrites:
    """Rows for one operation's node and full-text statements, run in a safe order."""

    def __init__(self) -> None:
        self.inserts: _Rows = []
        self.updates: _Rows = []
        self.text_deletes: _Rows = []
        self.text_inserts: _Rows = []

    def insert(self, node_id: int, ref: NodeRef, props: Mapping[str, Any]) -> None:
        self.inserts.append((node_id, ref.label.value, ref.key, dumps_props(props)))
        self.text_inserts.append(_text_row(node_id, props))

    def update(self, node_id: int, old_text: str, new: Mapping[str, Any]) -> bool:
        """Queue the rewrite of a node whose properties become ``new``; whether they
        differ from ``old_text``."""
        new_text = dumps_props(new)
        if new_text == old_text:
            return False
        self.updates.append((new_text, node_id))
        old_row = _text_row(node_id, orjson.loads(old_text))
        new_row = _text_row(node_id, new)
        if old_row != new_row:
            self.text_deletes.append((node_id,))
            self.text_inserts.append(new_row)
        return True

    def run(self, conn: sqlite3.Connection) -> None:
        conn.executemany(queries.DELETE_NODE_TEXT, self.text_deletes)
        conn.executemany(queries.INSERT_NODE, self.inserts)
        conn.executemany(queries.SET_NODE_PROPS, self.updates)
        conn.executemany(queries.INSERT_NODE_TEXT, self.text_inserts)


def _put_nodes(
    conn: sqlite3.Connection, nodes: Sequence[Node], log: ChangeRecorder, *, create: bool
) -> None:
    merged: dict[NodeRef, dict[str, Any]] = {}
    for node in nodes:
        ref = node.ref
        if ref in merged:
            if create:
                raise AlreadyExists(ref)
            merged[ref].update(node.props)
        else:
            merged[ref] = dict(node.props)
    refs = sorted(merged)
    found = _find(conn, refs)
    if create and found:
        taken = {refs[position] for position in found}
        raise AlreadyExists(next(node.ref for node in nodes if node.ref in taken))
    next_id = int(conn.execute(queries.MAX_NODE_ID).fetchone()[0]) + 1
    writes = _NodeWrites()
    for position, ref in enumerate(refs):
        props = merged[ref]
        hit = found.get(position)
        if hit is None:
            writes.insert(next_id, ref, props)
            next_id += 1
            log.node(ref)
        else:
            node_id, old_text = hit
            if writes.update(node_id, old_text, {**orjson.loads(old_text), **props}):
                log.node(ref)
    writes.run(conn)


def _update_node(
    conn: sqlite3.Connection, ref: NodeRef, props: Mapping[str, Any], log: ChangeRecorder
) -> None:
    found = _find(conn, [ref])
    if not found:
        raise NotFound(ref)
    node_id, old_text = found[0]
    merged = {**orjson.loads(old_text), **props}
    writes = _NodeWrites()
    if writes.update(node_id, old_text, {k: v for k, v in merged.items() if v is not None}):
        log.node(ref)
    writes.run(conn)


def _rel_ref(row: Sequence[str]) -> RelRef:
    rel_type, start_label, start_key, end_label, end_key = row
    return RelRef(
        _TYPES[rel_type],
        NodeRef(_LABELS[start_label], start_key),
        NodeRef(_LABELS[end_label], end_key),
    )


def _delete_nodes(conn: sqlite3.Connection, refs: Sequence[NodeRef], log: ChangeRecorder) -> None:
    unique = list(dict.fromkeys(refs))
    found = _find(conn, unique)
    for position, ref in enumerate(unique):
        if position not in found:
            raise NotFound(ref)
    ends = [(ref.label.value, ref.key) for ref in unique]
    ids = [(found[position][0],) for position in range(len(unique))]
    log.nodes(unique)
    attached = conn.execute(queries.RELATIONSHIPS_OF_NODES, (refs_json(unique),))
    log.relationships(_rel_ref(row) for row in attached)
    conn.executemany(queries.DELETE_RELATIONSHIPS_FROM, ends)
    conn.executemany(queries.DELETE_RELATIONSHIPS_TO, ends)
    conn.executemany(queries.DELETE_NODE_TEXT, ids)
    conn.executemany(queries.DELETE_NODE, ids)


def _merge_props(old: dict[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """``old`` patched with ``new`` as ``json_patch`` would: a null removes a property."""
    for name, value in new.items():
        if value is None:
            old.pop(name, None)
        else:
            old[name] = value
    return old


def _upsert_relationships(
    conn: sqlite3.Connection, rels: Sequence[Relationship], log: ChangeRecorder
) -> None:
    if not rels:
        return
    # Enum members bind as their text; plain strings keep hashing cheap here.
    ends = list(
        dict.fromkeys((str(end.label), end.key) for rel in rels for end in (rel.start, rel.end))
    )
    missing_rows = conn.execute(queries.MISSING_NODES, (orjson.dumps(ends).decode(),))
    missing = {ends[int(position)] for (position,) in missing_rows}
    if missing:
        for rel in rels:
            for end in (rel.start, rel.end):
                if (str(end.label), end.key) in missing:
                    raise NotFound(end)
    # One patch per relationship, repeats merged in the given order.
    merged: dict[tuple[str, str, str, str, str], dict[str, Any]] = {}
    for rel in rels:
        start, end = rel.start, rel.end
        key = (str(rel.type), str(start.label), start.key, str(end.label), end.key)
        if key in merged:
            _merge_props(merged[key], rel.props)
        else:
            merged[key] = dict(rel.props)
    keys = list(merged)
    existing = {
        int(position): str(text)
        for position, text in conn.execute(
            queries.FIND_RELATIONSHIPS, (orjson.dumps(keys).decode(),)
        )
    }
    inserts: _Rows = []
    updates: _Rows = []
    for position, key in enumerate(keys):
        patch = merged[key]
        old_text = existing.get(position)
        if old_text is None:
            if None in patch.values():
                patch = {name: value for name, value in patch.items() if value is not None}
            inserts.append((*key, dumps_props(patch)))
        else:
            old = orjson.loads(old_text)
            new = _merge_props(dict(old), patch)
            if new == old:
                continue
            updates.append((dumps_props(new), *key))
        log.relationship_row(key)
    # Sorted by key, the B-tree's pages stay hot.
    inserts.sort(key=_RELATIONSHIP_KEY)
    updates.sort(key=itemgetter(1, 2, 3, 4, 5))
    conn.executemany(queries.INSERT_RELATIONSHIP, inserts)
    conn.executemany(queries.SET_RELATIONSHIP_PROPS, updates)


def _delete_relationships(
    conn: sqlite3.Connection, refs: Sequence[RelRef], log: ChangeRecorder
) -> None:
    unique = list(dict.fromkeys(refs))
    if not unique:
        return
    rows = [
        (ref.type.value, ref.start.label.value, ref.start.key, ref.end.label.value, ref.end.key)
        for ref in unique
    ]
    missing = conn.execute(
        queries.FIRST_MISSING_RELATIONSHIP, (orjson.dumps(rows).decode(),)
    ).fetchone()[0]
    if missing is not None:
        raise NotFound(unique[int(missing)])
    conn.executemany(queries.DELETE_RELATIONSHIP, rows)
    log.relationships(unique)


_LOAD_CHUNK = 20_000

# The page cache (KiB) while a load builds its indexes and full-text table.
_BUILD_CACHE_KIB = 32 * 1024


def load_empty(
    conn: sqlite3.Connection,
    nodes: Iterable[Node],
    rels: Iterable[Relationship],
    on_rows: Callable[[int], None] | None = None,
) -> ChangeRecorder | None:
    """Load checked records into an empty graph inside the open write transaction.

    The secondary indexes are dropped first and, with the full-text table, built once
    at the end; rows go in by prepared ``executemany`` inserts in chunks, nodes with
    ids counted up from 1. Repeats of a relationship merge like upserts.

    Parameters
    ----------
    conn
        An ``sqlite3.Connection`` with an open write transaction.
    nodes
        Checked nodes with distinct refs.
    rels
        Checked relationships whose ends are among ``nodes``.
    on_rows
        Told how many rows each chunk wrote.

    Returns
    -------
    ChangeRecorder or None
        A recorder that says the batch changed too much to list, or ``None`` (and
        nothing read or written) when the graph is not empty.

    Examples
    --------
    >>> from graph.embedded.schema import ensure_schema
    >>> from graph.model import Label
    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> ensure_schema(conn)
    >>> topic = Node(Label.TOPIC, "math", {"name": "Math"})
    >>> load_empty(conn, [topic], []).encoded()
    (None, None)
    >>> conn.execute("SELECT rowid, name FROM node_text").fetchall()
    [(1, 'Math')]
    >>> load_empty(conn, [topic], []) is None
    True
    """
    if not conn.execute(queries.GRAPH_IS_EMPTY).fetchone()[0]:
        return None
    for statement in DROP_SECONDARY_INDEXES:
        conn.execute(statement)
    next_id = 1
    node_iter = iter(nodes)
    while chunk := list(islice(node_iter, _LOAD_CHUNK)):
        rows = [
            (next_id + offset, node.label.value, node.key, dumps_props(node.props))
            for offset, node in enumerate(chunk)
        ]
        next_id += len(rows)
        conn.executemany(queries.INSERT_NODE, rows)
        if on_rows is not None:
            on_rows(len(rows))
    rel_iter = iter(rels)
    while rel_chunk := list(islice(rel_iter, _LOAD_CHUNK)):
        rel_rows = [
            (
                rel.type.value,
                rel.start.label.value,
                rel.start.key,
                rel.end.label.value,
                rel.end.key,
                dumps_props(rel.props),
            )
            for rel in rel_chunk
        ]
        # Sorted by key, the B-tree's pages stay hot.
        rel_rows.sort(key=_RELATIONSHIP_KEY)
        conn.executemany(queries.MERGE_RELATIONSHIP, rel_rows)
        if on_rows is not None:
            on_rows(len(rel_rows))
    # SQLite's sorter may take as much memory as the page cache holds, on top of it:
    # sort for the indexes and the full-text table with a small cache, so the load's
    # peak memory is the writes', not the writes' and the sort's.
    cache_size = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{_BUILD_CACHE_KIB}")
    try:
        conn.execute(CLEAR_NODE_TEXT)
        conn.execute(FILL_NODE_TEXT)
        for statement in SECONDARY_INDEXES:
            conn.execute(statement)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache_size)}")
    log = ChangeRecorder()
    log.everything()
    return log


def apply_ops(
    conn: sqlite3.Connection, ops: Sequence[WriteOp], log: ChangeRecorder | None = None
) -> ChangeRecorder:
    """Apply ``ops`` in order on ``conn``, which must be inside a write transaction.

    Each operation sees the effects of the ones before it. On an error the caller
    rolls the transaction back.

    Parameters
    ----------
    conn
        An ``sqlite3.Connection`` with an open write transaction.
    ops
        The operations of a :class:`~graph.store.WriteBatch`.
    log
        Where to record what changed (a new recorder when not given).

    Returns
    -------
    ChangeRecorder
        The refs of the nodes and relationships that changed; ``changed`` is false
        when the operations wrote only what was already there.

    Raises
    ------
    NotFound
        A node to update or delete, a relationship's end, or a relationship to delete
        does not exist.
    AlreadyExists
        A node to create exists (or is created twice by the operation).
    InvalidInput
        A value cannot be stored, or an operation is of an unknown kind.

    Examples
    --------
    >>> from graph.embedded.schema import ensure_schema
    >>> from graph.model import Label
    >>> from graph.store import WriteBatch
    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> ensure_schema(conn)
    >>> batch = WriteBatch()
    >>> batch.update_node(NodeRef(Label.TOPIC, "ghost"), {"name": "Ghost"})
    >>> apply_ops(conn, batch.ops)
    Traceback (most recent call last):
    ...
    graph.store.NotFound: Topic 'ghost' does not exist
    """
    if log is None:
        log = ChangeRecorder()
    for op in ops:
        if isinstance(op, UpsertNodes):
            _put_nodes(conn, op.nodes, log, create=False)
        elif isinstance(op, UpsertRelationships):
            _upsert_relationships(conn, op.rels, log)
        elif isinstance(op, CreateNodes):
            _put_nodes(conn, op.nodes, log, create=True)
        elif isinstance(op, UpdateNode):
            _update_node(conn, op.ref, op.props, log)
        elif isinstance(op, DeleteNodes):
            _delete_nodes(conn, op.refs, log)
        elif isinstance(op, DeleteRelationships):
            _delete_relationships(conn, op.refs, log)
        else:
            raise InvalidInput("ops", f"unknown write operation {type(op).__name__}")
    return log
