"""Look ahead at what a query selects under a node, and plan its relationship fields.

A root lookup (``person(key: ...)``, ``node(id: ...)``, ``me``) or listing
(``people(first: 20)``) reads the selection below it before it resolves: each
relationship field (see :func:`schema.fields.relationship`) under the node, under
``edges { node }`` and ``nodes`` of its connection, and so on down, becomes a step of
one read plan (:mod:`resolvers.plans`), which the store answers in one call. Fragments
on the node's own type (or on ``Node``/``NetworkNode``) count; a fragment on another
type, a page counted from the end, or arguments the field will refuse are left to the
fields themselves, which read them as before. ``nodes(ids: ...)`` is not planned: its
ids may name nodes of several labels.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from strawberry.types.base import get_object_definition
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField
from strawberry.utils.str_converters import to_camel_case

from graph.model import InvalidInput, Label
from graph.plans import PlanStep, ReadPlan
from graph.store import Condition, Hop
from graph.validation import validate_key
from resolvers.context import Context
from resolvers.errors import ApiError
from resolvers.listing import listing_query
from resolvers.pagination import PageArgs
from resolvers.plans import plan_step, prefetch
from schema.context import Info
from schema.node import label_of, node_types

__all__ = ["HOP", "ONE", "plan_ahead", "plan_listing"]

HOP = "convene.hop"
"""The metadata key under which a relationship field keeps its hop."""
ONE = "convene.one"
"""The metadata key that marks a relationship field leading to at most one node."""

_INTERFACES = frozenset({"Node", "NetworkNode"})


@functools.cache
def _relationship_fields() -> dict[Label, dict[str, tuple[Hop, bool]]]:
    """Each node type's relationship fields by GraphQL name: the hop, and whether the
    field leads to at most one node."""
    fields: dict[Label, dict[str, tuple[Hop, bool]]] = {}
    for node_type in node_types():
        definition = get_object_definition(node_type, strict=True)
        fields[label_of(node_type)] = {
            field.graphql_name or to_camel_case(field.python_name): (
                field.metadata[HOP],
                bool(field.metadata.get(ONE)),
            )
            for field in definition.fields
            if field.metadata and HOP in field.metadata
        }
    return fields


async def plan_ahead(info: Info, label: Label, key: str) -> None:
    """Read the node ``key`` and every relationship field selected below it in one
    store call, when any is selected; the fields then resolve from the loaders."""
    try:
        checked = validate_key(key)
    except InvalidInput:
        return  # the lookup itself reports the key
    selections = [s for field in info.selected_fields for s in field.selections]
    steps = _steps(info.context, label, selections)
    if steps:
        await prefetch(info.context, ReadPlan(label, (checked,), steps))


async def plan_listing(
    info: Info,
    label: Label,
    page: PageArgs,
    where: Sequence[Condition],
    order_by: str,
    descending: bool,
) -> None:
    """Read a root listing's page and every relationship field selected below its
    nodes in one store call, when any is selected; the listing and the fields then
    resolve from what was read."""
    query = listing_query(info.context, label, page, where, order_by, descending)
    if query is None:
        return  # a page counted from the end needs its total first
    selections = [s for field in _fields(info.selected_fields, "") for s in _nodes_of(field)]
    steps = _steps(info.context, label, selections)
    if steps:
        await prefetch(info.context, ReadPlan.of_listing(query, steps))


def _steps(context: Context, label: Label, selections: Iterable[Any]) -> tuple[PlanStep, ...]:
    relationships = _relationship_fields()[label]
    steps: list[PlanStep] = []
    for selected in _fields(selections, label.value):
        found = relationships.get(selected.name)
        if found is None:
            continue
        hop, one = found
        other = hop.other_label
        if one:
            steps_below = _steps(context, other, selected.selections)
            step = plan_step(context, hop, None, steps_below)
        else:
            page = _page(selected.arguments)
            if page is None:
                continue  # the field itself reports its arguments
            step = plan_step(context, hop, page, _steps(context, other, _nodes_of(selected)))
        if step is not None:
            steps.append(step)
    return tuple(dict.fromkeys(steps))


def _page(arguments: dict[str, Any]) -> PageArgs | None:
    """A field's window from its arguments as the selection gives them (a literal
    number as its text, a variable as its value); None when they are not valid."""
    try:
        first, last = (
            None if value is None else int(value)
            for value in (arguments.get("first"), arguments.get("last"))
        )
        return PageArgs.parse(first, arguments.get("after"), last, arguments.get("before"))
    except (ApiError, TypeError, ValueError):
        return None


def _fields(selections: Iterable[Any], type_name: str) -> Iterator[SelectedField]:
    """The fields selected on ``type_name``, fragments spread."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            condition = selection.type_condition
            if condition is None or condition == type_name or condition in _INTERFACES:
                yield from _fields(selection.selections, type_name)


def _nodes_of(connection: SelectedField) -> list[Any]:
    """What a connection field selects on its nodes: under ``edges { node }`` and
    under ``nodes``."""
    selections: list[Any] = []
    for field in _fields(connection.selections, ""):
        if field.name == "nodes":
            selections += field.selections
        elif field.name == "edges":
            selections += [
                s
                for edge in _fields(field.selections, "")
                if edge.name == "node"
                for s in edge.selections
            ]
    return selections
