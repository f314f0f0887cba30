"""Load JSON Lines record files into a store: check everything first, then write.

A file with any invalid record (bad JSON, unknown label, missing key, a wrong type, a
duplicate key, a relationship to a node that is neither in the files nor in the store)
is refused whole: :class:`ImportRefused` lists every bad record and nothing is written.
With ``skip_invalid`` the valid records are written and the rest reported.

Writes are upserts, so loading the same files twice changes nothing, and an import that
was interrupted is resumed by running it again. Up to ``single_transaction_limit``
records are written in one transaction; larger imports go in batches of ``batch_size``.

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

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from graph.model import Node, NodeRef, Relationship
from graph.records import RecordError, format_ref, read_records
from graph.store import GraphStore, UpsertNodes, UpsertRelationships, WriteBatch

__all__ = ["ImportRefused", "ImportReport", "load_files", "load_records"]

Progress = Callable[[int, int], None]
T = TypeVar("T")


@dataclass
class ImportReport:
    """What an import wrote and what it refused."""

    nodes: int = 0
    relationships: int = 0
    errors: list[RecordError] = field(default_factory=list)
    version: int | None = None


class ImportRefused(Exception):
    """Input was refused whole; ``errors`` lists every bad record with its line and reason.

    >>> str(ImportRefused([RecordError("a.jsonl", 1, "", "json", "not valid JSON")]))
    'a.jsonl:1: json: not valid JSON'
    """

    def __init__(self, errors: Sequence[RecordError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class _Parsed:
    nodes: list[Node] = field(default_factory=list)
    rels: list[tuple[str, int, Relationship]] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)


def _parse(paths: Iterable[Path]) -> _Parsed:
    parsed = _Parsed()
    seen: dict[NodeRef, str] = {}
    for path in paths:
        if not path.is_file():
            parsed.errors.append(RecordError(str(path), 0, "", "", "no such file"))
            continue
        for line, record in read_records(path):
            if isinstance(record, RecordError):
                parsed.errors.append(record)
            elif isinstance(record, Node):
                where = f"{path}:{line}"
                if record.ref in seen:
                    parsed.errors.append(
                        RecordError(
                            str(path),
                            line,
                            f"{record.label.value} {record.key!r}",
                            "key",
                            f"duplicate key (first defined at {seen[record.ref]})",
                        )
                    )
                    continue
                seen[record.ref] = where
                parsed.nodes.append(record)
            else:
                parsed.rels.append((str(path), line, record))
    return parsed


def _missing_ends(store: GraphStore, parsed: _Parsed) -> list[RecordError]:
    in_files = {node.ref for node in parsed.nodes}
    wanted = sorted({ref for _, _, rel in parsed.rels for ref in (rel.start, rel.end)} - in_files)
    present: set[NodeRef] = set()
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        present.update(ref for ref, node in zip(chunk, store.get_nodes(chunk), strict=True) if node)
    errors = []
    for path, line, rel in parsed.rels:
        for end_name, ref in (("start", rel.start), ("end", rel.end)):
            if ref not in in_files and ref not in present:
                errors.append(
                    RecordError(
                        path,
                        line,
                        f"{rel.type.value} {format_ref(rel.start)} -> {format_ref(rel.end)}",
                        end_name,
                        f"{format_ref(ref)} is neither in the input nor in the store",
                    )
                )
    return errors


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
    total = len(nodes) + len(rels)
    done = 0
    version = store.data_version()

    def add_nodes(batch: WriteBatch, chunk: Sequence[Node]) -> None:
        if validated:
            batch.ops.append(UpsertNodes(tuple(chunk)))
        else:
            batch.upsert_nodes(chunk)

    def add_rels(batch: WriteBatch, chunk: Sequence[Relationship]) -> None:
        if validated:
            batch.ops.append(UpsertRelationships(tuple(chunk)))
        else:
            batch.upsert_relationships(chunk)

    if total <= single_transaction_limit:
        batch = WriteBatch()
        if nodes:
            add_nodes(batch, nodes)
        if rels:
            add_rels(batch, rels)
        if batch.ops:
            version = store.apply(batch)
        if on_progress:
            on_progress(total, total)
        return version
    for node_chunk in _chunks(nodes, batch_size):
        batch = WriteBatch()
        add_nodes(batch, node_chunk)
        version = store.apply(batch)
        done += len(node_chunk)
        if on_progress:
            on_progress(done, total)
    for rel_chunk in _chunks(rels, batch_size):
        batch = WriteBatch()
        add_rels(batch, rel_chunk)
        version = store.apply(batch)
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
) -> ImportReport:
    """Check every record of ``paths``, then write them; refuse the whole input on errors.

    Parameters
    ----------
    store
        Where to write.
    paths
        JSON Lines files, read in order.
    skip_invalid
        Write the valid records and report the invalid ones instead of refusing.
    batch_size, single_transaction_limit
        Inputs up to the limit are written in one transaction; larger ones in batches.
    on_progress
        Called with ``(records written, records to write)`` as writing proceeds.

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
    parsed = _parse(paths)
    end_errors = _missing_ends(store, parsed)
    errors = parsed.errors + end_errors
    if errors and not skip_invalid:
        raise ImportRefused(sorted(errors, key=lambda e: (e.path, e.line)))
    bad_lines = {(e.path, e.line) for e in end_errors}
    rels = [rel for path, line, rel in parsed.rels if (path, line) not in bad_lines]
    version = load_records(
        store,
        parsed.nodes,
        rels,
        batch_size=batch_size,
        single_transaction_limit=single_transaction_limit,
        on_progress=on_progress,
        validated=True,
    )
    return ImportReport(len(parsed.nodes), len(rels), errors, version)
