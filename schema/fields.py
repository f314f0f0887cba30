"""The fields built from the model: node properties, relationship fields, key lookups and
root listings.

A node type is declared with :func:`node_type`, which gives it a field for each public
property of its label (the model says its type and description), so a property added
to the model appears in the schema with no second list to keep; a private property
(``email``) appears only where the type writes a field for it, with its viewer check.
A relationship field is one call, ``projects = relationship(Hop(RelType.MEMBER_OF,
Direction.OUT, Label.PROJECT), MembershipConnection[ProjectRef], "...")``: the hop says
what to follow, the connection type which edge properties to show; paging, batching
and visibility are the same for all. A root listing is one call on ``Query``, ``people
= root_listing(Label.PERSON, PersonType, "...", PEOPLE)``, with the filter and order
inputs of :func:`schema.inputs.listing_inputs`; each field of the filter input becomes
store conditions by its rule (:func:`schema.inputs.filter_conditions`).
"""

# No ``from __future__ import annotations``: the resolvers built here carry their return
# types as real objects, which is what strawberry reads.

import datetime as dt
import types
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar, get_args, get_origin

import strawberry

from graph.analytics.common import documented
from graph.model import NODE_SPECS, Label, PropKind, PropSpec
from graph.store import Condition, Hop
from resolvers.listing import list_page
from resolvers.nodes import node_by_key
from resolvers.pagination import PageArgs
from resolvers.relations import related, related_one
from schema.connection import Connection, as_date
from schema.context import Info
from schema.inputs import Filtering, filter_conditions, order_of
from schema.node import NetworkNode, label_of, maybe_wrap, optional_text
from schema.pagination import After, Before, First, Last
from schema.plans import HOP, ONE, plan_ahead, plan_listing

__all__ = [
    "key_lookup",
    "model_attribute",
    "node_type",
    "property_field",
    "relationship",
    "relationship_one",
    "root_listing",
]


def _reader(spec: PropSpec) -> tuple[Callable[[Any], Any], Any]:
    """How a stored value of ``spec`` reads in GraphQL, and its GraphQL type: a list of
    an enum's members, a member (non-null when the model has a default), a date, an
    int, a boolean, or text."""
    choices: Any = spec.choices
    if choices is not None and spec.kind is PropKind.STR_LIST:
        return (lambda value: [choices(item) for item in value or ()]), list[choices]
    if choices is not None and spec.default is not None:
        return (lambda value: choices(spec.default if value is None else value)), choices
    if choices is not None:
        return (lambda value: None if value is None else choices(value)), choices | None
    if spec.kind is PropKind.DATE:
        return as_date, dt.date | None
    if spec.kind is PropKind.INT:
        return (lambda value: None if value is None else int(value)), int | None
    if spec.kind is PropKind.BOOL:
        return bool, bool
    return optional_text, str | None


def model_attribute(result: type, name: str) -> Any:
    """A field that answers attribute ``name`` of the object's ``model``, a ``result``
    of the analytics, as it is (a tuple as a list); typed and described by the result's
    own annotation (:func:`graph.analytics.common.documented`): ``degree =
    model_attribute(Broker, "degree")``."""
    kind, description = documented(result)[name]
    graphql_type, read = kind, None
    if get_origin(kind) is tuple:
        graphql_type, read = list[get_args(kind)[0]], list  # type: ignore[misc]  # built at run time

    def resolve(root: strawberry.Parent[Any]) -> Any:
        value = getattr(root.model, name)
        return value if read is None else read(value)

    resolve.__annotations__["return"] = graphql_type
    return strawberry.field(resolver=resolve, description=description)


def property_field(label: Label, name: str) -> Any:
    """A field that reads property ``name`` of ``label``'s nodes, typed and described
    by the model (:data:`graph.model.NODE_SPECS`): ``city = property_field(Label.CLUSTER,
    "city")``."""
    spec = NODE_SPECS[label].prop(name)
    assert not spec.private, f"{label.value}.{name} is private: it needs a viewer check"
    read, graphql_type = _reader(spec)

    def resolve(root: strawberry.Parent[Any]) -> Any:
        return read(root.model.get(name))

    resolve.__annotations__["return"] = graphql_type
    return strawberry.field(resolver=resolve, description=spec.description)


NodeT = TypeVar("NodeT", bound=NetworkNode)

