"""Validation against the model tables: keys, emails, property values, whole nodes and
relationships, and the EDT 630 credit rules.

Every write and every import goes through these (or through :mod:`graph.checks`, which
compiles the same rules per label and hands anything unusual back here), so the answers
and the messages are the same everywhere. A problem raises
:class:`graph.model.InvalidInput`, naming the field at fault.

Examples
--------
>>> from graph.model import Node
>>> person = Node(Label.PERSON, "ada", {"name": "Ada", "roles": ["educator"]})
>>> validate_node(person).props["discoverable"]
True
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any

from graph.model import (
    ATTENDANCE_CREDITS,
    MAX_LIST_ITEMS,
    NODE_SPECS,
    REL_SPECS,
    AttendanceMode,
    InvalidInput,
    Label,
    Node,
    PropKind,
    PropSpec,
    Relationship,
    RelType,
)

__all__ = [
    "KEY_PATTERN",
    "check_attendance",
    "check_email",
    "validate_key",
    "validate_node",
    "validate_props",
    "validate_relationship",
]


_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")

KEY_PATTERN: re.Pattern[str] = _KEY
"""What a node key looks like (see :func:`validate_key`), for readers that check keys
in bulk.

>>> bool(KEY_PATTERN.match("donald-peurach")), bool(KEY_PATTERN.match("Ada"))
(True, False)
"""

# One "@", no spaces, a dot in a domain of non-empty labels: a syntax check, not a
# promise that mail is delivered.
_EMAIL = re.compile(r"^[^@\s]{1,64}@(?=.{4,253}$)[^@\s.]+(\.[^@\s.]+)+$")


def check_email(value: str, field_name: str = "email") -> str:
    """Check the syntax of an email address; return it without surrounding spaces.

    >>> check_email(" ada@example.org ")
    'ada@example.org'
    >>> try:
    ...     check_email("x")
    ... except InvalidInput as error:
    ...     print(error.field, error.message)
    email must be an email address like name@example.org (got 'x')
    """
    cleaned = value.strip()
    if not _EMAIL.match(cleaned):
        raise InvalidInput(
            field_name, f"must be an email address like name@example.org (got {value!r})"
        )
    return cleaned


def validate_key(key: object, field_name: str = "key") -> str:
    """Check a node key: 1-128 lower-case letters, digits, ``.``, ``_`` or ``-``.

    >>> validate_key("donald-peurach")
    'donald-peurach'
    >>> try:
    ...     validate_key("Not A Key")
    ... except InvalidInput as error:
    ...     print(error.field, error.code)
    key INVALID
    """
    if not isinstance(key, str) or not _KEY.match(key):
        raise InvalidInput(
            field_name,
            f"must be 1-128 lower-case letters, digits, '.', '_' or '-' (got {key!r})",
        )
    return key


def _check_value(spec: PropSpec, value: Any, where: str) -> Any:
    field_name = f"{where}{spec.name}"
    if value is None:
        return None
    kind = spec.kind
    if kind in (PropKind.STR, PropKind.TEXT):
        if isinstance(value, Enum):
            value = value.value
        if not isinstance(value, str):
            raise InvalidInput(field_name, f"must be text, not {type(value).__name__}")
        _check_length(spec, value, field_name)
        if spec.choices is not None:
            _check_choice(spec.choices, value, field_name)
        if spec.email:
            return check_email(value, field_name)
        return value
    if kind is PropKind.INT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(field_name, f"must be a whole number, not {type(value).__name__}")
        return value
    if kind is PropKind.BOOL:
        if not isinstance(value, bool):
            raise InvalidInput(field_name, f"must be true or false, not {type(value).__name__}")
        return value
    if kind is PropKind.DATE:
        if isinstance(value, dt.date):
            return value.isoformat()
        if not isinstance(value, str):
            raise InvalidInput(field_name, f"must be an ISO date, not {type(value).__name__}")
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(
                field_name, f"must be an ISO date (YYYY-MM-DD), not {value!r}"
            ) from None
        return value
    # STR_LIST
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise InvalidInput(field_name, f"must be a list of strings, not {type(value).__name__}")
    if len(value) > MAX_LIST_ITEMS:
        raise InvalidInput(
            field_name, f"must have at most {MAX_LIST_ITEMS} items, not {len(value)}", "TOO_LONG"
        )
    items: list[str] = []
    for item in value:
        if isinstance(item, Enum):
            item = item.value
        if not isinstance(item, str):
            raise InvalidInput(field_name, f"items must be strings, not {type(item).__name__}")
        _check_length(spec, item, field_name)
        if spec.choices is not None:
            _check_choice(spec.choices, item, field_name)
        if item not in items:
            items.append(item)
    return items


def _check_length(spec: PropSpec, value: str, field_name: str) -> None:
    limit = spec.length_limit
    if len(value) > limit:
        raise InvalidInput(
            field_name, f"must be at most {limit} characters, not {len(value)}", "TOO_LONG"
        )


def _check_choice(choices: type[Enum], value: str, field_name: str) -> None:
    allowed = _allowed(choices)
    if value not in allowed:
        raise InvalidInput(
            field_name, f"{value!r} is not one of {', '.join(allowed)}", code="NOT_A_CHOICE"
        )


@functools.cache
def _names(specs: tuple[PropSpec, ...]) -> frozenset[str]:
    return frozenset(spec.name for spec in specs)


@functools.cache
def _allowed(choices: type[Enum]) -> tuple[str, ...]:
    return tuple(str(c.value) for c in choices)


def validate_props(
    specs: tuple[PropSpec, ...],
    props: Mapping[str, Any],
    *,
    partial: bool,
    owner: str,
    where: str = "",
    fill_defaults: bool = True,
) -> dict[str, Any]:
    """Check and normalize properties against their specs.

    A full record (``partial=False``) must have every required property and, with
    ``fill_defaults``, gets the defaults of the ones it lacks; a partial one (an update)
    may set any subset, and ``None`` means "remove this property".

    >>> specs = NODE_SPECS[Label.TOPIC].props
    >>> validate_props(specs, {"name": "Math"}, partial=False, owner="Topic")
    {'name': 'Math', 'synthetic': False}
    """
    known = _names(specs)
    for name in props:
        if name not in known:
            raise InvalidInput(
                f"{where}{name}", f"{owner} has no property {name!r}", "UNKNOWN_FIELD"
            )
    out: dict[str, Any] = {}
    for spec in specs:
        if spec.name in props:
            value = _check_value(spec, props[spec.name], where)
            if value is None and spec.required:
                raise InvalidInput(f"{where}{spec.name}", "is required", "REQUIRED")
            if isinstance(value, str) and spec.required and not value.strip():
                raise InvalidInput(f"{where}{spec.name}", "must not be empty", "REQUIRED")
            out[spec.name] = value
        elif not partial:
            if spec.required:
                raise InvalidInput(f"{where}{spec.name}", "is required", "REQUIRED")
            if fill_defaults and spec.default is not None:
                default = spec.default
                out[spec.name] = list(default) if isinstance(default, tuple) else default
    if not partial:
        out = {k: v for k, v in out.items() if v is not None}
    return out


def validate_node(node: Node, *, partial: bool = False, fill_defaults: bool = True) -> Node:
    """Check a node against its label's spec and (unless told not to) fill in defaults.

    Upserts do not fill defaults, so that merging a record into an existing node never
    resets a property the record does not mention (a person's opt-out, say); readers
    get defaults through :meth:`Node.get`.

    >>> validate_node(Node(Label.TOPIC, "math", {"name": "Math"})).props
    {'name': 'Math', 'synthetic': False}
    """
    if not isinstance(node.label, Label):
        raise InvalidInput("label", f"unknown label {node.label!r}", "UNKNOWN_LABEL")
    validate_key(node.key)
    spec = NODE_SPECS[node.label]
    props = validate_props(
        spec.props,
        node.props,
        partial=partial,
        owner=node.label.value,
        fill_defaults=fill_defaults,
    )
    return Node(node.label, node.key, props)


def validate_relationship(rel: Relationship) -> Relationship:
    """Check a relationship's type, ends and properties (and EDT 630 credit rules).

    >>> from graph.model import NodeRef
    >>> r = Relationship(RelType.ATTENDED, NodeRef(Label.PERSON, "a"),
    ...                  NodeRef(Label.GATHERING, "g"), {"mode": "reflection", "credits": 1})
    >>> validate_relationship(r).props["credits"]
    1
    """
    if not isinstance(rel.type, RelType):
        raise InvalidInput("type", f"unknown relationship type {rel.type!r}", "UNKNOWN_TYPE")
    spec = REL_SPECS[rel.type]
    validate_key(rel.start.key, "start")
    validate_key(rel.end.key, "end")
    if (rel.start.label, rel.end.label) not in spec.ends:
        allowed = "; ".join(f"{a.value} -> {b.value}" for a, b in spec.ends)
        raise InvalidInput(
            "type",
            f"{rel.type.value} cannot join {rel.start.label.value} -> {rel.end.label.value} "
            f"(allowed: {allowed})",
            "BAD_ENDS",
        )
    props = validate_props(spec.props, rel.props, partial=False, owner=rel.type.value)
    if rel.type is RelType.ATTENDED:
        check_attendance(props.get("mode", AttendanceMode.ATTENDEE.value), props.get("credits"))
    return Relationship(rel.type, rel.start, rel.end, props)


def check_attendance(mode: str, credits: int | None) -> None:
    """Enforce the EDT 630 credit rules.

    Reflection earns exactly 1 credit; joining a team or proposing a project earns 2 to 5;
    plain attendance earns none.

    >>> check_attendance("joined_team", 3)
    >>> check_attendance("reflection", 2)
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: credits: reflection earns 1 credit, not 2
    """
    attendance = AttendanceMode(mode)
    if attendance not in ATTENDANCE_CREDITS:
        if credits not in (None, 0):
            raise InvalidInput("credits", f"{mode} earns no credit, not {credits}", "BAD_CREDITS")
        return
    low, high = ATTENDANCE_CREDITS[attendance]
    if credits is None:
        raise InvalidInput("credits", f"{mode} needs a number of credits", "BAD_CREDITS")
    if not low <= credits <= high:
        expected = f"{low} credit" if low == high else f"{low}-{high} credits"
        raise InvalidInput("credits", f"{mode} earns {expected}, not {credits}", "BAD_CREDITS")
