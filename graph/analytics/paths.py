"""Introductions: the shortest chain of real ties between two people.

:func:`connection_path` searches the tie graph from both ends at once (bidirectional
breadth-first search, expanding the smaller frontier first), so reaching someone four
steps away in a network of 100 000 people touches thousands of people, not all of them.
Among the chains of that shortest length it returns the strongest: the one whose ties
have the largest product of weights (found by dynamic programming over the layers that
lie on shortest chains). Every step names what the two people share.

Nobody who opted out is an intermediate; either end may have opted out. Who may ask
about a person who opted out is the API's decision (``resolvers.visibility``), made
before the search.

Examples
--------
>>> from graph.model import Node, Relationship, RelType
>>> from graph.projection import build_network
>>> people = {k: Node(Label.PERSON, k, {"name": k}) for k in ("ada", "bo", "cy")}
>>> teams = {k: Node(Label.PROJECT, k, {"name": k}) for k in ("loom", "kiln")}
>>> pairs = [("ada", "loom"), ("bo", "loom"), ("bo", "kiln"), ("cy", "kiln")]
>>> rels = [Relationship(RelType.MEMBER_OF, people[p].ref, teams[t].ref) for p, t in pairs]
>>> result = connection_path(build_network([*people.values(), *teams.values()], rels), "ada", "cy")
>>> [(s.start.key, s.end.key, [c.context.key for c in s.shared]) for s in result.steps]
[('ada', 'bo', ['loom']), ('bo', 'cy', ['kiln'])]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.analytics.common import check_range, require
from graph.cancel import check_cancelled
from graph.model import Label, NodeRef, RelType
from graph.projection import Network, node_ref

__all__ = [
    "MAX_PATH_LENGTH",
    "SHARED_BY",
    "PathResult",
    "PathStep",
    "Shared",
    "connection_path",
]

MAX_PATH_LENGTH = 6
"""The longest chain :func:`connection_path` looks for."""

SHARED_BY: Mapping[Label, RelType] = {
    Label.PROJECT: RelType.MEMBER_OF,
    Label.STUDY_GROUP: RelType.MEMBER_OF,
    Label.COHORT: RelType.MEMBER_OF,
    Label.GATHERING: RelType.ATTENDED,
    Label.ORGANIZATION: RelType.AFFILIATED_WITH,
    Label.CLUSTER: RelType.IN_CLUSTER,
}
"""How both people are linked to a shared context of each kind (for a cluster: each is
affiliated with an organization that is ``IN_CLUSTER``)."""


@dataclass(frozen=True, slots=True)
class Shared:
    """A context two people share and the relationship each has with it."""

    context: NodeRef
    relationship: RelType


@dataclass(frozen=True, slots=True)
class PathStep:
    """One tie of a chain: from ``start`` to ``end``, its weight and what they share."""

    start: NodeRef
    end: NodeRef
    weight: float
    shared: tuple[Shared, ...]


@dataclass(frozen=True, slots=True)
class PathResult:
    """A chain of ties, or ``steps=None`` with a ``reason`` (and a ``code``) why not."""

    steps: tuple[PathStep, ...] | None
    reason: str | None = None
    code: str | None = None

    @property
    def length(self) -> int | None:
        """How many ties the chain has (``None`` when there is none)."""
        return None if self.steps is None else len(self.steps)

    @property
    def people(self) -> tuple[NodeRef, ...]:
        """The people along the chain, from start to end."""
        if not self.steps:
            return ()
        return (self.steps[0].start, *(step.end for step in self.steps))


def connection_path(
    network: Network, source: str, target: str, *, max_length: int = 4
) -> PathResult:
    """The shortest, then strongest, chain of ties from ``source`` to ``target``.

    Parameters
    ----------
    network
        The projected network.
    source, target
        People's keys; either may have opted out (the caller decides who may ask).
    max_length
        The longest chain to look for, 1 to :data:`MAX_PATH_LENGTH`.

    Returns
    -------
    PathResult
        The steps from ``source`` to ``target``; or no steps with a reason and a code:
        ``SAME_PERSON``, ``NOT_CONNECTED`` (the search ran out of people: no chain at
        all) or ``TOO_FAR`` (none within ``max_length``; a longer one may exist).

    Raises
    ------
    graph.store.NotFound
        Either person does not exist.
    graph.model.InvalidInput
        ``max_length`` is out of range.

    Examples
    --------
    >>> from graph.model import Node, Relationship, RelType
    >>> from graph.projection import build_network
    >>> ada, bo = (Node(Label.PERSON, k, {"name": k}) for k in ("ada", "bo"))
    >>> network = build_network([ada, bo], [])
    >>> connection_path(network, "ada", "bo").code
    'NOT_CONNECTED'
    >>> connection_path(network, "ada", "ada").reason
    'a path needs two different people'
    """
    check_range("max_length", max_length, 1, MAX_PATH_LENGTH)
    start = require(network, Label.PERSON, source)
    end = require(network, Label.PERSON, target)
    if start == end:
        return PathResult(None, "a path needs two different people", "SAME_PERSON")

    search = _Search(network, start, end)
    length = search.run(max_length)
    if length is None:
        if search.exhausted:
            return PathResult(
                None, f"no chain of ties joins {source} and {target}", "NOT_CONNECTED"
            )
        return PathResult(
            None, f"no chain of at most {max_length} ties joins {source} and {target}", "TOO_FAR"
        )
    chain = search.strongest(length)
    return PathResult(tuple(_step(network, a, b) for a, b in itertools.pairwise(chain)))


class _Search:
    """Bidirectional breadth-first search over the ties of discoverable people."""

    def __init__(self, network: Network, start: str, end: str) -> None:
        self.network = network
        self.roots = (start, end)
        self.dist: tuple[dict[str, int], dict[str, int]] = ({start: 0}, {end: 0})
        self.frontier: tuple[list[str], list[str]] = ([start], [end])
        self.depth = [0, 0]
        self.exhausted = False

    def neighbours(self, node: str) -> Mapping[str, Mapping[str, Any]]:
        return self.network.tie_neighbours(node)

    def run(self, max_length: int) -> int | None:
        """The length of the shortest chain, or ``None`` when there is none in reach."""
        while self.depth[0] + self.depth[1] < max_length:
            side = 0 if len(self.frontier[0]) <= len(self.frontier[1]) else 1
            if self.depth[1] == 0 and not self.network.is_visible(self.roots[1]):
                # Only a hidden end's own adjacency lists its ties: step from it first,
                # or the other side could run out without ever meeting it.
                side = 1
            mine, theirs = self.dist[side], self.dist[1 - side]
            depth = self.depth[side] + 1
            grown: list[str] = []
            for node in self.frontier[side]:
                check_cancelled()
                for other in self.neighbours(node):
                    if other not in mine:
                        mine[other] = depth
                        grown.append(other)
            self.depth[side] = depth
            if side == 0:
                self.frontier = (grown, self.frontier[1])
            else:
                self.frontier = (self.frontier[0], grown)
            met = [node for node in grown if node in theirs]
            if met:
                return min(self.dist[0][n] + self.dist[1][n] for n in met)
            if not grown:
                self.exhausted = True
                return None
        return None

    def strongest(self, length: int) -> list[str]:
        """The chain of ``length`` ties with the largest sum of log weights."""
        split = min(self.depth[0], length)
        joins = sorted(
            n
            for n, d in self.dist[0].items()
            if d == split and self.dist[1].get(n) == length - split
        )
        forward = self._best(0, joins, split)
        backward = self._best(1, joins, length - split)
        join = max(joins, key=lambda n: (forward[n][0] + backward[n][0], _reverse(n)))
        head = _unwind(forward, join)
        tail = _unwind(backward, join)
        return head[::-1] + tail[1:]

    def _best(
        self, side: int, joins: Sequence[str], depth: int
    ) -> dict[str, tuple[float, str | None]]:
        """Best score and predecessor of each node on a shortest chain from one side."""
        dist = self.dist[side]
        root = self.roots[side]
        layers: list[set[str]] = [set() for _ in range(depth + 1)]
        layers[0].add(root)
        layers[depth].update(joins)
        for level in range(depth, 1, -1):
            for node in layers[level]:
                check_cancelled()
                for other in self.neighbours(node):
                    if dist.get(other) == level - 1:
                        layers[level - 1].add(other)
        best: dict[str, tuple[float, str | None]] = {root: (0.0, None)}
        for level in range(1, depth + 1):
            before = layers[level - 1]
            for node in sorted(layers[level]):
                check_cancelled()
                # The root may have opted out: only its own adjacency lists its ties.
                prevs = [root] if level == 1 else [p for p in self.neighbours(node) if p in before]
                score, _, prev = max(
                    (best[p][0] + math.log(self._weight(p, node)), _reverse(p), p) for p in prevs
                )
                best[node] = (score, prev)
        return best

    def _weight(self, one: str, other: str) -> float:
        return float(self.neighbours(one)[other]["weight"])


def _reverse(node: str) -> tuple[int, ...]:
    """A key under which ``max`` prefers the alphabetically first node among equals."""
    return (*(-ord(c) for c in node), 0)


def _unwind(best: Mapping[str, tuple[float, str | None]], node: str) -> list[str]:
    chain = [node]
    prev = best[node][1]
    while prev is not None:
        chain.append(prev)
        prev = best[prev][1]
    return chain


def _step(network: Network, start: str, end: str) -> PathStep:
    # A tie to a hidden end is listed only in the hidden end's adjacency.
    found = network.tie_neighbours(start)
    tie = found[end] if end in found else network.tie_neighbours(end)[start]
    shared = tuple(
        Shared(node_ref(context), SHARED_BY[network.label(context)]) for context in tie["contexts"]
    )
    return PathStep(node_ref(start), node_ref(end), float(tie["weight"]), shared)
