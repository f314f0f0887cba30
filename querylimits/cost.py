'''The estimated cost of a GraphQL operation: the objects it may return, and the
compute (analytics work) it may start, before anything runs.

The cost model is GitHub's: a paged field (``first``/``last``/``count``) returns up to
that many items for *each* item of its parent, so page sizes multiply down the tree.
Every other list field, and every field that computes, is priced by a :class:`FieldCost`
in the :class:`Prices` a server passes in: the items one call returns and the compute
one call costs, both multiplied by the items of the parent.

Examples
--------
>>> from graphql import build_schema, parse
>>> sdl = build_schema("""
... type Query { people(first: Int, last: Int): PersonConnection! }
... type PersonConnection { edges: [PersonEdge!]! }
... type PersonEdge { node: Person! }
... type Person { name: String!
...   projects(first: Int, last: Int): PersonConnection! }
... """)
>>> doc = parse("{ people(first: 10) { edges { node { "
...             "projects(first: 5) { edges { node { name } } } } } } }")
>>> estimate(sdl, doc, None, {}).cost
60
>>> sdl = build_schema("""
... type Query { people(first: Int): [Person!]! }
... type Person { egoNetwork(radius: Int = 1, maxNodes: Int = 100): EgoNetwork }
... type EgoNetwork { nodes: [EgoNode!]! }
... type EgoNode { distance: Int! }
... """)
>>> prices = Prices(by_field={
...     ("Person", "egoNetwork"): FieldCost(
...         items=lambda args: 1, compute=lambda args: int(args["maxNodes"] * args["radius"] / 2)),
...     ("EgoNetwork", "nodes"): FieldCost(items=lambda args: int(args["maxNodes"])),
... })
>>> ego = estimate(sdl, parse("{ people(first: 10) { egoNetwork(radius: 2) "
...                           "{ nodes { distance } } } }"), None, {}, prices)
>>> ego.cost, ego.compute
(1020, 1000)
'''

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FloatValueNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    Undefined,
    VariableNode,
    get_named_type,
    is_composite_type,
)

from querylimits.walk import dependency_order, fragments_of, saturate

__all__ = ["Args", "Cost", "FieldCost", "PageSizeProblem", "Prices", "estimate"]

Args = Mapping[str, float]
"""A field's numeric arguments (and those of the priced fields above it), by name."""

_PAGED_ARGS = ("first", "last", "count")
_ARGUMENT_CEILING = 10**12  # arguments beyond any limit; keeps products finite
_WRAPPER_FIELDS = frozenset({"edges", "node", "nodes", "pageInfo"})


def _is_wrapper(type_: GraphQLNamedType) -> bool:
    """Connection and edge types hold the items of their field; they add no cost."""
    return type_.name.endswith(("Connection", "Edge")) or type_.name == "PageInfo"


def _nothing(args: Args) -> int:
    return 0


@dataclass(frozen=True)
class FieldCost:
    """How many items one call of a field returns, and the compute one call costs,
    from its numeric arguments; ``max_first`` is the largest ``first`` (or ``last``) it
    takes, when that is not the :class:`Prices`' ``max_page_size``.

    >>> FieldCost(items=lambda args: int(args["first"])).items({"first": 5})
    5
    """

    items: Callable[[Args], int]
    compute: Callable[[Args], int] = _nothing
    max_first: int | None = None


@dataclass(frozen=True)
class Prices:
    """What a server charges: ``by_field`` prices a field of a type (``("Person",
    "egoNetwork")``), ``by_name`` a field of that name on any type without an entry of its
    own; a paged field returns ``default_page_size`` items when no size is given, and
    takes at most ``max_page_size``.

    >>> Prices().default_page_size, Prices().max_page_size
    (20, 100)
    """

    by_field: Mapping[tuple[str, str], FieldCost] = field(default_factory=dict)
    by_name: Mapping[str, FieldCost] = field(default_factory=dict)
    default_page_size: int = 20
    max_page_size: int = 100

    def of(self, type_name: str, field_name: str) -> FieldCost | None:
        """The price of ``type_name.field_name``, if it has one.

        >>> one = FieldCost(items=lambda args: 1)
        >>> Prices(by_name={"userErrors": one}).of("AnyPayload", "userErrors") is one
        True
        """
        return self.by_field.get((type_name, field_name)) or self.by_name.get(field_name)


@dataclass(frozen=True)
class PageSizeProblem:
    """A page size out of bounds: ``argument`` (``first``, ``last`` or ``count``) was
    given ``value``, and must be between 0 and ``largest``."""

    argument: str
    value: int
    largest: int


