"""Safe by default: every limit and error rule of the schema, configured in one place.

:func:`schema_extensions` returns the Strawberry extensions ``build_schema`` installs:

- ``MaxTokensLimiter``: the parser stops after ``settings.max_tokens`` tokens;
- :class:`CachedParser`: a repeated document is parsed once;
- :class:`Validation`: the document's shape (:func:`querylimits.measure`: depth, aliases and the
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

How large a document is and what it may cost is measured by :mod:`querylimits`
(linear in the size of the document, however often its fragments are spread); this
module brings Convene's limits, prices (:data:`schema.costs.PRICES`) and messages.
A document whose fragments would expand to millions of fields is refused with
``QUERY_TOO_LARGE`` before anything expands it.

Examples
--------
>>> from graphql import parse
>>> limits = DocumentLimits(max_depth=1, max_aliases=5, max_fields=100)
>>> [e.extensions["code"] for e in limits.refusals(measure(parse("{ a { b { c } } }")))]
['GRAPHQL_VALIDATION_FAILED']
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from anyio import to_thread
from graphql import (
    ASTValidationRule,
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    parse,
)
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    SchemaExtension,
)
from strawberry.schema.schema import validate_document

from querylimits import Cost, DocumentShape, PageSizeProblem, amount, estimate, measure
from resolvers.errors import ErrorCode
from schema.costs import PRICES
from schema.errors import public_error
from settings import Settings

__all__ = [
    "QUERY_TOO_LARGE",
    "CachedParser",
    "CostLimiter",
    "DocumentLimits",
    "PublicErrors",
    "Recent",
    "Validation",
    "estimate_cost",
    "page_size_error",
    "schema_extensions",
]

QUERY_TOO_LARGE = ErrorCode.QUERY_TOO_LARGE.value
BAD_USER_INPUT = ErrorCode.BAD_USER_INPUT.value
COST_LIMIT = ErrorCode.COST_LIMIT.value
GRAPHQL_VALIDATION_FAILED = ErrorCode.GRAPHQL_VALIDATION_FAILED.value

_CACHE_SIZE = 512


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


@dataclass(frozen=True)
class DocumentLimits:
    """How deep, how many aliases and how many fields (fragments spread out) a
    document may have."""

    max_depth: int
    max_aliases: int
    max_fields: int

    def refusals(self, shape: DocumentShape) -> list[GraphQLError]:
        """Why a document of this shape is refused (nothing when it is not).

        >>> from querylimits import OperationShape
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
                    f"{amount(shape.fields)} fields, more than the limit of "
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
                    f"{amount(shape.aliases)} aliases found. Allowed: {self.max_aliases}",
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


def estimate_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> Cost:
    """:func:`querylimits.estimate` at Convene's prices (:data:`schema.costs.PRICES`).

    >>> from graphql import build_schema as build_sdl, parse
    >>> sdl = build_sdl("type Query { search(first: Int): [Hit!]! } type Hit { key: ID }")
    >>> estimate_cost(sdl, parse("{ search(first: 7) { key } }"), None, {}).cost
    7
    """
    return estimate(schema, document, operation_name, variables, PRICES)


def page_size_error(problem: PageSizeProblem) -> GraphQLError:
    """The error of a page size out of bounds, naming its argument.

    >>> page_size_error(PageSizeProblem("first", 500, 100)).message
    'first must be between 0 and 100 (got 500); page with after/before'
    """
    return GraphQLError(
        f"{problem.argument} must be between 0 and {problem.largest} (got {problem.value}); "
        "page with after/before",
        extensions={"code": BAD_USER_INPUT, "field": problem.argument},
    )


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
            estimated = estimate_cost(
                context.schema._schema, document, context.operation_name, context.variables
            )
            errors = [page_size_error(problem) for problem in estimated.problems]
            if not errors and estimated.cost > self.max_cost:
                errors = [
                    GraphQLError(
                        f"This query could return up to {amount(estimated.cost)} objects, "
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
                        f"This query asks for up to {amount(estimated.compute)} units of "
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
