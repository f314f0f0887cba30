"""Record checks compiled once from the model tables, for reading records in bulk.

:func:`graph.validation.validate_node` walks every property spec of a label for every
record; an import of a million records spends most of its time there. The checks here
are built once per label and relationship type from the same tables: each property gets
a small function that accepts the common case (a string of the right length, a known
choice, an int, a bool, a short list) in a type test or two and hands anything else to
the model's own checker, so the answers and the error messages are the model's.

Examples
--------
>>> from graph.model import Label, RelType
>>> NODE_CHECKS[Label.TOPIC]({"name": "Math"})
{'name': 'Math'}
>>> REL_CHECKS[RelType.ATTENDED]({})
{'mode': 'attendee'}
>>> try:
...     NODE_CHECKS[Label.PERSON]({"name": "Ada", "roles": ["wizard"]})
... except InvalidInput as error:
...     print(error.field, "-", error.message[:26])
roles - 'wizard' is not one of edu
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from graph.model import (
    MAX_LIST_ITEMS,
    NODE_SPECS,
    REL_SPECS,
    AttendanceMode,
    InvalidInput,
    Label,
    PropKind,
    PropSpec,
    RelType,
)
from graph.validation import check_attendance, check_email, validate_props

__all__ = ["NODE_CHECKS", "REL_CHECKS", "PropsCheck", "compile_props"]

PropsCheck = Callable[[Mapping[str, Any]], dict[str, Any]]
"""Checks a record's properties; returns them normalized or raises ``InvalidInput``."""

_ValueCheck = Callable[[Any], Any]


def _slow(spec: PropSpec, specs: tuple[PropSpec, ...], owner: str) -> _ValueCheck:
    """The model's own check of one property (and its error message)."""

    def check(value: Any) -> Any:
        return validate_props(specs, {spec.name: value}, partial=True, owner=owner)[spec.name]

    return check


def _compile_value(spec: PropSpec, specs: tuple[PropSpec, ...], owner: str) -> _ValueCheck:
    slow = _slow(spec, specs, owner)
    limit = spec.length_limit
    allowed = frozenset(str(c.value) for c in spec.choices) if spec.choices else None
    kind = spec.kind
    if spec.email or (spec.required and kind in (PropKind.STR, PropKind.TEXT)):
        # Emails are normalized and required text must not be blank: the model decides.
        fast = not spec.email

        def check_strict(value: Any) -> Any:
            if value is None:
                if spec.required:
                    raise InvalidInput(spec.name, "is required", "REQUIRED")
                return None
            if spec.email and type(value) is str and len(value) <= limit:
                return check_email(value, spec.name)
            if (
                fast
                and type(value) is str
                and len(value) <= limit
                and value.strip()
                and (allowed is None or value in allowed)
            ):
                return value
            return slow(value)

        return check_strict
    if kind in (PropKind.STR, PropKind.TEXT):
        if allowed is not None:
            return lambda value: value if type(value) is str and value in allowed else slow(value)
        return lambda value: value if type(value) is str and len(value) <= limit else slow(value)
    if kind is PropKind.INT:
        return lambda value: value if type(value) is int else slow(value)
    if kind is PropKind.BOOL:
        return lambda value: value if type(value) is bool else slow(value)
    if kind is PropKind.DATE:

        def check_date(value: Any) -> Any:
            if type(value) is str and len(value) == 10:
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    pass
                else:
                    return value
            return slow(value)

        return check_date

    def check_list(value: Any) -> Any:
        if (
            type(value) is list
            and len(value) <= MAX_LIST_ITEMS
            and all(type(item) is str and len(item) <= limit for item in value)
            and (allowed is None or allowed.issuperset(value))
            and len(set(value)) == len(value)
        ):
            return value
        return slow(value)

    return check_list


def compile_props(specs: tuple[PropSpec, ...], owner: str, *, fill_defaults: bool) -> PropsCheck:
    """One function that checks whole property maps against ``specs``.

    It gives what ``validate_props(specs, props, partial=False, ...)`` gives, with the
    same errors, in a fraction of the time for well-formed records.

    Parameters
    ----------
    specs
        The property specs of a label or relationship type.
    owner
        The label or type, for messages.
    fill_defaults
        Add the defaults of properties the record does not mention.

    Returns
    -------
    PropsCheck
        The check.

    Examples
    --------
    >>> from graph.model import Label
    >>> check = compile_props(NODE_SPECS[Label.TOPIC].props, "Topic", fill_defaults=True)
    >>> check({"name": "Math", "source": None})
    {'name': 'Math', 'synthetic': False}
    >>> try:
    ...     check({"name": "Math", "colour": "red"})
    ... except InvalidInput as error:
    ...     print(error.field, "-", error.message)
    colour - Topic has no property 'colour'
    """
    checks: dict[str, _ValueCheck] = {s.name: _compile_value(s, specs, owner) for s in specs}
    required = frozenset(s.name for s in specs if s.required)
    defaults = tuple(
        (s.name, list(s.default) if isinstance(s.default, tuple) else s.default)
        for s in specs
        if fill_defaults and s.default is not None
    )

    def check(props: Mapping[str, Any]) -> dict[str, Any]:
        if not props and not required:
            return {name: list(v) if isinstance(v, list) else v for name, v in defaults}
        out: dict[str, Any] = {}
        for name, value in props.items():
            value_check = checks.get(name)
            if value_check is None:
                raise InvalidInput(name, f"{owner} has no property {name!r}", "UNKNOWN_FIELD")
            value = value_check(value)
            if value is not None:
                out[name] = value
        if required and not required.issubset(out):
            missing = min(required - out.keys(), key=[s.name for s in specs].index)
            raise InvalidInput(missing, "is required", "REQUIRED")
        for name, default in defaults:
            if name not in props:
                out[name] = list(default) if isinstance(default, list) else default
        return out

    return check


def _rel_check(rel_type: RelType) -> PropsCheck:
    spec = REL_SPECS[rel_type]
    check = compile_props(spec.props, rel_type.value, fill_defaults=True)
    if rel_type is not RelType.ATTENDED:
        return check

    def check_attended(props: Mapping[str, Any]) -> dict[str, Any]:
        out = check(props)
        check_attendance(out.get("mode", AttendanceMode.ATTENDEE.value), out.get("credits"))
        return out

    return check_attended


NODE_CHECKS: Mapping[Label, PropsCheck] = {
    label: compile_props(spec.props, label.value, fill_defaults=False)
    for label, spec in NODE_SPECS.items()
}
"""The property check of each label; upserts never fill defaults (see
:func:`graph.validation.validate_node`)."""

REL_CHECKS: Mapping[RelType, PropsCheck] = {rel_type: _rel_check(rel_type) for rel_type in RelType}
"""The property check of each relationship type, with its defaults and, for
``ATTENDED``, the EDT 630 credit rules."""
