"""Read plans: a node and the relationship fields below it, answered in one store call.

A query such as ``person { projects { members { ... } } }`` reads a node, then a page
of its neighbours over one hop, then a page of each of those's neighbours over another;
``people(first: 20) { edges { node { projects ... } } }`` starts from a page of a
listing instead of given keys.
A :class:`ReadPlan` says all of that up front, in the store's own terms (labels, keys,
hops, conditions, windows), and :meth:`graph.store.GraphStore.read_plan` answers it
whole: Neo4j in one statement (:mod:`graph.neo4j.plans`), the embedded store one
statement per level (:func:`read_by_levels`). The answer holds exactly what the single
calls would have returned (:meth:`PlanResult.pages` per step and parent), so a caller can
serve the fields from it, and a step it did not plan is still read the usual way.

Examples
--------
>>> from graph.model import Direction, RelType
>>> projects = PlanStep(Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT), limit=5)
>>> plan = ReadPlan(Label.PERSON, ("ada",), (projects,))
>>> plan.size()
2
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.model import Label, Node, NodeRef
from graph.store import (
    Condition,
    Hop,
    NeighbourPage,
    NodeQuery,
    Page,
    check_conditions,
    check_page,
    check_query,
)

if TYPE_CHECKING:
    from graph.store import GraphStore

__all__ = ["PlanResult", "PlanStep", "ReadPlan", "read_by_levels"]


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One relationship field: the hop from the nodes above, the conditions on the
    neighbour, the window of each node's neighbours (ordered by key; ``limit=None``:
    all), and the steps below each neighbour."""

    hop: Hop
    where: tuple[Condition, ...] = ()
    offset: int = 0
    limit: int | None = None
    steps: tuple[PlanStep, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadPlan:
    """The nodes of ``label`` with ``keys`` (or, given a ``listing``, the nodes of that
    page of ``list_nodes``), and the steps below each of them."""

    label: Label
    keys: tuple[str, ...]
    steps: tuple[PlanStep, ...] = ()
    listing: NodeQuery | None = None

    @classmethod
    def of_listing(cls, query: NodeQuery, steps: tuple[PlanStep, ...]) -> ReadPlan:
        """The plan of a page of ``list_nodes(query)`` and ``steps`` below its nodes.

        >>> ReadPlan.of_listing(NodeQuery(Label.TOPIC, limit=5), ()).listing.limit
        5
        """
        return cls(query.label, (), steps, query)

    def size(self) -> int:
        """How many reads the plan stands for: the nodes, and one per step.

        >>> ReadPlan(Label.TOPIC, ("math",)).size()
        1
        """
        return 1 + sum(1 for _ in self.walk())

    def walk(self) -> Iterator[tuple[Label, PlanStep]]:
        """Every step with the label it starts from, parents before children.

        >>> from graph.model import Direction, RelType
        >>> members = PlanStep(Hop(RelType.MEMBER_OF, Direction.IN, Label.PERSON))
        >>> projects = PlanStep(
        ...     Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT), steps=(members,)
        ... )
        >>> [label.value for label, _ in ReadPlan(Label.PERSON, ("ada",), (projects,)).walk()]
        ['Person', 'Project']
        """
        pending = [(self.label, step) for step in self.steps]
        while pending:
            label, step = pending.pop(0)
            yield label, step
            pending += [(step.hop.other_label, child) for child in step.steps]

    def check(self) -> None:
        """Refuse a window or a condition the single calls would refuse.

        >>> from graph.model import Direction, RelType
        >>> hop = Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT)
        >>> ReadPlan(Label.PERSON, ("ada",), (PlanStep(hop, offset=-1),)).check()
        Traceback (most recent call last):
        ...
        graph.model.InvalidInput: offset: must not be negative
        """
        if self.listing is not None:
            check_query(self.listing)
            check_page(self.listing.offset, self.listing.limit)
        for _, step in self.walk():
            check_page(step.offset, step.limit)
            check_conditions(step.hop.other_label, step.where)


@dataclass(slots=True)
class PlanResult:
    """What a plan read: the nodes (None where missing), and for each step (with the
    label it starts from) each parent's page, as ``store.neighbours`` gives it."""

    nodes: dict[NodeRef, Node | None] = field(default_factory=dict)
    pages: dict[tuple[Label, PlanStep], dict[str, NeighbourPage]] = field(default_factory=dict)
    listing: Page | None = None

    def add_pages(self, label: Label, step: PlanStep, pages: Mapping[str, NeighbourPage]) -> None:
        """Record the pages of ``step`` for their parents (a step met again under other
        parents adds to what is there).

        >>> from graph.model import Direction, RelType
        >>> step = PlanStep(Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT))
        >>> result = PlanResult()
        >>> result.add_pages(Label.PERSON, step, {"ada": NeighbourPage([], 0)})
        >>> result.add_pages(Label.PERSON, step, {"bob": NeighbourPage([], 0)})
        >>> sorted(result.pages[Label.PERSON, step])
        ['ada', 'bob']
        """
        self.pages.setdefault((label, step), {}).update(pages)


def read_by_levels(store: GraphStore, plan: ReadPlan) -> PlanResult:
    """Answer ``plan`` with one ``get_nodes`` and one ``neighbours`` call per step
    (each parent level in one call): how a store without a statement of its own for
    whole plans answers one.

    >>> read_by_levels(store, plan).nodes  # doctest: +SKIP
    {NodeRef(label=<Label.PERSON: 'Person'>, key='ada'): Node(...)}
    """
    plan.check()
    result = PlanResult()
    if plan.listing is not None:
        result.listing = store.list_nodes(plan.listing)
        found: list[Node | None] = list(result.listing.items)
        refs = [node.ref for node in result.listing.items]
    else:
        refs = [NodeRef(plan.label, key) for key in plan.keys]
        found = store.get_nodes(refs)
    result.nodes.update(zip(refs, found, strict=True))
    present = [node.key for node in found if node is not None]
    _read_steps(store, result, plan.label, present, plan.steps)
    return result


def _read_steps(
    store: GraphStore,
    result: PlanResult,
    label: Label,
    keys: Sequence[str],
    steps: Sequence[PlanStep],
) -> None:
    if not keys:
        return
    for step in steps:
        pages = store.neighbours(
            label, keys, step.hop, where=step.where, offset=step.offset, limit=step.limit
        )
        result.add_pages(label, step, pages)
        below = list(dict.fromkeys(n.node.key for page in pages.values() for n in page.items))
        _read_steps(store, result, step.hop.other_label, below, step.steps)
