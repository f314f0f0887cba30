"""Safe by default: every limit and error rule of the schema, configured in one place.

:func:`schema_extensions` returns the Strawberry extensions ``build_schema`` installs:

- ``MaxTokensLimiter``: the parser stops after ``settings.max_tokens`` tokens;
- ``QueryDepthLimiter`` and ``MaxAliasesLimiter``: validation rules on depth and aliases;
- ``ParserCache`` (as :class:`CachedParser`) and ``ValidationCache``: a repeated document
  is parsed and validated once;
- :class:`CostLimiter`: the estimated cost of the operation, from the parsed document and
  its variables, before any resolver runs (so a refused query makes no store call);
- :class:`PublicErrors` (``MaskErrors``): clients see a message and ``extensions.code``,
  never a traceback;
- ``DisableIntrospection`` when ``settings.introspection`` is off.

The cost model is GitHub's: a paged field (``first``/``last``, default 20) returns up to
that many items for *each* item of its parent, so page sizes multiply down the tree.

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
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_composite_type,
)
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from schema.errors import BAD_USER_INPUT, COST_LIMIT, public_error
from schema.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from settings import Settings

__all__ = [
    "CachedParser",
    "Cost",
    "CostLimiter",
    "PublicErrors",
    "estimate",
    "schema_extensions",
]

_CACHE_SIZE = 512
_PAGED_ARGS = ("first", "last", "count")
_WRAPPER_FIELDS = frozenset({"edges", "node", "nodes", "pageInfo"})


def _is_wrapper(type_: GraphQLNamedType) -> bool:
    """Connection and edge types hold the items of their field; they add no cost."""
    return type_.name.endswith(("Connection", "Edge")) or type_.name == "PageInfo"


@dataclass
class Cost:
    """The estimated cost of an operation and any page size out of bounds."""

    cost: int = 0
    problems: list[GraphQLError] = field(default_factory=list)


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
    introspection is bounded by the schema and costs nothing.
    """
    fragments: dict[str, FragmentDefinitionNode] = {}
    operation: OperationDefinitionNode | None = None
    for definition in document.definitions:
        if isinstance(definition, FragmentDefinitionNode):
            fragments[definition.name.value] = definition
        elif isinstance(definition, OperationDefinitionNode) and (
            operation_name is None
            or (definition.name is not None and definition.name.value == operation_name)
        ):
            operation = operation or definition
    result = Cost()
    if operation is None:
        return result
    root = schema.get_root_type(operation.operation)
    if root is None:
        return result
    walker = _Walker(schema, fragments, _variables(operation, variables or {}), result)
    walker.selection_set(operation.selection_set, root, 1, frozenset())
    return result


def _variables(operation: OperationDefinitionNode, given: Mapping[str, Any]) -> dict[str, Any]:
    """The variable values: the ones given, else the declared defaults."""
    values: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name in given:
            values[name] = given[name]
        elif isinstance(definition.default_value, IntValueNode):
            values[name] = int(definition.default_value.value)
    return values


@dataclass
class _Walker:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: dict[str, Any]
    result: Cost

    def selection_set(
        self,
        selections: SelectionSetNode | None,
        parent: GraphQLNamedType,
        items: int,
        seen: frozenset[str],
    ) -> None:
        for selection in selections.selections if selections else ():
            if isinstance(selection, FieldNode):
                self.field(selection, parent, items, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                self.selection_set(selection.selection_set, target or parent, items, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value) or parent
                self.selection_set(fragment.selection_set, target, items, seen | {name})

    def field(
        self, node: FieldNode, parent: GraphQLNamedType, items: int, seen: frozenset[str]
    ) -> None:
        name = node.name.value
        if name.startswith("__") or not isinstance(
            parent, (GraphQLObjectType, GraphQLInterfaceType)
        ):
            return
        definition = parent.fields.get(name)
        if definition is None:
            return
        returned = get_named_type(definition.type)
        if not is_composite_type(returned):
            return
        args = {arg.name.value: arg.value for arg in node.arguments or ()}
        if any(arg in definition.args for arg in _PAGED_ARGS):
            items *= self.page_size(args, definition.args)
            self.result.cost += items
        elif "ids" in definition.args:
            items *= self.list_length(args.get("ids"))
            self.result.cost += items
        elif not (_is_wrapper(parent) and name in _WRAPPER_FIELDS):
            self.result.cost += items
        self.selection_set(node.selection_set, returned, items, seen)

    def page_size(self, args: dict[str, Any], declared: Mapping[str, Any]) -> int:
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
            if value < 0 or value > MAX_PAGE_SIZE:
                self.result.problems.append(
                    GraphQLError(
                        f"{name} must be between 0 and {MAX_PAGE_SIZE} (got {value}); "
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
        return None


class CostLimiter(SchemaExtension):
    """Refuse an operation whose estimated cost is over ``max_cost``, or whose page
    sizes are out of bounds, before it runs (the store sees nothing)."""

    def __init__(self, max_cost: int) -> None:
        self.max_cost = max_cost

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
                        f"This query could return up to {estimated.cost} objects, more than the "
                        f"limit of {self.max_cost}. Ask for smaller pages (first/last) or "
                        "fewer nested connections.",
                        extensions={
                            "code": COST_LIMIT,
                            "cost": estimated.cost,
                            "maxCost": self.max_cost,
                        },
                    )
                ]
            if errors:
                context.result = ExecutionResult(data=None, errors=errors)
        yield


class CachedParser(ParserCache):
    """``ParserCache`` that leaves a document it cannot parse to Strawberry's own parse.

    The plain cache parses in the ``on_parse`` hook, where a syntax error (or the token
    limit) escapes the operation before error masking sees it; parsing such a document
    again inside the operation gets it a code like every other error.
    """

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query and context.graphql_document is None:
            try:
                context.graphql_document = self.cached_parse_document(
                    context.query, **context.parse_options
                )
            except GraphQLError:
                context.graphql_document = None
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

    The depth and alias limiters each build their validation rule class when they are
    made; they are made once here and copied per request, so every request validates
    with the same rule classes and the validation cache can recognise a document.
    """
    depth_limiter = QueryDepthLimiter(max_depth=settings.max_depth)
    alias_limiter = MaxAliasesLimiter(max_alias_count=settings.max_aliases)
    factories: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: CachedParser(maxsize=_CACHE_SIZE),
        lambda: ValidationCache(maxsize=_CACHE_SIZE),
        lambda: copy.copy(depth_limiter),
        lambda: copy.copy(alias_limiter),
        lambda: CostLimiter(max_cost=settings.max_cost),
        PublicErrors,
    ]
    if not settings.introspection:
        factories.append(DisableIntrospection)
    return factories