@dataclass
class Cost:
    """The estimated cost of an operation (objects returned), its compute (the priced
    work) and the page sizes out of bounds."""

    cost: int = 0
    problems: list[PageSizeProblem] = field(default_factory=list)
    compute: int = 0


def estimate(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    prices: Prices | None = None,
) -> Cost:
    """Estimate the cost of the operation ``operation_name`` of ``document``.

    Every field that returns objects costs one unit per item of its parent; a field
    with ``first``, ``last`` or ``count`` returns up to that many items per parent item
    (the argument's declared default when it is not given, else the prices' default
    page size), and its children are counted for all of them; a field with ``ids``
    returns one item per id. Fields of connection and edge wrappers (``edges``,
    ``node``, ``nodes``, ``pageInfo``) are the same items again and cost nothing;
    introspection is bounded by the schema and costs nothing. A field with a price
    returns the items its price says and adds its compute, once per item of its parent;
    its numeric arguments are passed down to the prices of the fields below it (an ego
    network's ``maxNodes`` bounds its nodes). A fragment is costed once for all its
    spreads, so a price inside one sees only the arguments given within the fragment,
    and must assume the largest value of any other (Convene's prices do).

    A fragment's cost per item is worked out once and multiplied by the items at each
    of its spreads, so the estimate takes time linear in the size of the document. The
    estimate stops growing at 10^18.
    """
    fragments = fragments_of(document)
    operation: OperationDefinitionNode | None = None
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            operation_name is None
            or (definition.name is not None and definition.name.value == operation_name)
        ):
            operation = operation or definition
    if operation is None:
        return Cost()
    root = schema.get_root_type(operation.operation)
    if root is None:
        return Cost()
    walker = _CostWalker(schema, _variables(operation, variables or {}), prices or Prices())
    forms: dict[str, _CostForm] = {}

    def spreads_of(name: str) -> list[str] | None:
        fragment = fragments.get(name)
        if fragment is None:
            return None
        if name not in forms:
            target = schema.get_type(fragment.type_condition.name.value)
            form = walker.form(fragment.selection_set, target) if target else _CostForm()
            forms[name] = form
        return [spread for spread, _ in forms[name].spreads]

    form = walker.form(operation.selection_set, root)
    per_item: dict[str, tuple[int, int]] = {}
    for name in dependency_order([spread for spread, _ in form.spreads], spreads_of):
        per_item[name] = forms[name].total(per_item)
    problems = [*form.problems, *(p for reached in forms.values() for p in reached.problems)]
    cost, compute = form.total(per_item)
    return Cost(cost, problems, compute)


def _variables(operation: OperationDefinitionNode, given: Mapping[str, Any]) -> dict[str, Any]:
    """The variable values: the ones given, else the declared defaults."""
    values: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name in given:
            values[name] = given[name]
        elif isinstance(definition.default_value, IntValueNode):
            values[name] = int(definition.default_value.value)
        elif isinstance(definition.default_value, FloatValueNode):
            values[name] = float(definition.default_value.value)
    return values


@dataclass
class _CostForm:
    """A definition's own cost and compute per item of its parent, the fragments it
    spreads with the items at each spread, and its page sizes out of bounds."""

    cost: int = 0
    spreads: list[tuple[str, int]] = field(default_factory=list)
    problems: list[PageSizeProblem] = field(default_factory=list)
    compute: int = 0

    def total(self, per_item: Mapping[str, tuple[int, int]]) -> tuple[int, int]:
        """The cost and compute with each spread's fragment (an unknown or cyclic one
        costs nothing)."""
        cost, compute = self.cost, self.compute
        for name, items in self.spreads:
            spread_cost, spread_compute = per_item.get(name, (0, 0))
            cost += items * spread_cost
            compute += items * spread_compute
        return saturate(cost), saturate(compute)


_Bounds = Mapping[str, float]
_NO_BOUNDS: _Bounds = {}


