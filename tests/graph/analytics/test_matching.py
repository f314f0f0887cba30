"""Matching projects and people, in both directions, with true evidence."""

from __future__ import annotations

import pytest

from graph.analytics.matching import suggest_members, suggest_projects
from graph.analytics.reasons import ReasonKind
from graph.model import InvalidInput, Label, NodeRef, RelType
from graph.store import Hop, NotFound
from tests.graph.analytics.tiny_networks import OUT, Tiny, contexts, linked
from tests.stores import ConcreteStore


def kiln() -> Tiny:
    """kiln (ada's project) needs ml and ux and is about maps; it works at the summit."""
    tiny = Tiny()
    tiny.member("ada", "kiln")
    tiny.needs("kiln", "ml")
    tiny.needs("kiln", "ux")
    tiny.about("kiln", "maps")
    tiny.works_at("kiln", "summit")
    tiny.skilled("bo", "ml")
    tiny.skilled("bo", "ux")
    tiny.skilled("cy", "ux")
    tiny.interested("dee", "maps")
    tiny.attend("eve", "summit")
    return tiny


def test_people_covering_more_needs_rank_first_and_members_are_left_out(
    store: ConcreteStore,
) -> None:
    # given kiln's needs and the people around it, in a store
    network = kiln().through(store)
    # when members are suggested
    suggestions = suggest_members(network, "kiln")
    # then bo (both skills) leads, cy (one) follows, then the topic and gathering people
    keys = [s.key for s in suggestions]
    assert keys[:2] == ["bo", "cy"]
    assert set(keys) == {"bo", "cy", "dee", "eve"}
    # and every skill named is one the person has and the project needs
    kiln_needs = linked(store, NodeRef(Label.PROJECT, "kiln"), Hop(RelType.NEEDS, OUT, Label.TOPIC))
    for s in suggestions:
        assert s.score == sum(r.contribution for r in s.reasons)
        for reason in s.reasons:
            if reason.kind is ReasonKind.COMPLEMENTARY_SKILL:
                skills = linked(store, s.ref, Hop(RelType.SKILLED_IN, OUT, Label.TOPIC))
                assert set(reason.evidence) <= skills & kiln_needs


def test_a_member_tied_to_the_candidate_is_the_common_collaborator() -> None:
    # given cy works with ada (a kiln member) on another project
    tiny = kiln()
    tiny.member("ada", "loom")
    tiny.member("cy", "loom")
    # when members for kiln are suggested
    cy = next(s for s in suggest_members(tiny.build(), "kiln") if s.key == "cy")
    # then ada is named as the member cy already knows
    common = next(r for r in cy.reasons if r.kind is ReasonKind.COMMON_COLLABORATOR)
    assert common.evidence == (NodeRef(Label.PERSON, "ada"),)


def test_people_who_opted_out_are_not_suggested_for_projects() -> None:
    tiny = kiln()
    tiny.person("bo", discoverable=False)
    assert "bo" not in [s.key for s in suggest_members(tiny.build(), "kiln")]


def test_projects_needing_a_persons_skills_are_suggested_to_them(store: ConcreteStore) -> None:
    # given bo has both skills kiln needs
    network = kiln().through(store)
    # when bo asks for projects
    [suggestion] = suggest_projects(network, "bo")
    # then kiln comes, for the skills it needs
    assert suggestion.ref == NodeRef(Label.PROJECT, "kiln")
    [reason] = suggestion.reasons
    assert reason.kind is ReasonKind.COMPLEMENTARY_SKILL
    assert {e.key for e in reason.evidence} == {"ml", "ux"}


def test_a_persons_own_projects_are_not_suggested_to_them(store: ConcreteStore) -> None:
    tiny = kiln()
    tiny.skilled("ada", "ml")
    network = tiny.through(store)
    assert suggest_projects(network, "ada") == []
    assert NodeRef(Label.PROJECT, "kiln") in contexts(store, NodeRef(Label.PERSON, "ada"))


def test_gathering_and_topic_bring_projects_with_the_right_evidence() -> None:
    network = kiln().build()
    [for_eve] = suggest_projects(network, "eve")
    [for_dee] = suggest_projects(network, "dee")
    assert [(r.kind, [e.key for e in r.evidence]) for r in for_eve.reasons] == [
        (ReasonKind.SAME_GATHERING, ["summit"])
    ]
    assert [(r.kind, [e.key for e in r.evidence]) for r in for_dee.reasons] == [
        (ReasonKind.SHARED_TOPIC, ["maps"])
    ]


def test_matching_rejects_unknown_ids_and_bad_counts() -> None:
    network = kiln().build()
    with pytest.raises(NotFound):
        suggest_members(network, "nothing")
    with pytest.raises(NotFound):
        suggest_projects(network, "nobody")
    with pytest.raises(InvalidInput):
        suggest_members(network, "kiln", first=101)
