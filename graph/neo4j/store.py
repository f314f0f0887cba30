"""The Neo4j store: the GraphStore protocol over a Neo4j 5 server.

Every write batch runs as one transaction function: its first statement bumps the
data version (whose lock also orders concurrent writers), then each operation runs as
``UNWIND $rows`` statements in chunks, checking as it goes that the nodes it needs
exist; a failed check raises inside the transaction so that the whole batch rolls
back. Upserts and updates first read what is there and write only what differs, so
the batch knows what it changed: it logs that in the same transaction (see
:mod:`graph.changelog`), or rolls back when it changed nothing, leaving the version
alone (a load into an empty database skips the reading: everything is new, and it
logs so). Reads answer many keys per round trip. Driver errors become store errors here.

Examples
--------
>>> store = Neo4jStore.connect("bolt://127.0.0.1:7687", "neo4j", "pw")  # doctest: +SKIP
>>> store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])  # doctest: +SKIP
1
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any, Self, TypeVar

from neo4j import READ_ACCESS, Driver, ManagedTransaction, Session
from neo4j.exceptions import ClientError, ConstraintError, TransientError

from graph.changelog import ChangeRecorder, Entry, mention_of, read_changes
from graph.conditions import ordering
from graph.model import Label, Node, NodeRef, Relationship, RelRef, RelType
from graph.neo4j import queries as q
from graph.neo4j.conditions import Params, compile_order, compile_where
from graph.neo4j.driver import TOO_LARGE, Endpoint, open_driver, too_large, translated
from graph.neo4j.fulltext import SHADOW_PREFIX, lucene_query, shadow_props
from graph.neo4j.plans import plan_statement, read_records
from graph.plans import PlanResult, ReadPlan
from graph.store import (
    CHANGE_LOG_KEPT,
    CHANGE_LOG_MAX_REFS,
    AlreadyExists,
    Change,
    Condition,
    Counts,
    CreateNodes,
    DeleteNodes,
    DeleteRelationships,
    Hop,
    InvalidInput,
    Neighbour,
    NeighbourPage,
    NodeQuery,
    NotFound,
    Page,
    SearchHit,
    StoreBase,
    Unavailable,
    UpdateNode,
    UpsertNodes,
    UpsertRelationships,
    WriteBatch,
    WriteOp,
    batched,
    check_conditions,
    check_page,
    check_query,
)

__all__ = ["CHUNK_SIZE", "LOAD_BATCH_SIZE", "PAGE_SIZE", "Neo4jStore"]

# Rows per UNWIND statement: large enough to amortize a round trip, small enough to
# keep a statement's parameters and state modest.
CHUNK_SIZE = 10_000

# Records per transaction of a load into an empty database.
LOAD_BATCH_SIZE = 50_000

# Nodes or relationships per page while streaming.
PAGE_SIZE = 5_000

# What a CREATE ... IF NOT EXISTS can still raise when two processes race to it.
_SCHEMA_RACES = frozenset(
    {
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        "Neo.ClientError.Schema.ConstraintAlreadyExists",
        "Neo.ClientError.Schema.IndexAlreadyExists",
    }
)

_T = TypeVar("_T")
_Step = Callable[[ManagedTransaction, ChangeRecorder], None]


class _NothingChanged(Exception):
    """Raised inside a write transaction that changed nothing, to roll it back."""

    def __init__(self, version: int) -> None:
        super().__init__(f"nothing changed at version {version}")
        self.version = version


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    size = CHUNK_SIZE
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _node(label: Label, raw: Mapping[str, Any]) -> Node:
    props = {k: v for k, v in raw.items() if k != "key" and not k.startswith(SHADOW_PREFIX)}
    return Node(label, str(raw["key"]), props)


def _node_row(node: Node) -> dict[str, Any]:
    return {"key": node.key, "props": {**node.props, **shadow_props(node.props)}}


def _by_label(nodes: Iterable[Node]) -> dict[Label, list[Node]]:
    groups: dict[Label, list[Node]] = defaultdict(list)
    for node in nodes:
        groups[node.label].append(node)
    return groups


def _keys_by_label(refs: Iterable[NodeRef]) -> dict[Label, list[str]]:
    """The distinct keys of ``refs`` per label, in the order they first come."""
    keys: dict[Label, list[str]] = defaultdict(list)
    for ref in dict.fromkeys(refs):
        keys[ref.label].append(ref.key)
    return keys


def _patched(old: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """``old`` with ``patch`` written over it as the upserts do: a null keeps a value."""
    return {**old, **{name: value for name, value in patch.items() if value is not None}}


def _rel_ref(row: Sequence[str]) -> RelRef:
    rel_type, start_label, start_key, end_label, end_key = row
    return RelRef(
        RelType(rel_type),
        NodeRef(Label(start_label), start_key),
        NodeRef(Label(end_label), end_key),
    )


# ----------------------------------------------------------------- write operations


def _create_nodes(op: CreateNodes) -> _Step:
    def step(tx: ManagedTransaction, log: ChangeRecorder) -> None:
        seen: set[NodeRef] = set()
        for node in op.nodes:
            if node.ref in seen:
                raise AlreadyExists(node.ref)
            seen.add(node.ref)
        groups = _by_label(op.nodes)
        existing: set[NodeRef] = set()
        for label, nodes in groups.items():
            for key_chunk in _chunks([n.key for n in nodes]):
                record = tx.run(q.EXISTING_KEYS[label], keys=list(key_chunk)).single(strict=True)
                existing.update(NodeRef(label, key) for key in record["existing"])
        for node in op.nodes:
            if node.ref in existing:
                raise AlreadyExists(node.ref)
        for label, nodes in groups.items():
            for chunk in _chunks(nodes):
                try:
                    tx.run(q.CREATE_NODES[label], rows=[_node_row(n) for n in chunk]).consume()
                except ConstraintError:
                    # Writers through this store are ordered by the version lock, so
                    # only a write from outside it can take a key after the check;
                    # which key is not known, so the chunk's first stands for it.
                    raise AlreadyExists(chunk[0].ref) from None
        log.nodes(node.ref for node in op.nodes)

    return step


def _existing_nodes(tx: ManagedTransaction, label: Label, keys: Sequence[str]) -> dict[str, Node]:
    record = tx.run(q.GET_NODES[label], keys=list(keys)).single(strict=True)
    return {node.key: node for node in (_node(label, props) for props in record["nodes"])}


def _upsert_nodes(op: UpsertNodes, *, blind: bool = False) -> _Step:
    # Blind, nothing is read first: every node is written and the log records
    # everything (a load into an empty database, where everything is new anyway).
    def step(tx: ManagedTransaction, log: ChangeRecorder) -> None:
        for label, nodes in _by_label(op.nodes).items():
            # Repeats of a key merge in order into one patch.
            patches: dict[str, dict[str, Any]] = {}
            for node in nodes:
                patches[node.key] = _patched(patches.get(node.key, {}), node.props)
            for chunk in _chunks(list(patches)):
                if blind:
                    rows = [_node_row(Node(label, key, patches[key])) for key in chunk]
                    tx.run(q.UPSERT_NODES[label], rows=rows).consume()
                    log.everything()
                    continue
                existing = _existing_nodes(tx, label, chunk)
                changed = [
                    Node(label, key, patches[key])
                    for key in chunk
                    if key not in existing
                    or _patched(existing[key].props, patches[key]) != existing[key].props
                ]
                if changed:
                    tx.run(q.UPSERT_NODES[label], rows=[_node_row(n) for n in changed]).consume()
                    log.nodes(node.ref for node in changed)

    return step


def _update_node(op: UpdateNode) -> _Step:
    props = {**op.props, **shadow_props(op.props)}

    def step(tx: ManagedTransaction, log: ChangeRecorder) -> None:
        node = _existing_nodes(tx, op.ref.label, [op.ref.key]).get(op.ref.key)
        if node is None:
            raise NotFound(op.ref)
        merged = {**node.props, **op.props}
        if {k: v for k, v in merged.items() if v is not None} == node.props:
            return
        record = tx.run(q.UPDATE_NODE[op.ref.label], key=op.ref.key, props=props).single(
            strict=True
        )
        if record["matched"] == 0:  # pragma: no cover - read above in this transaction
            raise NotFound(op.ref)
        log.node(op.ref)

    return step


def _missing_nodes(tx: ManagedTransaction, refs: Iterable[NodeRef]) -> set[NodeRef]:
    missing: set[NodeRef] = set()
    for label, label_keys in _keys_by_label(refs).items():
        for chunk in _chunks(label_keys):
            record = tx.run(q.MISSING_KEYS[label], keys=list(chunk)).single(strict=True)
            missing.update(NodeRef(label, key) for key in record["missing"])
    return missing


def _delete_nodes(op: DeleteNodes) -> _Step:
    def step(tx: ManagedTransaction, log: ChangeRecorder) -> None:
        missing = _missing_nodes(tx, op.refs)
        for ref in op.refs:
            if ref in missing:
                raise NotFound(ref)
        log.nodes(op.refs)
        for label, label_keys in _keys_by_label(op.refs).items():
            for chunk in _chunks(label_keys):
                record = tx.run(q.RELATIONSHIPS_OF[label], keys=list(chunk)).single(strict=True)
                log.relationships(_rel_ref(row) for row in record["rels"])
                tx.run(q.DELETE_NODES[label], keys=list(chunk)).consume()

    return step


def _upsert_relationships(op: UpsertRelationships, *, blind: bool = False) -> _Step:
    # Blind as in _upsert_nodes: MERGE alone tells new from old, nothing is read first.
    def step(tx: ManagedTransaction, log: ChangeRecorder) -> None:
        # Repeats of a relationship merge in order into one patch.
        groups: dict[q.RelKey, dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
        for rel in op.rels:
            patches = groups[(rel.type, rel.start.label, rel.end.label)]
            ends = (rel.start.key, rel.end.key)
            patches[ends] = _patched(patches.get(ends, {}), rel.props)
        for rel_key, patches in groups.items():
            rel_type, start, end = rel_key
            for chunk in _chunks(list(patches)):
                existing: dict[tuple[str, str], dict[str, Any]] = {}
                if not blind:
                    keys = [{"start": a, "end": b} for a, b in chunk]
                    found = tx.run(q.GET_RELATIONSHIPS[rel_key], rows=keys).single(strict=True)
                    existing = {(a, b): props for a, b, props in found["found"]}
                changed = [
                    Relationship(rel_type, NodeRef(start, a), NodeRef(end, b), patches[(a, b)])
                    for a, b in chunk
                    if (a, b) not in existing
                    or _patched(existing[(a, b)], patches[(a, b)]) != existing[(a, b)]
                ]
                if not changed:
                    continue
                rows = [{"start": r.start.key, "end": r.end.key, "props": r.props} for r in changed]
                record = tx.run(q.UPSERT_RELATIONSHIPS[rel_key], rows=rows).single(strict=True)
                if record["matched"] != len(rows):
                    _raise_missing_end(tx, changed)
                if blind:
                    log.everything()
                else:
                    log.relationships(rel.ref for rel in changed)

    return step


def _raise_missing_end(tx: ManagedTransaction, rels: Sequence[Relationship]) -> None:
    missing = _missing_nodes(tx, itertools.chain.from_iterable((r.start, r.end) for r in rels))
    for rel in rels:
        for ref in (rel.start, rel.end):
            if ref in missing:
                raise NotFound(ref)
    raise NotFound(rels[0].end)  # pragma: no cover - the count said one was missing


def _delete_relationships(op: DeleteRelationships) -> _Step:
    def step(tx: ManagedTransaction, log: ChangeRecorder) -> None:
        groups: dict[q.RelKey, list[RelRef]] = defaultdict(list)
        for ref in dict.fromkeys(op.refs):
            rel_key = (ref.type, ref.start.label, ref.end.label)
            if rel_key not in q.DELETE_RELATIONSHIPS:
                raise NotFound(ref)
            groups[rel_key].append(ref)
        missing: set[RelRef] = set()
        for rel_key, refs in groups.items():
            for chunk in _chunks(refs):
                rows = [{"start": r.start.key, "end": r.end.key} for r in chunk]
                record = tx.run(q.MISSING_RELATIONSHIPS[rel_key], rows=rows).single(strict=True)
                rel_type, start, end = rel_key
                missing.update(
                    RelRef(rel_type, NodeRef(start, a), NodeRef(end, b))
                    for a, b in record["missing"]
                )
        for ref in op.refs:
            if ref in missing:
                raise NotFound(ref)
        for rel_key, refs in groups.items():
            for chunk in _chunks(refs):
                rows = [{"start": r.start.key, "end": r.end.key} for r in chunk]
                tx.run(q.DELETE_RELATIONSHIPS[rel_key], rows=rows).consume()
        log.relationships(op.refs)

    return step


def _step(op: WriteOp) -> _Step:
    if isinstance(op, CreateNodes):
        return _create_nodes(op)
    if isinstance(op, UpsertNodes):
        return _upsert_nodes(op)
    if isinstance(op, UpdateNode):
        return _update_node(op)
    if isinstance(op, DeleteNodes):
        return _delete_nodes(op)
    if isinstance(op, UpsertRelationships):
        return _upsert_relationships(op)
    if isinstance(op, DeleteRelationships):
        return _delete_relationships(op)
    raise InvalidInput("batch", f"unknown operation {type(op).__name__}")


def _apply_tx(tx: ManagedTransaction, steps: Sequence[_Step], kept: int, max_refs: int) -> int:
    log = ChangeRecorder(max_refs)
    try:
        version = int(tx.run(q.BUMP_VERSION).single(strict=True)["version"])
        for step in steps:
            step(tx, log)
        if not log.changed:
            # Rolled back by the driver: the version stays, and no other writer could
            # have moved it while this transaction held its lock.
            raise _NothingChanged(version - 1)
        nodes, relationships = log.encoded()
        tx.run(q.INSERT_CHANGE, version=version, nodes=nodes, relationships=relationships).consume()
        tx.run(q.PRUNE_CHANGES, oldest=version - kept).consume()
    except TransientError as error:
        if error.code != TOO_LARGE:
            raise
        # Raised from inside, it ends the transaction without the driver's retries.
        raise too_large("batch") from error
    return version


# ---------------------------------------------------------------- read transactions


def _version_tx(tx: ManagedTransaction) -> int:
    record = tx.run(q.READ_VERSION).single()
    return 0 if record is None else int(record["version"])


def _bump_tx(tx: ManagedTransaction) -> int:
    return int(tx.run(q.BUMP_VERSION).single(strict=True)["version"])


def _replaced_tx(tx: ManagedTransaction, version: int) -> int:
    tx.run(q.SET_VERSION, version=version).consume()
    tx.run(q.INSERT_CHANGE, version=version, nodes=None, relationships=None).consume()
    return version


def _delete_some_tx(tx: ManagedTransaction, query: str, batch: int) -> int:
    return int(tx.run(query, batch=batch).single(strict=True)["deleted"])


def _forget_tx(tx: ManagedTransaction, mention: str) -> int:
    return int(tx.run(q.FORGET_CHANGES, mention=mention).single(strict=True)["blanked"])


def _changes_tx(tx: ManagedTransaction, after: int) -> tuple[int, list[Entry]]:
    current = _version_tx(tx)
    if after >= current:
        return current, []
    record = tx.run(q.READ_CHANGES, after=after, current=current).single(strict=True)
    return current, [(int(v), nodes, relationships) for v, nodes, relationships in record["page"]]


def _get_relationships_tx(
    tx: ManagedTransaction, groups: Mapping[q.RelKey, list[tuple[str, str]]]
) -> dict[RelRef, Relationship]:
    found: dict[RelRef, Relationship] = {}
    for rel_key, ends in groups.items():
        rel_type, start, end = rel_key
        for chunk in _chunks(ends):
            rows = [{"start": a, "end": b} for a, b in chunk]
            record = tx.run(q.GET_RELATIONSHIPS[rel_key], rows=rows).single(strict=True)
            for a, b, props in record["found"]:
                rel = Relationship(rel_type, NodeRef(start, a), NodeRef(end, b), props)
                found[rel.ref] = rel
    return found


def _get_nodes_tx(tx: ManagedTransaction, keys: Mapping[Label, list[str]]) -> dict[NodeRef, Node]:
    found: dict[NodeRef, Node] = {}
    for label, label_keys in keys.items():
        for chunk in _chunks(label_keys):
            record = tx.run(q.GET_NODES[label], keys=list(chunk)).single(strict=True)
            for props in record["nodes"]:
                node = _node(label, props)
                found[node.ref] = node
    return found


def _listing_statement(query: NodeQuery) -> tuple[str, dict[str, Any]]:
    """The statement of a ``list_nodes`` page and its parameters."""
    params = Params()
    condition = compile_where("n", query.label, query.where, params)
    order = compile_order(ordering(query.label, query.order_by, query.descending))
    statement = q.render(q.LIST_NODES[query.label], where=condition, order=order)
    return statement, {**params.values, "offset": query.offset, "limit": query.limit}


def _listed(query: NodeQuery, row: Mapping[str, Any]) -> Page:
    """The page a ``list_nodes`` statement's row holds."""
    return Page(
        items=[_node(query.label, props) for props in row["items"]], total=int(row["total"])
    )


