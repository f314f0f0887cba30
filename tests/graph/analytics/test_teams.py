"""Team formation for a gathering."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analytics.teams import suggest_teams
from graph.model import InvalidInput, Label, NodeRef, RelType, Sector
from graph.store import Hop, NotFound
from tests.graph.analytics.tiny_networks import OUT, Tiny, linked
from tests.stores import ConcreteStore


def summit() -> Tiny:
    tiny = Tiny()
    tiny.works_at("kiln", "summit")
    tiny.needs("kiln", "ml")
    tiny.needs("kiln", "ux")
    for key in ("ada", "bo", "cy", "dee", "eve", "fay"):
        tiny.attend(key, "summit")
    tiny.member("ada", "kiln")
    tiny.skilled("bo", "ml")
    tiny.skilled("cy", "ux")
    tiny.skilled("dee", "ux")
    # dee already works with ada; eve and fay are strangers from elsewhere
    tiny.member("ada", "old")
    tiny.member("dee", "old")
    tiny.works("eve", "firm")
    tiny.node(Label.ORGANIZATION, "firm", sectors=["commercial"])
    tiny.works("ada", "school")
    tiny.node(Label.ORGANIZATION, "school", sectors=["education"])
    return tiny


def test_a_team_covers_the_project_needs_and_prefers_new_ties(store: ConcreteStore) -> None:
    # given a gathering where kiln needs ml and ux; dee (ux) already works with ada
    network = summit().through(store)
    # when one team of three is formed
    plan = suggest_teams(network, "summit", size=3, count=1)
    [team] = plan.teams
    # then it holds ada (knows kiln), bo (ml) and cy (ux, a new tie) rather than dee
    assert team.project == NodeRef(Label.PROJECT, "kiln")
    assert [m.key for m in team.members] == ["ada", "bo", "cy"]
    assert [t.key for t in team.covered] == ["ml", "ux"]
    assert team.missing == ()
    assert (team.new_ties, team.pairs) == (0, 3)
    assert any("covers ml" in why for why in team.why)
    # and it brings ada's school's sector, as the model's member
    assert team.sectors == (Sector.EDUCATION,)
    assert isinstance(team.sectors[0], Sector)
    # and every member attended the gathering
    summit_ref = NodeRef(Label.GATHERING, "summit")
    for member in team.members:
        assert summit_ref in linked(store, member, Hop(RelType.ATTENDED, OUT, Label.GATHERING))


def test_extra_teams_are_formed_from_the_rest_without_repeating_anyone() -> None:
    plan = suggest_teams(summit().build(), "summit", size=2, count=3)
    members = [m for team in plan.teams for m in team.members]
    assert len(members) == len(set(members)) == 6
    assert [t.project.key if t.project else None for t in plan.teams] == ["kiln", None, None]


def test_not_enough_attendees_gives_fewer_teams_and_a_reason() -> None:
    plan = suggest_teams(summit().build(), "summit", size=4, count=3)
    assert len(plan.teams) == 2
    assert plan.reason == "only 6 attendees: enough for 2 of 3 teams"


def test_attendees_who_opted_out_are_not_placed() -> None:
    tiny = summit()
    tiny.person("bo", discoverable=False)
    plan = suggest_teams(tiny.build(), "summit", size=3, count=2)
    assert "bo" not in {m.key for team in plan.teams for m in team.members}


def test_a_gathering_with_no_attendees_has_a_reason() -> None:
    tiny = Tiny()
    tiny.node(Label.GATHERING, "empty")
    plan = suggest_teams(tiny.build(), "empty")
    assert plan.teams == ()
    assert plan.reason == "the gathering has no registered attendees who can be suggested"


def test_bad_sizes_and_unknown_gatherings_are_errors() -> None:
    network = summit().build()
    with pytest.raises(InvalidInput):
        suggest_teams(network, "summit", size=1)
    with pytest.raises(InvalidInput):
        suggest_teams(network, "summit", count=0)
    with pytest.raises(NotFound):
        suggest_teams(network, "nowhere")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 9), st.sampled_from(["ml", "ux", "qa"])), max_size=20),
    st.sets(st.integers(0, 9), max_size=3),
    st.integers(2, 4),
    st.integers(1, 4),
)
def test_teams_are_disjoint_attendees_and_cover_only_held_skills(
    skills: list[tuple[int, str]], hidden: set[int], size: int, count: int
) -> None:
    # given ten attendees with random skills, some opted out, two projects with needs
    tiny = Tiny()
    for n in range(10):
        tiny.attend(f"n{n}", "g")
    for n, topic in skills:
        tiny.skilled(f"n{n}", topic)
    for n in hidden:
        tiny.person(f"n{n}", discoverable=False)
    tiny.works_at("p1", "g")
    tiny.needs("p1", "ml")
    tiny.works_at("p2", "g")
    tiny.needs("p2", "ux")
    tiny.needs("p2", "qa")
    network = tiny.build()
    # when teams are formed
    plan = suggest_teams(network, "g", size=size, count=count)
    # then nobody is in two teams, nobody hidden is placed, and covered skills are held
    placed = [m.key for team in plan.teams for m in team.members]
    assert len(placed) == len(set(placed))
    assert not {f"n{n}" for n in hidden} & set(placed)
    for team in plan.teams:
        assert 1 <= len(team.members) <= size
        held = {t for m in team.members for t in network.linked(f"Person:{m.key}", "skills")}
        assert {f"Topic:{t.key}" for t in team.covered} <= held
