"""Load record files into a store in two passes: check everything, then write.

The first pass reads every input (:mod:`graph.sources`: JSON Lines, or the CSV pair of
the Gephi export) once, checks each record against the model, and keeps a compact key
index (per label, each key and where it was defined) and the checked records in two
temporary files, nodes and relationships. Relationship ends that are neither in the
index nor yet seen are looked up in the store, in batches, when the pass ends. Memory
holds the index, not the records, whatever the size of the input.

An input with any invalid record (bad JSON or UTF-8, an unknown label, a missing key, a
wrong type, a duplicate key, a relationship to a node that is neither in the input nor
in the store) is refused whole: :class:`ImportRefused` lists the first
:data:`MAX_ERRORS_KEPT` bad records with file, line, record and field, and counts them
all; nothing is written. With ``skip_invalid`` the valid records are written and the
rest reported.

The second pass writes the checked records, nodes first, in batches. A store that can
load an empty database faster (``load_into_empty``, see :class:`EmptyStoreLoader`) does
so when it is empty. Writes are upserts, so loading the same files twice changes
nothing, and an import that was interrupted is finished by running it again.

Examples
--------
>>> import tempfile
>>> from graph.embedded.store import EmbeddedStore
>>> store = EmbeddedStore.in_memory()
>>> path = Path(tempfile.mkdtemp()) / "topics.jsonl"
>>> _ = path.write_text('{"label": "Topic", "key": "math", "props": {"name": "Math"}}\\n')
>>> load_files(store, [path]).nodes
1
>>> store.counts().nodes["Topic"]
1
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol, TypeVar, runtime_checkable

import orjson

from graph.model import Label, Node, NodeRef, Relationship, RelType
from graph.records import CheckedNode, CheckedRelationship, RecordError, format_ref
from graph.sources import Input, open_inputs
from graph.store import GraphStore, UpsertNodes, UpsertRelationships, WriteBatch, batched
from graph.validation import validate_node, validate_relationship

__all__ = [
    "MAX_ERRORS_KEPT",
    "CheckedInput",
    "EmptyStoreLoader",
    "ImportRefused",
    "ImportReport",
    "check_files",
    "load_files",
    "load_records",
]

Progress = Callable[[int, int], None]
T = TypeVar("T")

MAX_ERRORS_KEPT = 1000
"""The most invalid records an import describes; it counts all of them."""

_LOOKUP_CHUNK = 1000
_LINE_BITS = 40
_LABELS = {label.value: label for label in Label}
_TYPES = {rel_type.value: rel_type for rel_type in RelType}


@dataclass
class ImportReport:
    """What an import wrote and what it refused (``invalid`` counts every refused
    record; ``errors`` describes the first of them)."""

    nodes: int = 0
    relationships: int = 0
    errors: list[RecordError] = field(default_factory=list)
    version: int | None = None
    invalid: int = 0


class ImportRefused(Exception):
    """Input was refused whole; ``errors`` describes the first bad records with their
    line and reason, ``total`` counts them all.

    >>> refused = ImportRefused([RecordError("a.jsonl", 1, "", "json", "not valid JSON")])
    >>> str(refused), refused.total
    ('a.jsonl:1: json: not valid JSON', 1)
    """

    def __init__(self, errors: Sequence[RecordError], total: int | None = None) -> None:
        self.errors = list(errors)
        self.total = len(self.errors) if total is None else total
        super().__init__("\n".join(str(e) for e in self.errors))


@runtime_checkable
class EmptyStoreLoader(Protocol):
    """A store that loads checked records into an empty database faster than upserts."""

    def load_into_empty(
        self,
        nodes: Iterable[Node],
        rels: Iterable[Relationship],
        *,
        total: int,
        on_progress: Progress | None = None,
    ) -> int | None:
        """Write everything if the store holds no node and no relationship, and return
        the new data version; else write nothing and return ``None`` (before reading
        ``nodes`` or ``rels``). The embedded store loads in one transaction, Neo4j in
        batches that each leave whole records (and merge repeats, as upserts do)."""
        ...


class _Errors:
    """The first :data:`MAX_ERRORS_KEPT` errors, and how many there were."""

    def __init__(self) -> None:
        self.kept: list[RecordError] = []
        self.total = 0

    def add(self, error: RecordError) -> None:
        self.total += 1
        if len(self.kept) < MAX_ERRORS_KEPT:
            self.kept.append(error)


class _Spill:
    """The checked records of the first pass, in two temporary JSON Lines files."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="convene-import-"))
        self.nodes = 0
        self.relationships = 0
        self._node_out: IO[bytes] | None = (self.folder / "nodes").open("wb", buffering=1 << 20)
        self._rel_out: IO[bytes] | None = (self.folder / "rels").open("wb", buffering=1 << 20)

    def node(self, node: CheckedNode) -> None:
        assert self._node_out is not None
        self._node_out.write(orjson.dumps(node))
        self._node_out.write(b"\n")
        self.nodes += 1

    def relationship(self, where: int, rel: CheckedRelationship) -> None:
        assert self._rel_out is not None
        self._rel_out.write(orjson.dumps((where, *rel)))
        self._rel_out.write(b"\n")
        self.relationships += 1

    def finish(self) -> None:
        for handle in (self._node_out, self._rel_out):
            if handle is not None:
                handle.close()
        self._node_out = self._rel_out = None

    def read_nodes(self) -> Iterator[Node]:
        with (self.folder / "nodes").open("rb") as handle:
            for raw in handle:
                label, key, props = orjson.loads(raw)
                yield Node(_LABELS[label], key, props)

    def read_relationships(self) -> Iterator[tuple[int, Relationship]]:
        with (self.folder / "rels").open("rb") as handle:
            for raw in handle:
                where, rel_type, start_label, start_key, end_label, end_key, props = orjson.loads(
                    raw
                )
                yield (
                    where,
                    Relationship(
                        _TYPES[rel_type],
                        NodeRef(_LABELS[start_label], start_key),
                        NodeRef(_LABELS[end_label], end_key),
                        props,
                    ),
                )

    def remove(self) -> None:
        self.finish()
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class _Checked:
    spill: _Spill
    errors: _Errors
    missing: set[NodeRef]
    names: list[str]


