"""The embedded store's tables, indexes, full-text index and their upkeep.

Nodes and relationships keep their properties as one JSON object each; SQLite's JSON
functions filter and order on them. The full-text table ``node_text`` mirrors the
searchable properties of every node (see ``PropSpec.searchable``); its rowid is the
node's ``id``, and the writes keep it in step inside the writing transaction. The
``changes`` table is the change log (see :mod:`graph.changelog`): one row per write
batch, keyed by the data version it produced.

Examples
--------
>>> conn = sqlite3.connect(":memory:", isolation_level=None)
>>> ensure_schema(conn)
>>> conn.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()[0]
2
"""

from __future__ import annotations

import sqlite3

from graph.embedded.connections import write_transaction
from graph.text import SEARCHABLE_PROPS

__all__ = [
    "CLEAR_NODE_TEXT",
    "DATABASE_FILE",
    "DROP_SECONDARY_INDEXES",
    "FILL_NODE_TEXT",
    "SCHEMA_VERSION",
    "SECONDARY_INDEXES",
    "SchemaTooNew",
    "create_change_log",
    "create_graph_tables",
    "drop_graph_tables",
    "ensure_schema",
]

DATABASE_FILE = "convene.sqlite3"
# 1: nodes, relationships, full text. 2: the change log.
SCHEMA_VERSION = 2


# Token characters are letters, numbers, marks and private-use characters; everything
# else separates words. graph.text splits search text by the same rule.
TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"

CREATE_META = """
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID
"""

INIT_META = """
INSERT OR IGNORE INTO meta (name, value)
VALUES ('data_version', 0), ('schema_version', ?)
"""

READ_SCHEMA_VERSION = "SELECT value FROM meta WHERE name = 'schema_version'"

SET_SCHEMA_VERSION = "UPDATE meta SET value = ? WHERE name = 'schema_version'"

# ``nodes`` and ``relationships`` hold JSON arrays of refs; both NULL mark a batch too
# large to list. The version is the rowid, so reading a range is a B-tree seek and
# pruning the oldest rows deletes a prefix.
CREATE_CHANGES = """
CREATE TABLE IF NOT EXISTS changes (
    version INTEGER PRIMARY KEY,
    nodes TEXT,
    relationships TEXT
)
"""

# ``id`` is an explicit alias of the rowid so that it never changes (VACUUM may
# renumber an implicit rowid), because the full-text rows point at it.
CREATE_NODES = """
CREATE TABLE IF NOT EXISTS nodes (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    key TEXT NOT NULL,
    props TEXT NOT NULL,
    UNIQUE (label, key)
)
"""

CREATE_NODES_BY_NAME = """
CREATE INDEX IF NOT EXISTS nodes_by_name
ON nodes (label, json_extract(props, '$.name'), key)
"""

# The primary key serves lookups from the start node (queries name the type, or all
# types with ``type IN (...)``); relationships_by_end serves the reverse direction. A
# (start_label, start_key, type) index would only duplicate the key and slow imports.
CREATE_RELATIONSHIPS = """
CREATE TABLE IF NOT EXISTS relationships (
    type TEXT NOT NULL,
    start_label TEXT NOT NULL,
    start_key TEXT NOT NULL,
    end_label TEXT NOT NULL,
    end_key TEXT NOT NULL,
    props TEXT NOT NULL,
    PRIMARY KEY (type, start_label, start_key, end_label, end_key)
) WITHOUT ROWID
"""

CREATE_RELATIONSHIPS_BY_END = """
CREATE INDEX IF NOT EXISTS relationships_by_end
ON relationships (end_label, end_key, type)
"""


_COLUMNS = ", ".join(SEARCHABLE_PROPS)

