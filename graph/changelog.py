"""The change log both stores keep: what each committed write batch changed.

A store records, in the transaction of every batch that changes something, one entry
under the data version the batch produced: the node and relationship refs it touched
(as JSON text), or a marker when the batch touched more than a limit. A reader that
built something at version ``v`` asks for the entries after ``v``; :func:`read_changes`
turns them into :class:`~graph.store.Change` values, or ``None`` when they do not
cover the range completely.

Examples
--------
>>> recorder = ChangeRecorder(max_refs=10)
>>> recorder.node(NodeRef(Label.TOPIC, "math"))
>>> entry = (4, *recorder.encoded())
>>> entry
(4, '[["Topic","math"]]', '[]')
>>> read_changes(3, 4, [entry])[0].nodes
(NodeRef(label=<Label.TOPIC: 'Topic'>, key='math'),)
"""

from __future__ import annotations

from collections.abc import Iterable

import orjson

from graph.model import Label, NodeRef, RelRef, RelType
from graph.store import CHANGE_LOG_MAX_REFS, Change

__all__ = ["ChangeRecorder", "Entry", "mention_of", "read_changes"]

# (version, node refs as JSON or None, relationship refs as JSON or None); both None
# mark a batch too large to list.
Entry = tuple[int, str | None, str | None]

_LABELS = {label.value: label for label in Label}
_TYPES = {rel_type.value: rel_type for rel_type in RelType}


def mention_of(ref: NodeRef) -> str:
    """The text that every encoded log entry naming ``ref`` contains, as a node or as
    either end of a relationship (a label is always followed by its key).

    Examples
    --------
    >>> mention_of(NodeRef(Label.PERSON, "ada"))
    '"Person","ada"'
    >>> recorder = ChangeRecorder()
    >>> recorder.relationship(RelRef(RelType.INTERESTED_IN,
    ...     NodeRef(Label.PERSON, "ada"), NodeRef(Label.TOPIC, "math")))
    >>> mention_of(NodeRef(Label.PERSON, "ada")) in recorder.encoded()[1]
    True
    """
    return orjson.dumps([str(ref.label), ref.key]).decode()[1:-1]