def _check(
    store: GraphStore, inputs: Sequence[Input | RecordError], on_check: Progress | None
) -> _Checked:
    """The first pass: check every record, index the nodes, spill the valid records."""
    spill = _Spill()
    errors = _Errors()
    # label -> key -> where it was first defined (input number and line, packed)
    index: dict[str, dict[str, int]] = {label.value: {} for label in Label}
    unresolved: set[tuple[str, str]] = set()
    names = [item.name if isinstance(item, Input) else item.path for item in inputs]
    total_bytes = sum(item.size for item in inputs if isinstance(item, Input))
    done_bytes = 0
    try:
        for input_no, item in enumerate(inputs):
            if isinstance(item, RecordError):
                errors.add(item)
                continue
            base = input_no << _LINE_BITS

            def bytes_read(count: int, done: int = done_bytes) -> None:
                if on_check is not None:
                    on_check(done + count, total_bytes)

            for line, record in item.records(on_bytes=bytes_read):
                if isinstance(record, RecordError):
                    errors.add(record)
                elif len(record) == 3:
                    label, key, _ = record
                    keys = index[label]
                    first = keys.get(key)
                    if first is not None:
                        errors.add(_duplicate(item.name, line, label, key, names, first))
                        continue
                    keys[key] = base | line
                    spill.node(record)
                else:
                    _, start_label, start_key, end_label, end_key, _ = record
                    if start_key not in index[start_label]:
                        unresolved.add((start_label, start_key))
                    if end_key not in index[end_label]:
                        unresolved.add((end_label, end_key))
                    spill.relationship(base | line, record)
            done_bytes += item.size
            bytes_read(0, done_bytes)
        spill.finish()
        wanted = {
            NodeRef(_LABELS[label], key) for label, key in unresolved if key not in index[label]
        }
        del index, unresolved
        missing = _missing(store, wanted)
    except BaseException:
        spill.remove()
        raise
    return _Checked(spill, errors, missing, names)


def _duplicate(
    name: str, line: int, label: str, key: str, names: list[str], first: int
) -> RecordError:
    where = f"{names[first >> _LINE_BITS]}:{first & ((1 << _LINE_BITS) - 1)}"
    return RecordError(
        name, line, f"{label} {key!r}", "key", f"duplicate key (first defined at {where})"
    )


def _missing(store: GraphStore, wanted: set[NodeRef]) -> set[NodeRef]:
    """The refs of ``wanted`` that the store does not hold either."""
    missing: set[NodeRef] = set()
    refs = sorted(wanted)
    for start in range(0, len(refs), _LOOKUP_CHUNK):
        chunk = refs[start : start + _LOOKUP_CHUNK]
        found = store.get_nodes(chunk)
        missing.update(ref for ref, node in zip(chunk, found, strict=True) if node is None)
    return missing


