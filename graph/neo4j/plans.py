"""A read plan as one Cypher statement.

Each step becomes a ``CALL`` subquery inside its parent's: it matches the hop from the
parent node, keeps the nodes that meet the step's conditions, orders them by key, cuts
the window, runs the steps below for each node kept, and returns ``{items, total}``,
the total counted as ``neighbours`` counts it. Labels, relationship types and property
names come from the model tables; every value (keys, windows, condition values) is a
parameter.

Examples
--------
>>> from graph.model import Direction, RelType
>>> from graph.store import Hop
>>> projects = PlanStep(Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT), limit=5)
>>> statement, params = plan_statement(ReadPlan(Label.PERSON, ("ada",), (projects,)))
>>> print(statement.splitlines()[1])
OPTIONAL MATCH (n0:Person {key: k})
>>> params.values
{'p0': 0, 'p1': 5}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from graph.model import Label, Node, NodeRef
from graph.neo4j.conditions import Params, compile_where
from graph.neo4j.queries import NEIGHBOURS, arrows, far_label
from graph.plans import PlanResult, PlanStep, ReadPlan
from graph.store import Neighbour, NeighbourPage

__all__ = ["NodeOf", "plan_statement", "read_records"]

NodeOf = Callable[[Label, Mapping[str, Any]], Node]
"""How a store makes a node of a row's properties."""

_EMPTY = "{items: [], total: 0}"


def plan_statement(plan: ReadPlan) -> tuple[str, Params]:
    """The statement that answers ``plan`` (with ``$keys`` the plan's keys) and the
    parameters it takes besides ``$keys``. It returns one row per key: ``k``, the
    node's ``props`` (null when it does not exist) and ``steps``, one map per step.

    >>> statement, params = plan_statement(ReadPlan(Label.TOPIC, ("math",)))
    >>> statement.splitlines()[-1]
    'RETURN k, CASE WHEN n0 IS NULL THEN null ELSE properties(n0) END AS props, [] AS steps'
    """
    params = Params(prefix="p")
    root = "n0"
    blocks = [
        _step(plan.label, step, root, 1, f"s{i}", params) for i, step in enumerate(plan.steps)
    ]
    names = ", ".join(f"s{i}" for i in range(len(plan.steps)))
    lines = [
        "UNWIND $keys AS k",
        f"OPTIONAL MATCH ({root}:{plan.label.value} {{key: k}})",
        *blocks,
        f"RETURN k, CASE WHEN {root} IS NULL THEN null ELSE properties({root}) END AS props, "
        f"[{names}] AS steps",
    ]
    return "\n".join(lines), params


def _step(label: Label, step: PlanStep, parent: str, depth: int, name: str, params: Params) -> str:
    """``CALL (parent) { ... RETURN {items, total} AS name }`` for one step."""
    hop = step.hop
    key = (label, hop.rel_type, hop.direction, hop.other_label)
    if key not in NEIGHBOURS:
        return f"CALL ({parent}) {{ RETURN {_EMPTY} AS {name} }}"
    node, rel = f"n{depth}", f"r{depth}"
    bound, plain = arrows(hop.rel_type, hop.direction)
    arrow = bound.replace("[r:", f"[{rel}:", 1)
    pattern_label = far_label(key)
    where = compile_where(node, hop.other_label, step.where, params)
    window = f"SKIP {params.add(step.offset)}"
    if step.limit is not None:
        window += f" LIMIT {params.add(step.limit)}"
    children = [
        _step(hop.other_label, child, node, depth + 1, f"c{depth}_{i}", params)
        for i, child in enumerate(step.steps)
    ]
    below = ", ".join(f"c{depth}_{i}" for i in range(len(step.steps)))
    inner = "\n".join(
        [
            f"  CALL ({parent}) {{",
            f"    MATCH ({parent}){arrow}({node}{pattern_label})",
            f"    WHERE {where}",
            f"    WITH {node}, {rel} ORDER BY {node}.key {window}",
            *(_indent(block, 4) for block in children),
            f"    RETURN collect({{props: properties({node}), rel: properties({rel}), "
            f"steps: [{below}]}}) AS items",
            "  }",
        ]
    )
    total = f"COUNT {{ MATCH ({parent}){plain}({node}{pattern_label}) WHERE {where} }}"
    return "\n".join(
        [
            f"CALL ({parent}) {{",
            inner,
            f"  RETURN {{items: items, total: {total}}} AS {name}",
            "}",
        ]
    )


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.splitlines())


def read_records(
    plan: ReadPlan, records: Sequence[Mapping[str, Any]], node_of: NodeOf
) -> PlanResult:
    """The :class:`PlanResult` of the statement's rows; ``node_of(label, props)`` makes
    a node of a row's properties (the store's own decoding).

    >>> plan = ReadPlan(Label.TOPIC, ("math", "art"))
    >>> rows = [{"k": "math", "props": {"key": "math", "name": "Math"}, "steps": []}]
    >>> found = read_records(plan, rows, lambda label, props: Node(label, props["key"], props))
    >>> [node and node.key for node in found.nodes.values()]
    ['math', None]
    """
    result = PlanResult()
    by_key = {record["k"]: record for record in records}
    for key in plan.keys:
        record = by_key.get(key)
        props = None if record is None else record["props"]
        node: Node | None = None if props is None else node_of(plan.label, props)
        result.nodes[NodeRef(plan.label, key)] = node
        if node is not None and record is not None:
            _pages(result, plan.label, key, plan.steps, record["steps"], node_of)
    return result


def _pages(
    result: PlanResult,
    label: Label,
    parent: str,
    steps: Sequence[PlanStep],
    found: Sequence[Mapping[str, Any]],
    node_of: NodeOf,
) -> None:
    for step, answer in zip(steps, found, strict=True):
        other = step.hop.other_label
        items: list[Neighbour] = []
        for item in answer["items"]:
            neighbour = Neighbour(node=node_of(other, item["props"]), rel_props=item["rel"])
            items.append(neighbour)
            _pages(result, other, neighbour.node.key, step.steps, item["steps"], node_of)
        result.add_pages(label, step, {parent: NeighbourPage(items, int(answer["total"]))})