def _page_tx(tx: ManagedTransaction, query: str, params: Mapping[str, Any]) -> list[Any]:
    page: list[Any] = tx.run(query, dict(params)).single(strict=True)["page"]
    return page


def _rows_tx(tx: ManagedTransaction, query: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [record.data() for record in tx.run(query, dict(params))]


def _single_tx(tx: ManagedTransaction, query: str, params: Mapping[str, Any]) -> dict[str, Any]:
    return tx.run(query, dict(params)).single(strict=True).data()


class Neo4jStore(StoreBase):
    """The graph kept in a Neo4j 5 server (Community edition is enough).

    Parameters
    ----------
    driver
        A connected driver; the store owns it and closes it in :meth:`close`.
    endpoint
        The server address, user and database, for queries and messages.
    changes_kept
        How many of the latest write batches the change log keeps.
    change_max_refs
        The most refs a change log entry lists; a larger batch is logged as too large.

    Examples
    --------
    >>> store = Neo4jStore.connect("bolt://127.0.0.1:7687", "neo4j", "pw")  # doctest: +SKIP
    >>> store.counts().nodes  # doctest: +SKIP
    {}
    """

    def __init__(
        self,
        driver: Driver,
        endpoint: Endpoint,
        *,
        changes_kept: int = CHANGE_LOG_KEPT,
        change_max_refs: int = CHANGE_LOG_MAX_REFS,
    ) -> None:
        self._driver = driver
        self._endpoint = endpoint
        self._closed = False
        self._changes_kept = changes_kept
        self._change_max_refs = change_max_refs

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def connect(
        cls,
        uri: str,
        user: str,
        password: str,
        database: str = "neo4j",
        *,
        changes_kept: int = CHANGE_LOG_KEPT,
        change_max_refs: int = CHANGE_LOG_MAX_REFS,
    ) -> Self:
        """Connect to a Neo4j server and make sure the schema is in place.

        Creates (if missing) a uniqueness constraint on ``key`` for every label, the
        full-text index and the data-version node; running it again changes nothing.

        Parameters
        ----------
        uri
            A Bolt address such as ``bolt://127.0.0.1:7687``.
        user, password
            The credentials.
        database
            The database to use.
        changes_kept, change_max_refs
            The change log's limits (see :class:`Neo4jStore`).

        Returns
        -------
        Neo4jStore
            A store ready for reads and writes.

        Raises
        ------
        Unavailable
            With a one-line reason and fix when the server cannot be reached or refuses
            the credentials.

        Examples
        --------
        >>> Neo4jStore.connect("bolt://127.0.0.1:7687", "neo4j", "pw")  # doctest: +SKIP
        <graph.neo4j.store.Neo4jStore object at ...>
        >>> Neo4jStore.connect("localhost:7687", "neo4j", "pw")
        Traceback (most recent call last):
        ...
        graph.store.Unavailable: NEO4J_URI 'localhost:7687' is not a Bolt address: \
use bolt://host:7687 or neo4j://host:7687
        """
        endpoint = Endpoint(uri, user, database)
        store = cls(
            open_driver(endpoint, password),
            endpoint,
            changes_kept=changes_kept,
            change_max_refs=change_max_refs,
        )
        try:
            store.ensure_schema()
        except BaseException:
            store.close()
            raise
        return store

    def ensure_schema(self, wait_seconds: int = 60) -> None:
        """Create the constraints, the full-text index and the version node if missing.

        Parameters
        ----------
        wait_seconds
            How long to wait for new indexes to come online.

        Examples
        --------
        >>> store.ensure_schema()  # doctest: +SKIP
        """
        with translated(self._endpoint), self._session() as session:
            for statement in q.SCHEMA:
                try:
                    session.run(statement).consume()
                except ClientError as error:
                    # Another process created the same rule a moment earlier.
                    if error.code not in _SCHEMA_RACES:
                        raise
            session.run(q.AWAIT_INDEXES, seconds=wait_seconds).consume()
            session.execute_write(lambda tx: tx.run(q.ENSURE_VERSION).consume())

    def close(self) -> None:
        """Close the driver and its connections; calling it again does nothing.

        Examples
        --------
        >>> store.close()  # doctest: +SKIP
        >>> store.close()  # doctest: +SKIP
        """
        if not self._closed:
            self._closed = True
            self._driver.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _session(self, *, read: bool = False) -> Session:
        if self._closed:
            raise Unavailable(f"the Neo4j store for {self._endpoint.uri} is closed")
        config: dict[str, Any] = {"database": self._endpoint.database}
        if read:
            config["default_access_mode"] = READ_ACCESS
        return self._driver.session(**config)

    def _read(self, work: Callable[..., _T], *args: Any) -> _T:
        with translated(self._endpoint), self._session(read=True) as session:
            result: _T = session.execute_read(work, *args)
            return result

    def _write(self, work: Callable[..., _T], *args: Any) -> _T:
        with translated(self._endpoint), self._session() as session:
            result: _T = session.execute_write(work, *args)
            return result

    # --------------------------------------------------------------------- writes

    def apply(self, batch: WriteBatch) -> int:
        """Apply every operation of ``batch`` in one transaction; return the new version.

        Parameters
        ----------
        batch
            Operations to apply, in order.

        Returns
        -------
        int
            The data version after the batch (unchanged for a batch that changes
            nothing: an empty one, or one that writes what is already there).

        Raises
        ------
        AlreadyExists, NotFound
            When an operation's check fails; nothing of the batch is written.

        Examples
        --------
        >>> batch = WriteBatch()  # doctest: +SKIP
        >>> batch.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])  # doctest: +SKIP
        >>> store.apply(batch)  # doctest: +SKIP
        2
        """
        if not batch.ops:
            return self.data_version()
        steps = [_step(op) for op in batch.ops]
        try:
            return self._write(_apply_tx, steps, self._changes_kept, self._change_max_refs)
        except _NothingChanged as unchanged:
            return unchanged.version

    def load_into_empty(
        self,
        nodes: Iterable[Node],
        rels: Iterable[Relationship],
        *,
        total: int,
        on_progress: Callable[[int, int], None] | None = None,
        batch_size: int = LOAD_BATCH_SIZE,
    ) -> int | None:
        """Load checked records if the database holds no node and no relationship.

        Faster than :meth:`apply`'s upserts: nothing is read before writing (the
        statements' ``MERGE`` alone tells a repeat from a new record), and each batch
        logs a change too large to list, so readers rebuild rather than catch up. Batches of
        ``batch_size`` records, each one transaction that moves the data version; a
        load killed half way leaves whole batches, and loading the same records again
        (by upserts, the database no longer being empty) gives the clean result.

        Parameters
        ----------
        nodes, rels
            Checked records (as :mod:`graph.importer` gives them); repeats merge.
        total
            How many records there are, for ``on_progress``.
        on_progress
            Called with ``(records written, total)`` after each batch.
        batch_size
            Records per transaction.

        Returns
        -------
        int or None
            The data version after the last batch, or ``None`` when the database was
            not empty (nothing written, nothing read from ``nodes`` or ``rels``).

        Examples
        --------
        >>> math = Node(Label.TOPIC, "math", {"name": "Math"})  # doctest: +SKIP
        >>> store.load_into_empty([math], [], total=1)  # doctest: +SKIP
        1
        >>> store.load_into_empty([math], [], total=1) is None  # doctest: +SKIP
        True
        """
        counts = self.counts()
        if counts.nodes or counts.relationships:
            return None
        steps = itertools.chain(
            (
                (_upsert_nodes(UpsertNodes(b), blind=True), len(b))
                for b in batched(nodes, batch_size)
            ),
            (
                (_upsert_relationships(UpsertRelationships(b), blind=True), len(b))
                for b in batched(rels, batch_size)
            ),
        )
        version, done = self.data_version(), 0
        for step, size in steps:
            version = self._write(_apply_tx, [step], self._changes_kept, self._change_max_refs)
            done += size
            if on_progress is not None:
                on_progress(done, total)
        return version

    def clear(self) -> int:
        """Delete every node and relationship, empty the change log, and return the new
        data version.

        Deletes in batches of ``CHUNK_SIZE``, so a large graph does not need one huge
        transaction; the schema and the version survive. The version it returns has no
        log entry, so no range of changes across it can be answered.

        Examples
        --------
        >>> store.clear()  # doctest: +SKIP
        7
        """
        for query in (q.DELETE_SOME_RELATIONSHIPS, q.DELETE_SOME_NODES, q.DELETE_SOME_CHANGES):
            while self._write(_delete_some_tx, query, CHUNK_SIZE) > 0:
                pass
        return self._write(_bump_tx)

    def mark_replaced(self, previous_version: int) -> int:
        """Record that the database was replaced wholesale (by ``neo4j-admin database
        import``): the version becomes ``previous_version + 1`` with a log entry too
        large to list, so every reader rebuilds; return it.

        Examples
        --------
        >>> store.mark_replaced(7)  # doctest: +SKIP
        8
        """
        return self._write(_replaced_tx, previous_version + 1)

    def forget(self, ref: NodeRef) -> int:
        """Blank every change log entry that names ``ref``; return how many were blanked.

        Used when a person is erased: the log keeps node keys, and a key may be
        personal data. A blanked entry reads as a batch too large to list, so readers
        whose range covers it rebuild; the data version does not move. The log holds
        at most ``changes_kept`` entries, so this is one bounded write transaction.

        Examples
        --------
        >>> store.forget(NodeRef(Label.PERSON, "erased-person"))  # doctest: +SKIP
        2
        """
        return self._write(_forget_tx, mention_of(ref))

    # ---------------------------------------------------------------------- reads

    def data_version(self) -> int:
        """A number that grows by one with every applied write batch.

        Examples
        --------
        >>> store.data_version()  # doctest: +SKIP
        3
        """
        return self._read(_version_tx)

    def changes_since(self, version: int) -> list[Change] | None:
        """What every write batch committed after ``version`` changed, oldest first.

        One read transaction: the version, then the log entries up to it by a range
        seek on the version index (entries commit with their version, so every entry
        up to a version read is there unless pruned).

        Parameters
        ----------
        version
            The data version the caller's view of the graph was built at.

        Returns
        -------
        list of Change or None
            One per batch, versions contiguous up to the current data version; ``[]``
            when ``version`` is current; ``None`` when the log cannot say (pruned,
            cleared since, ``version`` ahead of the store, or a batch too large to
            list), so the caller must rebuild.

        Examples
        --------
        >>> store.changes_since(store.data_version())  # doctest: +SKIP
        []
        """
        current, entries = self._read(_changes_tx, version)
        return read_changes(version, current, entries)

    def get_nodes(self, refs: Sequence[NodeRef]) -> list[Node | None]:
        """The nodes for ``refs``, in order, with ``None`` where one does not exist.

        Parameters
        ----------
        refs
            The nodes wanted.

        Returns
        -------
        list
            One entry per ref.

        Examples
        --------
        >>> store.get_nodes([NodeRef(Label.TOPIC, "math")])  # doctest: +SKIP
        [Node(label=<Label.TOPIC: 'Topic'>, key='math', props={...})]
        """
        if not refs:
            return []
        found = self._read(_get_nodes_tx, _keys_by_label(refs))
        return [found.get(ref) for ref in refs]

    def get_relationships(self, refs: Sequence[RelRef]) -> list[Relationship | None]:
        """The relationships for ``refs`` in order with their properties, ``None``
        where one does not exist; one read transaction for all of them.

        Parameters
        ----------
        refs
            The relationships wanted; repeats are fine.

        Returns
        -------
        list
            One entry per ref.

        Examples
        --------
        >>> ada, math = NodeRef(Label.PERSON, "ada"), NodeRef(Label.TOPIC, "math")  # doctest: +SKIP
        >>> store.get_relationships([RelRef(RelType.SKILLED_IN, ada, math)])  # doctest: +SKIP
        [Relationship(type=<RelType.SKILLED_IN: 'SKILLED_IN'>, ...)]
        """
        if not refs:
            return []
        groups: dict[q.RelKey, list[tuple[str, str]]] = defaultdict(list)
        for ref in dict.fromkeys(refs):
            rel_key = (ref.type, ref.start.label, ref.end.label)
            if rel_key in q.GET_RELATIONSHIPS:
                groups[rel_key].append((ref.start.key, ref.end.key))
        found = self._read(_get_relationships_tx, groups) if groups else {}
        return [found.get(ref) for ref in refs]

    def read_plan(self, plan: ReadPlan) -> PlanResult:
        """Answer a whole read plan with one statement (:mod:`graph.neo4j.plans`): the
        nodes and, for every step, each parent's page as :meth:`neighbours` gives it.

        Examples
        --------
        >>> hop = Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT)  # doctest: +SKIP
        >>> plan = ReadPlan(Label.PERSON, ("ada",), (PlanStep(hop),))  # doctest: +SKIP
        >>> found = store.read_plan(plan)  # doctest: +SKIP
        >>> found.pages[Label.PERSON, PlanStep(hop)]["ada"].total  # doctest: +SKIP
        1
        """
        plan.check()
        listing = plan.listing

        def read(tx: ManagedTransaction) -> PlanResult:
            keys, page = plan.keys, None
            if listing is not None:
                page = _listed(listing, _single_tx(tx, *_listing_statement(listing)))
                keys = tuple(node.key for node in page.items)
            records: list[dict[str, Any]] = []
            if keys:
                statement, params = plan_statement(replace(plan, keys=keys))
                records = _rows_tx(tx, statement, {**params.values, "keys": list(keys)})
            result = read_records(replace(plan, keys=keys), records, _node)
            result.listing = page
            return result

        return self._read(read)

    def neighbours(
        self,
        label: Label,
        keys: Sequence[str],
        hop: Hop,
        *,
        where: Sequence[Condition] = (),
        offset: int = 0,
        limit: int | None = None,
    ) -> dict[str, NeighbourPage]:
        """For each key, a page of the neighbours over ``hop`` that satisfy ``where``.

        All keys are answered by one statement. Neighbours are ordered by key and paged
        per key; ``total`` counts every match before paging.

        Parameters
        ----------
        label
            The label of the nodes stepped from.
        keys
            Their keys; each gets an entry, empty when the node does not exist.
        hop
            The relationship type, direction and label to step to.
        where
            Conditions on the neighbour.
        offset, limit
            The page of each key's neighbours (``limit=None``: all).

        Returns
        -------
        dict
            Key to :class:`NeighbourPage`.

        Examples
        --------
        >>> hop = Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT)  # doctest: +SKIP
        >>> store.neighbours(Label.PERSON, ["ada"], hop)["ada"].total  # doctest: +SKIP
        1
        """
        check_page(offset, limit)
        params = Params()
        condition = compile_where("b", hop.other_label, where, params)
        pages = {key: NeighbourPage(items=[], total=0) for key in keys}
        query = q.neighbours_query(
            label, hop.rel_type, hop.direction, hop.other_label, condition, limit is not None
        )
        if query is None or not pages:
            return pages
        values: dict[str, Any] = {
            **params.values,
            "keys": list(pages),
            "offset": offset,
            "limit": limit,
        }
        other = hop.other_label
        for record in self._read(_page_tx, query, values):
            items = [
                Neighbour(node=_node(other, item["props"]), rel_props=item["rel"])
                for item in record["items"]
            ]
            pages[record["key"]] = NeighbourPage(items=items, total=int(record["total"]))
        return pages

    def list_nodes(self, query: NodeQuery) -> Page:
        """A filtered, ordered page of one label's nodes, with the number that match.

        Parameters
        ----------
        query
            Label, conditions, order and page.

        Returns
        -------
        Page
            The nodes of the page and the total.

        Examples
        --------
        >>> store.list_nodes(NodeQuery(Label.TOPIC, order_by="name")).total  # doctest: +SKIP
        1
        """
        check_query(query)
        return _listed(query, self._read(_single_tx, *_listing_statement(query)))

    def search(
        self,
        text: str,
        *,
        labels: Sequence[Label] = (),
        where: Mapping[Label, Sequence[Condition]] | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """Full-text search over names, headlines and summaries, best first.

        Every word of ``text`` must match a word of the node by prefix, whatever
        punctuation or query syntax the text holds; name matches weigh most.

        Parameters
        ----------
        text
            What the user typed.
        labels
            Only nodes of these labels (default: all).
        where
            Conditions the hits of a label must meet.
        limit
            At most this many hits.

        Returns
        -------
        list of SearchHit
            Best first; ties by key.

        Raises
        ------
        InvalidInput
            On field ``text`` when it has no words.

        Examples
        --------
        >>> [hit.node.key for hit in store.search("mat")]  # doctest: +SKIP
        ['math']
        """
        lucene = lucene_query(text)
        check_page(limit=limit)
        params = Params()
        tests: list[str] = []
        for label, conditions in (where or {}).items():
            check_conditions(label, conditions)
            if conditions:
                condition = compile_where("node", label, conditions, params)
                tests.append(f"(NOT node:{Label(label).value} OR ({condition}))")
        if limit == 0:
            return []
        statement = q.render(q.SEARCH, where=" AND ".join(tests) or "true")
        values = {
            **params.values,
            "query": lucene,
            "labels": [Label(label).value for label in (labels or Label)],
            "limit": limit,
        }
        return [
            SearchHit(node=_node(Label(row["label"]), row["props"]), score=float(row["score"]))
            for row in self._read(_rows_tx, statement, values)
        ]

    def iter_nodes(self, labels: Sequence[Label] = ()) -> Iterator[Node]:
        """Stream every node (of ``labels``, or all), by label name, then key.

        Nodes come in pages of ``PAGE_SIZE``, each read after the last key seen, so
        memory stays bounded however large the graph.

        Parameters
        ----------
        labels
            Only these labels (default: all).

        Yields
        ------
        Node
            One at a time.

        Examples
        --------
        >>> [node.key for node in store.iter_nodes([Label.TOPIC])]  # doctest: +SKIP
        ['math']
        """
        size = PAGE_SIZE
        for label in sorted(set(labels or Label)):
            after = ""
            while True:
                page = self._read(_page_tx, q.ITER_NODES[label], {"after": after, "page": size})
                for props in page:
                    yield _node(label, props)
                if len(page) < size:
                    break
                after = str(page[-1]["key"])

    def iter_relationships(self, types: Sequence[RelType] = ()) -> Iterator[Relationship]:
        """Stream every relationship (of ``types``, or all): by type, start, then end.

        Relationships come in pages of ``PAGE_SIZE``, each read after the last one seen.

        Parameters
        ----------
        types
            Only these types (default: all).

        Yields
        ------
        Relationship
            One at a time.

        Examples
        --------
        >>> next(store.iter_relationships([RelType.MEMBER_OF])).type  # doctest: +SKIP
        <RelType.MEMBER_OF: 'MEMBER_OF'>
        """
        size = PAGE_SIZE
        wanted = set(types or RelType)
        for rel_type, start_label in sorted(k for k in q.ITER_RELATIONSHIPS if k[0] in wanted):
            query = q.ITER_RELATIONSHIPS[(rel_type, start_label)]
            cursor = {"start": "", "end_label": "", "end": "", "page": size}
            while True:
                page = self._read(_page_tx, query, cursor)
                for start, end_label, end, props in page:
                    yield Relationship(
                        rel_type,
                        NodeRef(start_label, str(start)),
                        NodeRef(Label(end_label), str(end)),
                        props,
                    )
                if len(page) < size:
                    break
                start, end_label, end, _ = page[-1]
                cursor = {"start": start, "end_label": end_label, "end": end, "page": size}

    def counts(self) -> Counts:
        """How many nodes of each label and relationships of each type there are.

        Labels and types with none are left out.

        Examples
        --------
        >>> store.counts().nodes  # doctest: +SKIP
        {'Topic': 1}
        """
        nodes: dict[str, int] = {}
        relationships: dict[str, int] = {}
        for row in self._read(_rows_tx, q.COUNTS, {}):
            if row["n"]:
                target = nodes if row["kind"] == "node" else relationships
                target[str(row["name"])] = int(row["n"])
        return Counts(nodes=nodes, relationships=relationships)
