"""The files an import reads: JSON Lines, or the CSV pair the Gephi export writes.

:func:`open_inputs` turns the paths given to ``convene import`` into inputs that stream
``(line, record or error)``:

* a ``.jsonl`` file (or any file that is not CSV or zip) holds JSON Lines records
  (:mod:`graph.records`);
* a ``.csv`` file is a nodes table (header starting ``Id``) or an edges table (header
  starting ``Source``), as :mod:`graph.export.csv` writes them;
* a ``.zip`` holds ``nodes.csv`` and ``edges.csv``.

A CSV row is checked like a record: the header
must name the columns a table needs and only columns the export knows; a row must have
as many cells as the header; ``Id`` must be ``Type:Key`` of its own row (a row whose
``Type`` contradicts its ``Id`` is refused); cells become typed properties by the
model (``;`` joins list items, empty means absent) and then pass the model's checks.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> path = folder / "nodes.csv"
>>> _ = path.write_text("Id,Label,Type,Key,name\\nTopic:math,Math,Topic,math,Math\\n")
>>> [record for _, record in open_inputs([path])[0].records()]
[('Topic', 'math', {'name': 'Math'})]
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from graph.export.common import LIST_SEPARATOR, RENAMED
from graph.model import (
    NODE_SPECS,
    REL_SPECS,
    InvalidInput,
    PropKind,
    PropSpec,
)
from graph.records import (
    MAX_RECORD_BYTES,
    Checked,
    RecordError,
    check_object,
    column_of,
    read_checked,
)

__all__ = ["EDGE_TABLE", "NODE_TABLE", "Input", "open_inputs"]

Located = tuple[int, Checked | RecordError]

NODE_TABLE = "nodes"
EDGE_TABLE = "edges"

_NODE_REQUIRED = ("Id", "Type", "Key")
_EDGE_REQUIRED = ("Source", "Target", "Relationship")
_NODE_FIXED = frozenset({"Id", "Label", "Type", "Key"})
_EDGE_FIXED = frozenset({"Source", "Target", "Type", "Weight", "Id", "Label", "Relationship"})
_MODEL_NAME = {exported: name for name, exported in RENAMED.items()}


def _kinds(specs: Sequence[Sequence[PropSpec]]) -> dict[str, PropKind]:
    return {
        RENAMED.get(prop.name, prop.name): prop.kind
        for props in specs
        for prop in props
        if not prop.private
    }


_NODE_COLUMNS = _kinds([spec.props for spec in NODE_SPECS.values()])
_EDGE_COLUMNS = _kinds([spec.props for spec in REL_SPECS.values()])


@dataclass(frozen=True)
class Input:
    """One file of records, or one table of a zip: ``name`` for messages, ``kind`` what
    it holds (``nodes``, ``edges`` or ``jsonl``), ``size`` its bytes (for progress)."""

    name: str
    kind: str
    size: int
    path: Path
    member: str | None = None

    def _open(self) -> IO[bytes]:
        if self.member is None:
            return self.path.open("rb")
        archive = zipfile.ZipFile(self.path)
        try:
            return _Member(archive, archive.open(self.member))
        except BaseException:
            archive.close()
            raise

    def records(self, on_bytes: Callable[[int], None] | None = None) -> Iterator[Located]:
        """Stream ``(line number, checked record or error)`` in order (records as
        :func:`graph.records.check_object` gives them); ``on_bytes`` hears every few
        thousand lines how many bytes have been read.

        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "t.jsonl"
        >>> _ = path.write_text('{"label": "Topic", "key": "m", "props": {"name": "M"}}\\n')
        >>> [line for line, _ in open_inputs([path])[0].records()]
        [1]
        """
        if self.kind == "jsonl":
            yield from read_checked(self.path, name=self.name, on_bytes=on_bytes)
            return
        with self._open() as handle:
            yield from _table_records(self.name, self.kind, handle, on_bytes)


class _Member(io.BufferedReader):
    """A zip member that closes its archive when it is closed."""

    def __init__(self, archive: zipfile.ZipFile, member: IO[bytes]) -> None:
        super().__init__(member)  # type: ignore[arg-type]
        self._archive = archive

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._archive.close()


class _Lines:
    """The decoded lines of a CSV file for :mod:`csv`, remembering the first encoding or
    length problem of the row being read (a bad line reads as an empty one)."""

    def __init__(self, handle: IO[bytes], limit: int) -> None:
        self._handle = handle
        self._limit = limit
        self.number = 0
        self.problem: tuple[str, str] | None = None

    def __iter__(self) -> Iterator[str]:
        while True:
            raw = self._handle.readline(self._limit + 1)
            if not raw:
                return
            self.number += 1
            if len(raw) > self._limit and not raw.endswith(b"\n"):
                size = len(raw)
                while not raw.endswith(b"\n"):
                    raw = self._handle.readline(1 << 20)
                    size += len(raw)
                    if not raw:
                        break
                self.problem = self.problem or (
                    "row",
                    f"the line is {size:,} bytes long; a row may take at most "
                    f"{self._limit:,} bytes",
                )
                yield "\n"
                continue
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as error:
                self.problem = self.problem or (
                    "encoding",
                    f"not valid UTF-8: byte 0x{raw[error.start]:02x} at column "
                    f"{column_of(raw, error.start)}",
                )
                yield raw.decode("utf-8", "replace")


def _value(kind: PropKind, text: str, column: str) -> Any:
    if text == "":
        return None
    if kind is PropKind.INT:
        try:
            return int(text)
        except ValueError:
            raise InvalidInput(column, f"must be a whole number, not {text!r}") from None
    if kind is PropKind.BOOL:
        if text not in ("true", "false"):
            raise InvalidInput(column, f"must be true or false, not {text!r}")
        return text == "true"
    if kind is PropKind.STR_LIST:
        return text.split(LIST_SEPARATOR)
    return text


def _props(
    row: Sequence[str], columns: Sequence[tuple[int, str, PropKind]], allowed: frozenset[str]
) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for position, column, kind in columns:
        value = _value(kind, row[position], column)
        if value is None:
            continue
        name = _MODEL_NAME.get(column, column)
        if name not in allowed:
            raise InvalidInput(column, "is not a property of this row's type", "UNKNOWN_FIELD")
        props[name] = value
    return props


_NODE_PROPS = {label: frozenset(s.name for s in spec.props) for label, spec in NODE_SPECS.items()}
_EDGE_PROPS = {t: frozenset(s.name for s in spec.props) for t, spec in REL_SPECS.items()}
_LABEL_NAMES = {label.value: label for label in NODE_SPECS}
_TYPE_NAMES = {rel_type.value: rel_type for rel_type in REL_SPECS}


def _header_problem(kind: str, header: Sequence[str]) -> tuple[str, str] | None:
    required = _NODE_REQUIRED if kind == NODE_TABLE else _EDGE_REQUIRED
    known = (
        (_NODE_FIXED | _NODE_COLUMNS.keys())
        if kind == NODE_TABLE
        else (_EDGE_FIXED | _EDGE_COLUMNS.keys())
    )
    for column in required:
        if column not in header:
            return column, f"the {kind} table needs a {column!r} column"
    for column in header:
        if column not in known:
            return column, f"is not a column of the {kind} table"
    seen: set[str] = set()
    for column in header:
        if column in seen:
            return column, "is named twice in the header"
        seen.add(column)
    return None


def _node_object(row: Sequence[str], at: Mapping[str, int], columns: Any) -> dict[str, Any]:
    type_text, key, node_id = row[at["Type"]], row[at["Key"]], row[at["Id"]]
    label = _LABEL_NAMES.get(type_text)
    if label is None:
        raise InvalidInput("Type", f"unknown label {type_text!r}", "UNKNOWN_LABEL")
    if node_id != f"{type_text}:{key}":
        id_label = node_id.partition(":")[0]
        if id_label != type_text and ":" in node_id:
            raise InvalidInput(
                "Type", f"{type_text!r} conflicts with the label of Id {node_id!r}", "INVALID"
            )
        raise InvalidInput("Id", f"must be 'Type:Key' ({type_text}:{key}), not {node_id!r}")
    return {"label": type_text, "key": key, "props": _props(row, columns, _NODE_PROPS[label])}


def _edge_object(row: Sequence[str], at: Mapping[str, int], columns: Any) -> dict[str, Any]:
    type_text = row[at["Relationship"]]
    rel_type = _TYPE_NAMES.get(type_text)
    if rel_type is None:
        raise InvalidInput(
            "Relationship", f"unknown relationship type {type_text!r}", "UNKNOWN_TYPE"
        )
    props = _props(row, columns, _EDGE_PROPS[rel_type])
    return {"rel": type_text, "start": row[at["Source"]], "end": row[at["Target"]], "props": props}


_FIELD_NAMES = {"start": "Source", "end": "Target", "rel": "Relationship", "label": "Type"}


def _table_records(
    name: str, kind: str, handle: IO[bytes], on_bytes: Callable[[int], None] | None
) -> Iterator[Located]:
    lines = _Lines(handle, MAX_RECORD_BYTES)
    previous = csv.field_size_limit()
    csv.field_size_limit(MAX_RECORD_BYTES)
    try:
        reader = csv.reader(lines, strict=True)
        row_start = 1
        header: list[str] | None = None
        at: dict[str, int] = {}
        columns: list[tuple[int, str, PropKind]] = []
        kinds = _NODE_COLUMNS if kind == NODE_TABLE else _EDGE_COLUMNS
        build = _node_object if kind == NODE_TABLE else _edge_object
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                yield row_start, RecordError(name, row_start, "", "row", f"not valid CSV: {error}")
                row_start = lines.number + 1
                continue
            line, row_start = row_start, lines.number + 1
            if on_bytes is not None and not line & 4095:
                on_bytes(handle.tell())
            if lines.problem is not None:
                field, message = lines.problem
                lines.problem = None
                yield line, RecordError(name, line, "", field, message)
                continue
            if not row:
                continue
            if header is None:
                problem = _header_problem(kind, row)
                if problem is not None:
                    yield line, RecordError(name, line, "header", *problem)
                    return
                header = row
                at = {column: position for position, column in enumerate(header)}
                fixed = _NODE_FIXED if kind == NODE_TABLE else _EDGE_FIXED
                columns = [(p, c, kinds[c]) for p, c in enumerate(header) if c not in fixed]
                continue
            if len(row) != len(header):
                yield (
                    line,
                    RecordError(
                        name,
                        line,
                        "",
                        "row",
                        f"has {len(row)} cells; the header has {len(header)} columns",
                    ),
                )
                continue
            try:
                obj = build(row, at, columns)
                yield line, check_object(obj)
            except InvalidInput as error:
                described = (
                    row[at["Id"]]
                    if kind == NODE_TABLE
                    else (f"{row[at['Relationship']]} {row[at['Source']]} -> {row[at['Target']]}")
                )
                field = _FIELD_NAMES.get(error.field, error.field)
                yield line, RecordError(name, line, described, field, error.message)
    finally:
        csv.field_size_limit(previous)


def _table_kind(handle: IO[bytes]) -> str:
    first = handle.readline(4096).lstrip(b"\xef\xbb\xbf").lstrip()
    if first.startswith((b"Source", b'"Source"')):
        return EDGE_TABLE
    return NODE_TABLE


def open_inputs(paths: Sequence[Path]) -> list[Input | RecordError]:
    """The inputs of ``paths`` in order; a path that cannot be read is an error naming it.

    Parameters
    ----------
    paths
        JSON Lines files, CSV tables, or zips of ``nodes.csv`` and ``edges.csv``.

    Returns
    -------
    list of Input or RecordError
        A zip gives two inputs, its nodes table and its edges table.

    Examples
    --------
    >>> [str(i) for i in open_inputs([Path("/no/such.jsonl")])]
    ['/no/such.jsonl:0: no such file']
    """
    inputs: list[Input | RecordError] = []
    for path in paths:
        if not path.is_file():
            inputs.append(RecordError(str(path), 0, "", "", "no such file"))
            continue
        suffix = path.suffix.lower()
        if suffix == ".zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    members = {info.filename: info.file_size for info in archive.infolist()}
            except (zipfile.BadZipFile, OSError) as error:
                inputs.append(RecordError(str(path), 0, "", "", f"not a readable zip: {error}"))
                continue
            for member, kind in (("nodes.csv", NODE_TABLE), ("edges.csv", EDGE_TABLE)):
                if member not in members:
                    inputs.append(RecordError(str(path), 0, "", member, "missing from the zip"))
                    continue
                inputs.append(Input(f"{path}[{member}]", kind, members[member], path, member))
        elif suffix == ".csv":
            with path.open("rb") as handle:
                kind = _table_kind(handle)
            inputs.append(Input(str(path), kind, path.stat().st_size, path))
        else:
            inputs.append(Input(str(path), "jsonl", path.stat().st_size, path))
    return inputs
