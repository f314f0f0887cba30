"""Test support for the GraphQL layer: a store that counts its calls, small networks
built with ``WriteBatch``, and a one-call way to run a document as some viewer."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import strawberry

from access.viewer import AccessRole, Viewer
from graph.model import Label, Node, NodeRef, Relationship, RelRef, RelType
from graph.plans import PlanResult, ReadPlan
from graph.store import (
    Change,
    Condition,
    Counts,
    GraphStore,
    Hop,
    NeighbourPage,
    NodeQuery,
    Page,
    SearchHit,
    WriteBatch,
)
from resolvers.context import make_context
from settings import Settings

ANONYMOUS = Viewer.anonymous()
READER = Viewer(AccessRole.READER, token_name="reader")
EDITOR = Viewer(AccessRole.EDITOR, token_name="editor")
ADMIN = Viewer(AccessRole.ADMIN, token_name="admin")

READS = (
    "get_nodes",
    "get_relationships",
    "neighbours",
    "read_plan",
    "list_nodes",
    "search",
    "iter_nodes",
    "iter_relationships",
)


class CountingStore:
    """A real store behind a counter of calls per method (thread-safe: the API calls
    the store from worker threads)."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def _count(self, name: str) -> None:
        with self._lock:
            self.calls[name] += 1

    @property
    def total(self) -> int:
        """Every call so far."""
        return sum(self.calls.values())

    @property
    def reads(self) -> int:
        """Read round trips so far."""
        return sum(self.calls[name] for name in READS)

    def reset(self) -> None:
        """Start counting from zero."""
        self.calls.clear()

    def apply(self, batch: WriteBatch) -> int:
        self._count("apply")
        return self.inner.apply(batch)

    def data_version(self) -> int:
        self._count("data_version")
        return self.inner.data_version()

    def get_nodes(self, refs: Sequence[NodeRef]) -> list[Node | None]:
        self._count("get_nodes")
        return self.inner.get_nodes(refs)

    def get_relationships(self, refs: Sequence[RelRef]) -> list[Relationship | None]:
        self._count("get_relationships")
        return self.inner.get_relationships(refs)

    def changes_since(self, version: int) -> list[Change] | None:
        self._count("changes_since")
        return self.inner.changes_since(version)

    def forget(self, ref: NodeRef) -> int:
        self._count("forget")
        return self.inner.forget(ref)

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
        self._count("neighbours")
        return self.inner.neighbours(label, keys, hop, where=where, offset=offset, limit=limit)

    def read_plan(self, plan: ReadPlan) -> PlanResult:
        self._count("read_plan")
        return self.inner.read_plan(plan)

    def list_nodes(self, query: NodeQuery) -> Page:
        self._count("list_nodes")
        return self.inner.list_nodes(query)

    def search(
        self,
        text: str,
        *,
        labels: Sequence[Label] = (),
        where: Mapping[Label, Sequence[Condition]] | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        self._count("search")
        return self.inner.search(text, labels=labels, where=where, limit=limit)

    def iter_nodes(self, labels: Sequence[Label] = ()) -> Iterator[Node]:
        self._count("iter_nodes")
        return self.inner.iter_nodes(labels)

    def iter_relationships(self, types: Sequence[RelType] = ()) -> Iterator[Relationship]:
        self._count("iter_relationships")
        return self.inner.iter_relationships(types)

    def counts(self) -> Counts:
        self._count("counts")
        return self.inner.counts()

    def clear(self) -> int:
        self._count("clear")
        return self.inner.clear()

    def close(self) -> None:
        self.inner.close()


async def run(
    schema: strawberry.Schema,
    store: Any,
    document: str,
    viewer: Viewer = ANONYMOUS,
    variables: dict[str, Any] | None = None,
    settings: Settings | None = None,
) -> Any:
    """Execute ``document`` as ``viewer`` against ``store`` with a fresh context."""
    context = make_context(store, viewer, settings or Settings())
    return await schema.execute(document, variable_values=variables, context_value=context)


def errors_of(result: Any) -> list[tuple[str, str | None]]:
    """``(message, extensions.code)`` of each error of a result."""
    return [(e.message, (e.extensions or {}).get("code")) for e in result.errors or ()]


def person(key: str, name: str | None = None, **props: Any) -> Node:
    """A person node."""
    return Node(Label.PERSON, key, {"name": name or key.replace("-", " ").title(), **props})


def node(label: Label, key: str, **props: Any) -> Node:
    """A node of any label, named after its key unless told."""
    props.setdefault("name", key.replace("-", " ").title())
    return Node(label, key, props)


def rel(type_: RelType, start: Node | NodeRef, end: Node | NodeRef, **props: Any) -> Relationship:
    """A relationship between two nodes (or refs)."""
    a = start.ref if isinstance(start, Node) else start
    b = end.ref if isinstance(end, Node) else end
    return Relationship(type_, a, b, props)


def load(store: GraphStore, nodes: Sequence[Node], rels: Sequence[Relationship] = ()) -> None:
    """Write ``nodes`` then ``rels`` in one batch."""
    batch = WriteBatch()
    batch.upsert_nodes(nodes)
    if rels:
        batch.upsert_relationships(rels)
    store.apply(batch)


def team_network(store: GraphStore, people: int) -> None:
    """``people`` people in teams of four: each person is on their team's project and one
    neighbouring project, and is affiliated with two of three organizations."""
    orgs = [node(Label.ORGANIZATION, f"org-{i}") for i in range(3)]
    folks = [person(f"person-{i:03d}") for i in range(people)]
    teams = max(1, (people + 3) // 4)
    projects = [node(Label.PROJECT, f"project-{t:03d}") for t in range(teams)]
    rels: list[Relationship] = []
    for i, someone in enumerate(folks):
        team = i // 4
        rels.append(rel(RelType.MEMBER_OF, someone, projects[team], role="member"))
        rels.append(rel(RelType.MEMBER_OF, someone, projects[(team + 1) % teams], role="guest"))
        rels.append(rel(RelType.AFFILIATED_WITH, someone, orgs[i % 3], title="staff"))
        rels.append(rel(RelType.AFFILIATED_WITH, someone, orgs[(i + 1) % 3]))
    load(store, [*orgs, *folks, *projects], rels)
