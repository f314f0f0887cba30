"""The embedded store: the graph in one SQLite file, durable and zero-setup.

``EmbeddedStore.open(data_dir)`` keeps everything in ``data_dir/convene.sqlite3``. The
database runs in WAL mode with ``synchronous=FULL``: when :meth:`EmbeddedStore.apply`
returns, the batch is on disk and survives a killed process or a power cut. Each batch
is one ``BEGIN IMMEDIATE ... COMMIT`` transaction; one writer at a time (a lock within
the process, SQLite's file lock across processes), while readers keep reading the last
committed snapshot.

Examples
--------
>>> store = EmbeddedStore.in_memory()
>>> batch = WriteBatch()
>>> batch.upsert_nodes([Node(Label.PERSON, "ada", {"name": "Ada Lovelace"}),
...                     Node(Label.TOPIC, "math", {"name": "Mathematics"})])
>>> batch.upsert_relationships([Relationship(
...     RelType.INTERESTED_IN, NodeRef(Label.PERSON, "ada"), NodeRef(Label.TOPIC, "math"))])
>>> store.apply(batch)
1
>>> hop = Hop(RelType.INTERESTED_IN, Direction.OUT, Label.TOPIC)
>>> [n.node.props["name"] for n in store.neighbours(Label.PERSON, ["ada"], hop)["ada"].items]
['Mathematics']
>>> store.close()
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson

from graph.changelog import ChangeRecorder, mention_of, read_changes
from graph.conditions import ordering
from graph.embedded import queries
from graph.embedded.conditions import compile_order, compile_where
from graph.embedded.connections import ReaderPool, connect, translate_errors, write_transaction
from graph.embedded.fulltext import column_weights, match_expression
from graph.embedded.schema import (
    DATABASE_FILE,
    SchemaTooNew,
    create_graph_tables,
    drop_graph_tables,
    ensure_schema,
)
from graph.embedded.writes import apply_ops, load_empty, refs_json, rel_refs_json
from graph.files import private_dir, private_file
from graph.model import (
    Direction,
    Label,
    Node,
    NodeRef,
    Relationship,
    RelRef,
    RelType,
)
from graph.plans import PlanResult, ReadPlan, read_by_levels
from graph.store import (
    CHANGE_LOG_KEPT,
    CHANGE_LOG_MAX_REFS,
    Change,
    Condition,
    Counts,
    CreateNodes,
    Hop,
    Neighbour,
    NeighbourPage,
    NodeQuery,
    Page,
    SearchHit,
    StoreBase,
    Unavailable,
    UpdateNode,
    UpsertNodes,
    UpsertRelationships,
    WriteBatch,
    WriteOp,
    check_page,
    check_query,
)

__all__ = ["EmbeddedStore"]

_LABELS = {label.value: label for label in Label}
_TYPES = {rel_type.value: rel_type for rel_type in RelType}
_FETCH = 1000
_NO_LIMIT = 2**62
_BUSY_TIMEOUT = 5.0
# Bulk imports touch index pages all over the file; a larger cache keeps them hot.
_WRITER_CACHE_MIB = 256
_ANALYZE_AFTER_ROWS = 1000


def _row_count(op: WriteOp) -> int:
    if isinstance(op, UpdateNode):
        return 1
    if isinstance(op, UpsertRelationships):
        return len(op.rels)
    if isinstance(op, CreateNodes | UpsertNodes):
        return len(op.nodes)
    return len(op.refs)


def _fetch(conn: sqlite3.Connection, sql: str, *params: Any) -> Iterator[Any]:
    # Rows a batch at a time, so that streaming a large graph keeps memory flat.
    cursor = conn.execute(sql, params)
    try:
        while rows := cursor.fetchmany(_FETCH):
            yield from rows
    finally:
        cursor.close()


def _release(writer: sqlite3.Connection, pool: ReaderPool, temporary: Path | None) -> None:
    pool.close()
    writer.close()
    if temporary is not None:
        shutil.rmtree(temporary, ignore_errors=True)


class EmbeddedStore(StoreBase):
    """A :class:`~graph.store.GraphStore` kept in one SQLite database file.

    Use :meth:`open` for a data directory or :meth:`in_memory` for a throwaway store.
    Safe to share between threads: reads run in parallel on pooled connections, writes
    are serialized.

    Parameters
    ----------
    path
        The database file; created with the schema when missing.
    durable
        Wait for the disk on every commit (``synchronous=FULL``).
    busy_timeout
        Seconds to wait for another process's write lock before ``Unavailable``.
    temporary
        A directory to delete when the store closes.
    changes_kept
        How many of the latest write batches the change log keeps.
    change_max_refs
        The most refs a change log entry lists; a larger batch is logged as too large.

    Raises
    ------
    Unavailable
        When the file cannot be opened, created or written, or was written by a newer
        schema.

    Examples
    --------
    >>> import tempfile
    >>> store = EmbeddedStore(Path(tempfile.mkdtemp()) / "graph.sqlite3")
    >>> store.data_version()
    0
    >>> store.close()
    """

    def __init__(
        self,
        path: Path,
        *,
        durable: bool = True,
        busy_timeout: float = _BUSY_TIMEOUT,
        temporary: Path | None = None,
        changes_kept: int = CHANGE_LOG_KEPT,
        change_max_refs: int = CHANGE_LOG_MAX_REFS,
    ) -> None:
        self._path = path
        self._changes_kept = changes_kept
        self._change_max_refs = change_max_refs
        self._write_lock = threading.Lock()
        try:
            private_file(path)
        except OSError as error:
            reason = error.strerror or str(error)
            raise Unavailable(f"cannot create the database {path}: {reason}") from error
        with translate_errors(path):
            writer = connect(
                path, durable=durable, busy_timeout=busy_timeout, cache_mib=_WRITER_CACHE_MIB
            )
            try:
                ensure_schema(writer)
            except SchemaTooNew as error:
                writer.close()
                raise Unavailable(
                    f"cannot use {path}: it was written by a newer Convene "
                    f"(schema {error.version}); upgrade to open it"
                ) from error
            except BaseException:
                writer.close()
                raise
        self._writer = writer
        self._pool = ReaderPool(lambda: connect(path, durable=durable, busy_timeout=busy_timeout))
        self._closed = False
        self._rows_since_analyze = 0
        self._rows_at_analyze = 0
        self._finalizer = weakref.finalize(self, _release, writer, self._pool, temporary)

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        busy_timeout: float = _BUSY_TIMEOUT,
        changes_kept: int = CHANGE_LOG_KEPT,
        change_max_refs: int = CHANGE_LOG_MAX_REFS,
    ) -> EmbeddedStore:
        """Open (or create) the durable store kept in ``data_dir``.

        Parameters
        ----------
        data_dir
            The data directory; created when missing. The database is
            ``data_dir/convene.sqlite3``. The directory is made ``0700`` and the
            database files ``0600`` (see :mod:`graph.files`).
        busy_timeout
            Seconds to wait for another process's write lock before ``Unavailable``.
        changes_kept, change_max_refs
            The change log's limits (see :class:`EmbeddedStore`).

        Returns
        -------
        EmbeddedStore
            An open store.

        Raises
        ------
        Unavailable
            When the directory or the database cannot be created, opened or written.

        Examples
        --------
        >>> import tempfile
        >>> data_dir = Path(tempfile.mkdtemp()) / "data"
        >>> store = EmbeddedStore.open(data_dir)
        >>> store.path.name
        'convene.sqlite3'
        >>> store.close()
        """
        if data_dir.exists() and not data_dir.is_dir():
            raise Unavailable(f"cannot use {data_dir} as the data directory: it is a file")
        try:
            private_dir(data_dir)
        except OSError as error:
            reason = error.strerror or str(error)
            raise Unavailable(f"cannot create the data directory {data_dir}: {reason}") from error
        return cls(
            data_dir / DATABASE_FILE,
            busy_timeout=busy_timeout,
            changes_kept=changes_kept,
            change_max_refs=change_max_refs,
        )

    @classmethod
    def in_memory(cls) -> EmbeddedStore:
        """A throwaway store for tests and examples, deleted when it closes.

        It lives in a temporary directory (so several threads can share it like a
        real store) and skips waiting for the disk on commit.

        Returns
        -------
        EmbeddedStore
            An empty store.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.counts().nodes
        {}
        >>> store.close()
        """
        temporary = Path(tempfile.mkdtemp(prefix="convene-"))
        try:
            return cls(temporary / DATABASE_FILE, durable=False, temporary=temporary)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise

    @property
    def path(self) -> Path:
        """The database file.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.path.suffix
        '.sqlite3'
        >>> store.close()
        """
        return self._path

    def close(self) -> None:
        """Close every connection (waiting for a write in progress); idempotent.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.close()
        >>> store.close()
        >>> store.data_version()
        Traceback (most recent call last):
        ...
        graph.store.Unavailable: the store at ... is closed
        """
        with self._write_lock:
            self._closed = True
            self._finalizer()

    def __enter__(self) -> EmbeddedStore:
        """The store itself, closed when the ``with`` block ends.

        Examples
        --------
        >>> with EmbeddedStore.in_memory() as store:
        ...     store.data_version()
        0
        """
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the store when the ``with`` block ends, even on an error.

        Examples
        --------
        >>> with EmbeddedStore.in_memory() as store:
        ...     pass
        >>> store.counts()
        Traceback (most recent call last):
        ...
        graph.store.Unavailable: the store at ... is closed
        """
        self.close()

    def __repr__(self) -> str:
        """The class and the database file.

        Examples
        --------
        >>> with EmbeddedStore.in_memory() as store:
        ...     repr(store).startswith("EmbeddedStore(")
        True
        """
        return f"EmbeddedStore({str(self._path)!r})"

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with translate_errors(self._path), self._pool.connection() as conn:
            yield conn

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        # Reads in one transaction see one committed state; on an error the pool
        # rolls the transaction back when the connection comes back.
        with self._reading() as conn:
            conn.execute("BEGIN")
            yield conn
            conn.execute("COMMIT")

    # --------------------------------------------------------------------- writes

    def apply(self, batch: WriteBatch) -> int:
        """Apply every operation of ``batch`` in one transaction; all or nothing.

        Parameters
        ----------
        batch
            The operations, applied in order; later ones see earlier ones.

        Returns
        -------
        int
            The new data version (one more than before), or the current one for a
            batch that changes nothing (empty, or writing what is already there).

        Raises
        ------
        NotFound, AlreadyExists, InvalidInput
            When an operation cannot be applied; nothing is written.
        Unavailable
            When the database is locked by another process or cannot be written.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> batch = WriteBatch()
        >>> batch.create_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
        >>> store.apply(batch)
        1
        >>> store.apply(batch)
        Traceback (most recent call last):
        ...
        graph.store.AlreadyExists: Topic 'math' already exists
        >>> store.data_version()
        1
        >>> store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
        1
        >>> store.close()
        """
        if not batch.ops:
            return self.data_version()
        with self._write_lock, translate_errors(self._path):
            log = ChangeRecorder(self._change_max_refs)
            version = self._write(lambda conn: apply_ops(conn, batch.ops, log))
            if log.changed:
                self._refresh_statistics(sum(_row_count(op) for op in batch.ops))
            return version

    def load_into_empty(
        self,
        nodes: Iterable[Node],
        rels: Iterable[Relationship],
        *,
        total: int,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> int | None:
        """Load checked records in one transaction if the store is empty.

        Faster than upserts: prepared inserts in chunks, indexes and the full-text table
        built once at the end (see :func:`graph.embedded.writes.load_empty`). One
        transaction, so a load killed half way leaves the store empty, as it was.

        Parameters
        ----------
        nodes, rels
            Checked records (as :mod:`graph.importer` gives them): distinct node refs,
            relationship ends among the nodes.
        total
            How many records there are, for ``on_progress``.
        on_progress
            Called with ``(records written, total)`` as the load proceeds.

        Returns
        -------
        int or None
            The new data version, or ``None`` when the store was not empty (nothing
            written, nothing read from ``nodes`` or ``rels``).

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> math = Node(Label.TOPIC, "math", {"name": "Math"})
        >>> store.load_into_empty([math], [], total=1)
        1
        >>> store.load_into_empty([math], [], total=1) is None
        True
        >>> [hit.node.key for hit in store.search("math")]
        ['math']
        >>> store.close()
        """
        done = 0

        def rows_written(count: int) -> None:
            nonlocal done
            done += count
            if on_progress is not None:
                on_progress(done, total)

        with self._write_lock, translate_errors(self._path):
            loaded = False

            def work(conn: sqlite3.Connection) -> ChangeRecorder:
                nonlocal loaded
                log = load_empty(conn, nodes, rels, rows_written)
                loaded = log is not None
                return log if log is not None else ChangeRecorder()

            # Building the indexes sorts every row; on disk, not in memory, so that the
            # load's memory stays flat whatever its size (outside a transaction: SQLite
            # changes where temporary data goes only there).
            self._writer.execute("PRAGMA temp_store = FILE")
            try:
                version = self._write(work)
            finally:
                self._writer.execute("PRAGMA temp_store = MEMORY")
            if not loaded:
                return None
            self._refresh_statistics(done)
            return version

    def _refresh_statistics(self, rows: int) -> None:
        # The query planner picks indexes from ANALYZE's statistics; refresh them each
        # time the rows written since the last refresh double (sampled, so it is cheap).
        self._rows_since_analyze += rows
        if self._rows_since_analyze >= max(_ANALYZE_AFTER_ROWS, self._rows_at_analyze):
            # Best effort: the batch is committed whatever happens here.
            with contextlib.suppress(sqlite3.Error):
                self._writer.execute("ANALYZE")
            self._rows_at_analyze += self._rows_since_analyze
            self._rows_since_analyze = 0

    def _write(self, work: Callable[[sqlite3.Connection], ChangeRecorder | None]) -> int:
        """Run ``work`` in a write transaction and bump the version, logging what its
        recorder heard in the same transaction; roll back instead if it changed
        nothing. Work without a recorder (clearing) bumps without a log entry."""
        if self._closed:
            raise Unavailable(f"the store at {self._path} is closed")
        with write_transaction(self._writer) as conn:
            log = work(conn)
            if log is not None and not log.changed:
                version = int(conn.execute(queries.READ_VERSION).fetchone()[0])
                conn.execute("ROLLBACK")
                return version
            version = int(conn.execute(queries.BUMP_VERSION).fetchall()[0][0])
            if log is not None:
                conn.execute(queries.INSERT_CHANGE, (version, *log.encoded()))
                conn.execute(queries.PRUNE_CHANGES, (version - self._changes_kept,))
        return version

    def clear(self) -> int:
        """Delete every node and relationship and empty the change log; return the new
        data version.

        Returns
        -------
        int
            The data version, one more than before.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
        1
        >>> store.clear()
        2
        >>> store.counts().nodes
        {}
        >>> store.close()
        """

        def recreate(conn: sqlite3.Connection) -> None:
            drop_graph_tables(conn)
            create_graph_tables(conn)
            conn.execute(queries.CLEAR_CHANGES)

        with self._write_lock, translate_errors(self._path):
            version = self._write(recreate)
            self._rows_since_analyze = self._rows_at_analyze = 0
            return version

    def forget(self, ref: NodeRef) -> int:
        """Blank every change log entry that names ``ref``; return how many were blanked.

        Used when a person is erased: the log keeps node keys, and a key may be
        personal data. A blanked entry reads as a batch too large to list, so readers
        whose range covers it rebuild; the data version does not move.

        Parameters
        ----------
        ref
            The node (usually an erased person) to leave no trace of in the log.

        Returns
        -------
        int
            How many entries were blanked.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
        1
        >>> store.forget(NodeRef(Label.TOPIC, "math"))
        1
        >>> store.changes_since(0) is None, store.data_version()
        (True, 1)
        >>> store.close()
        """
        mention = mention_of(ref)
        with self._write_lock, translate_errors(self._path):
            if self._closed:
                raise Unavailable(f"the store at {self._path} is closed")
            with write_transaction(self._writer) as conn:
                blanked = conn.execute(queries.FORGET_CHANGES, (mention, mention)).rowcount
            return blanked

    # ---------------------------------------------------------------------- reads

    def data_version(self) -> int:
        """The number of write batches applied to this database so far.

        It persists across reopening and is shared by every process using the file.

        Returns
        -------
        int
            The current data version.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.data_version()
        0
        >>> store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
        1
        >>> store.data_version()
        1
        >>> store.close()
        """
        with self._reading() as conn:
            return int(conn.execute(queries.READ_VERSION).fetchone()[0])

    def changes_since(self, version: int) -> list[Change] | None:
        """What every write batch committed after ``version`` changed, oldest first.

        Reads the version and the change log from one snapshot, by a range of the
        log's primary key.

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
        >>> store = EmbeddedStore.in_memory()
        >>> store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
        1
        >>> [(c.version, [n.key for n in c.nodes]) for c in store.changes_since(0)]
        [(1, ['math'])]
        >>> store.changes_since(1)
        []
        >>> store.clear()
        2
        >>> store.changes_since(1) is None
        True
        >>> store.close()
        """
        with self._snapshot() as conn:
            current = int(conn.execute(queries.READ_VERSION).fetchone()[0])
            rows: list[tuple[int, str | None, str | None]] = []
            if version < current:
                rows = conn.execute(queries.READ_CHANGES, (version, current)).fetchall()
        return read_changes(version, current, rows)

    def get_nodes(self, refs: Sequence[NodeRef]) -> list[Node | None]:
        """The nodes for ``refs`` in order, ``None`` where one does not exist.

        Parameters
        ----------
        refs
            The nodes wanted; repeats are fine.

        Returns
        -------
        list of Node or None
            As long as ``refs``.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
        1
        >>> found = store.get_nodes([NodeRef(Label.TOPIC, "art"), NodeRef(Label.TOPIC, "math")])
        >>> [node and node.props["name"] for node in found]
        [None, 'Math']
        >>> store.close()
        """
        found: list[Node | None] = [None] * len(refs)
        if not refs:
            return found
        with self._reading() as conn:
            for position, _, props in conn.execute(queries.FIND_NODES, (refs_json(refs),)):
                ref = refs[position]
                found[position] = Node(ref.label, ref.key, orjson.loads(props))
        return found

    def get_relationships(self, refs: Sequence[RelRef]) -> list[Relationship | None]:
        """The relationships for ``refs`` in order with their properties, ``None``
        where one does not exist; one statement for all of them.

        Parameters
        ----------
        refs
            The relationships wanted; repeats are fine.

        Returns
        -------
        list of Relationship or None
            As long as ``refs``.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> ada, math = NodeRef(Label.PERSON, "ada"), NodeRef(Label.TOPIC, "math")
        >>> store.upsert_nodes([Node(ada.label, ada.key, {"name": "Ada"}),
        ...                     Node(math.label, math.key, {"name": "Math"})])
        1
        >>> store.upsert_relationships([Relationship(RelType.SKILLED_IN, ada, math,
        ...                                          {"level": 4})])
        2
        >>> found = store.get_relationships([RelRef(RelType.INTERESTED_IN, ada, math),
        ...                                  RelRef(RelType.SKILLED_IN, ada, math)])
        >>> [rel and rel.props for rel in found]
        [None, {'level': 4}]
        >>> store.close()
        """
        found: list[Relationship | None] = [None] * len(refs)
        if not refs:
            return found
        with self._reading() as conn:
            for position, props in conn.execute(queries.FIND_RELATIONSHIPS, (rel_refs_json(refs),)):
                ref = refs[position]
                found[position] = Relationship(ref.type, ref.start, ref.end, orjson.loads(props))
        return found

    def read_plan(self, plan: ReadPlan) -> PlanResult:
        """Answer a whole read plan: the nodes in one statement, then one statement per
        step for all its parents (:func:`graph.plans.read_by_levels`).

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.upsert_nodes([Node(Label.PERSON, "ada", {"name": "Ada"})])
        1
        >>> from graph.plans import PlanStep
        >>> hop = Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT)
        >>> found = store.read_plan(ReadPlan(Label.PERSON, ("ada", "bob"), (PlanStep(hop),)))
        >>> [node and node.key for node in found.nodes.values()]
        ['ada', None]
        >>> found.pages[Label.PERSON, PlanStep(hop)]["ada"].total
        0
        >>> store.close()
        """
        return read_by_levels(self, plan)

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
        """For each key, a page of the neighbours over ``hop`` that meet ``where``.

        One statement serves every key: neighbours are numbered per key in key order,
        and the page is cut from that numbering.

        Parameters
        ----------
        label
            The label of the nodes named by ``keys``.
        keys
            The nodes to step from.
        hop
            The relationship type, direction and the label of the nodes reached.
        where
            Conditions on the nodes reached.
        offset, limit
            The page of each key's neighbours (ordered by key); ``limit=None`` for all.

        Returns
        -------
        dict of str to NeighbourPage
            An entry for every key (empty for a missing node), with the number of
            neighbours before paging.

        Raises
        ------
        InvalidInput
            For a negative offset or limit, or a condition the other label cannot take.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> batch = WriteBatch()
        >>> batch.upsert_nodes([Node(Label.PERSON, "ada", {"name": "Ada"})] + [
        ...     Node(Label.TOPIC, t, {"name": t.title()}) for t in ("art", "logic", "math")])
        >>> batch.upsert_relationships([Relationship(RelType.INTERESTED_IN,
        ...     NodeRef(Label.PERSON, "ada"), NodeRef(Label.TOPIC, t)) for t in ("math", "art")])
        >>> store.apply(batch)
        1
        >>> hop = Hop(RelType.INTERESTED_IN, Direction.OUT, Label.TOPIC)
        >>> pages = store.neighbours(Label.PERSON, ["ada", "bob"], hop, limit=1)
        >>> [n.node.key for n in pages["ada"].items], pages["ada"].total, pages["bob"].total
        (['art'], 2, 0)
        >>> store.close()
        """
        check_page(offset, limit)
        condition = compile_where(hop.other_label, where)
        items: dict[str, list[Neighbour]] = {key: [] for key in keys}
        totals: dict[str, int] = dict.fromkeys(keys, 0)
        if not keys:
            return {}
        template = (
            queries.NEIGHBOURS_OUT if hop.direction is Direction.OUT else queries.NEIGHBOURS_IN
        )
        last = _NO_LIMIT if limit is None else offset + limit
        params = (
            orjson.dumps(list(keys)).decode(),
            hop.rel_type.value,
            label.value,
            hop.other_label.value,
            *condition.params,
            offset,
            last,
        )
        other = hop.other_label
        with self._reading() as conn:
            rows = conn.execute(template.format(where=condition.sql), params)
            for origin, key, props, rel_props, position, total in rows:
                totals[origin] = total
                if offset < position <= last:
                    items[origin].append(
                        Neighbour(Node(other, key, orjson.loads(props)), orjson.loads(rel_props))
                    )
        return {key: NeighbourPage(items[key], totals[key]) for key in keys}

    def list_nodes(self, query: NodeQuery) -> Page:
        """A filtered, ordered page of one label's nodes and the number that match.

        Parameters
        ----------
        query
            The label, conditions, order and page.

        Returns
        -------
        Page
            The page's nodes and the total before paging.

        Raises
        ------
        InvalidInput
            When the query names a property its label does not have.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.upsert_nodes([Node(Label.TOPIC, k, {"name": n}) for k, n in
        ...                     [("m", "Math"), ("a", "Art"), ("l", "Logic")]])
        1
        >>> page = store.list_nodes(NodeQuery(Label.TOPIC, order_by="name", limit=2))
        >>> [node.props["name"] for node in page.items], page.total
        (['Art', 'Logic'], 3)
        >>> store.close()
        """
        check_query(query)
        label = query.label
        condition = compile_where(label, query.where)
        order = compile_order(ordering(label, query.order_by, query.descending))
        page_sql = queries.LIST_NODES.format(where=condition.sql, order=order)
        count_sql = queries.COUNT_NODES.format(where=condition.sql)
        params = (label.value, *condition.params)
        with self._snapshot() as conn:
            rows = conn.execute(page_sql, (*params, query.limit, query.offset)).fetchall()
            if len(rows) < query.limit and (rows or query.offset == 0):
                total = query.offset + len(rows)
            else:
                total = int(conn.execute(count_sql, params).fetchone()[0])
        return Page([Node(label, key, orjson.loads(props)) for key, props in rows], total)

    def search(
        self,
        text: str,
        *,
        labels: Sequence[Label] = (),
        where: Mapping[Label, Sequence[Condition]] | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """Full-text search over names, headlines and summaries, best first.

        Every word of ``text`` must match the start of a word of the node; case does
        not matter and no character of ``text`` is an operator. Ranking is BM25 with a
        name match weighing most; ties go by key.

        Parameters
        ----------
        text
            What to look for.
        labels
            Only these labels (all when empty).
        where
            Conditions that hits of a label must meet, per label.
        limit
            At most this many hits.

        Returns
        -------
        list of SearchHit
            Best first; ``score`` is higher for better hits.

        Raises
        ------
        InvalidInput
            When ``text`` has no words, or ``limit`` is negative.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.upsert_nodes([Node(Label.PERSON, "dp", {"name": "Donald Peurach"}),
        ...                     Node(Label.PERSON, "dc", {"name": "Donald Cohen"})])
        1
        >>> [hit.node.key for hit in store.search("peur DON")]
        ['dp']
        >>> store.search('"(AND*')
        []
        >>> store.close()
        """
        expression = match_expression(text)
        check_page(limit=limit)
        params: list[Any] = [expression]
        label_sql = "1"
        if labels:
            chosen = list(dict.fromkeys(label.value for label in labels))
            label_sql = f"n.label IN ({', '.join('?' for _ in chosen)})"
            params.extend(chosen)
        tests: list[str] = []
        for label, conditions in (where or {}).items():
            if not conditions:
                continue
            condition = compile_where(label, conditions)
            tests.append(f"(n.label <> ? OR ({condition.sql}))")
            params.extend((label.value, *condition.params))
        params.append(limit)
        sql = queries.SEARCH.format(
            weights=", ".join(repr(weight) for weight in column_weights()),
            labels=label_sql,
            where=" AND ".join(tests) or "1",
        )
        with self._reading() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [
            SearchHit(Node(_LABELS[label], key, orjson.loads(props)), float(score))
            for label, key, props, score in rows
        ]

    def iter_nodes(self, labels: Sequence[Label] = ()) -> Iterator[Node]:
        """Stream nodes by label then key, from one snapshot, a batch at a time.

        Parameters
        ----------
        labels
            Only these labels (all when empty).

        Yields
        ------
        Node
            Every node of the chosen labels.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"}),
        ...                     Node(Label.PERSON, "ada", {"name": "Ada"})])
        1
        >>> [(node.label.value, node.key) for node in store.iter_nodes()]
        [('Person', 'ada'), ('Topic', 'math')]
        >>> store.close()
        """
        chosen = sorted({label.value for label in labels or Label})
        with self._snapshot() as conn:
            for value in chosen:
                label = _LABELS[value]
                for key, props in _fetch(conn, queries.ITER_NODES, value):
                    yield Node(label, key, orjson.loads(props))

    def iter_relationships(self, types: Sequence[RelType] = ()) -> Iterator[Relationship]:
        """Stream relationships by type, start then end, from one snapshot.

        Parameters
        ----------
        types
            Only these types (all when empty).

        Yields
        ------
        Relationship
            Every relationship of the chosen types.

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"}),
        ...                     Node(Label.PERSON, "ada", {"name": "Ada"})])
        1
        >>> store.upsert_relationships([Relationship(RelType.SKILLED_IN,
        ...     NodeRef(Label.PERSON, "ada"), NodeRef(Label.TOPIC, "math"), {"level": 5})])
        2
        >>> [(r.start.key, r.end.key, r.props) for r in store.iter_relationships()]
        [('ada', 'math', {'level': 5})]
        >>> store.close()
        """
        chosen = sorted({rel_type.value for rel_type in types or RelType})
        with self._snapshot() as conn:
            for value in chosen:
                rel_type = _TYPES[value]
                rows = _fetch(conn, queries.ITER_RELATIONSHIPS, value)
                for start_label, start_key, end_label, end_key, props in rows:
                    yield Relationship(
                        rel_type,
                        NodeRef(_LABELS[start_label], start_key),
                        NodeRef(_LABELS[end_label], end_key),
                        orjson.loads(props),
                    )

    def counts(self) -> Counts:
        """How many nodes of each label and relationships of each type there are.

        Returns
        -------
        Counts
            Only labels and types that occur are listed (``as_json`` fills in zeros).

        Examples
        --------
        >>> store = EmbeddedStore.in_memory()
        >>> store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
        1
        >>> store.counts()
        Counts(nodes={'Topic': 1}, relationships={})
        >>> store.close()
        """
        with self._snapshot() as conn:
            nodes = {str(k): int(n) for k, n in conn.execute(queries.COUNT_NODES_BY_LABEL)}
            rels = {str(k): int(n) for k, n in conn.execute(queries.COUNT_RELATIONSHIPS_BY_TYPE)}
        return Counts(nodes=nodes, relationships=rels)
