"""Writes: every mutation is one checked ``WriteBatch`` applied in one transaction.

The batch is built (and so validated against the model) before anything is sent,
then checked against the viewer (:func:`resolvers.visibility.check_write`: people
hidden from the viewer are as missing, consent and private properties are their
owner's); a model error, a missing node, a taken key or a refused property becomes a
:class:`Problem` naming the input field, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from access.tokens import revoke_person_tokens
from graph.model import REL_SPECS, InvalidInput, Label, Node, NodeRef, Relationship, RelRef, RelType
from graph.store import AlreadyExists, NotFound, WriteBatch
from graph.validation import validate_key, validate_node
from resolvers.context import Context
from resolvers.errors import argument_name
from resolvers.loaders import call_store
from resolvers.nodes import node_by_ref
from resolvers.visibility import Refused, check_write, people_acted_on

__all__ = [
    "Problem",
    "WriteResult",
    "create_node",
    "delete_node",
    "link",
    "unlink",
    "update_node",
    "write",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a mutation wrote nothing: the input field at fault, a message and a code."""

    field: str | None
    message: str
    code: str


@dataclass(frozen=True, slots=True)
class WriteResult:
    """The problems of a write (empty when it was applied)."""

    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """Whether the write was applied."""
        return not self.problems


FieldFor = Callable[[NodeRef | RelRef], str | None]


def _key_field(_: NodeRef | RelRef) -> str:
    return "key"


async def write(
    context: Context,
    build: Callable[[WriteBatch], None],
    field_for: FieldFor = _key_field,
) -> WriteResult:
    """Build a batch with ``build`` and apply it atomically, or report why not.

    ``field_for`` names the input field behind a node or relationship the store
    could not find (or found already taken).
    """
    batch = WriteBatch()
    try:
        build(batch)
        if batch.ops:
            await _check_viewer(context, batch)
            await call_store(context.store.apply, batch)
    except (InvalidInput, Refused) as error:
        return WriteResult([Problem(argument_name(error.field), error.message, error.code)])
    except (NotFound, AlreadyExists) as error:
        return WriteResult([Problem(field_for(error.ref), error.message, error.code)])
    context.loaders.clear_all()
    return WriteResult([])


async def _check_viewer(context: Context, batch: WriteBatch) -> None:
    """Refuse what the viewer may not write (see :func:`resolvers.visibility.check_write`)."""
    refs = people_acted_on(batch)
    found = await call_store(context.store.get_nodes, refs) if refs else []
    check_write(context.viewer, batch, dict(zip(refs, found, strict=True)))


async def create_node(
    context: Context, label: Label, key: str, props: Mapping[str, Any]
) -> tuple[WriteResult, Node | None]:
    """Create a node (``ALREADY_EXISTS`` on field ``key`` if it is taken).

    A create that finds exactly the node it would have written (same key, same
    properties) succeeds without writing: that is a retry of a create whose answer
    was lost (say, to a store outage after the commit), so a retry is safe.
    """
    wanted = Node(label, key, dict(props))
    result = await write(context, lambda b: b.create_nodes([wanted]))
    if _key_taken(result) and await _stored_as_is(context, wanted):
        result = WriteResult([])
    return result, await _read_back(context, result, label, key)


def _key_taken(result: WriteResult) -> bool:
    return [p.code for p in result.problems] == ["ALREADY_EXISTS"]


def _plain(props: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: list(value) if isinstance(value, (list, tuple)) else value
        for name, value in props.items()
        if value is not None
    }


async def _stored_as_is(context: Context, wanted: Node) -> bool:
    """Whether the store holds ``wanted`` exactly as a create would have written it."""
    checked = validate_node(wanted)
    [stored] = await call_store(context.store.get_nodes, [checked.ref])
    return stored is not None and _plain(stored.props) == _plain(checked.props)


async def update_node(
    context: Context,
    label: Label,
    key: str,
    props: Mapping[str, Any],
    *,
    key_field: str = "key",
) -> tuple[WriteResult, Node | None]:
    """Overwrite the given properties (None removes one); ``NOT_FOUND`` on ``key_field``."""
    if not props:
        problem = Problem(None, "give at least one property to change", "REQUIRED")
        return WriteResult([problem]), None

    def build(batch: WriteBatch) -> None:
        batch.update_node(NodeRef(label, validate_key(key, key_field)), dict(props))

    result = await write(context, build, lambda _: key_field)
    return result, await _read_back(context, result, label, key)


async def delete_node(context: Context, label: Label, key: str) -> WriteResult:
    """Delete a node and its relationships; ``NOT_FOUND`` on ``key``.

    Deleting a person also revokes the tokens bound to them, so that nobody created
    later with the same key is exposed to those tokens.
    """

    def build(batch: WriteBatch) -> None:
        batch.delete_nodes([NodeRef(label, validate_key(key, "key"))])

    result = await write(context, build)
    if result.ok and label is Label.PERSON:
        await call_store(revoke_person_tokens, context.settings.data_dir, key)
    return result


async def link(
    context: Context, rel_type: RelType, ends: Mapping[str, NodeRef], props: Mapping[str, Any]
) -> WriteResult:
    """Create a relationship of ``rel_type`` between the two ``ends`` (input field -> the
    node it names, in either order), or merge ``props`` (those not None; an enum's
    member as its value) into the existing one.
    """
    start, end = _oriented(rel_type, ends)
    given = {name: _value(value) for name, value in props.items() if value is not None}

    def build(batch: WriteBatch) -> None:
        batch.upsert_relationships([Relationship(rel_type, start, end, given)])

    return await _write_between(context, ends, (start, end), build)


async def unlink(context: Context, rel_type: RelType, ends: Mapping[str, NodeRef]) -> WriteResult:
    """Delete the relationship of ``rel_type`` between the two ``ends`` (as for
    :func:`link`); ``NOT_FOUND`` when it does not exist."""
    start, end = _oriented(rel_type, ends)

    def build(batch: WriteBatch) -> None:
        batch.delete_relationships([RelRef(rel_type, start, end)])

    return await _write_between(context, ends, (start, end), build)


def _oriented(rel_type: RelType, ends: Mapping[str, NodeRef]) -> tuple[NodeRef, NodeRef]:
    """The two ends as (start, end) of a relationship of ``rel_type``: as given when the
    model allows that direction, else the other way round."""
    first, second = ends.values()
    if (first.label, second.label) in REL_SPECS[rel_type].ends:
        return first, second
    return second, first


def _value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


async def _write_between(
    context: Context,
    ends: Mapping[str, NodeRef],
    oriented: tuple[NodeRef, NodeRef],
    build: Callable[[WriteBatch], None],
) -> WriteResult:
    """Write ``build`` after checking the keys of the start and the end, naming each
    end's input field."""
    fields = {ref.label: field for field, ref in ends.items()}

    def checked(batch: WriteBatch) -> None:
        for ref in oriented:
            validate_key(ref.key, fields[ref.label])
        build(batch)

    return await write(context, checked, _field_by_label(fields))


def _field_by_label(fields: Mapping[Label, str]) -> FieldFor:
    def field_for(ref: NodeRef | RelRef) -> str | None:
        if isinstance(ref, NodeRef):
            return fields.get(ref.label)
        return None

    return field_for


async def _read_back(context: Context, result: WriteResult, label: Label, key: str) -> Node | None:
    if not result.ok:
        return None
    return await node_by_ref(context, NodeRef(label, key))
