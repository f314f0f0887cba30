"""Reading the network: lookups, relationship fields with their edge properties,
filters, ordering, paging and search, on both stores."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from graph.model import Label, NodeRef, RelType
from graph.store import GraphStore
from schema.node import global_id
from tests.schema.support import ANONYMOUS, errors_of, load, node, person, rel, run

pytestmark = pytest.mark.anyio

TEAMS_AND_TEAMMATES = """
{ person(key: "donald-peurach") {
    name roles country
    projects { totalCount edges { role since node { key name stage started
      members { edges { role node { key } } } } } }
    organizations { edges { title since until node { key kind sectors } } }
    gatherings { edges { mode credits role node { key kind starts } } }
} }
"""
GATHERING_ATTENDANCE = """
{ gathering(key: "summit-2019") {
    name publicDay
    attendees { totalCount edges { mode credits role node { key } } }
    projects { nodes { key } }
    hosts { nodes { key } }
    partners { edges { role node { key } } }
    topics { nodes { key } }
    cohorts { nodes { key } }
} }
"""
CLUSTER_BY_SECTOR = """
{ cluster(key: "lea-cluster") {
    members { edges { sector since node { key } } }
    convenings { nodes { key } }
    leads { nodes { key } }
    supporters { edges { kind node { key } } }
} }
"""
PROGRAM_AND_COHORTS = """
{ program(key: "micromasters") {
    cohorts { nodes { key declaredSize starts
      program { key }
      members { edges { role node { key } } }
      studyGroups { nodes { key cohort { key } members { nodes { key } } } } } }
    supporters { edges { kind node { key } } }
    students { edges { track node { key } } }
} }
"""
ORGANIZATION_PARTS = """
{ organization(key: "umich") {
    kind sectors
    parts { nodes { key partOf { nodes { key } } } }
    people { edges { title node { key } } }
    clusters { edges { sector node { key } } }
    supportedPrograms { edges { kind node { key } } }
    hostedGatherings { nodes { key } }
} }
"""
TOPIC = """
{ topic(key: "improvement") {
    projects { nodes { key } }
    interestedPeople { nodes { key } }
    skilledPeople { edges { level node { key } } }
} }
"""
PEOPLE = """
query People($filter: PersonFilter, $order: PersonOrder, $first: Int, $after: String,
             $last: Int, $before: String) {
  people(filter: $filter, orderBy: $order, first: $first, after: $after, last: $last,
         before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { key } }
  }
}
"""
PROJECTS = """
query Projects($filter: ProjectFilter, $order: ProjectOrder) {
  projects(filter: $filter, orderBy: $order) { totalCount nodes { key } }
}
"""
GATHERINGS = """
query Gatherings($filter: GatheringFilter, $order: GatheringOrder) {
  gatherings(filter: $filter, orderBy: $order) { totalCount nodes { key } }
}
"""
ORGANIZATIONS = """
query Organizations($filter: OrganizationFilter, $order: OrganizationOrder) {
  organizations(filter: $filter, orderBy: $order) { totalCount nodes { key } }
}
"""
CLUSTERS = """
query Clusters($filter: ClusterFilter) { clusters(filter: $filter) { totalCount nodes { key } } }
"""
PROGRAMS_AND_TOPICS = "{ programs { nodes { key } } topics { nodes { key } } }"
SEARCH = """
query Search($text: String!, $labels: [NodeLabel!]) {
  search(text: $text, labels: $labels) { score node { __typename key name } }
}
"""
LOOKUPS = """
query Lookups($id: ID!) {
  node(id: $id) { id ... on Project { key } }
  organization(key: "umich") { id key }
  project(key: "nowhere") { key }
  studyGroup(key: "sg-equity") { key }
}
"""


@pytest.fixture
def network(store: GraphStore) -> GraphStore:
    """A small network shaped like the demo: a cluster, a summit, a program."""
    donald = person(
        "donald-peurach", "Donald Peurach", roles=["researcher", "faculty"], country="US"
    )
    ada = person("ada-byron", "Ada Byron", roles=["developer"], country="UK")
    grace = person("grace-hopper", "Grace Hopper", roles=["educator", "researcher"], country="US")
    umich = node(
        Label.ORGANIZATION,
        "umich",
        name="University of Michigan",
        kind="university",
        sectors=["education", "research"],
        country="US",
    )
    soe = node(Label.ORGANIZATION, "umich-soe", name="School of Education", kind="university")
    acme = node(
        Label.ORGANIZATION,
        "acme",
        name="Acme Learning",
        kind="company",
        sectors=["commercial"],
        country="UK",
    )
    engine = node(
        Label.PROJECT,
        "engine",
        name="Improvement Engine",
        stage="pilot",
        started="2018-09-01",
        summary="Networked improvement for schools",
    )
    atlas = node(Label.PROJECT, "atlas", name="Atlas", stage="idea", started="2019-03-01")
    summit = node(
        Label.GATHERING,
        "summit-2019",
        name="Learning Summit",
        kind="convening",
        starts="2019-06-24",
        ends="2019-06-26",
        public_day="2019-06-26",
    )
    kickoff = node(
        Label.GATHERING,
        "kickoff",
        name="Cohort Kickoff",
        kind="cohort_kickoff",
        starts="2020-01-10",
    )
    cluster = node(Label.CLUSTER, "lea-cluster", name="LEA Cluster", country="US")
    program = node(Label.PROGRAM, "micromasters", name="Leading Educational Innovation")
    cohort = node(
        Label.COHORT, "cohort-1", name="Cohort One", declared_size=40, starts="2020-01-10"
    )
    group = node(Label.STUDY_GROUP, "sg-equity", name="Equity Perspective")
    topic = node(Label.TOPIC, "improvement", name="Improvement Science")
    rels = [
        rel(RelType.MEMBER_OF, donald, engine, role="lead", since="2018-09-01"),
        rel(RelType.MEMBER_OF, ada, engine, role="developer"),
        rel(RelType.MEMBER_OF, grace, atlas, role="lead"),
        rel(RelType.AFFILIATED_WITH, donald, umich, title="Professor", since="2010-01-01"),
        rel(RelType.AFFILIATED_WITH, ada, acme, title="Engineer", until="2021-12-31"),
        rel(RelType.AFFILIATED_WITH, grace, umich),
        rel(RelType.ATTENDED, donald, summit, mode="reflection", credits=1, role="speaker"),
        rel(RelType.ATTENDED, ada, summit, mode="joined_team", credits=3),
        rel(RelType.ATTENDED, grace, summit),
        rel(RelType.WORKED_ON_AT, engine, summit),
        rel(RelType.HOSTED, umich, summit),
        rel(RelType.PARTNERED_IN, acme, summit, role="sponsor"),
        rel(RelType.ABOUT, summit, topic),
        rel(RelType.ABOUT, engine, topic),
        rel(RelType.PART_OF, soe, umich),
        rel(RelType.IN_CLUSTER, umich, cluster, sector="research", since="2017-01-01"),
        rel(RelType.IN_CLUSTER, acme, cluster, sector="commercial"),
        rel(RelType.CONVENED_AT, cluster, summit),
        rel(RelType.LEADS, umich, cluster),
        rel(RelType.SUPPORTS, acme, cluster, kind="funder"),
        rel(RelType.SUPPORTS, umich, program, kind="developer"),
        rel(RelType.PART_OF, cohort, program),
        rel(RelType.PART_OF, group, cohort),
        rel(RelType.MEMBER_OF, grace, cohort, role="learner"),
        rel(RelType.MEMBER_OF, grace, group),
        rel(RelType.ENROLLED_IN, grace, program, track="leadership"),
        rel(RelType.CONVENED_AT, cohort, kickoff),
        rel(RelType.INTERESTED_IN, ada, topic),
        rel(RelType.SKILLED_IN, donald, topic, level=5),
    ]
    load(
        store,
        [
            donald,
            ada,
            grace,
            umich,
            soe,
            acme,
            engine,
            atlas,
            summit,
            kickoff,
            cluster,
            program,
            cohort,
            group,
            topic,
        ],
        rels,
    )
    return store


async def _data(
    schema: strawberry.Schema, store: GraphStore, document: str, **variables: Any
) -> Any:
    result = await run(schema, store, document, ANONYMOUS, variables)
    assert result.errors is None, errors_of(result)
    return result.data


async def test_a_persons_teams_affiliations_and_gatherings(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given Donald, on a team, at a university and at a summit
    # when his teams (with teammates), affiliations and attendance are read
    data = await _data(schema, network, TEAMS_AND_TEAMMATES)
    donald = data["person"]
    # then every edge carries its relationship's properties, typed
    assert donald["roles"] == ["RESEARCHER", "FACULTY"]
    [team] = donald["projects"]["edges"]
    assert (team["role"], team["since"]) == ("lead", "2018-09-01")
    assert team["node"]["stage"] == "PILOT" and team["node"]["started"] == "2018-09-01"
    assert [(e["node"]["key"], e["role"]) for e in team["node"]["members"]["edges"]] == [
        ("ada-byron", "developer"),
        ("donald-peurach", "lead"),
    ]
    [job] = donald["organizations"]["edges"]
    assert (job["title"], job["since"], job["until"]) == ("Professor", "2010-01-01", None)
    assert job["node"]["sectors"] == ["EDUCATION", "RESEARCH"]
    [summit] = donald["gatherings"]["edges"]
    assert (summit["mode"], summit["credits"], summit["role"]) == ("REFLECTION", 1, "speaker")
    assert summit["node"]["kind"] == "CONVENING"


async def test_who_attended_a_gathering_and_for_how_many_credits(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given a summit with three attendees in different modes
    # when its attendees and other relations are read
    gathering = (await _data(schema, network, GATHERING_ATTENDANCE))["gathering"]
    # then each attendee's mode and credits are on the edge (plain attendance by default)
    assert gathering["publicDay"] == "2019-06-26"
    assert [
        (e["node"]["key"], e["mode"], e["credits"]) for e in gathering["attendees"]["edges"]
    ] == [
        ("ada-byron", "JOINED_TEAM", 3),
        ("donald-peurach", "REFLECTION", 1),
        ("grace-hopper", "ATTENDEE", None),
    ]
    assert gathering["projects"]["nodes"] == [{"key": "engine"}]
    assert gathering["hosts"]["nodes"] == [{"key": "umich"}]
    assert gathering["partners"]["edges"] == [{"role": "sponsor", "node": {"key": "acme"}}]
    assert gathering["topics"]["nodes"] == [{"key": "improvement"}]
    assert gathering["cohorts"]["nodes"] == []


async def test_the_members_of_a_cluster_by_sector(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given a cluster with a research and a commercial member
    # when its members, convenings, leads and supporters are read
    cluster = (await _data(schema, network, CLUSTER_BY_SECTOR))["cluster"]
    # then each member's sector is on its edge
    assert [(e["node"]["key"], e["sector"], e["since"]) for e in cluster["members"]["edges"]] == [
        ("acme", "COMMERCIAL", None),
        ("umich", "RESEARCH", "2017-01-01"),
    ]
    assert cluster["convenings"]["nodes"] == [{"key": "summit-2019"}]
    assert cluster["leads"]["nodes"] == [{"key": "umich"}]
    assert cluster["supporters"]["edges"] == [{"kind": "FUNDER", "node": {"key": "acme"}}]


async def test_a_program_its_cohorts_and_study_groups(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given a program with a cohort, a study group and a student
    # when they are read from the program down
    program = (await _data(schema, network, PROGRAM_AND_COHORTS))["program"]
    # then each level links to the next and back
    [cohort] = program["cohorts"]["nodes"]
    assert (cohort["key"], cohort["declaredSize"], cohort["starts"]) == (
        "cohort-1",
        40,
        "2020-01-10",
    )
    assert cohort["program"] == {"key": "micromasters"}
    assert cohort["members"]["edges"] == [{"role": "learner", "node": {"key": "grace-hopper"}}]
    assert cohort["studyGroups"]["nodes"] == [
        {
            "key": "sg-equity",
            "cohort": {"key": "cohort-1"},
            "members": {"nodes": [{"key": "grace-hopper"}]},
        }
    ]
    assert program["supporters"]["edges"] == [{"kind": "DEVELOPER", "node": {"key": "umich"}}]
    assert program["students"]["edges"] == [
        {"track": "leadership", "node": {"key": "grace-hopper"}}
    ]


async def test_an_organization_its_parts_and_memberships(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given a university with a school, people, a cluster and a program it supports
    # when they are read
    org = (await _data(schema, network, ORGANIZATION_PARTS))["organization"]
    # then parts lead back to the whole, and edges carry their properties
    assert org["kind"] == "UNIVERSITY"
    assert org["parts"]["nodes"] == [{"key": "umich-soe", "partOf": {"nodes": [{"key": "umich"}]}}]
    assert [(e["node"]["key"], e["title"]) for e in org["people"]["edges"]] == [
        ("donald-peurach", "Professor"),
        ("grace-hopper", None),
    ]
    assert org["clusters"]["edges"] == [{"sector": "RESEARCH", "node": {"key": "lea-cluster"}}]
    assert org["supportedPrograms"]["edges"] == [
        {"kind": "DEVELOPER", "node": {"key": "micromasters"}}
    ]
    assert org["hostedGatherings"]["nodes"] == [{"key": "summit-2019"}]


async def test_a_topic_and_who_relates_to_it(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given a topic with a project, an interested person and a skilled one
    topic = (await _data(schema, network, TOPIC))["topic"]
    # then each reverse relation finds them
    assert topic["projects"]["nodes"] == [{"key": "engine"}]
    assert topic["interestedPeople"]["nodes"] == [{"key": "ada-byron"}]
    assert topic["skilledPeople"]["edges"] == [{"level": 5, "node": {"key": "donald-peurach"}}]


def _keys(connection: dict[str, Any]) -> list[str]:
    if "edges" in connection:
        return [edge["node"]["key"] for edge in connection["edges"]]
    return [n["key"] for n in connection["nodes"]]


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"role": "RESEARCHER"}, ["donald-peurach", "grace-hopper"]),
        ({"role": "RESEARCHER", "country": "US"}, ["donald-peurach", "grace-hopper"]),
        ({"country": "US", "organization": "umich", "project": "atlas"}, ["grace-hopper"]),
        ({"gathering": "summit-2019", "role": "DEVELOPER"}, ["ada-byron"]),
        ({"topic": "improvement"}, ["ada-byron"]),
        ({"skill": "improvement", "country": "UK"}, []),
    ],
)
async def test_people_filters_combine(
    schema: strawberry.Schema, network: GraphStore, filter_: dict[str, Any], expected: list[str]
) -> None:
    # given three people
    # when they are filtered
    people = (await _data(schema, network, PEOPLE, filter=filter_))["people"]
    # then only those matching every filter are listed and counted
    assert _keys(people) == expected
    assert people["totalCount"] == len(expected)


@pytest.mark.parametrize(
    ("document", "variables", "expected"),
    [
        (PROJECTS, {"filter": {"stage": "PILOT"}}, ["engine"]),
        (PROJECTS, {"filter": {"started": {"from": "2019-01-01"}}}, ["atlas"]),
        (PROJECTS, {"filter": {"topic": "improvement", "gathering": "summit-2019"}}, ["engine"]),
        (PROJECTS, {"order": {"field": "STARTED", "direction": "DESC"}}, ["atlas", "engine"]),
        (
            GATHERINGS,
            {"filter": {"starts": {"from": "2019-06-01", "to": "2019-06-30"}}},
            ["summit-2019"],
        ),
        (GATHERINGS, {"filter": {"kind": "COHORT_KICKOFF"}}, ["kickoff"]),
        (GATHERINGS, {"filter": {"host": "umich", "topic": "improvement"}}, ["summit-2019"]),
        (
            GATHERINGS,
            {"order": {"field": "STARTS", "direction": "DESC"}},
            ["kickoff", "summit-2019"],
        ),
        (ORGANIZATIONS, {"filter": {"sector": "RESEARCH", "kind": "UNIVERSITY"}}, ["umich"]),
        (ORGANIZATIONS, {"filter": {"cluster": "lea-cluster", "country": "UK"}}, ["acme"]),
        (ORGANIZATIONS, {"filter": {"partOf": "umich"}}, ["umich-soe"]),
        (
            ORGANIZATIONS,
            {"order": {"field": "KEY", "direction": "DESC"}},
            ["umich-soe", "umich", "acme"],
        ),
        (CLUSTERS, {"filter": {"organization": "acme", "country": "US"}}, ["lea-cluster"]),
        (CLUSTERS, {"filter": {"topic": "improvement"}}, []),
    ],
)
async def test_root_connections_filter_and_order(
    schema: strawberry.Schema,
    network: GraphStore,
    document: str,
    variables: dict[str, Any],
    expected: list[str],
) -> None:
    # given the network
    # when a root connection is filtered or ordered
    data = await _data(schema, network, document, **variables)
    [connection] = data.values()
    # then it lists exactly the matches, in order, and counts them
    assert _keys(connection) == expected
    assert connection["totalCount"] == len(expected)


async def test_people_are_ordered_by_name_unless_told(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given three people
    # when they are listed without and with an order
    by_name = await _data(schema, network, PEOPLE)
    by_key_desc = await _data(schema, network, PEOPLE, order={"field": "KEY", "direction": "DESC"})
    # then the default is by name, and the order given is followed
    assert _keys(by_name["people"]) == ["ada-byron", "donald-peurach", "grace-hopper"]
    assert _keys(by_key_desc["people"]) == ["grace-hopper", "donald-peurach", "ada-byron"]


async def test_paging_forwards_and_backwards_visits_everyone_once(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given three people, paged one at a time
    forwards: list[str] = []
    after = None
    while True:
        page = (await _data(schema, network, PEOPLE, first=1, after=after))["people"]
        forwards += _keys(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    backwards: list[str] = []
    before = None
    while True:
        page = (await _data(schema, network, PEOPLE, last=2, before=before))["people"]
        backwards = _keys(page) + backwards
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    # when the pages are put together
    # then both directions visit everyone exactly once, in the same order
    assert forwards == backwards == ["ada-byron", "donald-peurach", "grace-hopper"]


async def test_zero_first_gives_only_the_count(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given three people
    # when no items are asked for
    people = (await _data(schema, network, PEOPLE, first=0))["people"]
    # then the count comes alone
    assert people["totalCount"] == 3
    assert people["edges"] == []
    assert people["pageInfo"]["startCursor"] is None


async def test_programs_and_topics_are_listed(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # when programs and topics are listed
    data = await _data(schema, network, PROGRAMS_AND_TOPICS)
    # then they are there
    assert data == {
        "programs": {"nodes": [{"key": "micromasters"}]},
        "topics": {"nodes": [{"key": "improvement"}]},
    }


@pytest.mark.parametrize(
    ("text", "labels", "expected"),
    [
        ("peur", None, [("Person", "donald-peurach")]),
        ("donald peurach", None, [("Person", "donald-peurach")]),
        ("improvement", ["PROJECT", "TOPIC"], [("Project", "engine"), ("Topic", "improvement")]),
        ("michigan", None, [("Organization", "umich")]),
        ('"donald" AND (zzz*) OR \\:', None, []),
    ],
)
async def test_search_finds_any_kind_of_node(
    schema: strawberry.Schema,
    network: GraphStore,
    text: str,
    labels: list[str] | None,
    expected: list[tuple[str, str]],
) -> None:
    # given the network
    # when its text is searched
    hits = (await _data(schema, network, SEARCH, text=text, labels=labels))["search"]
    # then the matching nodes come back as their own types
    assert sorted((h["node"]["__typename"], h["node"]["key"]) for h in hits) == expected


async def test_search_without_words_is_a_user_error(
    schema: strawberry.Schema, network: GraphStore
) -> None:
    # given a text with no words in it
    # when it is searched
    result = await run(schema, network, SEARCH, variables={"text": "  !! "})
    # then the client is told, naming the argument
    [error] = result.errors
    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "text"}


async def test_lookups_by_key_and_global_id(schema: strawberry.Schema, network: GraphStore) -> None:
    # given a project's global id
    project_id = global_id(NodeRef(Label.PROJECT, "engine"))
    # when nodes are looked up by id and by key
    data = await _data(schema, network, LOOKUPS, id=project_id)
    # then the id round-trips, and a missing key is null
    assert data["node"] == {"id": project_id, "key": "engine"}
    assert data["organization"] == {
        "id": global_id(NodeRef(Label.ORGANIZATION, "umich")),
        "key": "umich",
    }
    assert data["project"] is None
    assert data["studyGroup"] == {"key": "sg-equity"}
