"""The store interface every Convene graph store implements, and its errors.

Writes are described as a :class:`WriteBatch` of operations and applied atomically by
:meth:`GraphStore.apply`: either every operation lands or none does. Reads are batched
by design (``get_nodes``, ``neighbours`` take many keys at once) so that the API can
serve a whole level of a query in one round trip.

Examples
--------
>>> batch = WriteBatch()
>>> batch.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
>>> [type(op).__name__ for op in batch.ops]
['UpsertNodes']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from graph.model import (
    NODE_SPECS,
    Direction,
    InvalidInput,
    Label,
    Node,
    NodeRef,
    PropKind,
    Relationship,
    RelRef,
    RelType,
)
from graph.validation import validate_node, validate_relationship

if TYPE_CHECKING:
    from graph.plans import PlanResult, ReadPlan

__all__ = [
    "CHANGE_LOG_KEPT",
    "CHANGE_LOG_MAX_REFS",
    "AlreadyExists",
    "Between",
    "Change",
    "Condition",
    "Contains",
    "Counts",
    "CreateNodes",
    "DeleteNodes",
    "DeleteRelationships",
    "Eq",
    "GraphStore",
    "Hop",
    "InvalidInput",
    "Neighbour",
    "NeighbourPage",
    "NodeQuery",
    "NotFound",
    "Page",
    "Related",
    "SearchHit",
    "StoreBase",
    "StoreError",
    "Unavailable",
    "UpdateNode",
    "UpsertNodes",
    "UpsertRelationships",
    "WriteBatch",
    "WriteOp",
    "batched",
    "check_page",
    "check_query",
]


class StoreError(Exception):
    """Base of every error a store raises; the API shows ``message`` and ``code``."""

    code = "STORE_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(StoreError):
    """A node (or relationship) that an operation needs does not exist.

    >>> NotFound(NodeRef(Label.PERSON, "nobody")).message
    "Person 'nobody' does not exist"
    """

    code = "NOT_FOUND"

    def __init__(self, ref: NodeRef | RelRef, message: str | None = None) -> None:
        if message is None:
            if isinstance(ref, NodeRef):
                message = f"{ref.label.value} {ref.key!r} does not exist"
            else:
                message = (
                    f"{ref.type.value} from {ref.start.label.value} {ref.start.key!r} "
                    f"to {ref.end.label.value} {ref.end.key!r} does not exist"
                )
        super().__init__(message)
        self.ref = ref


class AlreadyExists(StoreError):
    """A node with this label and key exists already.

    >>> AlreadyExists(NodeRef(Label.TOPIC, "math")).message
    "Topic 'math' already exists"
    """

    code = "ALREADY_EXISTS"

    def __init__(self, ref: NodeRef) -> None:
        super().__init__(f"{ref.label.value} {ref.key!r} already exists")
        self.ref = ref


class Unavailable(StoreError):
    """The store cannot be reached (server down, wrong credentials, locked file).

    >>> Unavailable("Neo4j is not running").code
    'UNAVAILABLE'
    """

    code = "UNAVAILABLE"


# ---------------------------------------------------------------------------- reads


@dataclass(frozen=True, slots=True)
class Eq:
    """``prop`` equals ``value`` (a missing property counts as its model default)."""

    prop: str
    value: Any


@dataclass(frozen=True, slots=True)
class Contains:
    """The list property ``prop`` contains ``value``."""

    prop: str
    value: str


@dataclass(frozen=True, slots=True)
class Between:
    """``low <= prop <= high`` for dates or numbers; either bound may be open (None)."""

    prop: str
    low: Any = None
    high: Any = None


@dataclass(frozen=True, slots=True)
class Related:
    """The node has a ``rel_type`` relationship (in ``direction``) to ``other``."""

    rel_type: RelType
    direction: Direction
    other: NodeRef


Condition = Eq | Contains | Between | Related


@dataclass(frozen=True, slots=True)
class NodeQuery:
    """A page of one label's nodes, filtered (all conditions hold) and ordered.

    ``order_by`` is a property name of the label (``key`` or ``name`` are always
    allowed); ties are broken by key, so pages are stable.
    """

    label: Label
    where: tuple[Condition, ...] = ()
    order_by: str = "key"
    descending: bool = False
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True, slots=True)
class Page:
    """One page of nodes and the total number that match."""

    items: list[Node]
    total: int


@dataclass(frozen=True, slots=True)
class Hop:
    """One step from a node: follow ``rel_type`` in ``direction`` to ``other_label``.

    >>> Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT).other_label.value
    'Project'
    """

    rel_type: RelType
    direction: Direction
    other_label: Label

    def ends(self, label: Label) -> tuple[Label, Label]:
        """(start label, end label) of the relationship when stepping from ``label``."""
        if self.direction is Direction.OUT:
            return (label, self.other_label)
        return (self.other_label, label)


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A node reached by a hop, with the properties of the relationship behind it."""

    node: Node
    rel_props: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class NeighbourPage:
    """One page of a node's neighbours (ordered by key) and how many there are."""

    items: list[Neighbour]
    total: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A search result with its relevance score (higher is better)."""

    node: Node
    score: float


@dataclass(frozen=True, slots=True)
class Counts:
    """How many nodes of each label and relationships of each type a store holds."""

    nodes: dict[str, int]
    relationships: dict[str, int]

    def as_json(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {...}, "relationships": {...}}`` with every label and type present."""
        return {
            "nodes": {label.value: self.nodes.get(label.value, 0) for label in Label},
            "relationships": {t.value: self.relationships.get(t.value, 0) for t in RelType},
        }