# Every node type has these from NetworkNode.
_SHARED = frozenset({"key", "name", "source", "synthetic"})


def node_type(label: Label) -> Callable[[type[NodeT]], type[NodeT]]:
    """The GraphQL type of ``label``'s nodes, named and described as the model says,
    with a :func:`property_field` for each public property it does not define itself.
    The properties come first, in the model's order (a field the type writes for one,
    such as a private property's, keeps its place); the type's other fields follow."""
    spec = NODE_SPECS[label]

    def build(cls: type[NodeT]) -> type[NodeT]:
        own = {k: v for k, v in vars(cls).items() if k not in ("__dict__", "__weakref__")}
        properties = {
            prop.name: own.pop(prop.name, None) or property_field(label, prop.name)
            for prop in spec.props
            if prop.name not in _SHARED and (prop.name in own or not prop.private)
        }
        namespace = {**properties, **own}
        rebuilt = types.new_class(
            cls.__name__, cls.__bases__, exec_body=lambda ns: ns.update(namespace)
        )
        built: type[NodeT] = strawberry.type(
            rebuilt, name=label.value, description=spec.description
        )
        return built

    return build


def relationship(hop: Hop, connection: Any, description: str) -> Any:
    """A field that pages through a node's neighbours over ``hop`` as ``connection``
    (``MembershipConnection[ProjectRef]``, ...), with the four Relay arguments."""
    connection_type: type[Connection[Any]] = getattr(connection, "__origin__", connection)

    async def resolve(
        root: strawberry.Parent[Any],
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Any:
        page = PageArgs.parse(first, after, last, before)
        return connection_type.of(await related(info.context, root.model, hop, page))

    resolve.__annotations__["return"] = connection
    return strawberry.field(resolver=resolve, description=description, metadata={HOP: hop})


def relationship_one(hop: Hop, node_type: Any, description: str) -> Any:
    """A field that leads over ``hop`` to at most one node of ``node_type``."""

    async def resolve(root: strawberry.Parent[Any], info: Info) -> Any:
        return maybe_wrap(await related_one(info.context, root.model, hop))

    resolve.__annotations__["return"] = node_type | None
    return strawberry.field(
        resolver=resolve, description=description, metadata={HOP: hop, ONE: True}
    )


Key = Annotated[str, strawberry.argument(description="The key (for example `donald-peurach`).")]


def key_lookup(node_type: Any, description: str) -> Any:
    """A root field that fetches the node of ``node_type`` with a given key (null when
    there is none or the viewer may not see it)."""
    label = label_of(node_type)

    async def resolve(info: Info, key: Key) -> Any:
        await plan_ahead(info, label, key)
        node = await node_by_key(info.context, label, key)
        return None if node is None else node_type.from_model(node)

    resolve.__annotations__["return"] = node_type | None
    return strawberry.field(resolver=resolve, description=description)


def root_listing(
    label: Label, node_type: Any, description: str, filtering: Filtering | None = None
) -> Any:
    """A root field that pages through ``label``'s nodes as a ``Connection[node_type]``,
    filtered and ordered when ``filtering`` is given (else by name)."""

    async def page(
        info: Info,
        where: Sequence[Condition],
        order: tuple[str, bool],
        first: int | None,
        after: str | None,
        last: int | None,
        before: str | None,
    ) -> Any:
        args = PageArgs.parse(first, after, last, before)
        order_by, descending = order
        await plan_listing(info, label, args, where, order_by, descending)
        result = await list_page(info.context, label, args, where, order_by, descending)
        return Connection.of(result)

    async def everything(
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Any:
        return await page(info, (), order_of(None), first, after, last, before)

    async def filtered(
        info: Info,
        filter: Any = None,
        order_by: Any = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Any:
        where = filter_conditions(filter) if filter else ()
        return await page(info, where, order_of(order_by), first, after, last, before)

    resolve = everything if filtering is None else filtered
    if filtering is not None:
        filter_text = f"Only {filtering.plural} matching every filter given."
        order_text = "The order (default: by name, ascending)."
        resolve.__annotations__["filter"] = Annotated[
            filtering.filter_type | None, strawberry.argument(description=filter_text)
        ]
        resolve.__annotations__["order_by"] = Annotated[
            filtering.order_type | None, strawberry.argument(description=order_text)
        ]
    resolve.__annotations__["return"] = Connection[node_type]
    return strawberry.field(resolver=resolve, description=description)
