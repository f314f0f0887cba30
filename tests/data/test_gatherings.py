"""Gatherings, EDT 630 credits, the developer track and project teams follow the rules."""

from __future__ import annotations

import datetime as dt

from graph.model import ATTENDANCE_CREDITS, AttendanceMode, Label, NodeRef, RelType
from tests.data.conftest import Demo

ED_TECH_MA = NodeRef(Label.PROGRAM, "um-flint-ed-tech-ma")


def iie_gatherings(demo: Demo) -> list[NodeRef]:
    return [
        ref
        for ref in demo.nodes
        if ref.label is Label.GATHERING and demo.nodes[ref].props["kind"] == "gathering"
    ]


def test_iie_gatherings_last_four_days_with_a_public_day_and_one_is_abroad(demo: Demo) -> None:
    # given the iiE Gatherings
    gatherings = [demo.nodes[ref].props for ref in iie_gatherings(demo)]
    # then each spans four days including its public day, one is outside Michigan,
    # and the iiE hosts every one
    assert len(gatherings) >= 2
    for props in gatherings:
        starts, ends = dt.date.fromisoformat(props["starts"]), dt.date.fromisoformat(props["ends"])
        assert (ends - starts).days == 3
        assert starts <= dt.date.fromisoformat(props["public_day"]) <= ends
    assert any(props.get("region") == "Michigan" for props in gatherings)
    assert any(props.get("region") != "Michigan" for props in gatherings)
    iie = NodeRef(Label.ORGANIZATION, "iie")
    assert all(
        any(rel.start == iie for rel in demo.incoming(ref, RelType.HOSTED))
        for ref in iie_gatherings(demo)
    )


def test_credits_follow_the_edt_630_rules(demo: Demo) -> None:
    # given every attendance
    attendances = [rel for rel in demo.rels if rel.type is RelType.ATTENDED]
    # then reflection earns 1, team work or a proposed project 2-5, plain attendance none
    for rel in attendances:
        mode = AttendanceMode(rel.props["mode"])
        credits = rel.props.get("credits")
        if mode is AttendanceMode.ATTENDEE:
            assert credits is None, rel
        else:
            low, high = ATTENDANCE_CREDITS[mode]
            assert credits is not None and low <= credits <= high, rel
    modes = {rel.props["mode"] for rel in attendances}
    assert modes == {mode.value for mode in AttendanceMode}


def test_credits_are_earned_only_by_students_and_only_at_iie_gatherings(demo: Demo) -> None:
    # given every attendance that earned credit
    credited = [rel for rel in demo.rels if rel.type is RelType.ATTENDED and "credits" in rel.props]
    # then it was at an iiE Gathering, by a student (Ed Tech, lifelong learning or guest)
    assert credited
    assert {demo.nodes[rel.end].props["kind"] for rel in credited} == {"gathering"}
    assert all("student" in demo.nodes[rel.start].props["roles"] for rel in credited)


def test_developer_track_students_attend_at_least_two_gatherings_once_enrolled(
    demo: Demo,
) -> None:
    # given the developer-track students of the Ed Tech MA
    enrolments = [
        rel
        for rel in demo.incoming(ED_TECH_MA, RelType.ENROLLED_IN)
        if rel.props.get("track") == "developer"
    ]
    # then each attended two or more gatherings, none before enrolling
    assert len(enrolments) >= 5
    for rel in enrolments:
        attended = [demo.nodes[a.end].props for a in demo.outgoing(rel.start, RelType.ATTENDED)]
        assert len(attended) >= 2, rel.start
        assert all(props["starts"] >= rel.props["since"] for props in attended), rel.start


def test_gathering_teams_have_three_to_seven_members_and_one_lead(demo: Demo) -> None:
    # given the projects that worked at gatherings
    projects = {rel.start for rel in demo.rels if rel.type is RelType.WORKED_ON_AT}
    # then each team has 3-7 members, exactly one of them the lead
    assert len(projects) >= 8
    for project in projects:
        team = demo.incoming(project, RelType.MEMBER_OF)
        assert 3 <= len(team) <= 7, project
        assert [rel.props["role"] for rel in team].count("lead") == 1, project
        assert {rel.props["role"] for rel in team} <= {"lead", "member"}


def test_team_members_attend_where_their_project_works_in_a_matching_mode(demo: Demo) -> None:
    # given each project, where it worked, and its team
    for worked in (rel for rel in demo.rels if rel.type is RelType.WORKED_ON_AT):
        for member in demo.incoming(worked.start, RelType.MEMBER_OF):
            attended = {a.end: a for a in demo.outgoing(member.start, RelType.ATTENDED)}
            places = {w.end for w in demo.outgoing(worked.start, RelType.WORKED_ON_AT)}
            # then every member attended at least one gathering the project worked at
            assert places & set(attended), (member.start, worked.start)
            # and where they attended it, a credit-earning mode matches their part in it
            attendance = attended.get(worked.end)
            if attendance is None or attendance.props["mode"] == "attendee":
                continue
            expected = "proposed_project" if member.props["role"] == "lead" else "joined_team"
            if attendance.props["mode"] != expected:
                # someone who leads one team and joins another at the same gathering
                # earns credit for leading
                assert attendance.props["mode"] == "proposed_project", (member.start, worked.start)


