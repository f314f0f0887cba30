"""Create, update and delete of a node label, and the relationship mutations, built
from the model tables.

Like Saleor's ``ModelMutation`` configured by its ``Meta``, one :class:`ModelCrud` per
label says only what the model does not (the GraphQL type, how the texts name the
node); the rest comes from :data:`graph.model.NODE_SPECS`: the input fields, their
types, which are required and their descriptions. A property added to the model can be
set through ``create<Label>`` and ``update<Label>`` with no second list to keep.
``ModelCrud(...).mutations()`` gives the three fields of the root ``Mutation``, with
their inputs and payload.

One :class:`ModelRel` per relationship payload does the same for the mutations that add
or remove a relationship of :data:`graph.model.REL_SPECS`: each :class:`RelMutation`
names its resolver and its input's fields, whose types and descriptions come from the
relationship's properties; the payload shows the two ends.
"""

# No ``from __future__ import annotations``: the types built here carry their field
# types as real objects, which is what strawberry reads.

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Annotated, Any

import strawberry
from strawberry import UNSET

import schema.enums  # noqa: F401  (registers the model's enums, the input fields' types)
from graph.model import NODE_SPECS, REL_SPECS, Label, Node, NodeRef, PropKind, PropSpec, RelType
from resolvers import mutations as writes
from resolvers.context import Context
from resolvers.mutations import WriteResult
from resolvers.nodes import nodes_by_refs
from resolvers.visibility import CONSENT_PROPS
from schema.context import Info
from schema.inputs import class_body, key_field, mutation_id_field, props_of
from schema.node import maybe_wrap
from schema.writes import INPUT, CanWrite, DeletePayload, Payload, deleted_id, user_errors

__all__ = ["ModelCrud", "ModelRel", "RelMutation"]

# Set by the synthetic network generator only, never through the API.
_NOT_SETTABLE = frozenset({"synthetic"})

_SCALARS: dict[PropKind, type] = {
    PropKind.STR: str,
    PropKind.TEXT: str,
    PropKind.INT: int,
    PropKind.BOOL: bool,
    PropKind.DATE: dt.date,
}


def _value_type(prop: PropSpec) -> Any:
    """The GraphQL value type of a property: its enum when it has choices."""
    if prop.kind is PropKind.STR_LIST:
        return list[prop.choices or str]  # type: ignore[misc]  # built at run time
    return prop.choices or _SCALARS[prop.kind]


