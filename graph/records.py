"""The JSON Lines record format that demo data, imports and exports share.

One record per line, either a node or a relationship (a node record is merged into an
existing node: properties it does not mention are kept)::

    {"label": "Person", "key": "ada", "props": {"name": "Ada Lovelace"}}
    {"rel": "MEMBER_OF", "start": "Person:ada", "end": "Project:engine", "props": {}}

``start`` and ``end`` are ``Label:key`` (keys never contain a colon).

Examples
--------
>>> node = parse_record('{"label": "Topic", "key": "math", "props": {"name": "Math"}}')
>>> node.ref
NodeRef(label=<Label.TOPIC: 'Topic'>, key='math')
>>> print(format_record(node))
{"label":"Topic","key":"math","props":{"name":"Math"}}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from graph.checks import NODE_CHECKS, REL_CHECKS
from graph.model import REL_SPECS, InvalidInput, Label, Node, NodeRef, Relationship, RelType
from graph.validation import KEY_PATTERN, validate_key, validate_relationship

__all__ = [
    "MAX_RECORD_BYTES",
    "Checked",
    "CheckedNode",
    "CheckedRelationship",
    "Record",
    "RecordError",
    "check_object",
    "column_of",
    "format_record",
    "format_ref",
    "json_problem",
    "parse_object",
    "parse_record",
    "parse_ref",
    "read_checked",
    "read_records",
    "to_record",
]

Record = Node | Relationship


@dataclass(frozen=True, slots=True)
class RecordError:
    """What is wrong with one record: where it is, which record, which field, and why.

    >>> str(RecordError("demo.jsonl", 3, "Person 'ada'", "roles", "'wizard' is not a role"))
    "demo.jsonl:3: Person 'ada': roles: 'wizard' is not a role"
    """

    path: str
    line: int
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        what = f" {self.record}:" if self.record else ""
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{what}{field} {self.message}"


def parse_ref(text: object, field: str) -> NodeRef:
    """Parse ``Label:key`` into a :class:`NodeRef`.

    >>> parse_ref("Person:ada", "start")
    NodeRef(label=<Label.PERSON: 'Person'>, key='ada')
    """
    if not isinstance(text, str) or ":" not in text:
        raise InvalidInput(field, f"must be 'Label:key', not {text!r}")
    label_text, key = text.split(":", 1)
    try:
        label = Label(label_text)
    except ValueError:
        raise InvalidInput(field, f"unknown label {label_text!r}", "UNKNOWN_LABEL") from None
    return NodeRef(label, validate_key(key, field))


def format_ref(ref: NodeRef) -> str:
    """Format a :class:`NodeRef` as ``Label:key``.

    >>> format_ref(NodeRef(Label.PROJECT, "scec"))
    'Project:scec'
    """
    return f"{ref.label.value}:{ref.key}"


def _describe(obj: dict[str, Any]) -> str:
    if "label" in obj:
        return f"{obj.get('label')} {obj.get('key')!r}"
    if "rel" in obj:
        return f"{obj.get('rel')} {obj.get('start')} -> {obj.get('end')}"
    return ""


_LABELS: dict[str, Label] = {label.value: label for label in Label}
_TYPES: dict[str, RelType] = {rel_type.value: rel_type for rel_type in RelType}
_NODE_FIELDS = frozenset({"label", "key", "props"})
_REL_FIELDS = frozenset({"rel", "start", "end", "props"})
_EMPTY: dict[str, Any] = {}
_NODE_CHECKS = {label.value: check for label, check in NODE_CHECKS.items()}
_REL_CHECKS = {rel_type.value: check for rel_type, check in REL_CHECKS.items()}
_ENDS: dict[str, frozenset[tuple[str, str]]] = {
    rel_type.value: frozenset((a.value, b.value) for a, b in spec.ends)
    for rel_type, spec in REL_SPECS.items()
}

CheckedNode = tuple[str, str, dict[str, Any]]
"""A checked node record as plain values: label, key, properties."""

CheckedRelationship = tuple[str, str, str, str, str, dict[str, Any]]
"""A checked relationship record as plain values: type, start label, start key, end
label, end key, properties."""

Checked = CheckedNode | CheckedRelationship


def _key_of(obj: dict[str, Any]) -> str:
    key = obj.get("key")
    if type(key) is str and KEY_PATTERN.match(key):
        return key
    if "key" not in obj:
        raise InvalidInput("key", "is required", "REQUIRED")
    return validate_key(key)


def _end(text: object, field: str) -> tuple[str, str]:
    if type(text) is str:
        label, colon, key = text.partition(":")
        if colon and label in _LABELS and KEY_PATTERN.match(key):
            return label, key
    ref = parse_ref(text, field)
    return ref.label.value, ref.key


def _only(obj: dict[str, Any], fields: frozenset[str], what: str) -> None:
    if not fields.issuperset(obj):
        extra = sorted(set(obj) - fields)[0]
        raise InvalidInput(extra, f"is not a field of {what}", "UNKNOWN_FIELD")


def check_object(obj: object) -> Checked:
    """Check one decoded record against the model and return it as plain values.

    The checks are those of :mod:`graph.checks`, built once from the model tables;
    :class:`InvalidInput` names the field at fault. A node comes back as a
    :data:`CheckedNode`, a relationship as a :data:`CheckedRelationship`.

    >>> check_object({"label": "Topic", "key": "math", "props": {"name": "Math"}})
    ('Topic', 'math', {'name': 'Math'})
    >>> check_object({"rel": "NEEDS", "start": "Project:p", "end": "Topic:t"})
    ('NEEDS', 'Project', 'p', 'Topic', 't', {})
    >>> try:
    ...     check_object({"rel": "NEEDS", "start": "Project:p", "end": "Topic"})
    ... except InvalidInput as error:
    ...     print(error.field, "-", error.message)
    end - must be 'Label:key', not 'Topic'
    """
    if type(obj) is not dict:
        raise InvalidInput("record", "must be a JSON object")
    props = obj.get("props", _EMPTY)
    if type(props) is not dict:
        raise InvalidInput("props", "must be a JSON object")
    if "label" in obj:
        _only(obj, _NODE_FIELDS, "a node record")
        label = obj["label"]
        check = _NODE_CHECKS.get(label) if type(label) is str else None
        if check is None:
            raise InvalidInput("label", f"unknown label {label!r}", "UNKNOWN_LABEL")
        return label, _key_of(obj), check(props)
    if "rel" in obj:
        _only(obj, _REL_FIELDS, "a relationship record")
        rel_type = obj["rel"]
        rel_check = _REL_CHECKS.get(rel_type) if type(rel_type) is str else None
        if rel_check is None:
            raise InvalidInput("rel", f"unknown relationship type {rel_type!r}", "UNKNOWN_TYPE")
        start_label, start_key = _end(obj.get("start"), "start")
        end_label, end_key = _end(obj.get("end"), "end")
        if (start_label, end_label) not in _ENDS[rel_type]:
            # the model's own message names the allowed ends
            validate_relationship(
                Relationship(
                    _TYPES[rel_type],
                    NodeRef(_LABELS[start_label], start_key),
                    NodeRef(_LABELS[end_label], end_key),
                )
            )
        return rel_type, start_label, start_key, end_label, end_key, rel_check(props)
    raise InvalidInput("record", "needs either 'label' (a node) or 'rel' (a relationship)")


def to_record(checked: Checked) -> Record:
    """The :class:`Node` or :class:`Relationship` of a checked record.

    >>> to_record(("Topic", "math", {"name": "Math"})).ref
    NodeRef(label=<Label.TOPIC: 'Topic'>, key='math')
    """
    if len(checked) == 3:
        label, key, props = checked
        return Node(_LABELS[label], key, props)
    rel_type, start_label, start_key, end_label, end_key, props = checked
    return Relationship(
        _TYPES[rel_type],
        NodeRef(_LABELS[start_label], start_key),
        NodeRef(_LABELS[end_label], end_key),
        props,
    )


def parse_object(obj: object) -> Record:
    """Check one decoded record against the model (see :func:`check_object`).

    >>> parse_object({"label": "Topic", "key": "math", "props": {"name": "Math"}}).key
    'math'
    """
    return to_record(check_object(obj))


def parse_record(text: str | bytes) -> Record:
    """Parse and validate one JSON Lines record; :class:`InvalidInput` names the field.

    >>> parse_record('{"rel": "NEEDS", "start": "Project:p", "end": "Topic:t"}').type.value
    'NEEDS'
    >>> try:
    ...     parse_record('{"label": "Planet", "key": "mars"}')
    ... except InvalidInput as error:
    ...     print(error.field, "-", error.message)
    label - unknown label 'Planet'
    """
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise InvalidInput("json", f"not valid JSON ({error})", "BAD_JSON") from None
    return parse_object(obj)


MAX_RECORD_BYTES = 64 << 20
"""The longest line a record may take (64 MiB); a longer one is refused unread."""


def column_of(raw: bytes, offset: int) -> int:
    """The 1-based column (in characters) of byte ``offset`` of a UTF-8 line.

    >>> column_of(b"zo\\xc3\\xab: \\xff", 6)
    6
    """
    return len(raw[:offset].decode("utf-8", "replace")) + 1


_JSON_AT = re.compile(r"^(?P<what>.*): line \d+ column (?P<column>\d+) \(char \d+\)$")


def json_problem(raw: bytes, *, last: bool = False) -> str:
    """Why a line is not a JSON record, with the column where it goes wrong.

    Invalid UTF-8 is named by its byte and column (not the decoder's notion of
    surrogates); ``last`` says the line is the file's last and has no newline, so a
    JSON error there means the file was cut short.

    >>> json_problem(b'{"name": "Ada \\xff"}')
    'not valid UTF-8: byte 0xff at column 15'
    >>> json_problem(b'{"label": "Topic", "key"', last=True)
    'not valid JSON at column 25: the file ends in the middle of this record (truncated?)'
    >>> json_problem(b'{oops}')
    'not valid JSON at column 2: unexpected character, expected a string key'
    """
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        byte_column = column_of(raw, error.start)
        return f"not valid UTF-8: byte 0x{raw[error.start]:02x} at column {byte_column}"
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        found = _JSON_AT.match(str(error))
        what, column = (found["what"], found["column"]) if found else (str(error), "")
        at = f" at column {column}" if column else ""
        if last and not raw.endswith(b"\n"):
            return f"not valid JSON{at}: the file ends in the middle of this record (truncated?)"
        return f"not valid JSON{at}: {what[:1].lower()}{what[1:]}"
    return "not valid JSON"  # pragma: no cover - only called for lines that fail


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | RecordError, bool]]:
    """``(line number, line or error, whether it is the last line)``; a line longer
    than ``limit`` is skipped unread and reported by its length."""
    number = 0
    pending = handle.readline(limit + 1)
    while pending:
        number += 1
        raw, pending = pending, b""
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw)
            while True:
                rest = handle.readline(1 << 20)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            pending = handle.readline(limit + 1)
            yield (
                number,
                RecordError(
                    "",
                    number,
                    "",
                    "record",
                    f"the line is {size:,} bytes long; a record may take at most {limit:,} bytes",
                ),
                not pending,
            )
            continue
        pending = handle.readline(limit + 1)
        yield number, raw, not pending


def read_checked(
    path: Path,
    *,
    limit: int = MAX_RECORD_BYTES,
    name: str | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, Checked | RecordError]]:
    """Stream ``(line number, checked record or error)`` from a JSON Lines file.

    Memory stays within one line whatever the file's size: a line longer than ``limit``
    bytes is refused without being read whole. An error names the line and the field
    (``json`` for a line that is not JSON, with the column where it goes wrong);
    blank lines are skipped.

    Parameters
    ----------
    path
        The file.
    limit
        The longest line a record may take, in bytes.
    name
        How errors name the file (``path`` by default).
    on_bytes
        Told every few thousand lines how many bytes have been read.

    Returns
    -------
    Iterator of (int, Checked or RecordError)
        In file order; records as :func:`check_object` gives them.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as f:
    ...     _ = f.write(b'{"label": "Topic", "key": "math", "props": {"name": "Math"}}\\n')
    ...     _ = f.write(b'{"label": "Topic", "key": "art", "props": {"name": "Art \\xff"}}\\n')
    ...     _ = f.write(b'{"label": "Topic", "key": "x"')
    >>> for line, item in read_checked(Path(f.name), name="t.jsonl"):
    ...     print(line, item[:2] if isinstance(item, tuple) else f"{item.field}: {item.message}")
    1 ('Topic', 'math')
    2 encoding: not valid UTF-8: byte 0xff at column 57
    3 json: not valid JSON at column 30: the file ends in the middle of this record (truncated?)
    >>> os.unlink(f.name)
    """
    where = str(path) if name is None else name
    with path.open("rb") as handle:
        for number, raw, last in _lines(handle, limit):
            if on_bytes is not None and not number & 4095:
                on_bytes(handle.tell())
            if isinstance(raw, RecordError):
                yield number, RecordError(where, number, "", raw.field, raw.message)
                continue
            try:
                obj = orjson.loads(raw)
            except orjson.JSONDecodeError:
                if not raw.strip():
                    continue
                problem = json_problem(raw, last=last)
                field = "encoding" if problem.startswith("not valid UTF-8") else "json"
                yield number, RecordError(where, number, "", field, problem)
                continue
            try:
                yield number, check_object(obj)
            except InvalidInput as error:
                described = _describe(obj) if isinstance(obj, dict) else ""
                yield number, RecordError(where, number, described, error.field, error.message)


def read_records(
    path: Path, *, limit: int = MAX_RECORD_BYTES
) -> Iterator[tuple[int, Record | RecordError]]:
    """Stream ``(line number, record or error)`` from a JSON Lines file (see
    :func:`read_checked`).

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
    ...     _ = f.write('{"label": "Topic", "key": "math", "props": {"name": "Math"}}\\n{oops\\n')
    >>> [type(r).__name__ for _, r in read_records(Path(f.name))]
    ['Node', 'RecordError']
    >>> os.unlink(f.name)
    """
    for number, item in read_checked(path, limit=limit):
        yield number, item if isinstance(item, RecordError) else to_record(item)


def format_record(record: Record) -> str:
    """One record as a compact JSON line (without the newline); keys sorted within props.

    >>> rel = Relationship(RelType.NEEDS, NodeRef(Label.PROJECT, "p"), NodeRef(Label.TOPIC, "t"))
    >>> format_record(rel)
    '{"rel":"NEEDS","start":"Project:p","end":"Topic:t","props":{}}'
    """
    if isinstance(record, Node):
        obj: dict[str, Any] = {
            "label": record.label.value,
            "key": record.key,
            "props": dict(record.props),
        }
    else:
        obj = {
            "rel": record.type.value,
            "start": format_ref(record.start),
            "end": format_ref(record.end),
            "props": dict(record.props),
        }
    return orjson.dumps(obj).decode()