def _end_errors(checked: _Checked) -> None:
    """Describe every relationship whose end is missing (the spill knows their lines)."""
    mask = (1 << _LINE_BITS) - 1
    for where, rel in checked.spill.read_relationships():
        for end_name, ref in (("start", rel.start), ("end", rel.end)):
            if ref in checked.missing:
                checked.errors.add(
                    RecordError(
                        checked.names[where >> _LINE_BITS],
                        where & mask,
                        f"{rel.type.value} {format_ref(rel.start)} -> {format_ref(rel.end)}",
                        end_name,
                        f"{format_ref(ref)} is neither in the input nor in the store",
                    )
                )


def _batch_of(op: UpsertNodes | UpsertRelationships) -> WriteBatch:
    batch = WriteBatch()
    batch.ops.append(op)
    return batch


def load_records(
    store: GraphStore,
    nodes: Sequence[Node],
    rels: Sequence[Relationship],
    *,
    batch_size: int = 50_000,
    single_transaction_limit: int = 50_000,
    on_progress: Progress | None = None,
    validated: bool = False,
) -> int:
    """Write nodes, then relationships; return the store's new data version.

    Records are checked against the model unless ``validated`` says they were already
    (as :func:`graph.records.read_records` does), which saves a second pass.

    >>> from graph.embedded.store import EmbeddedStore
    >>> from graph.model import Label
    >>> store = EmbeddedStore.in_memory()
    >>> load_records(store, [Node(Label.TOPIC, "math", {"name": "Math"})], []) > 0
    True
    """
    if not validated:
        nodes = [validate_node(node, fill_defaults=False) for node in nodes]
        rels = [validate_relationship(rel) for rel in rels]
    return _writebatched(
        store,
        iter(nodes),
        iter(rels),
        total=len(nodes) + len(rels),
        batch_size=batch_size,
        single_transaction_limit=single_transaction_limit,
        on_progress=on_progress,
    )


def _writebatched(
    store: GraphStore,
    nodes: Iterator[Node],
    rels: Iterator[Relationship],
    *,
    total: int,
    batch_size: int,
    single_transaction_limit: int,
    on_progress: Progress | None,
) -> int:
    """Upsert checked records: in one transaction up to the limit, else in batches."""
    version = store.data_version()
    if total <= single_transaction_limit:
        batch = WriteBatch()
        node_tuple, rel_tuple = tuple(nodes), tuple(rels)
        if node_tuple:
            batch.ops.append(UpsertNodes(node_tuple))
        if rel_tuple:
            batch.ops.append(UpsertRelationships(rel_tuple))
        if batch.ops:
            version = store.apply(batch)
        if on_progress:
            on_progress(total, total)
        return version
    done = 0
    for node_chunk in batched(nodes, batch_size):
        version = store.apply(_batch_of(UpsertNodes(node_chunk)))
        done += len(node_chunk)
        if on_progress:
            on_progress(done, total)
    for rel_chunk in batched(rels, batch_size):
        version = store.apply(_batch_of(UpsertRelationships(rel_chunk)))
        done += len(rel_chunk)
        if on_progress:
            on_progress(done, total)
    return version


def load_files(
    store: GraphStore,
    paths: Sequence[Path],
    *,
    skip_invalid: bool = False,
    batch_size: int = 50_000,
    single_transaction_limit: int = 50_000,
    on_progress: Progress | None = None,
    on_check: Progress | None = None,
) -> ImportReport:
    """Check every record of ``paths``, then write them; refuse the whole input on errors.

    Parameters
    ----------
    store
        Where to write.
    paths
        JSON Lines files, CSV tables or zips of them (see :mod:`graph.sources`).
    skip_invalid
        Write the valid records and report the invalid ones instead of refusing.
    batch_size, single_transaction_limit
        Inputs up to the limit are written in one transaction; larger ones in batches
        (or all at once, by a store that loads an empty database itself).
    on_progress
        Called with ``(records written, records to write)`` as writing proceeds.
    on_check
        Called with ``(bytes read, bytes to read)`` as the first pass proceeds.

    Returns
    -------
    ImportReport
        Counts of records written and the errors that were skipped.

    Raises
    ------
    ImportRefused
        When any record is invalid and ``skip_invalid`` is false. Nothing is written.

    Examples
    --------
    >>> import tempfile
    >>> from graph.embedded.store import EmbeddedStore
    >>> path = Path(tempfile.mkdtemp()) / "bad.jsonl"
    >>> _ = path.write_text('{"rel": "NEEDS", "start": "Project:p", "end": "Topic:t"}\\n')
    >>> try:
    ...     load_files(EmbeddedStore.in_memory(), [path])
    ... except ImportRefused as refused:
    ...     print(refused.errors[0].field, "-", refused.errors[0].message)
    start - Project:p is neither in the input nor in the store
    """
    with check_files(store, paths, skip_invalid=skip_invalid, on_check=on_check) as checked:
        total = checked.nodes + checked.relationships
        version: int | None = None
        if isinstance(store, EmptyStoreLoader):
            version = store.load_into_empty(
                checked.read_nodes(),
                checked.read_relationships(),
                total=total,
                on_progress=on_progress,
            )
        if version is None:
            version = _writebatched(
                store,
                checked.read_nodes(),
                checked.read_relationships(),
                total=total,
                batch_size=batch_size,
                single_transaction_limit=single_transaction_limit,
                on_progress=on_progress,
            )
        return ImportReport(
            checked.nodes, checked.relationships, checked.errors, version, checked.invalid
        )