def check_query(query: NodeQuery) -> None:
    """Reject a query that names properties its label does not have.

    Property names reach the stores' query text only after this check, so no user
    text ever becomes part of a query.

    >>> check_query(NodeQuery(Label.PERSON, order_by="shoe_size"))
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: orderBy: Person has no property 'shoe_size'
    """
    check_conditions(query.label, query.where)
    if query.order_by != "key" and query.order_by not in NODE_SPECS[query.label].names:
        raise InvalidInput("orderBy", f"{query.label.value} has no property {query.order_by!r}")
    check_page(query.offset, query.limit)


def check_page(offset: int = 0, limit: int | None = None) -> None:
    """Reject a page that starts or ends before the first item (``limit=None``: all).

    >>> check_page(0, None)
    >>> check_page(limit=-1)
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: limit: must not be negative
    """
    if offset < 0:
        raise InvalidInput("offset", "must not be negative")
    if limit is not None and limit < 0:
        raise InvalidInput("limit", "must not be negative")


def check_conditions(label: Label, where: Sequence[Condition]) -> None:
    """Reject conditions that name properties ``label`` does not have, and a
    ``Contains`` on a property that is not a list.

    >>> check_conditions(Label.PERSON, [Eq("country", "US")])
    >>> check_conditions(Label.PERSON, [Eq("height", 2)])
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: height: Person has no property 'height'
    >>> check_conditions(Label.PERSON, [Contains("country", "US")])
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: country: is not a list property
    """
    spec = NODE_SPECS[label]
    for cond in where:
        if isinstance(cond, Related):
            continue
        prop = spec.prop(cond.prop)
        if isinstance(cond, Contains) and prop.kind is not PropKind.STR_LIST:
            raise InvalidInput(cond.prop, "is not a list property")


# ------------------------------------------------------------------------- changes

# How many of the latest write batches each store's change log keeps; a reader further
# behind than this rebuilds from scratch.
CHANGE_LOG_KEPT = 10_000

_T = TypeVar("_T")


def batched(items: Iterable[_T], size: int) -> Iterator[tuple[_T, ...]]:
    """``items`` in tuples of ``size`` (the last may be shorter), read lazily.

    >>> list(batched("abcde", 2))
    [('a', 'b'), ('c', 'd'), ('e',)]
    """
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch


# A batch touching more node and relationship refs than this is logged as "too large
# to list": catching up over it would cost about as much as a rebuild.
CHANGE_LOG_MAX_REFS = 50_000


