"""Create, update and delete of a node label, built from the model tables.

Like Saleor's ``ModelMutation`` configured by its ``Meta``, one :class:`ModelCrud` per
label says only what the model does not (how the texts name the node); the rest comes
from :data:`graph.model.NODE_SPECS`: the input fields, their types, which are required
and their descriptions. A property added to the model can be set through
``create<Label>`` and ``update<Label>`` with no second list to keep.
"""

# No ``from __future__ import annotations``: the types built here carry their field
# types as real objects, which is what strawberry reads.

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import Any

import strawberry
from strawberry import UNSET

import schema.enums  # noqa: F401  (registers the model's enums, the input fields' types)
from graph.model import NODE_SPECS, Label, PropKind, PropSpec
from resolvers.visibility import CONSENT_PROPS
from schema.inputs import key_field, mutation_id_field

__all__ = ["ModelCrud"]

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
    namespace: dict[str, Any] = {name: field for name, (_, field) in fields.items()}
    namespace["__annotations__"] = {name: type_ for name, (type_, _) in fields.items()}
    namespace["__doc__"] = f"Fields of ``{mutation}``."
    namespace["__module__"] = __name__
    return strawberry.input(type(type_name, (), namespace), description=description)


@dataclasses.dataclass(frozen=True)
class ModelCrud:
    """The create, update and delete inputs of one label.

    ``noun`` names a node of the label in texts (by default the label's words:
    ``study group``), ``full_noun`` where one is added (``A new education innovation
    cluster.``), ``owner`` is the pronoun of its relationships (``its``, ``their``).
    """

    label: Label
    noun: str = ""
    full_noun: str = ""
    owner: str = "its"

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
            description = prop.create_description or prop.description
            if prop.required:
                fields[prop.name] = (_value_type(prop), strawberry.field(description=description))
            else:
                fields[prop.name] = _optional(prop, description)
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


def _optional(prop: PropSpec, description: str) -> tuple[Any, Any]:
    """A field that may be left out (kept) or set to null (cleared)."""
    return _value_type(prop) | None, strawberry.field(default=UNSET, description=description)


def _a(noun: str) -> str:
    """``noun`` with its indefinite article.

    >>> _a("organization"), _a("person")
    ('an organization', 'a person')
    """
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
