"""Read plans, on both stores: a plan's answer is exactly what the single calls give,
node by node and parent by parent."""

from __future__ import annotations

import pytest

from graph.model import Direction, InvalidInput, Label, NodeRef, RelType
from graph.plans import PlanResult, PlanStep, ReadPlan
from graph.store import Eq, GraphStore, Hop, NeighbourPage, NodeQuery
from tests.graph.test_store_contract import small_network

P, PR, ORG = Label.PERSON, Label.PROJECT, Label.ORGANIZATION
PROJECTS = Hop(RelType.MEMBER_OF, Direction.OUT, PR)
MEMBERS = Hop(RelType.MEMBER_OF, Direction.IN, P)
EMPLOYERS = Hop(RelType.AFFILIATED_WITH, Direction.OUT, ORG)
SEEN = (Eq("discoverable", True),)

PLANS = {
    "person alone": ReadPlan(P, ("ada",)),
    "teammates": ReadPlan(
        P, ("ada", "bob", "nobody"), (PlanStep(PROJECTS, steps=(PlanStep(MEMBERS, where=SEEN),)),)
    ),
    "windows and siblings": ReadPlan(
        P,
        ("bob", "ada"),
        (
            PlanStep(PROJECTS, offset=1, limit=1, steps=(PlanStep(MEMBERS, limit=2),)),
            PlanStep(EMPLOYERS),
        ),
    ),
    "three levels": ReadPlan(
        PR,
        ("engine", "loom"),
        (PlanStep(MEMBERS, steps=(PlanStep(PROJECTS, steps=(PlanStep(MEMBERS, limit=1),)),)),),
    ),
    "a hop the model does not have": ReadPlan(ORG, ("um",), (PlanStep(PROJECTS),)),
    "a listing's page": ReadPlan.of_listing(
        NodeQuery(P, SEEN, "name", descending=True, offset=0, limit=2),
        (PlanStep(PROJECTS, steps=(PlanStep(MEMBERS, where=SEEN),)), PlanStep(EMPLOYERS)),
    ),
    "an empty listing": ReadPlan.of_listing(
        NodeQuery(PR, (Eq("stage", "scale"),), "key", offset=0, limit=5), (PlanStep(MEMBERS),)
    ),
}


def one_by_one(store: GraphStore, plan: ReadPlan) -> PlanResult:
    """What the plan stands for, read one node and one parent at a time."""
    expected = PlanResult()
    keys = plan.keys
    if plan.listing is not None:
        expected.listing = store.list_nodes(plan.listing)
        keys = tuple(node.key for node in expected.listing.items)
    for key in keys:
        ref = NodeRef(plan.label, key)
        [node] = store.get_nodes([ref])
        expected.nodes[ref] = node
        if node is not None:
            _expect(store, expected, plan.label, key, plan.steps)
    return expected


def _expect(
    store: GraphStore, expected: PlanResult, label: Label, key: str, steps: tuple[PlanStep, ...]
) -> None:
    for step in steps:
        page = store.neighbours(
            label, [key], step.hop, where=step.where, offset=step.offset, limit=step.limit
        )[key]
        expected.add_pages(label, step, {key: page})
        for item in page.items:
            _expect(store, expected, step.hop.other_label, item.node.key, step.steps)


@pytest.mark.parametrize("name", PLANS)
def test_a_plan_reads_what_the_single_calls_read(store: GraphStore, name: str) -> None:
    # Given the small network and a plan
    small_network(store)
    plan = PLANS[name]
    # When the store answers the plan in one call
    found = store.read_plan(plan)
    # Then every node and every parent's page is what the single calls give
    expected = one_by_one(store, plan)
    assert found.nodes == expected.nodes
    assert found.listing == expected.listing
    assert _comparable(found) == _comparable(expected)


def _comparable(result: PlanResult) -> dict[tuple[Label, PlanStep], dict[str, NeighbourPage]]:
    """The pages, leaving out parents with no neighbours (a store may or may not list
    them; the single call for such a parent answers an empty page either way)."""
    return {
        where: {key: page for key, page in pages.items() if page.total or page.items}
        for where, pages in result.pages.items()
    }


def test_hidden_people_are_left_out_and_counted_out(store: GraphStore) -> None:
    # Given the small network, where cy (on engine) is not discoverable
    small_network(store)
    members = PlanStep(MEMBERS, where=SEEN)
    # When ada's projects and their visible members are planned
    found = store.read_plan(ReadPlan(P, ("ada",), (PlanStep(PROJECTS, steps=(members,)),)))
    # Then engine's page names ada and bob only, and counts two
    page = found.pages[PR, members]["engine"]
    assert [n.node.key for n in page.items] == ["ada", "bob"]
    assert page.total == 2
    assert page.items[0].rel_props["role"] == "lead"


def test_a_bad_window_is_refused_before_anything_is_read(store: GraphStore) -> None:
    with pytest.raises(InvalidInput, match="limit"):
        store.read_plan(ReadPlan(P, ("ada",), (PlanStep(PROJECTS, limit=-1),)))