# Kept in step by graph.embedded.writes rather than by triggers: FTS5 flushes its
# pending terms at every statement savepoint, and a trigger on each node write would
# make a bulk import several times slower.
CREATE_NODE_TEXT = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS node_text USING fts5 (
    {_COLUMNS},
    tokenize = "{TOKENIZER}"
)
"""

_EXTRACT = ", ".join(f"json_extract(props, '$.{name}')" for name in SEARCHABLE_PROPS)

FILL_NODE_TEXT = f"INSERT INTO node_text (rowid, {_COLUMNS}) SELECT id, {_EXTRACT} FROM nodes"

DROP_NODE_TEXT = "DROP TABLE IF EXISTS node_text"

NODE_TEXT_COLUMNS = "SELECT name FROM pragma_table_info('node_text') ORDER BY cid"

SCHEMA_OBJECTS = "SELECT name FROM sqlite_schema"

_OBJECTS = frozenset(
    {
        "meta",
        "changes",
        "nodes",
        "nodes_by_name",
        "relationships",
        "relationships_by_end",
        "node_text",
    }
)

# The indexes beside the tables' own keys: a load into an empty store builds them (and
# the full-text table) once at the end, from sorted rows, rather than row by row.
SECONDARY_INDEXES = (CREATE_NODES_BY_NAME, CREATE_RELATIONSHIPS_BY_END)

DROP_SECONDARY_INDEXES = (
    "DROP INDEX IF EXISTS nodes_by_name",
    "DROP INDEX IF EXISTS relationships_by_end",
)

CLEAR_NODE_TEXT = "DELETE FROM node_text"

GRAPH_TABLES = (
    CREATE_NODES,
    CREATE_NODES_BY_NAME,
    CREATE_RELATIONSHIPS,
    CREATE_RELATIONSHIPS_BY_END,
    CREATE_NODE_TEXT,
)

DROP_GRAPH_TABLES = (
    DROP_NODE_TEXT,
    "DROP TABLE IF EXISTS relationships",
    "DROP TABLE IF EXISTS nodes",
)


class SchemaTooNew(Exception):
    """The database was written by a newer Convene with a schema this one cannot read.

    >>> SchemaTooNew(7).version
    7
    """

    def __init__(self, version: int) -> None:
        super().__init__(f"schema version {version} is newer than {SCHEMA_VERSION}")
        self.version = version


def create_graph_tables(conn: sqlite3.Connection) -> None:
    """Create the node, relationship and full-text tables when they are missing.

    Runs statement by statement (never ``executescript``, which would commit), so it
    can be part of a larger transaction.

    Parameters
    ----------
    conn
        An open connection.

    Examples
    --------
    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> create_graph_tables(conn)
    >>> conn.execute("SELECT COUNT(*) FROM relationships").fetchone()[0]
    0
    """
    for statement in GRAPH_TABLES:
        conn.execute(statement)


def create_change_log(conn: sqlite3.Connection) -> None:
    """Create the change log table when it is missing (a database from schema 1 has
    none: its log starts empty, so readers of older versions rebuild once).

    Parameters
    ----------
    conn
        An open connection.

    Examples
    --------
    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> create_change_log(conn)
    >>> conn.execute("SELECT COUNT(*) FROM changes").fetchone()[0]
    0
    """
    conn.execute(CREATE_CHANGES)


def drop_graph_tables(conn: sqlite3.Connection) -> None:
    """Drop the node, relationship and full-text tables (the ``meta`` table stays).

    Dropping is much faster than deleting row by row.

    Parameters
    ----------
    conn
        An open connection, usually inside a write transaction.

    Examples
    --------
    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> ensure_schema(conn)
    >>> drop_graph_tables(conn)
    >>> conn.execute("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'nodes'").fetchone()[0]
    0
    """
    for statement in DROP_GRAPH_TABLES:
        conn.execute(statement)


def _is_current(conn: sqlite3.Connection) -> bool:
    """Whether the schema needs no change; reads only, so it never waits for a writer."""
    present = {row[0] for row in conn.execute(SCHEMA_OBJECTS)}
    if not present >= _OBJECTS:
        return False
    version = int(conn.execute(READ_SCHEMA_VERSION).fetchone()[0])
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(version)
    columns = tuple(row[0] for row in conn.execute(NODE_TEXT_COLUMNS))
    return version == SCHEMA_VERSION and columns == SEARCHABLE_PROPS


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Bring a database up to the current schema.

    A current database is only read, so opening one never waits for another
    process's write. Otherwise, in one write transaction: creates what is missing
    (the change log of schema 2 among it), records the schema version, and rebuilds
    the full-text table when the model's searchable properties changed since it was
    built.

    Parameters
    ----------
    conn
        A connection in autocommit mode (``isolation_level=None``).

    Raises
    ------
    SchemaTooNew
        The database was written with a newer schema version.

    Examples
    --------
    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> ensure_schema(conn)
    >>> ensure_schema(conn)  # idempotent
    >>> [row[0] for row in conn.execute(NODE_TEXT_COLUMNS)]
    ['name', 'headline', 'summary']
    """
    if _is_current(conn):
        return
    with write_transaction(conn):
        conn.execute(CREATE_META)
        conn.execute(INIT_META, (SCHEMA_VERSION,))
        version = int(conn.execute(READ_SCHEMA_VERSION).fetchone()[0])
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(version)
        columns = tuple(row[0] for row in conn.execute(NODE_TEXT_COLUMNS))
        rebuild_text = bool(columns) and columns != SEARCHABLE_PROPS
        if rebuild_text:
            conn.execute(DROP_NODE_TEXT)
        create_graph_tables(conn)
        create_change_log(conn)
        if rebuild_text:
            conn.execute(FILL_NODE_TEXT)
        conn.execute(SET_SCHEMA_VERSION, (SCHEMA_VERSION,))