class CheckedInput:
    """The valid records of an input after the first pass, ready to be read again.

    ``nodes`` and ``relationships`` count them; ``errors`` describes the first invalid
    records and ``invalid`` counts them all (only with ``skip_invalid``).
    """

    def __init__(self, checked: _Checked) -> None:
        self._spill = checked.spill
        self._missing = checked.missing
        self.errors = checked.errors.kept
        self.invalid = checked.errors.total
        self.nodes = checked.spill.nodes
        self.relationships = checked.spill.relationships
        if self._missing:
            self.relationships = sum(1 for _ in self.read_relationships())

    def read_nodes(self) -> Iterator[Node]:
        """Stream the valid nodes, in input order.

        >>> import tempfile
        >>> from graph.embedded.store import EmbeddedStore
        >>> path = Path(tempfile.mkdtemp()) / "t.jsonl"
        >>> _ = path.write_text('{"label": "Topic", "key": "m", "props": {"name": "M"}}\\n')
        >>> with check_files(EmbeddedStore.in_memory(), [path]) as checked:
        ...     [node.key for node in checked.read_nodes()]
        ['m']
        """
        return self._spill.read_nodes()

    def read_relationships(self) -> Iterator[Relationship]:
        """Stream the valid relationships (both ends known), in input order.

        >>> import tempfile
        >>> from graph.embedded.store import EmbeddedStore
        >>> path = Path(tempfile.mkdtemp()) / "t.jsonl"
        >>> _ = path.write_text('{"rel": "NEEDS", "start": "Project:p", "end": "Topic:t"}\\n')
        >>> with check_files(EmbeddedStore.in_memory(), [path], skip_invalid=True) as checked:
        ...     list(checked.read_relationships()), checked.invalid
        ([], 2)
        """
        missing = self._missing
        for _, rel in self._spill.read_relationships():
            if not missing or (rel.start not in missing and rel.end not in missing):
                yield rel


@contextmanager
def check_files(
    store: GraphStore,
    paths: Sequence[Path],
    *,
    skip_invalid: bool = False,
    on_check: Progress | None = None,
) -> Iterator[CheckedInput]:
    """The first pass of an import: check every record of ``paths`` against the model
    and against ``store`` (for relationship ends), keeping the valid ones on disk until
    the block ends.

    Parameters
    ----------
    store
        Where relationship ends missing from the input are looked up.
    paths
        JSON Lines files, CSV tables or zips of them (see :mod:`graph.sources`).
    skip_invalid
        Keep going past invalid records instead of refusing the input.
    on_check
        Called with ``(bytes read, bytes to read)`` as the pass proceeds.

    Returns
    -------
    Iterator of CheckedInput
        The valid records, for the ``with`` block.

    Raises
    ------
    ImportRefused
        When any record is invalid and ``skip_invalid`` is false.

    Examples
    --------
    >>> import tempfile
    >>> from graph.embedded.store import EmbeddedStore
    >>> path = Path(tempfile.mkdtemp()) / "t.jsonl"
    >>> _ = path.write_text('{"label": "Topic", "key": "m", "props": {"name": "M"}}\\n')
    >>> with check_files(EmbeddedStore.in_memory(), [path]) as checked:
    ...     checked.nodes, checked.relationships
    (1, 0)
    """
    checked = _check(store, open_inputs(paths), on_check)
    try:
        if checked.missing:
            _end_errors(checked)
        errors = checked.errors
        order = {name: position for position, name in enumerate(checked.names)}
        errors.kept.sort(key=lambda e: (order.get(e.path, len(order)), e.line))
        if errors.total and not skip_invalid:
            raise ImportRefused(errors.kept, errors.total)
        yield CheckedInput(checked)
    finally:
        checked.spill.remove()