def test_the_network_has_structure_beyond_single_teams(demo: Demo) -> None:
    # given team memberships and gathering attendance
    memberships = [
        rel for rel in demo.rels if rel.type is RelType.MEMBER_OF and rel.end.label is Label.PROJECT
    ]
    teams_per_person: dict[NodeRef, int] = {}
    for rel in memberships:
        teams_per_person[rel.start] = teams_per_person.get(rel.start, 0) + 1
    gatherings_per_person: dict[NodeRef, int] = {}
    for rel in demo.rels:
        if rel.type is RelType.ATTENDED:
            gatherings_per_person[rel.start] = gatherings_per_person.get(rel.start, 0) + 1
    # then teams overlap, people return, and some teams span sectors
    assert sum(1 for n in teams_per_person.values() if n >= 2) >= 5
    assert sum(1 for n in gatherings_per_person.values() if n >= 2) >= 20
    commercial_on_teams = {
        rel.start
        for rel in memberships
        for aff in demo.outgoing(rel.start, RelType.AFFILIATED_WITH)
        if "commercial" in demo.nodes[aff.end].props.get("sectors", [])
    }
    assert commercial_on_teams


def test_the_2015_convening_is_as_the_documents_describe(demo: Demo) -> None:
    # given the 2015 Education Innovation Clusters Convening
    convening = NodeRef(Label.GATHERING, "edclusters-2015-chicago")
    props = demo.nodes[convening].props
    hosts = {rel.start.key for rel in demo.incoming(convening, RelType.HOSTED)}
    partners = {
        rel.start.key: rel.props["role"] for rel in demo.incoming(convening, RelType.PARTNERED_IN)
    }
    clusters = {rel.start.key for rel in demo.incoming(convening, RelType.CONVENED_AT)}
    # then it ran Aug 11-12, 2015 in Chicago, organized by Digital Promise and the US
    # Department of Education, co-hosted by LEAP Innovations, with the clusters named there
    assert (props["starts"], props["ends"], props["city"]) == (
        "2015-08-11",
        "2015-08-12",
        "Chicago",
    )
    assert hosts == {"digital-promise", "us-department-of-education", "leap-innovations"}
    assert partners["leap-innovations"] == "co-host"
    assert clusters == {
        "chicago",
        "austin",
        "los-angeles",
        "baltimore",
        "new-york-city",
        "rural-kentucky",
    }


def test_cluster_members_bring_a_sector_and_cluster_people_attend_convenings(
    demo: Demo,
) -> None:
    # given the clusters' member organizations and their people
    chamber = demo.outgoing(
        NodeRef(Label.ORGANIZATION, "austin-chamber-of-commerce"), RelType.IN_CLUSTER
    )
    members = [rel for rel in demo.rels if rel.type is RelType.IN_CLUSTER]
    convening_people = {
        rel.start
        for rel in demo.rels
        if rel.type is RelType.ATTENDED and demo.nodes[rel.end].props["kind"] == "convening"
    }
    # then Austin's Chamber of Commerce is a commercial member, every cluster has members
    # of more than one sector, and people of member organizations went to the convenings
    assert [(rel.end.key, rel.props["sector"]) for rel in chamber] == [("austin", "commercial")]
    clusters = {ref for ref in demo.nodes if ref.label is Label.CLUSTER}
    for cluster in clusters:
        sectors = {rel.props["sector"] for rel in members if rel.end == cluster}
        assert len(sectors) >= 2, cluster
    member_orgs = {rel.start for rel in members}
    assert any(
        aff.end in member_orgs
        for person in convening_people
        for aff in demo.outgoing(person, RelType.AFFILIATED_WITH)
    )
    assert not demo.outgoing(NodeRef(Label.CLUSTER, "new-york-city"), RelType.LEADS)
    assert not demo.incoming(NodeRef(Label.CLUSTER, "new-york-city"), RelType.LEADS)


def test_the_scec_pilot_has_twelve_synthetic_schools(demo: Demo) -> None:
    # given the SCEC project's pilot educators and their schools
    scec = NodeRef(Label.PROJECT, "scec")
    schools = {
        aff.end
        for rel in demo.incoming(scec, RelType.MEMBER_OF)
        for aff in demo.outgoing(rel.start, RelType.AFFILIATED_WITH)
    }
    # then there are twelve schools, all invented and flagged so
    assert len(schools) == 12
    assert all(demo.nodes[s].props["kind"] == "school" for s in schools)
    assert all(demo.nodes[s].props["synthetic"] for s in schools)
