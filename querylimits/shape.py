"""The shape of a GraphQL document: depth, aliases and fields, fragments spread out.

:func:`measure` finds them in one walk, linear in the size of the document however
often its fragments multiply when spread out, so a server can refuse a document too
large before graphql-core's rules (or anything else) expand it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from querylimits.walk import dependency_order, fragments_of, saturate

__all__ = ["DocumentShape", "OperationShape", "measure"]


@dataclass(frozen=True)
class OperationShape:
    """One operation with its fragments spread out.

    ``depth`` counts nested fields that have selections (introspection fields and what
    they select do not count); ``aliases`` and ``fields`` count every aliased field and
    every field, once per time a fragment holding it is spread. Counts stop at 10^18.
    """

    name: str
    depth: int
    aliases: int
    fields: int


@dataclass(frozen=True)
class DocumentShape:
    """The shape of each operation of a document, and the work it took to find it.

    ``walked`` is the number of selections looked at: each selection of each operation
    and of each fragment they reach, once, however often the fragment is spread.
    """

    operations: tuple[OperationShape, ...]
    walked: int

    @property
    def aliases(self) -> int:
        """Aliases in all operations together."""
        return saturate(sum(operation.aliases for operation in self.operations))

    @property
    def fields(self) -> int:
        """Fields in all operations together."""
        return saturate(sum(operation.fields for operation in self.operations))


@dataclass
class _ShapeForm:
    """A definition's own fields, aliases and depth, and the fragments it spreads, each
    with the depth of the spread (``None`` inside an introspection field)."""

    fields: int = 0
    aliases: int = 0
    depth: int = 0
    spreads: list[tuple[str, int | None]] = field(default_factory=list)


@dataclass(frozen=True)
class _ShapeTotal:
    fields: int
    aliases: int
    depth: int


def _shape_form(selection_set: SelectionSetNode) -> tuple[_ShapeForm, int]:
    """The form of one definition's selections, and how many selections it looked at."""
    form = _ShapeForm()
    walked = 0
    stack: list[tuple[SelectionSetNode, int | None]] = [(selection_set, 0)]
    while stack:
        selections, depth = stack.pop()
        for selection in selections.selections:
            walked += 1
            if isinstance(selection, FieldNode):
                form.fields += 1
                form.aliases += selection.alias is not None
                if selection.selection_set is not None:
                    introspection = selection.name.value.startswith("__")
                    inner = None if depth is None or introspection else depth + 1
                    form.depth = max(form.depth, inner or 0)
                    stack.append((selection.selection_set, inner))
            elif isinstance(selection, InlineFragmentNode):
                stack.append((selection.selection_set, depth))
            elif isinstance(selection, FragmentSpreadNode):
                form.spreads.append((selection.name.value, depth))
    return form, walked


def _shape_total(form: _ShapeForm, totals: Mapping[str, _ShapeTotal]) -> _ShapeTotal:
    """A form with its spreads replaced by their fragments' totals (an unknown or
    cyclic spread counts as nothing: validation refuses it)."""
    fields, aliases, depth = form.fields, form.aliases, form.depth
    for name, at in form.spreads:
        spread = totals.get(name)
        if spread is None:
            continue
        fields += spread.fields
        aliases += spread.aliases
        if at is not None:
            depth = max(depth, at + spread.depth)
    return _ShapeTotal(saturate(fields), saturate(aliases), depth)


def measure(document: DocumentNode) -> DocumentShape:
    """The depth, aliases and fields of each operation of ``document``, with its
    fragments spread out, found in one walk of the document.

    Each fragment is walked once and its totals are reused at every spread, so the
    work is linear in the size of the document even when the spread-out operation
    would be exponentially larger. The walk keeps its own stack (deep nesting and long
    fragment chains cannot exhaust Python's) and follows no cycle twice.

    Examples
    --------
    >>> from graphql import parse
    >>> shape = measure(parse('''
    ...     { ...F2 }
    ...     fragment F2 on Query { ...F1 ...F1 }
    ...     fragment F1 on Query { ...F0 ...F0 }
    ...     fragment F0 on Query { a: people { nodes { key } } }
    ... '''))
    >>> shape.operations
    (OperationShape(name='anonymous', depth=2, aliases=4, fields=12),)
    >>> shape.walked
    8
    """
    fragments = fragments_of(document)
    forms: dict[str, _ShapeForm] = {}
    walked = 0

    def spreads_of(name: str) -> list[str] | None:
        nonlocal walked
        fragment = fragments.get(name)
        if fragment is None:
            return None
        if name not in forms:
            forms[name], count = _shape_form(fragment.selection_set)
            walked += count
        return [spread for spread, _ in forms[name].spreads]

    operations: list[tuple[str, _ShapeForm]] = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            form, count = _shape_form(definition.selection_set)
            walked += count
            name = definition.name.value if definition.name else "anonymous"
            operations.append((name, form))
    roots = [spread for _, form in operations for spread, _ in form.spreads]
    totals: dict[str, _ShapeTotal] = {}
    for name in dependency_order(roots, spreads_of):
        totals[name] = _shape_total(forms[name], totals)
    shapes = []
    for name, form in operations:
        total = _shape_total(form, totals)
        shapes.append(OperationShape(name, total.depth, total.aliases, total.fields))
    return DocumentShape(tuple(shapes), walked)
