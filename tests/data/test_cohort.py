"""The 2018 Winter Cohort matches what the announcement counts and lists."""

from __future__ import annotations

import re

import pytest

from data import SOURCES_DIR
from graph.model import Label, NodeRef, RelType
from tests.data.conftest import COHORT, UNIVERSITY_OF_MICHIGAN, Demo

ANNOUNCEMENT = SOURCES_DIR / "001_acbdfb6284522b69.txt"
STUDY_GROUPS = {
    NodeRef(Label.STUDY_GROUP, key)
    for key in (
        "winter-2018-participants",
        "winter-2018-practice-leaders",
        "winter-2018-faculty",
        "winter-2018-researchers-designers",
    )
}


def listed_places(lead: str) -> list[str]:
    """The places the announcement lists after ``lead`` ("A, B, and C.")."""
    text = " ".join(ANNOUNCEMENT.read_text(encoding="utf-8").split())
    match = re.search(re.escape(lead) + r" (.+?)\.", text)
    assert match, lead
    return [p.strip() for p in re.split(r",\s*(?:and\s+)?", match.group(1))]


def cohort_members(demo: Demo) -> list[NodeRef]:
    return [rel.start for rel in demo.incoming(COHORT, RelType.MEMBER_OF)]


def is_from_um(demo: Demo, person: NodeRef) -> bool:
    return any(
        demo.within(rel.end, UNIVERSITY_OF_MICHIGAN)
        for rel in demo.outgoing(person, RelType.AFFILIATED_WITH)
    ) or any(
        demo.within(org.start, UNIVERSITY_OF_MICHIGAN)
        for rel in demo.outgoing(person, RelType.ENROLLED_IN)
        for org in demo.incoming(rel.end, RelType.LEADS)
    )


def test_the_announcement_lists_sixteen_states_and_seventeen_countries() -> None:
    # given the announcement's two lists
    states = listed_places("Our US-based learners are joining us from")
    countries = listed_places("Our international collaborators are joining us from")
    # then they are read whole
    assert len(states) == 16 and states[0] == "California" and states[-1] == "Washington"
    assert len(countries) == 17 and countries[0] == "Afghanistan" and countries[-1] == "Uruguay"


def test_the_cohort_has_103_collaborators_as_declared(demo: Demo) -> None:
    # given the cohort and its members
    members = demo.incoming(COHORT, RelType.MEMBER_OF)
    # then there are exactly as many as declared, all collaborators
    assert demo.nodes[COHORT].props["declared_size"] == 103
    assert len(members) == 103
    assert {rel.props["role"] for rel in members} == {"collaborator"}


def test_23_members_come_from_the_university_of_michigan(demo: Demo) -> None:
    # given the cohort members
    members = cohort_members(demo)
    # then 23 are affiliated with the University of Michigan or one of its parts
    assert sum(1 for person in members if is_from_um(demo, person)) == 23


def test_the_other_80_come_from_the_listed_states_and_countries_and_each_appears(
    demo: Demo,
) -> None:
    # given the members not from the University of Michigan and the announcement's lists
    others = [p for p in cohort_members(demo) if not is_from_um(demo, p)]
    states = set(listed_places("Our US-based learners are joining us from"))
    countries = set(listed_places("Our international collaborators are joining us from"))
    # then each is from a listed place, and every listed place is someone's
    places = set()
    for person in others:
        props = demo.nodes[person].props
        place = props.get("region") if props["country"] == "United States" else props["country"]
        places.add(place)
    assert len(others) == 80
    assert places <= states | countries
    assert places == states | countries


@pytest.mark.parametrize(
    ("roles", "what"),
    [
        ({"student"}, "students"),
        ({"faculty"}, "professors"),
        ({"educator"}, "teachers"),
        ({"system_leader", "district_leader"}, "system-level leaders"),
        ({"developer"}, "developers"),
    ],
)
def test_the_cohort_ranges_over_the_announced_roles(demo: Demo, roles: set[str], what: str) -> None:
    # given the cohort members' roles
    members = cohort_members(demo)
    # then some members are among the announced kinds
    assert any(roles & set(demo.nodes[p].props["roles"]) for p in members), what


def test_every_member_is_in_exactly_one_of_the_four_study_groups(demo: Demo) -> None:
    # given each cohort member's study groups
    members = cohort_members(demo)
    groups = {
        p: [r.end for r in demo.outgoing(p, RelType.MEMBER_OF) if r.end.label is Label.STUDY_GROUP]
        for p in members
    }
    # then each member is in one group, and the groups are the cohort's four, each sizeable
    assert all(len(g) == 1 for g in groups.values())
    sizes = {group: sum(1 for g in groups.values() if g == [group]) for group in STUDY_GROUPS}
    assert all(10 <= size <= 45 for size in sizes.values()), sizes
    assert {r.start for r in demo.incoming(COHORT, RelType.PART_OF)} == STUDY_GROUPS


def test_members_have_interests_and_skills(demo: Demo) -> None:
    # given the cohort members
    members = cohort_members(demo)
    # then each is interested in at least two topics and skilled in at least one
    assert all(len(demo.outgoing(p, RelType.INTERESTED_IN)) >= 2 for p in members)
    assert all(demo.outgoing(p, RelType.SKILLED_IN) for p in members)


def test_some_cohort_members_also_attend_iie_gatherings(demo: Demo) -> None:
    # given the cohort members' attendance
    bridging = [
        p
        for p in cohort_members(demo)
        if any(
            demo.nodes[r.end].props["kind"] == "gathering"
            for r in demo.outgoing(p, RelType.ATTENDED)
        )
    ]
    # then some bridge the cohort and the gatherings, from both inside and outside U-M
    assert len(bridging) >= 5
    assert any(is_from_um(demo, p) for p in bridging)
    assert any(not is_from_um(demo, p) for p in bridging)
