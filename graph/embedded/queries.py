"""The embedded store's SQL, as parameterized constants.

Many keys travel as one JSON array parameter read with ``json_each``, so a request for
a thousand keys is one statement with one parameter. Templates with ``{where}`` or
``{order}`` take SQL compiled by :mod:`graph.embedded.conditions` from model property
names only; every value is a ``?`` parameter.

Examples
--------
>>> "?" in FIND_NODES and "json_each" in FIND_NODES
True
"""

from __future__ import annotations

from graph.model import RelType
from graph.text import SEARCHABLE_PROPS

__all__ = [
    "BUMP_VERSION",
    "CLEAR_CHANGES",
    "COUNT_NODES",
    "COUNT_NODES_BY_LABEL",
    "COUNT_RELATIONSHIPS_BY_TYPE",
    "DELETE_NODE",
    "DELETE_NODE_TEXT",
    "DELETE_RELATIONSHIP",
    "DELETE_RELATIONSHIPS_FROM",
    "DELETE_RELATIONSHIPS_TO",
    "FIND_NODES",
    "FIND_RELATIONSHIPS",
    "FIRST_MISSING_RELATIONSHIP",
    "FORGET_CHANGES",
    "GRAPH_IS_EMPTY",
    "INSERT_CHANGE",
    "INSERT_NODE",
    "INSERT_NODE_TEXT",
    "INSERT_RELATIONSHIP",
    "ITER_NODES",
    "ITER_RELATIONSHIPS",
    "LIST_NODES",
    "MAX_NODE_ID",
    "MERGE_RELATIONSHIP",
    "MISSING_NODES",
    "NEIGHBOURS_IN",
    "NEIGHBOURS_OUT",
    "PRUNE_CHANGES",
    "READ_CHANGES",
    "READ_VERSION",
    "RELATIONSHIPS_OF_NODES",
    "SEARCH",
    "SET_NODE_PROPS",
    "SET_RELATIONSHIP_PROPS",
]

READ_VERSION = "SELECT value FROM meta WHERE name = 'data_version'"

BUMP_VERSION = "UPDATE meta SET value = value + 1 WHERE name = 'data_version' RETURNING value"

# ------------------------------------------------------------------- the change log

INSERT_CHANGE = "INSERT INTO changes (version, nodes, relationships) VALUES (?, ?, ?)"

# Parameter: the newest version to drop. Deletes a prefix of the table, usually one row.
PRUNE_CHANGES = "DELETE FROM changes WHERE version <= ?"

CLEAR_CHANGES = "DELETE FROM changes"

# Parameter: a ref's mention (graph.changelog.mention_of), twice. Blanked entries read
# as "too large to list".
FORGET_CHANGES = """
UPDATE changes SET nodes = NULL, relationships = NULL
WHERE instr(nodes, ?) > 0 OR instr(relationships, ?) > 0
"""

READ_CHANGES = """
SELECT version, nodes, relationships FROM changes
WHERE version > ? AND version <= ? ORDER BY version
"""

# ------------------------------------------------------------------------ writes

MAX_NODE_ID = "SELECT COALESCE(MAX(id), 0) FROM nodes"

INSERT_NODE = "INSERT INTO nodes (id, label, key, props) VALUES (?, ?, ?, ?)"

SET_NODE_PROPS = "UPDATE nodes SET props = ? WHERE id = ?"

DELETE_NODE = "DELETE FROM nodes WHERE id = ?"

_TEXT_COLUMNS = ", ".join(SEARCHABLE_PROPS)
_TEXT_VALUES = ", ".join("?" for _ in SEARCHABLE_PROPS)

# One row per statement: plain VALUES keeps FTS5 buffering terms across the batch.
INSERT_NODE_TEXT = f"INSERT INTO node_text (rowid, {_TEXT_COLUMNS}) VALUES (?, {_TEXT_VALUES})"

DELETE_NODE_TEXT = "DELETE FROM node_text WHERE rowid = ?"

# Naming every type lets the primary key (type, start_label, start_key, ...) serve.
_EVERY_TYPE = ", ".join(f"'{rel_type.value}'" for rel_type in RelType)

DELETE_RELATIONSHIPS_FROM = f"""
DELETE FROM relationships
WHERE type IN ({_EVERY_TYPE}) AND start_label = ? AND start_key = ?
"""

DELETE_RELATIONSHIPS_TO = "DELETE FROM relationships WHERE end_label = ? AND end_key = ?"

INSERT_RELATIONSHIP = """
INSERT INTO relationships (type, start_label, start_key, end_label, end_key, props)
VALUES (?, ?, ?, ?, ?, ?)
"""

# For loading an empty store: repeats of a relationship merge as upserts do (a later
# record's properties win).
MERGE_RELATIONSHIP = """
INSERT INTO relationships (type, start_label, start_key, end_label, end_key, props)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (type, start_label, start_key, end_label, end_key)
DO UPDATE SET props = json_patch(props, excluded.props)
"""

GRAPH_IS_EMPTY = """
SELECT NOT EXISTS (SELECT 1 FROM nodes) AND NOT EXISTS (SELECT 1 FROM relationships)
"""

