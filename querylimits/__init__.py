"""How large a GraphQL document is and what it may cost, before anything runs.

Over graphql-core alone: nothing here knows Strawberry, a web framework or Convene's
types. :func:`measure` gives each operation's depth, aliases and fields with its
fragments spread out; :func:`estimate` the objects an operation may return and the
compute it may start, priced by the :class:`Prices` a server passes in. Both walk each
fragment once, however often it is spread, so a document is measured in time linear in
its size even when spreading it out would take millions of fields. ``schema.limits``
installs them, with Convene's limits, prices (``schema.costs``) and messages, as
Strawberry extensions.

>>> from graphql import parse
>>> measure(parse("{ a { b } }")).operations[0].depth
1
"""

from querylimits.cost import Args, Cost, FieldCost, PageSizeProblem, Prices, estimate
from querylimits.shape import DocumentShape, OperationShape, measure
from querylimits.walk import SATURATED, amount

__all__ = [
    "SATURATED",
    "Args",
    "Cost",
    "DocumentShape",
    "FieldCost",
    "OperationShape",
    "PageSizeProblem",
    "Prices",
    "amount",
    "estimate",
    "measure",
]
