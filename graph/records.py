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

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from graph.model import (
    InvalidInput,
    Label,
    Node,
    NodeRef,
    Relationship,
    RelType,
    validate_key,
    validate_node,
    validate_relationship,
)

__all__ = [
    "Record",
    "RecordError",
    "format_record",
    "format_ref",
    "parse_record",
    "parse_ref",
    "read_records",
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


def _parse_object(obj: object) -> Record:
    if not isinstance(obj, dict):
        raise InvalidInput("record", "must be a JSON object")
    props = obj.get("props", {})
    if not isinstance(props, dict):
        raise InvalidInput("props", "must be a JSON object")
    if "label" in obj:
        extra = set(obj) - {"label", "key", "props"}
        if extra:
            raise InvalidInput(sorted(extra)[0], "is not a field of a node record", "UNKNOWN_FIELD")
        try:
            label = Label(obj["label"])
        except ValueError:
            raise InvalidInput(
                "label", f"unknown label {obj['label']!r}", "UNKNOWN_LABEL"
            ) from None
        if "key" not in obj:
            raise InvalidInput("key", "is required", "REQUIRED")
        return validate_node(Node(label, obj["key"], props), fill_defaults=False)
    if "rel" in obj:
        extra = set(obj) - {"rel", "start", "end", "props"}
        if extra:
            raise InvalidInput(
                sorted(extra)[0], "is not a field of a relationship record", "UNKNOWN_FIELD"
            )
        try:
            rel_type = RelType(obj["rel"])
        except ValueError:
            raise InvalidInput(
                "rel", f"unknown relationship type {obj['rel']!r}", "UNKNOWN_TYPE"
            ) from None
        start = parse_ref(obj.get("start"), "start")
        end = parse_ref(obj.get("end"), "end")
        return validate_relationship(Relationship(rel_type, start, end, props))
    raise InvalidInput("record", "needs either 'label' (a node) or 'rel' (a relationship)")


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
    return _parse_object(obj)


def read_records(path: Path) -> Iterator[tuple[int, Record | RecordError]]:
    """Stream ``(line number, record or error)`` from a JSON Lines file; blank lines skip.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
    ...     _ = f.write('{"label": "Topic", "key": "math", "props": {"name": "Math"}}\\n{oops\\n')
    >>> [type(r).__name__ for _, r in read_records(Path(f.name))]
    ['Node', 'RecordError']
    >>> os.unlink(f.name)
    """
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield number, parse_record(raw)
            except InvalidInput as error:
                described = ""
                try:
                    obj = orjson.loads(raw)
                    if isinstance(obj, dict):
                        described = _describe(obj)
                except orjson.JSONDecodeError:
                    pass
                yield number, RecordError(str(path), number, described, error.field, error.message)


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