class ChangeRecorder:
    """Collects the refs one write batch changes, each once, in first-touched order.

    Past ``max_refs`` refs it stops listing them and only remembers that the batch
    changed something (and was too large to list).

    Parameters
    ----------
    max_refs
        The most node and relationship refs an entry lists.

    Examples
    --------
    >>> recorder = ChangeRecorder(max_refs=1)
    >>> recorder.changed
    False
    >>> recorder.nodes([NodeRef(Label.TOPIC, "a"), NodeRef(Label.TOPIC, "b")])
    >>> recorder.changed, recorder.overflowed
    (True, True)
    >>> recorder.encoded()
    (None, None)
    """

    def __init__(self, max_refs: int = CHANGE_LOG_MAX_REFS) -> None:
        self.max_refs = max_refs
        self.changed = False
        self.overflowed = False
        # Plain text tuples: they hash far faster than refs holding enum members.
        self._nodes: dict[tuple[str, str], None] = {}
        self._relationships: dict[tuple[str, str, str, str, str], None] = {}

    def _room(self) -> bool:
        self.changed = True
        if self.overflowed:
            return False
        if len(self._nodes) + len(self._relationships) >= self.max_refs:
            self.overflowed = True
            self._nodes.clear()
            self._relationships.clear()
            return False
        return True

    def everything(self) -> None:
        """Record that the batch changed more than any entry lists (a bulk load).

        Examples
        --------
        >>> recorder = ChangeRecorder()
        >>> recorder.everything()
        >>> recorder.changed, recorder.encoded()
        (True, (None, None))
        """
        self.changed = True
        self.overflowed = True
        self._nodes.clear()
        self._relationships.clear()

    def node(self, ref: NodeRef) -> None:
        """Record that the node ``ref`` was created, changed or deleted.

        Examples
        --------
        >>> recorder = ChangeRecorder()
        >>> recorder.node(NodeRef(Label.TOPIC, "a"))
        >>> recorder.node(NodeRef(Label.TOPIC, "a"))
        >>> recorder.encoded()[0]
        '[["Topic","a"]]'
        """
        row = (str(ref.label), ref.key)
        if row in self._nodes:
            return
        if self._room():
            self._nodes[row] = None

    def nodes(self, refs: Iterable[NodeRef]) -> None:
        """Record several nodes (see :meth:`node`).

        Examples
        --------
        >>> recorder = ChangeRecorder()
        >>> recorder.nodes([])
        >>> recorder.changed
        False
        """
        for ref in refs:
            self.node(ref)

    def relationship(self, ref: RelRef) -> None:
        """Record that the relationship ``ref`` was created, changed or deleted.

        Examples
        --------
        >>> recorder = ChangeRecorder()
        >>> recorder.relationship(RelRef(RelType.INTERESTED_IN,
        ...     NodeRef(Label.PERSON, "ada"), NodeRef(Label.TOPIC, "math")))
        >>> recorder.encoded()[1]
        '[["INTERESTED_IN","Person","ada","Topic","math"]]'
        """
        start, end = ref.start, ref.end
        self.relationship_row((str(ref.type), str(start.label), start.key, str(end.label), end.key))

    def relationship_row(self, row: tuple[str, str, str, str, str]) -> None:
        """Record a relationship given as ``(type, start label, start key, end label,
        end key)`` text, the form bulk writes already hold.

        Examples
        --------
        >>> recorder = ChangeRecorder()
        >>> recorder.relationship_row(("INTERESTED_IN", "Person", "ada", "Topic", "math"))
        >>> recorder.encoded()[1]
        '[["INTERESTED_IN","Person","ada","Topic","math"]]'
        """
        if row in self._relationships:
            return
        if self._room():
            self._relationships[row] = None

    def relationships(self, refs: Iterable[RelRef]) -> None:
        """Record several relationships (see :meth:`relationship`).

        Examples
        --------
        >>> recorder = ChangeRecorder()
        >>> recorder.relationships([])
        >>> recorder.encoded()
        ('[]', '[]')
        """
        for ref in refs:
            self.relationship(ref)

    def encoded(self) -> tuple[str | None, str | None]:
        """The node refs and relationship refs as JSON text, or ``(None, None)`` when
        the batch was too large to list.

        Examples
        --------
        >>> ChangeRecorder().encoded()
        ('[]', '[]')
        """
        if self.overflowed:
            return None, None
        return (
            orjson.dumps(list(self._nodes)).decode(),
            orjson.dumps(list(self._relationships)).decode(),
        )


def _decode(version: int, nodes: str, relationships: str) -> Change:
    return Change(
        version,
        tuple(NodeRef(_LABELS[label], key) for label, key in orjson.loads(nodes)),
        tuple(
            RelRef(
                _TYPES[rel_type],
                NodeRef(_LABELS[start_label], start_key),
                NodeRef(_LABELS[end_label], end_key),
            )
            for rel_type, start_label, start_key, end_label, end_key in orjson.loads(relationships)
        ),
    )


def read_changes(after: int, current: int, entries: Iterable[Entry]) -> list[Change] | None:
    """The changes after version ``after`` up to ``current``, or ``None`` if the log
    entries do not cover every version in between or one of them is too large to list.

    Parameters
    ----------
    after
        The version the reader is at.
    current
        The store's data version, read in the same transaction as ``entries``.
    entries
        The log entries with versions above ``after``, oldest first.

    Returns
    -------
    list of Change or None
        ``[]`` when ``after == current``; ``None`` when the reader must rebuild.

    Examples
    --------
    >>> read_changes(5, 5, [])
    []
    >>> read_changes(6, 5, []) is None
    True
    >>> read_changes(3, 5, [(5, "[]", "[]")]) is None  # version 4 is not in the log
    True
    >>> read_changes(4, 5, [(5, None, None)]) is None  # too large to list
    True
    """
    if after > current:
        return None
    changes: list[Change] = []
    expected = after + 1
    for version, nodes, relationships in entries:
        if version > current:
            break
        if version != expected or nodes is None or relationships is None:
            return None
        changes.append(_decode(version, nodes, relationships))
        expected += 1
    if expected != current + 1:
        return None
    return changes