@dataclass(frozen=True, slots=True)
class Change:
    """What one committed write batch changed (see :meth:`GraphStore.changes_since`).

    ``nodes`` are the nodes created, whose properties changed, or deleted;
    ``relationships`` those created, changed or deleted, including the ones removed
    with a deleted node. Each ref appears once, in the order the batch first touched it.

    >>> change = Change(3, (NodeRef(Label.TOPIC, "math"),), ())
    >>> change.version, [ref.key for ref in change.nodes]
    (3, ['math'])
    """

    version: int
    nodes: tuple[NodeRef, ...]
    relationships: tuple[RelRef, ...]


# --------------------------------------------------------------------------- writes


@dataclass(frozen=True, slots=True)
class CreateNodes:
    """Create nodes; ``AlreadyExists`` if any key is taken."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class UpsertNodes:
    """Create nodes or merge the given properties into existing ones."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class UpdateNode:
    """Change some properties of an existing node (``None`` removes one); ``NotFound``."""

    ref: NodeRef
    props: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class DeleteNodes:
    """Delete nodes with all their relationships; ``NotFound`` if any is missing."""

    refs: tuple[NodeRef, ...]


@dataclass(frozen=True, slots=True)
class UpsertRelationships:
    """Create relationships or merge properties into existing ones; ``NotFound`` if an
    end node is missing."""

    rels: tuple[Relationship, ...]


@dataclass(frozen=True, slots=True)
class DeleteRelationships:
    """Delete relationships; ``NotFound`` if any is missing."""

    refs: tuple[RelRef, ...]


WriteOp = (
    CreateNodes | UpsertNodes | UpdateNode | DeleteNodes | UpsertRelationships | DeleteRelationships
)


@dataclass
class WriteBatch:
    """Operations to apply in order, in one transaction.

    The builder methods validate against the model as they go, so a batch that was
    built holds only well-formed records.

    >>> b = WriteBatch()
    >>> try:
    ...     b.upsert_nodes([Node(Label.TOPIC, "BAD KEY", {"name": "x"})])
    ... except InvalidInput as error:
    ...     print(error.field)
    key
    """

    ops: list[WriteOp] = field(default_factory=list)

    def create_nodes(self, nodes: Iterable[Node]) -> None:
        """Add a :class:`CreateNodes` operation."""
        self.ops.append(CreateNodes(tuple(validate_node(n) for n in nodes)))

    def upsert_nodes(self, nodes: Iterable[Node]) -> None:
        """Add an :class:`UpsertNodes` operation (defaults are not filled in: a merge
        keeps what the record does not mention)."""
        self.ops.append(UpsertNodes(tuple(validate_node(n, fill_defaults=False) for n in nodes)))

    def update_node(self, ref: NodeRef, props: Mapping[str, Any]) -> None:
        """Add an :class:`UpdateNode` operation."""
        checked = validate_node(Node(ref.label, ref.key, props), partial=True)
        self.ops.append(UpdateNode(ref, checked.props))

    def delete_nodes(self, refs: Iterable[NodeRef]) -> None:
        """Add a :class:`DeleteNodes` operation."""
        self.ops.append(DeleteNodes(tuple(refs)))

    def upsert_relationships(self, rels: Iterable[Relationship]) -> None:
        """Add an :class:`UpsertRelationships` operation."""
        self.ops.append(UpsertRelationships(tuple(validate_relationship(r) for r in rels)))

    def delete_relationships(self, refs: Iterable[RelRef]) -> None:
        """Add a :class:`DeleteRelationships` operation."""
        self.ops.append(DeleteRelationships(tuple(refs)))

    def __len__(self) -> int:
        return len(self.ops)