@dataclass
class _CostWalker:
    schema: GraphQLSchema
    variables: dict[str, Any]
    prices: Prices

    def form(self, selection_set: SelectionSetNode, parent: GraphQLNamedType) -> _CostForm:
        """The cost form of one definition, walked in document order with its own stack.

        Each selection carries the arguments of the fields with a cost entry above it
        (``bounds``): they bound the lists below, as ``maxNodes`` bounds an ego network's
        nodes. They are shared, never copied per child, so the walk stays linear.
        """
        form = _CostForm()
        stack: list[tuple[SelectionNode, GraphQLNamedType, int, _Bounds]] = [
            (selection, parent, 1, _NO_BOUNDS) for selection in reversed(selection_set.selections)
        ]
        while stack:
            selection, parent, items, bounds = stack.pop()
            inner: SelectionSetNode | None = None
            if isinstance(selection, FieldNode):
                returned = self.field(selection, parent, items, bounds, form)
                if returned is not None:
                    parent, items, bounds = returned
                    inner = selection.selection_set
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                parent, inner = target or parent, selection.selection_set
            elif isinstance(selection, FragmentSpreadNode):
                form.spreads.append((selection.name.value, items))
            if inner is not None:
                stack += ((child, parent, items, bounds) for child in reversed(inner.selections))
        return form

    def field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType,
        items: int,
        bounds: _Bounds,
        form: _CostForm,
    ) -> tuple[GraphQLNamedType, int, _Bounds] | None:
        """Add the field's cost and compute; the type, items and bounds its selections
        are counted for."""
        name = node.name.value
        if name.startswith("__") or not isinstance(
            parent, (GraphQLObjectType, GraphQLInterfaceType)
        ):
            return None
        definition = parent.fields.get(name)
        if definition is None:
            return None
        returned = get_named_type(definition.type)
        if not is_composite_type(returned):
            return None
        args = {arg.name.value: arg.value for arg in node.arguments or ()}
        entry = self.prices.of(parent.name, name)
        if entry is not None:
            if any(arg in definition.args for arg in _PAGED_ARGS):
                self.page_size(args, definition.args, form, entry.max_first)
            if definition.args:
                bounds = {**bounds, **self.numbers(args, definition.args)}
            form.compute = saturate(form.compute + items * entry.compute(bounds))
            items = saturate(items * entry.items(bounds))
            form.cost = saturate(form.cost + items)
            return returned, items, bounds
        if any(arg in definition.args for arg in _PAGED_ARGS):
            items = saturate(items * self.page_size(args, definition.args, form))
            form.cost = saturate(form.cost + items)
        elif "ids" in definition.args:
            items = saturate(items * self.list_length(args.get("ids")))
            form.cost = saturate(form.cost + items)
        elif not (_is_wrapper(parent) and name in _WRAPPER_FIELDS):
            form.cost = saturate(form.cost + items)
        return returned, items, bounds

    def numbers(self, args: dict[str, Any], declared: Mapping[str, Any]) -> dict[str, float]:
        """The field's numeric arguments, given or declared, between 0 and a ceiling
        (an argument out of range is refused when the field runs)."""
        found: dict[str, float] = {}
        for name, definition in declared.items():
            value = self.value(args[name]) if name in args else self.default(definition)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                found[name] = min(max(value, 0), _ARGUMENT_CEILING)
        return found

    def default(self, definition: GraphQLArgument) -> Any:
        """An argument's declared default (a schema built from SDL keeps it as syntax)."""
        if definition.default_value is not Undefined:
            return definition.default_value
        node = definition.ast_node
        return self.value(node.default_value) if node is not None else None

    def page_size(
        self,
        args: dict[str, Any],
        declared: Mapping[str, Any],
        form: _CostForm,
        largest: int | None = None,
    ) -> int:
        """The page size the field's paging arguments ask for (the smallest one given,
        else a declared default, else the prices' default); a size out of bounds is a
        problem of ``form``."""
        largest = self.prices.max_page_size if largest is None else largest
        sizes = []
        for name in _PAGED_ARGS:
            value = self.value(args.get(name))
            if value is None and name in declared:
                value = self.default(declared[name])
            if value is None:
                continue
            if not isinstance(value, int) or isinstance(value, bool):
                continue  # not an Int: graphql-core reports it
            if value < 0 or value > largest:
                form.problems.append(PageSizeProblem(name, value, largest))
                continue
            sizes.append(value)
        return min(sizes) if sizes else self.prices.default_page_size

    def list_length(self, value: Any) -> int:
        if isinstance(value, ListValueNode):
            return len(value.values)
        resolved = self.value(value)
        return len(resolved) if isinstance(resolved, list) else 1

    def value(self, node: Any) -> Any:
        if node is None:
            return None
        if isinstance(node, VariableNode):
            return self.variables.get(node.name.value)
        if isinstance(node, IntValueNode):
            return int(node.value)
        if isinstance(node, FloatValueNode):
            return float(node.value)
        return None