def _words(label: Label) -> str:
    """How texts name a node of ``label``: ``StudyGroup`` -> ``study group``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", label.value).lower()


def _input_type(mutation: str, description: str, fields: dict[str, tuple[Any, Any]]) -> Any:
    """The input type of ``mutation`` (``createPerson`` -> ``CreatePersonInput``):
    ``clientMutationId`` and then ``fields`` (name -> (type, strawberry field))."""
    type_name = f"{mutation[0].upper()}{mutation[1:]}Input"
    fields = {"client_mutation_id": (str | None, mutation_id_field()), **fields}
    body = class_body(f"Fields of ``{mutation}``.", fields)
    return strawberry.input(type(type_name, (), body), description=description)


@dataclasses.dataclass(frozen=True)
class ModelCrud:
    """The create, update and delete mutations of one label, as ``node_type``.

    ``noun`` names a node of the label in texts (by default the label's words:
    ``study group``), ``full_noun`` where one is added (``A new education innovation
    cluster.``), ``owner`` is the pronoun of its relationships (``its``, ``their``).
    ``hideable``: the viewer may not see every node (the payload says so);
    ``after_delete`` ends the delete's description; ``also_returned_by`` names other
    mutations that answer with the same payload.
    """

    label: Label
    node_type: Any
    noun: str = ""
    full_noun: str = ""
    owner: str = "its"
    hideable: bool = False
    after_delete: str = ""
    also_returned_by: tuple[str, ...] = ()

    @property
    def what(self) -> str:
        """The noun texts use."""
        return self.noun or _words(self.label)

    @property
    def full(self) -> str:
        """The noun texts use where a node is added."""
        return self.full_noun or self.what

    def _settable(self, *, creating: bool) -> Iterator[PropSpec]:
        """The properties an input sets; consent flags only when creating (afterwards
        ``setPersonConsent`` changes them)."""
        for prop in NODE_SPECS[self.label].props:
            if prop.name in _NOT_SETTABLE or (not creating and prop.name in CONSENT_PROPS):
                continue
            yield prop

    @functools.cached_property
    def create_input(self) -> Any:
        """``Create<Label>Input``: the key, the required properties and the optional ones."""
        fields: dict[str, tuple[Any, Any]] = {
            "key": (
                str,
                strawberry.field(
                    description=f"The new {self.what}'s key: 1-128 lower-case letters, "
                    "digits, '.', '_' or '-'."
                ),
            )
        }
        for prop in self._settable(creating=True):
            if prop.required:
                fields[prop.name] = _required(prop)
            else:
                fields[prop.name] = _optional(prop, _create_description(prop))
        return _input_type(f"create{self.label.value}", f"A new {self.full}.", fields)

    @functools.cached_property
    def update_input(self) -> Any:
        """``Update<Label>Input``: the key and every property, each optional."""
        fields = {"key": (str, key_field(self.what))}
        for prop in self._settable(creating=False):
            fields[prop.name] = _optional(prop, prop.description)
        return _input_type(
            f"update{self.label.value}",
            f"Changes to {_a(self.what)}: fields left out are kept, null clears.",
            fields,
        )

    @functools.cached_property
    def delete_input(self) -> Any:
        """``Delete<Label>Input``: the key."""
        return _input_type(
            f"delete{self.label.value}",
            f"The {self.what} to delete (with all {self.owner} relationships).",
            {"key": (str, key_field(self.what))},
        )

    @property
    def field_name(self) -> str:
        """The name of a field that holds the node or its key: ``person``, ``study_group``."""
        return self.what.replace(" ", "_")

    def payload_field(self, what: str) -> tuple[Any, Any]:
        """A payload's field of the node, described as ``what``, null on error (or when
        hidden from the viewer)."""
        hidden = ", or when hidden from you" if self.hideable else ""
        return self.node_type | None, strawberry.field(
            description=f"The {what} (null on error{hidden})."
        )

    @functools.cached_property
    def payload(self) -> Any:
        """``<Label>Payload``: the node as stored now, and the problems."""
        label = self.label.value
        return _payload_type(
            f"{label}Payload",
            [f"create{label}", f"update{label}", *self.also_returned_by],
            f"{_a(self.what).capitalize()} and the problems, if any.",
            {self.field_name: self.payload_field(f"{self.what} as stored now")},
        )

    def mutations(self) -> tuple[Any, Any, Any]:
        """The fields ``create<Label>``, ``update<Label>`` and ``delete<Label>``."""
        label = self.label

        async def create(context: Context, data: Any) -> tuple[WriteResult, Node | None]:
            return await writes.create_node(context, label, data.key, props_of(data))

        async def update(context: Context, data: Any) -> tuple[WriteResult, Node | None]:
            return await writes.update_node(context, label, data.key, props_of(data))

        async def delete(info: Info, input: Any) -> DeletePayload:
            result = await writes.delete_node(info.context, label, input.key)
            return DeletePayload(
                client_mutation_id=input.client_mutation_id,
                user_errors=user_errors(result),
                deleted_id=deleted_id(result, label, input.key),
            )

        return (
            self._saving(create, self.create_input, f"Add {_a(self.full)}."),
            self._saving(update, self.update_input, f"Change {_a(self.what)}'s details."),
            _mutation(
                delete,
                self.delete_input,
                DeletePayload,
                f"Delete {_a(self.what)} and all {self.owner} relationships{self.after_delete}.",
            ),
        )

    def _saving(
        self,
        save: Callable[[Context, Any], Awaitable[tuple[WriteResult, Node | None]]],
        input_type: Any,
        description: str,
    ) -> Any:
        """A mutation that saves a node and answers with it (as the viewer may see it)."""
        payload, field = self.payload, self.field_name

        async def resolve(info: Info, input: Any) -> Any:
            result, node = await save(info.context, input)
            return payload(
                client_mutation_id=input.client_mutation_id,
                user_errors=user_errors(result),
                **{field: maybe_wrap(node)},
            )

        return _mutation(resolve, input_type, payload, description)


@dataclasses.dataclass(frozen=True)
class RelMutation:
    """One mutation of a relationship: its name (``addProjectMember``), its input's
    fields in order, each an end's key (named as the end is: ``project``) or a property
    of the relationship, and how it writes: by default it adds the relationship (or
    merges the properties given into it), or removes it when ``removes``; a ``write``
    with rules of its own takes the context and then the fields by name.

    ``description`` is the mutation's, ``input_description`` its input's (by default the
    same).
    """

    name: str
    fields: tuple[str, ...]
    description: str
    input_description: str = ""
    write: Callable[..., Awaitable[WriteResult]] | None = None
    removes: bool = False


@dataclasses.dataclass(frozen=True)
class ModelRel:
    """The mutations that change relationships of type ``rel`` and answer with the
    payload ``payload_name``, which shows the two ``ends`` (in that order) as the viewer
    may see them."""

    rel: RelType
    payload_name: str
    ends: tuple[ModelCrud, ModelCrud]
    changes: tuple[RelMutation, ...]

    @functools.cached_property
    def payload(self) -> Any:
        """The payload: the two ends, and the problems."""
        first, second = (end.what for end in self.ends)
        return _payload_type(
            self.payload_name,
            [change.name for change in self.changes],
            f"The {first} and the {second}.",
            {end.field_name: end.payload_field(end.what) for end in self.ends},
        )

    def mutations(self) -> tuple[Any, ...]:
        """The fields of the root ``Mutation``, one per change, in order."""
        return tuple(self._changing(change) for change in self.changes)

    def _input(self, change: RelMutation) -> Any:
        """``<Name>Input``: the ends' keys and the relationship's properties."""
        ends = {end.field_name: end for end in self.ends}
        spec = REL_SPECS[self.rel]
        fields = {
            name: (str, key_field(ends[name].what)) if name in ends else _rel_field(spec.prop(name))
            for name in change.fields
        }
        return _input_type(change.name, change.input_description or change.description, fields)

    def _changing(self, change: RelMutation) -> Any:
        """The mutation ``change``: write, then read both ends."""
        payload, rel, fields = self.payload, self.rel, change.fields
        ends = [(end.label, end.field_name) for end in self.ends]

        async def write(context: Context, **given: Any) -> WriteResult:
            refs = {name: NodeRef(label, given.pop(name)) for label, name in ends}
            if change.removes:
                return await writes.unlink(context, rel, refs)
            return await writes.link(context, rel, refs, given)

        async def resolve(info: Info, input: Any) -> Any:
            values = {name: getattr(input, name) for name in fields}
            result = await (change.write or write)(info.context, **values)
            shown: list[Any] = [None] * len(ends)
            if result.ok:
                refs = [NodeRef(label, getattr(input, name)) for label, name in ends]
                shown = [maybe_wrap(node) for node in await nodes_by_refs(info.context, refs)]
            return payload(
                client_mutation_id=input.client_mutation_id,
                user_errors=user_errors(result),
                **{name: node for (_, name), node in zip(ends, shown, strict=True)},
            )

        return _mutation(resolve, self._input(change), payload, change.description)


def _payload_type(
    type_name: str, mutations: list[str], doc: str, fields: dict[str, tuple[Any, Any]]
) -> Any:
    """The payload ``type_name`` of ``mutations``: the Relay fields, then ``fields``."""
    return strawberry.type(
        type(type_name, (Payload,), class_body(doc, fields)),
        description=f"The result of {_either([f'`{name}`' for name in mutations])}.",
    )


def _mutation(resolve: Callable[..., Any], input_type: Any, payload: Any, description: str) -> Any:
    """A mutation field for editors and admins taking ``input: input_type``."""
    annotations: Mapping[str, Any] = {
        "input": Annotated[input_type, INPUT],
        "return": payload | None,
    }
    resolve.__annotations__.update(annotations)
    return strawberry.mutation(
        resolver=resolve, description=description, permission_classes=[CanWrite]
    )


def _either(names: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``.

    >>> _either(["`a`", "`b`", "`c`"])
    '`a`, `b` or `c`'
    """
    return " or ".join(filter(None, [", ".join(names[:-1]), names[-1]]))


def _create_description(prop: PropSpec) -> str:
    """How an input that creates a node or adds a relationship describes ``prop``."""
    return prop.create_description or prop.description


def _required(prop: PropSpec) -> tuple[Any, Any]:
    """A field that must be given."""
    return _value_type(prop), strawberry.field(description=_create_description(prop))


def _optional(prop: PropSpec, description: str) -> tuple[Any, Any]:
    """A field that may be left out (kept) or set to null (cleared)."""
    return _value_type(prop) | None, strawberry.field(default=UNSET, description=description)


def _rel_field(prop: PropSpec) -> tuple[Any, Any]:
    """A field of a relationship property: required, or the model's default when left
    out (an enum's member), or null."""
    if prop.required:
        return _required(prop)
    description = _create_description(prop)
    if prop.default is not None:
        default = prop.choices(prop.default) if prop.choices else prop.default
        return _value_type(prop), strawberry.field(default=default, description=description)
    return _value_type(prop) | None, strawberry.field(default=None, description=description)


def _a(noun: str) -> str:
    """``noun`` with its indefinite article.

    >>> _a("organization"), _a("person")
    ('an organization', 'a person')
    """
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