@runtime_checkable
class GraphStore(Protocol):
    """What Convene needs from a graph store. Both stores pass one contract suite."""

    def apply(self, batch: WriteBatch) -> int:
        """Apply every operation of ``batch`` atomically; return the new data version.

        A batch that changes nothing (an empty one, or one that writes what is already
        there) leaves the version alone and returns the current one.
        """
        ...

    def data_version(self) -> int:
        """A number that grows by one with every write batch that changes something."""
        ...

    def get_nodes(self, refs: Sequence[NodeRef]) -> list[Node | None]:
        """The nodes for ``refs``, in order; ``None`` where one does not exist."""
        ...

    def get_relationships(self, refs: Sequence[RelRef]) -> list[Relationship | None]:
        """The relationships for ``refs`` with their properties, in order; ``None``
        where one does not exist."""
        ...

    def changes_since(self, version: int) -> list[Change] | None:
        """What every batch committed after ``version`` changed, oldest first.

        The versions are contiguous and the last is the current data version; ``[]``
        when ``version`` is current. ``None`` when the log cannot answer completely
        (entries pruned, the store cleared since, ``version`` ahead of the store, or a
        batch too large to list): then rebuild from scratch.
        """
        ...

    def forget(self, ref: NodeRef) -> int:
        """Blank every change log entry that names ``ref`` (or a relationship of it);
        return how many were blanked.

        For erasing a person: the log keeps node keys, and a key may be personal data.
        A blanked entry reads as a batch too large to list, so a reader whose range
        covers it rebuilds instead of catching up. The data version does not move.
        """
        ...

    def neighbours(
        self,
        label: Label,
        keys: Sequence[str],
        hop: Hop,
        *,
        where: Sequence[Condition] = (),
        offset: int = 0,
        limit: int | None = None,
    ) -> dict[str, NeighbourPage]:
        """For each key, a page of neighbours over ``hop`` that satisfy ``where``."""
        ...

    def read_plan(self, plan: ReadPlan) -> PlanResult:
        """A node and the relationship fields below it in one call: the nodes, and each
        step's pages per parent, exactly as ``get_nodes`` and ``neighbours`` give them."""
        ...

    def list_nodes(self, query: NodeQuery) -> Page:
        """A filtered, ordered page of nodes with the total count."""
        ...

    def search(
        self,
        text: str,
        *,
        labels: Sequence[Label] = (),
        where: Mapping[Label, Sequence[Condition]] | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """Full-text search over names, headlines and summaries, best first."""
        ...

    def iter_nodes(self, labels: Sequence[Label] = ()) -> Iterator[Node]:
        """Stream every node (of ``labels``, or all)."""
        ...

    def iter_relationships(self, types: Sequence[RelType] = ()) -> Iterator[Relationship]:
        """Stream every relationship (of ``types``, or all)."""
        ...

    def counts(self) -> Counts:
        """Node counts per label and relationship counts per type."""
        ...

    def clear(self) -> int:
        """Delete every node and relationship (tests and benchmarks); return the version."""
        ...

    def close(self) -> None:
        """Release connections and files."""
        ...


class StoreBase:
    """Conveniences shared by the stores, built on ``apply`` and ``get_nodes``."""

    def apply(self, batch: WriteBatch) -> int:  # pragma: no cover - overridden
        raise NotImplementedError

    def get_nodes(self, refs: Sequence[NodeRef]) -> list[Node | None]:  # pragma: no cover
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[WriteBatch]:
        """Collect writes and apply them atomically when the block ends without error.

        >>> from graph.embedded.store import EmbeddedStore
        >>> store = EmbeddedStore.in_memory()
        >>> with store.transaction() as tx:
        ...     tx.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
        >>> store.get_node(NodeRef(Label.TOPIC, "math")).props["name"]
        'Math'
        """
        batch = WriteBatch()
        yield batch
        if batch.ops:
            self.apply(batch)

    def upsert_nodes(self, nodes: Iterable[Node]) -> int:
        """Create or merge nodes in one transaction; return the new data version."""
        batch = WriteBatch()
        batch.upsert_nodes(nodes)
        return self.apply(batch)

    def upsert_relationships(self, rels: Iterable[Relationship]) -> int:
        """Create or merge relationships in one transaction; return the new data version."""
        batch = WriteBatch()
        batch.upsert_relationships(rels)
        return self.apply(batch)

    def delete_nodes(self, refs: Iterable[NodeRef]) -> int:
        """Delete nodes and their relationships in one transaction."""
        batch = WriteBatch()
        batch.delete_nodes(refs)
        return self.apply(batch)

    def get_node(self, ref: NodeRef) -> Node:
        """One node; ``NotFound`` if it does not exist."""
        node = self.get_nodes([ref])[0]
        if node is None:
            raise NotFound(ref)
        return node
