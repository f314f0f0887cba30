"""Safe by default: every limit and error rule of the schema, configured in one place.

:func:`schema_extensions` returns the Strawberry extensions ``build_schema`` installs:

- ``MaxTokensLimiter``: the parser stops after ``settings.max_tokens`` tokens;
- :class:`CachedParser`: a repeated document is parsed once;
- :class:`Validation`: the document's shape (:func:`measure`: depth, aliases and the
  number of fields once its fragments are spread out) against ``settings.max_depth``,
  ``max_aliases`` and ``max_fields``, then graphql-core's rules, cached per document;
- :class:`CostLimiter`: the estimated cost of the operation (objects returned) and its
  compute (analytics work), from the parsed document and its variables, against
  ``settings.max_cost`` and ``max_compute``, before any resolver runs (so a refused
  query makes no store call and starts no analytic);
- :class:`PublicErrors` (``MaskErrors``): clients see a message and ``extensions.code``,
  never a traceback;
- ``DisableIntrospection`` when ``settings.introspection`` is off.

Parsing and validation of a document not seen lately run in a worker thread, so the
event loop keeps answering (and the request's time limit keeps counting) while it is
checked; a repeated document is answered from a :class:`Recent` cache without a thread.

Fragments are walked once each, however often they are spread: a fragment's depth,
aliases, fields and cost are computed once per definition and reused at every spread.
So the work is linear in the size of the document, even for a document whose fragments
each spread the one below twice and would expand to millions of fields; such a
document is refused with ``QUERY_TOO_LARGE`` before anything expands it.

The cost model is GitHub's: a paged field (``first``/``last``, default 20) returns up to
that many items for *each* item of its parent, so page sizes multiply down the tree.
Every other list field and every analytics field has an entry in
:data:`schema.costs.FIELD_COSTS`: the items one call returns and the compute one call
costs, both multiplied by the items of the parent.

Examples
--------
>>> from graphql import build_schema as build_sdl, parse
>>> sdl = build_sdl('''
... type Query { people(first: Int, last: Int): PersonConnection! }
... type PersonConnection { edges: [PersonEdge!]! }
... type PersonEdge { node: Person! }
... type Person { name: String!
...   projects(first: Int, last: Int): PersonConnection! }
... ''')
>>> doc = parse("{ people(first: 10) { edges { node { "
...             "projects(first: 5) { edges { node { name } } } } } } }")
>>> estimate(sdl, doc, None, {}).cost
60
>>> sdl = build_sdl('''
... type Query { people(first: Int): [Person!]! }
... type Person { egoNetwork(radius: Int = 1, maxNodes: Int = 100): EgoNetwork }
... type EgoNetwork { nodes: [EgoNode!]! }
... type EgoNode { distance: Int! }
... ''')
>>> ego = estimate(sdl, parse("{ people(first: 10) { egoNetwork(radius: 2) "
...                           "{ nodes { distance } } } }"), None, {})
>>> ego.cost, ego.compute
(1020, 1000)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from anyio import to_thread
from graphql import (
    ASTValidationRule,
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLError,
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
    parse,
)
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    SchemaExtension,
)
from strawberry.schema.schema import validate_document

from resolvers.errors import ErrorCode
from resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from schema.costs import FIELD_COSTS, FIELDS_BY_NAME, FieldCost
from schema.errors import public_error
from settings import Settings

__all__ = [
    "QUERY_TOO_LARGE",
    "CachedParser",
    "Cost",
    "CostLimiter",
    "DocumentLimits",
    "DocumentShape",
    "OperationShape",
    "PublicErrors",
    "Recent",
    "Validation",
    "estimate",
    "measure",
    "schema_extensions",
]

QUERY_TOO_LARGE = ErrorCode.QUERY_TOO_LARGE.value
BAD_USER_INPUT = ErrorCode.BAD_USER_INPUT.value
COST_LIMIT = ErrorCode.COST_LIMIT.value
GRAPHQL_VALIDATION_FAILED = ErrorCode.GRAPHQL_VALIDATION_FAILED.value

_CACHE_SIZE = 512
_PAGED_ARGS = ("first", "last", "count")
_ARGUMENT_CEILING = 10**12  # arguments beyond any limit; keeps products finite
_WRAPPER_FIELDS = frozenset({"edges", "node", "nodes", "pageInfo"})
# Counts stop growing here: enough to refuse anything, small enough for a JSON integer,
# and cheap to add however many times fragments multiply.
_SATURATED = 10**18


def _saturate(count: int) -> int:
    return min(count, _SATURATED)


def _amount(count: int) -> str:
    return f"at least {count}" if count >= _SATURATED else str(count)


class Recent:
    """The last ``size`` results by key: a bounded cache that can be asked without
    computing anything (so the event loop only looks, and a worker thread computes).

    >>> recent = Recent(size=2)
    >>> recent.put("a", 1); recent.put("b", 2); recent.get("a"); recent.put("c", 3)
    1
    >>> recent.get("b") is None, recent.get("a"), recent.get("c")
    (True, 1, 3)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """The result kept for ``key`` (now the most recent one), or ``None``."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key``, forgetting the least recent result if full."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            if len(self._items) > self.size:
                self._items.popitem(last=False)


def _is_wrapper(type_: GraphQLNamedType) -> bool:
    """Connection and edge types hold the items of their field; they add no cost."""
    return type_.name.endswith(("Connection", "Edge")) or type_.name == "PageInfo"


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }


def _dependency_order(
    roots: Iterable[str], spreads_of: Callable[[str], list[str] | None]
) -> list[str]:
    """The fragments reachable from ``roots``, each after every fragment it spreads.

    ``spreads_of`` names the fragments a fragment spreads (``None`` for an unknown name)
    and is asked once per fragment. The walk keeps its own stack, so a long chain of
    fragments cannot exhaust Python's; a fragment met again while its own spreads are
    being followed (a cycle, which validation refuses) is not followed again.

    >>> spreads = {"A": ["B", "B", "C"], "B": ["C"], "C": [], "D": ["D"]}
    >>> _dependency_order(["A", "D", "X"], spreads.get)
    ['C', 'B', 'A', 'D']
    """
    order: list[str] = []
    done: dict[str, bool] = {}  # False while the fragment's spreads are being followed
    for root in roots:
        names = None if root in done else spreads_of(root)
        if names is None:
            continue
        done[root] = False
        stack = [(root, iter(names))]
        while stack:
            name, pending = stack[-1]
            for spread in pending:
                inner = None if spread in done else spreads_of(spread)
                if inner is not None:
                    done[spread] = False
                    stack.append((spread, iter(inner)))
                    break
            else:
                stack.pop()
                done[name] = True
                order.append(name)
    return order


# The shape of a document: depth, aliases and fields with fragments spread out.


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
        return _saturate(sum(operation.aliases for operation in self.operations))

    @property
    def fields(self) -> int:
        """Fields in all operations together."""
        return _saturate(sum(operation.fields for operation in self.operations))


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
    return _ShapeTotal(_saturate(fields), _saturate(aliases), depth)


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
    fragments = _fragments(document)
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
    for name in _dependency_order(roots, spreads_of):
        totals[name] = _shape_total(forms[name], totals)
    shapes = []
    for name, form in operations:
        total = _shape_total(form, totals)
        shapes.append(OperationShape(name, total.depth, total.aliases, total.fields))
    return DocumentShape(tuple(shapes), walked)


@dataclass(frozen=True)
class DocumentLimits:
    """How deep, how many aliases and how many fields (fragments spread out) a
    document may have."""

    max_depth: int
    max_aliases: int
    max_fields: int

    def refusals(self, shape: DocumentShape) -> list[GraphQLError]:
        """Why a document of this shape is refused (nothing when it is not).

        >>> limits = DocumentLimits(max_depth=3, max_aliases=1, max_fields=5)
        >>> shape = DocumentShape((OperationShape("Q", 4, 1, 6),), walked=6)
        >>> [error.extensions["code"] for error in limits.refusals(shape)]
        ['QUERY_TOO_LARGE', 'GRAPHQL_VALIDATION_FAILED']
        """
        errors = []
        if shape.fields > self.max_fields:
            errors.append(
                GraphQLError(
                    f"With its fragments spread out, this document selects "
                    f"{_amount(shape.fields)} fields, more than the limit of "
                    f"{self.max_fields}. Select fewer fields, or spread fragments fewer times.",
                    extensions={
                        "code": QUERY_TOO_LARGE,
                        "fields": shape.fields,
                        "maxFields": self.max_fields,
                    },
                )
            )
        errors += [
            GraphQLError(
                f"'{operation.name}' is {operation.depth} fields deep, over the maximum "
                f"operation depth of {self.max_depth}",
                extensions={
                    "code": GRAPHQL_VALIDATION_FAILED,
                    "depth": operation.depth,
                    "maxDepth": self.max_depth,
                },
            )
            for operation in shape.operations
            if operation.depth > self.max_depth
        ]
        if shape.aliases > self.max_aliases:
            errors.append(
                GraphQLError(
                    f"{_amount(shape.aliases)} aliases found. Allowed: {self.max_aliases}",
                    extensions={
                        "code": GRAPHQL_VALIDATION_FAILED,
                        "aliases": shape.aliases,
                        "maxAliases": self.max_aliases,
                    },
                )
            )
        return errors


def _validate(
    schema: GraphQLSchema,
    document: DocumentNode,
    rules: tuple[type[ASTValidationRule], ...],
    limits: DocumentLimits,
) -> list[GraphQLError]:
    """The document's shape first: graphql-core's rules only see a document that fits."""
    return limits.refusals(measure(document)) or validate_document(schema, document, rules)


class Validation(SchemaExtension):
    """Validate the document: its shape against ``limits`` (one linear walk), then, if
    it fits, graphql-core's rules; in a worker thread, unless ``recent`` has the answer.

    Until graphql-core's rules have run, the document may hold anything, cycles and
    unknown fragments included; :func:`measure` copes with both. Answers are kept by
    query text (which is cheaper to look up than the syntax tree), parse options, rules
    and limits.
    """

    def __init__(self, limits: DocumentLimits, recent: Recent) -> None:
        self.limits = limits
        self.recent = recent

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            schema, rules = context.schema._schema, context.validation_rules
            key = (
                (schema, context.query, _options(context.parse_options), rules, self.limits)
                if context.query
                else None
            )
            errors = self.recent.get(key) if key else None
            if errors is None:

                def validate() -> list[GraphQLError]:
                    found = _validate(schema, document, rules, self.limits)
                    if key:
                        self.recent.put(key, found)
                    return found

                errors = await to_thread.run_sync(validate, abandon_on_cancel=True)
            context.pre_execution_errors = errors
        yield


def _options(parse_options: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(parse_options.items()))


# The estimated cost of an operation.


@dataclass
class Cost:
    """The estimated cost of an operation (objects returned), its compute (analytics
    work, see :mod:`schema.costs`) and any page size out of bounds."""

    cost: int = 0
    problems: list[GraphQLError] = field(default_factory=list)
    compute: int = 0


def estimate(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> Cost:
    """Estimate the cost of the operation ``operation_name`` of ``document``.

    Every field that returns objects costs one unit per item of its parent; a field
    with ``first``, ``last`` or ``count`` returns up to that many items per parent item
    (the argument's declared default when it is not given, else 20), and its children
    are counted for all of them; ``nodes(ids:)``
    returns one item per id. Fields of connection and edge wrappers (``edges``,
    ``node``, ``nodes``, ``pageInfo``) are the same items again and cost nothing;
    introspection is bounded by the schema and costs nothing. A field with an entry in
    :data:`schema.costs.FIELD_COSTS` (or :data:`~schema.costs.FIELDS_BY_NAME`) returns
    the items its entry says and adds its compute, once per item of its parent; its
    arguments bound the lists below it. In a fragment such a bound takes the largest
    allowed value (:data:`schema.costs.LARGEST`), since the fragment is costed once for
    all its spreads.

    A fragment's cost per item is worked out once and multiplied by the items at each
    of its spreads, so the estimate takes time linear in the size of the document. The
    estimate stops growing at 10^18.
    """
    fragments = _fragments(document)
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
    walker = _CostWalker(schema, _variables(operation, variables or {}), FIELD_COSTS)
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
    for name in _dependency_order([spread for spread, _ in form.spreads], spreads_of):
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
    problems: list[GraphQLError] = field(default_factory=list)
    compute: int = 0

    def total(self, per_item: Mapping[str, tuple[int, int]]) -> tuple[int, int]:
        """The cost and compute with each spread's fragment (an unknown or cyclic one
        costs nothing)."""
        cost, compute = self.cost, self.compute
        for name, items in self.spreads:
            spread_cost, spread_compute = per_item.get(name, (0, 0))
            cost += items * spread_cost
            compute += items * spread_compute
        return _saturate(cost), _saturate(compute)


_Bounds = Mapping[str, float]
_NO_BOUNDS: _Bounds = {}


@dataclass
class _CostWalker:
    schema: GraphQLSchema
    variables: dict[str, Any]
    costs: Mapping[tuple[str, str], FieldCost]

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
        entry = self.costs.get((parent.name, name)) or FIELDS_BY_NAME.get(name)
        if entry is not None:
            if any(arg in definition.args for arg in _PAGED_ARGS):
                self.page_size(args, definition.args, form, entry.max_first)
            if definition.args:
                bounds = {**bounds, **self.numbers(args, definition.args)}
            form.compute = _saturate(form.compute + items * entry.compute(bounds))
            items = _saturate(items * entry.items(bounds))
            form.cost = _saturate(form.cost + items)
            return returned, items, bounds
        if any(arg in definition.args for arg in _PAGED_ARGS):
            items = _saturate(items * self.page_size(args, definition.args, form))
            form.cost = _saturate(form.cost + items)
        elif "ids" in definition.args:
            items = _saturate(items * self.list_length(args.get("ids")))
            form.cost = _saturate(form.cost + items)
        elif not (_is_wrapper(parent) and name in _WRAPPER_FIELDS):
            form.cost = _saturate(form.cost + items)
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
        largest: int = MAX_PAGE_SIZE,
    ) -> int:
        sizes = []
        for name in _PAGED_ARGS:
            value = self.value(args.get(name))
            if value is None and name in declared:
                default = declared[name].default_value
                value = default if isinstance(default, int) else None
            if value is None:
                continue
            if not isinstance(value, int) or isinstance(value, bool):
                continue  # not an Int: graphql-core reports it
            if value < 0 or value > largest:
                form.problems.append(
                    GraphQLError(
                        f"{name} must be between 0 and {largest} (got {value}); "
                        "page with after/before",
                        extensions={"code": BAD_USER_INPUT, "field": name},
                    )
                )
                continue
            sizes.append(value)
        return min(sizes) if sizes else DEFAULT_PAGE_SIZE

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


class CostLimiter(SchemaExtension):
    """Refuse an operation whose estimated cost is over ``max_cost``, whose compute is
    over ``max_compute``, or whose page sizes are out of bounds, before it runs (the
    store sees nothing and no analytic starts)."""

    def __init__(self, max_cost: int, max_compute: int) -> None:
        self.max_cost = max_cost
        self.max_compute = max_compute

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            estimated = estimate(
                context.schema._schema, document, context.operation_name, context.variables
            )
            errors = estimated.problems
            if not errors and estimated.cost > self.max_cost:
                errors = [
                    GraphQLError(
                        f"This query could return up to {_amount(estimated.cost)} objects, "
                        f"more than the limit of {self.max_cost}. Ask for smaller pages "
                        "(first/last) or fewer nested connections.",
                        extensions={
                            "code": COST_LIMIT,
                            "cost": estimated.cost,
                            "maxCost": self.max_cost,
                        },
                    )
                ]
            if not errors and estimated.compute > self.max_compute:
                errors = [
                    GraphQLError(
                        f"This query asks for up to {_amount(estimated.compute)} units of "
                        f"analytics work, more than the limit of {self.max_compute}. Ask "
                        "for fewer results (first, maxNodes, radius, diversify), run the "
                        "analytics for fewer items at a time, or use fewer aliases.",
                        extensions={
                            "code": COST_LIMIT,
                            "compute": estimated.compute,
                            "maxCompute": self.max_compute,
                        },
                    )
                ]
            if errors:
                context.result = ExecutionResult(data=None, errors=errors)
        yield


class CachedParser(SchemaExtension):
    """Parse the query in a worker thread, unless ``recent`` has its document; leave a
    document that does not parse to Strawberry's own parse.

    Parsing in the ``on_parse`` hook lets a syntax error (or the token limit) escape the
    operation before error masking sees it; parsing such a document again inside the
    operation gets it a code like every other error (the token limit keeps that second
    parse short).
    """

    def __init__(self, recent: Recent) -> None:
        self.recent = recent

    async def on_parse(self) -> AsyncIterator[None]:
        context = self.execution_context
        query, options = context.query, context.parse_options
        if query and context.graphql_document is None:
            key = (query, _options(options))
            document = self.recent.get(key)
            if document is None:

                def parse_document() -> DocumentNode | None:
                    try:
                        parsed = parse(query, **options)
                    except GraphQLError:
                        return None
                    self.recent.put(key, parsed)
                    return parsed

                document = await to_thread.run_sync(parse_document, abandon_on_cancel=True)
            context.graphql_document = document
        yield


class PublicErrors(MaskErrors):
    """``MaskErrors`` that keeps our own errors readable: every error leaves with a
    message and ``extensions.code``; anything unexpected becomes "Unexpected error."."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda _: True)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return public_error(error)


def schema_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The extensions of the schema, as factories (one fresh instance per request).

    The requests of one schema share its caches of parsed and validated documents.
    """
    limits = DocumentLimits(
        max_depth=settings.max_depth,
        max_aliases=settings.max_aliases,
        max_fields=settings.max_fields,
    )
    parsed, validated = Recent(_CACHE_SIZE), Recent(_CACHE_SIZE)
    factories: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: CachedParser(parsed),
        lambda: Validation(limits, validated),
        lambda: CostLimiter(max_cost=settings.max_cost, max_compute=settings.max_compute),
        PublicErrors,
    ]
    if not settings.introspection:
        factories.append(DisableIntrospection)
    return factories
