"""What the shape and the cost walks share: fragments in dependency order, and counts
that stop growing.

Both walks look at each fragment once and reuse its totals at every spread, so they
need the fragments a document reaches ordered so that each comes after every fragment
it spreads; :func:`dependency_order` gives that order without recursion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from graphql import DocumentNode, FragmentDefinitionNode

__all__ = ["SATURATED", "amount", "dependency_order", "fragments_of", "saturate"]

SATURATED = 10**18
"""Counts stop growing here: enough to refuse anything, small enough for a JSON
integer, and cheap to add however many times fragments multiply."""


def saturate(count: int) -> int:
    """``count``, or :data:`SATURATED` when it is larger.

    >>> saturate(5), saturate(10**30) == SATURATED
    (5, True)
    """
    return min(count, SATURATED)


def amount(count: int) -> str:
    """A count for a message: ``at least`` the saturated count when it saturated.

    >>> amount(12), amount(SATURATED)
    ('12', 'at least 1000000000000000000')
    """
    return f"at least {count}" if count >= SATURATED else str(count)


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    """The fragment definitions of ``document`` by name.

    >>> from graphql import parse
    >>> sorted(fragments_of(parse("{ ...A } fragment A on Q { a } fragment B on Q { b }")))
    ['A', 'B']
    """
    return {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }


def dependency_order(
    roots: Iterable[str], spreads_of: Callable[[str], list[str] | None]
) -> list[str]:
    """The fragments reachable from ``roots``, each after every fragment it spreads.

    ``spreads_of`` names the fragments a fragment spreads (``None`` for an unknown name)
    and is asked once per fragment. The walk keeps its own stack, so a long chain of
    fragments cannot exhaust Python's; a fragment met again while its own spreads are
    being followed (a cycle, which validation refuses) is not followed again.

    >>> spreads = {"A": ["B", "B", "C"], "B": ["C"], "C": [], "D": ["D"]}
    >>> dependency_order(["A", "D", "X"], spreads.get)
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