SET_RELATIONSHIP_PROPS = """
UPDATE relationships SET props = ?
WHERE type = ? AND start_label = ? AND start_key = ? AND end_label = ? AND end_key = ?
"""

# Every relationship at the [label, key] pairs of the parameter, from either end (a
# relationship between two of them comes twice).
RELATIONSHIPS_OF_NODES = f"""
WITH ref (label, key) AS (SELECT value ->> 0, value ->> 1 FROM json_each(?1))
SELECT r.type, r.start_label, r.start_key, r.end_label, r.end_key
FROM ref CROSS JOIN relationships AS r
  ON r.type IN ({_EVERY_TYPE}) AND r.start_label = ref.label AND r.start_key = ref.key
UNION ALL
SELECT r.type, r.start_label, r.start_key, r.end_label, r.end_key
FROM ref CROSS JOIN relationships AS r ON r.end_label = ref.label AND r.end_key = ref.key
"""

DELETE_RELATIONSHIP = """
DELETE FROM relationships
WHERE type = ? AND start_label = ? AND start_key = ? AND end_label = ? AND end_key = ?
"""

# The positions of the [label, key] pairs of the parameter that do not exist.
MISSING_NODES = """
SELECT ref.key FROM json_each(?) AS ref
WHERE NOT EXISTS (SELECT 1 FROM nodes WHERE label = ref.value ->> 0 AND key = ref.value ->> 1)
"""

# Each item is [type, start_label, start_key, end_label, end_key].
FIRST_MISSING_RELATIONSHIP = """
SELECT MIN(ref.key) FROM json_each(?) AS ref
WHERE NOT EXISTS (
    SELECT 1 FROM relationships
    WHERE type = ref.value ->> 0 AND start_label = ref.value ->> 1
      AND start_key = ref.value ->> 2 AND end_label = ref.value ->> 3
      AND end_key = ref.value ->> 4
)
"""

# ------------------------------------------------------------------------- reads

# Each item of the parameter is [label, key]; rows carry the item's position.
FIND_NODES = """
SELECT ref.key, n.id, n.props FROM json_each(?) AS ref
CROSS JOIN nodes AS n ON n.label = ref.value ->> 0 AND n.key = ref.value ->> 1
"""

# Each item is [type, start_label, start_key, end_label, end_key]; rows carry the
# item's position.
FIND_RELATIONSHIPS = """
SELECT ref.key, r.props FROM json_each(?) AS ref
CROSS JOIN relationships AS r
  ON r.type = ref.value ->> 0 AND r.start_label = ref.value ->> 1
 AND r.start_key = ref.value ->> 2 AND r.end_label = ref.value ->> 3
 AND r.end_key = ref.value ->> 4
"""

COUNT_NODES = "SELECT COUNT(*) FROM nodes AS n WHERE n.label = ? AND ({where})"

LIST_NODES = """
SELECT n.key, n.props FROM nodes AS n WHERE n.label = ? AND ({where})
ORDER BY {order} LIMIT ? OFFSET ?
"""

# CROSS JOIN keeps SQLite from guessing another join order: the requested keys drive
# the lookups (without statistics the planner may scan the relationships instead).
# Parameters: keys (JSON array), relationship type, this label, other label,
# the {where} parameters, first position, last position. Every requested key that has
# matches yields its first row, so its total is known even past the page.
_NEIGHBOURS = """
WITH requested (key) AS (SELECT DISTINCT value FROM json_each(?)),
matched AS (
    SELECT requested.key AS origin, n.key AS key, n.props AS props, r.props AS rel_props,
           ROW_NUMBER() OVER per_key AS position,
           COUNT(*) OVER per_key AS total
    FROM requested
    CROSS JOIN relationships AS r
      ON r.type = ? AND r.{near}_label = ? AND r.{near}_key = requested.key
     AND r.{far}_label = ?
    JOIN nodes AS n ON n.label = r.{far}_label AND n.key = r.{far}_key
    WHERE {{where}}
    WINDOW per_key AS (
        PARTITION BY requested.key ORDER BY n.key
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    )
)
SELECT origin, key, props, rel_props, position, total FROM matched
WHERE position = 1 OR (position > ? AND position <= ?)
ORDER BY origin, position
"""

NEIGHBOURS_OUT = _NEIGHBOURS.format(near="start", far="end")

NEIGHBOURS_IN = _NEIGHBOURS.format(near="end", far="start")

# Parameters: match expression, label filter ({labels}), {where} parameters, limit.
SEARCH = """
SELECT n.label, n.key, n.props, -bm25(node_text, {weights}) AS score
FROM node_text JOIN nodes AS n ON n.id = node_text.rowid
WHERE node_text MATCH ? AND ({labels}) AND ({where})
ORDER BY score DESC, n.key, n.label
LIMIT ?
"""

ITER_NODES = "SELECT key, props FROM nodes WHERE label = ? ORDER BY key"

ITER_RELATIONSHIPS = """
SELECT start_label, start_key, end_label, end_key, props FROM relationships
WHERE type = ? ORDER BY start_label, start_key, end_label, end_key
"""

COUNT_NODES_BY_LABEL = "SELECT label, COUNT(*) FROM nodes GROUP BY label"

COUNT_RELATIONSHIPS_BY_TYPE = "SELECT type, COUNT(*) FROM relationships GROUP BY type"
