"""The analytics fields on the demo network: explained suggestions, paths, teams,
communities, brokers, cluster bridges, statistics and ego networks, with privacy and
bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
import strawberry

from access.viewer import AccessRole, Viewer
from data import demo_files
from graph.embedded.store import EmbeddedStore
from graph.importer import load_files
from graph.live import LiveNetwork
from graph.model import Label, NodeRef, RelType
from graph.projection import person_id, project
from graph.store import GraphStore
from resolvers.context import make_context
from settings import Settings
from tests.schema.support import ADMIN, ANONYMOUS, READER, errors_of, load, node, person, rel, run

pytestmark = pytest.mark.anyio

SUGGESTED_COLLABORATORS = """
query ($key: String!, $first: Int!, $diversify: Float!) {
  person(key: $key) {
    suggestedCollaborators(first: $first, diversify: $diversify) {
      node { __typename key }
      score
      reasons { kind contribution evidence { __typename key } }
    }
  }
}
"""

SUGGESTED_PROJECTS = """
query ($key: String!) {
  person(key: $key) {
    suggestedProjects(first: 5) {
      node { __typename key } score reasons { kind contribution evidence { key } }
    }
  }
}
"""

SUGGESTED_MEMBERS = """
query ($key: String!) {
  project(key: $key) {
    suggestedMembers(first: 5) {
      node { __typename key } score reasons { kind contribution evidence { key } }
    }
  }
}
"""

CONNECTION_PATH = """
query ($from: String!, $to: String!, $maxLength: Int!) {
  connectionPath(from: $from, to: $to, maxLength: $maxLength) {
    code reason
    path {
      length
      people { key }
      steps { from { key } to { key } weight shared { relationship context { key } } }
    }
  }
}
"""

SUGGESTED_TEAMS = """
query ($key: String!, $size: Int!, $count: Int!) {
  gathering(key: $key) {
    suggestedTeams(size: $size, count: $count) {
      reason
      teams {
        project { key } members { key } covered { key } missing { key }
        organizations { key } sectors newTies pairs why
      }
    }
  }
}
"""

WHOLE_NETWORK = """
{
  communities(first: 100) { index size members { key } topics { node { key } count } }
  brokers(first: 100) { node { __typename key } betweenness constraint degree }
  networkStats { people discoverablePeople ties components nodes { name count } }
}
"""

CLUSTER_BRIDGES = """
query ($key: String!) {
  cluster(key: $key) {
    bridges(first: 10) {
      sectors { sector people organizations { key } }
      crossTies { sectors ties }
      introductions { people { key } sectors score reasons { kind contribution evidence { key } } }
    }
  }
}
"""

EGO_NETWORK = """
query ($key: String!) {
  person(key: $key) {
    egoNetwork(radius: 2, maxNodes: 60) {
      nodes { key name distance person { key } }
      edges { source target weight shared { key } }
      truncated
    }
  }
}
"""

PEOPLE_WITH_PROJECTS = ["donald-peurach", "hannah-grant", "emily-mitchell", "darnell-rivera"]
GATHERINGS = [
    "iie-gathering-2017-spring",
    "iie-gathering-2017-fall",
    "iie-gathering-2018-spring",
    "edclusters-2015-chicago",
]
# The values of the `Sector` enum, in the model's order.
SECTORS = ("EDUCATION", "RESEARCH", "COMMERCIAL")


def _records() -> Iterator[dict[str, Any]]:
    for path in demo_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


HIDDEN = frozenset(
    r["key"]
    for r in _records()
    if r.get("label") == "Person" and r.get("props", {}).get("discoverable") is False
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """The demo network in an embedded store, shared by the read-only tests here."""
    store = EmbeddedStore.open(tmp_path_factory.mktemp("analytics") / "data")
    report = load_files(store, demo_files())
    assert report.errors == []
    yield store
    store.close()


def person_keys(value: Any) -> set[str]:
    """Every ``key`` of a ``Person`` object anywhere in a result, plus every ``key``
    under ``people``, ``members``, ``from``, ``to`` and ``node`` (all people here)."""
    found: set[str] = set()
    if isinstance(value, dict):
        if "key" in value and value.get("__typename", "Person") == "Person":
            found.add(value["key"])
        for item in value.values():
            found |= person_keys(item)
    elif isinstance(value, list):
        for item in value:
            found |= person_keys(item)
    return found


def test_the_demo_network_has_people_who_opted_out() -> None:
    # given the demo data
    # then some people opted out (the privacy tests below are about them)
    assert len(HIDDEN) >= 3


async def test_collaborator_suggestions_have_existing_evidence_and_add_up(
    schema: strawberry.Schema, demo: GraphStore
) -> None:
    for key in PEOPLE_WITH_PROJECTS:
        # given a person of the demo network
        # when their collaborator suggestions are asked for
        result = await run(
            schema, demo, SUGGESTED_COLLABORATORS, READER, {"key": key, "first": 10, "diversify": 0}
        )
        # then there are some, of people, each with reasons whose evidence exists and
        # whose contributions add up to the score
        assert errors_of(result) == []
        suggestions = result.data["person"]["suggestedCollaborators"]
        assert suggestions, key
        for s in suggestions:
            assert s["node"]["__typename"] == "Person"
            assert s["node"]["key"] != key
            assert s["reasons"]
            assert sum(r["contribution"] for r in s["reasons"]) == pytest.approx(s["score"])
            for reason in s["reasons"]:
                assert reason["evidence"], reason
                refs = [NodeRef(Label(e["__typename"]), e["key"]) for e in reason["evidence"]]
                assert all(found is not None for found in demo.get_nodes(refs))


async def test_shared_topic_evidence_is_a_topic_of_both_people(
    schema: strawberry.Schema, demo: GraphStore
) -> None:
    network = project(demo)
    checked = 0
    for key in PEOPLE_WITH_PROJECTS:
        # given a person's suggestions
        result = await run(
            schema, demo, SUGGESTED_COLLABORATORS, READER, {"key": key, "first": 20, "diversify": 0}
        )
        # then every shared topic named is an interest or skill of both people
        for s in result.data["person"]["suggestedCollaborators"]:
            for reason in s["reasons"]:
                if reason["kind"] != "SHARED_TOPIC":
                    continue
                for topic in reason["evidence"]:
                    for who in (key, s["node"]["key"]):
                        data = network.data[person_id(who)]
                        mine = {*data.get("interests", ()), *data.get("skills", ())}
                        assert f"Topic:{topic['key']}" in mine
                        checked += 1
    assert checked > 0


async def test_diversify_keeps_the_scores_of_the_people_it_picks(
    schema: strawberry.Schema, demo: GraphStore
) -> None:
    # given one person's plain suggestions
    plain = await run(
        schema,
        demo,
        SUGGESTED_COLLABORATORS,
        READER,
        {"key": "emily-mitchell", "first": 30, "diversify": 0},
    )
    scores = {s["node"]["key"]: s["score"] for s in plain.data["person"]["suggestedCollaborators"]}
    # when they are diversified
    mixed = await run(
        schema,
        demo,
        SUGGESTED_COLLABORATORS,
        READER,
        {"key": "emily-mitchell", "first": 5, "diversify": 0.8},
    )
    # then each person picked keeps the score they had
    assert errors_of(mixed) == []
    for s in mixed.data["person"]["suggestedCollaborators"]:
        if s["node"]["key"] in scores:
            assert s["score"] == pytest.approx(scores[s["node"]["key"]])


async def test_project_and_member_matching_add_up(
    schema: strawberry.Schema, demo: GraphStore
) -> None:
    # given a person and a project of the demo network
    projects = await run(schema, demo, SUGGESTED_PROJECTS, READER, {"key": "hannah-grant"})
    members = await run(schema, demo, SUGGESTED_MEMBERS, READER, {"key": "classroom-water-sensors"})
    # then each suggestion is of the right type, explained, and adds up
    assert errors_of(projects) == [] and errors_of(members) == []
    project_list = projects.data["person"]["suggestedProjects"]
    member_list = members.data["project"]["suggestedMembers"]
    assert member_list
    for s in project_list:
        assert s["node"]["__typename"] == "Project"
    for s in member_list:
        assert s["node"]["__typename"] == "Person"
    for s in [*project_list, *member_list]:
        assert sum(r["contribution"] for r in s["reasons"]) == pytest.approx(s["score"])


async def test_connection_paths_are_never_longer_than_networkx_shortest_paths(
    schema: strawberry.Schema, demo: GraphStore
) -> None:
    # given the tie graph the API reads
    ties = project(demo).ties.to_networkx()
    visible = sorted(n.split(":", 1)[1] for n in ties)
    pairs = [(visible[i], visible[(i * 37 + 11) % len(visible)]) for i in range(0, len(visible), 9)]
    compared = 0
    for source, target in pairs:
        if source == target:
            continue
        # when the path between two people is asked for
        result = await run(
            schema, demo, CONNECTION_PATH, READER, {"from": source, "to": target, "maxLength": 6}
        )
        assert errors_of(result) == []
        answer = result.data["connectionPath"]
        try:
            shortest = nx.shortest_path_length(ties, person_id(source), person_id(target))
        except nx.NetworkXNoPath:
            shortest = None
        # then it has a path exactly when NetworkX finds one within the limit, never longer
        if shortest is None or shortest > 6:
            assert answer["path"] is None
            assert answer["code"] in {"NOT_CONNECTED", "TOO_FAR"}
            continue
        path = answer["path"]
        assert path is not None and answer["code"] is None
        assert path["length"] <= shortest
        people = [p["key"] for p in path["people"]]
        assert people[0] == source and people[-1] == target
        for step in path["steps"]:
            assert step["shared"]
            assert ties.has_edge(person_id(step["from"]["key"]), person_id(step["to"]["key"]))
        compared += 1
    assert compared > 5


async def test_suggested_teams_come_from_the_attendees_and_explain_themselves(
    schema: strawberry.Schema, demo: GraphStore
) -> None:
    network = project(demo)
    sectors_seen: set[str] = set()
    for key in GATHERINGS:
        # given a gathering of the demo network
        attendees = {p.split(":", 1)[1] for p in network.linked(f"Gathering:{key}", "members")}
        # when teams are proposed
        result = await run(
            schema, demo, SUGGESTED_TEAMS, READER, {"key": key, "size": 3, "count": 2}
        )
        # then they are made of distinct attendees, each team with why
        assert errors_of(result) == []
        plan = result.data["gathering"]["suggestedTeams"]
        members = [m["key"] for team in plan["teams"] for m in team["members"]]
        assert len(members) == len(set(members))
        assert set(members) <= attendees
        for team in plan["teams"]:
            assert team["why"]
            assert 0 <= team["newTies"] <= team["pairs"]
            assert set(team["sectors"]) <= set(SECTORS)
        sectors_seen.update(s for team in plan["teams"] for s in team["sectors"])
    # and the teams bring sectors, named by the `Sector` enum
    assert "EDUCATION" in sectors_seen


@pytest.mark.parametrize(
    "viewer", [ANONYMOUS, READER, Viewer(AccessRole.READER, "x", "hannah-grant")]
)
async def test_people_who_opted_out_appear_in_no_result(
    schema: strawberry.Schema, demo: GraphStore, viewer: Viewer
) -> None:
    # given a viewer who is none of the people who opted out
    seen: set[str] = set()
    # when they ask every analytics question on the demo network
    for key in PEOPLE_WITH_PROJECTS:
        for document, variables in (
            (SUGGESTED_COLLABORATORS, {"key": key, "first": 50, "diversify": 0.5}),
            (SUGGESTED_PROJECTS, {"key": key}),
            (EGO_NETWORK, {"key": key}),
        ):
            result = await run(schema, demo, document, viewer, variables)
            assert errors_of(result) == []
            seen |= person_keys(result.data)
    for hidden in sorted(HIDDEN):
        result = await run(
            schema,
            demo,
            CONNECTION_PATH,
            viewer,
            {"from": "emily-mitchell", "to": hidden, "maxLength": 6},
        )
        assert result.data["connectionPath"] is None
        assert {code for _, code in errors_of(result)} == {"NOT_FOUND"}
    for key in GATHERINGS:
        result = await run(
            schema, demo, SUGGESTED_TEAMS, viewer, {"key": key, "size": 4, "count": 5}
        )
        seen |= person_keys(result.data)
    result = await run(schema, demo, WHOLE_NETWORK, viewer)
    assert errors_of(result) == []
    seen |= person_keys(result.data["communities"]) | person_keys(result.data["brokers"])
    for cluster in ("chicago", "greater-pittsburgh", "new-york-city"):
        result = await run(schema, demo, CLUSTER_BRIDGES, viewer, {"key": cluster})
        assert errors_of(result) == []
        seen |= {
            p["key"]
            for i in result.data["cluster"]["bridges"]["introductions"]
            for p in i["people"]
        }
    # then nobody who opted out is in any answer
    assert seen
    assert seen & HIDDEN == set()


async def test_a_person_who_opted_out_may_ask_about_themselves_but_nobody_else_may(
    schema: strawberry.Schema, demo: GraphStore
) -> None:
    hidden = sorted(HIDDEN)[0]
    variables = {"from": hidden, "to": "emily-mitchell", "maxLength": 6}
    # when someone else asks for a path from a person who opted out
    other = await run(schema, demo, CONNECTION_PATH, READER, variables)
    # then the person does not exist for them
    assert other.data["connectionPath"] is None
    assert {code for _, code in errors_of(other)} == {"NOT_FOUND"}
    # when the person themselves (or an admin) asks
    for viewer in (Viewer(AccessRole.READER, "own", hidden), ADMIN):
        own = await run(schema, demo, CONNECTION_PATH, viewer, variables)
        # then they get an answer
        assert errors_of(own) == []
        assert own.data["connectionPath"] is not None
    # and their own suggestions and ego network answer for them alone
    mine = await run(
        schema,
        demo,
        SUGGESTED_COLLABORATORS,
        Viewer(AccessRole.READER, "own", hidden),
        {"key": hidden, "first": 5, "diversify": 0},
    )
    assert errors_of(mine) == []
    assert mine.data["person"]["suggestedCollaborators"] is not None
    theirs = await run(
        schema, demo, SUGGESTED_COLLABORATORS, READER, {"key": hidden, "first": 5, "diversify": 0}
    )
    assert theirs.data["person"] is None


async def test_whole_network_fields_answer_on_the_demo_network(
    schema: strawberry.Schema, demo: GraphStore
) -> None:
    # when communities, brokers and statistics are asked for
    result = await run(schema, demo, WHOLE_NETWORK, READER)
    # then they are consistent with each other and with the store
    assert errors_of(result) == []
    data = result.data
    stats = data["networkStats"]
    assert stats["people"] == demo.counts().nodes[Label.PERSON.value] - len(HIDDEN)
    assert stats["discoverablePeople"] == stats["people"]
    sizes = [c["size"] for c in data["communities"]]
    assert sizes == sorted(sizes, reverse=True)
    assert all(len(c["members"]) == c["size"] for c in data["communities"])
    assert sum(sizes) <= stats["discoverablePeople"]
    betweenness = [b["betweenness"] for b in data["brokers"]]
    assert betweenness and betweenness == sorted(betweenness, reverse=True)


async def test_network_statistics_count_hidden_people_for_admins_only(
    schema: strawberry.Schema, demo: GraphStore
) -> None:
    # when an anonymous client, a reader and an admin ask for the network's statistics
    document = "{ networkStats { people discoverablePeople nodes { name count } } }"
    answers = {
        name: (await run(schema, demo, document, viewer)).data["networkStats"]
        for name, viewer in (("anonymous", ANONYMOUS), ("reader", READER), ("admin", ADMIN))
    }
    # then only the admin's figures count the people who opted out
    total = demo.counts().nodes[Label.PERSON.value]
    for name in ("anonymous", "reader"):
        people = {n["name"]: n["count"] for n in answers[name]["nodes"]}["Person"]
        assert answers[name]["people"] == people == total - len(HIDDEN)
    admin_people = {n["name"]: n["count"] for n in answers["admin"]["nodes"]}["Person"]
    assert answers["admin"]["people"] == admin_people == total
    assert answers["admin"]["discoverablePeople"] == total - len(HIDDEN)


async def test_analytics_answers_say_which_data_version_they_were_computed_at(
    schema: strawberry.Schema, store: GraphStore
) -> None:
    # given a small network, then a write
    ada, bo = person("ada"), person("bo")
    loom = node(Label.PROJECT, "loom")
    load(store, [ada, bo, loom], [rel(RelType.MEMBER_OF, ada, loom)])
    load(store, [], [rel(RelType.MEMBER_OF, bo, loom)])
    # (and the network has caught up with the store: a busy machine may take longer
    # than a request waits, which answers COMPUTING, tested elsewhere)
    LiveNetwork.shared(store).fresh()
    # when statistics and a path are asked for
    document = """query { networkStats { version ties }
      connectionPath(from: "ada", to: "bo") { code } }"""
    result = await run(schema, store, document, READER)
    # then the statistics and the response's extensions name the store's version
    assert errors_of(result) == []
    version = store.data_version()
    assert result.data["networkStats"] == {"version": version, "ties": 1}
    assert result.extensions == {"network": {"version": version}}


async def test_a_request_lets_go_of_its_network_when_it_is_done(
    schema: strawberry.Schema, store: GraphStore
) -> None:
    # given a small network, built
    ada, bo = person("ada"), person("bo")
    loom = node(Label.PROJECT, "loom")
    load(
        store,
        [ada, bo, loom],
        [rel(RelType.MEMBER_OF, ada, loom), rel(RelType.MEMBER_OF, bo, loom)],
    )
    LiveNetwork.shared(store).fresh()
    # when a request asks for analytics
    context = make_context(store, READER, Settings())
    document = '{ connectionPath(from: "ada", to: "bo") { code } }'
    result = await schema.execute(document, context_value=context)
    # then it read one network and no longer holds it (cycles among a request's objects
    # would otherwise keep each old network alive until a full collection)
    assert errors_of(result) == [] and result.data is not None
    assert result.data["connectionPath"] is not None
    assert context.network_versions == {store.data_version()}
    assert context.network_snapshot is None


async def test_a_request_looks_at_the_store_version_once_however_many_analytics_fields(
    schema: strawberry.Schema,
) -> None:
    # given a network of twelve people in teams, asked about once (so it is built)
    from graph.embedded.store import EmbeddedStore
    from tests.schema.support import CountingStore, team_network

    counted = CountingStore(EmbeddedStore.in_memory())
    team_network(counted, 12)
    document = """{ people(first: 12) { edges { node {
      suggestedCollaborators(first: 3) { score } } } } }"""
    assert errors_of(await run(schema, counted, document, READER)) == []
    counted.reset()
    # when every person's suggestions are asked for in one request
    result = await run(schema, counted, document, READER)
    # then the store's version was read once, not once per person
    assert errors_of(result) == []
    assert len(result.data["people"]["edges"]) == 12
    assert counted.calls["data_version"] == 1


async def test_a_node_newer_than_the_network_is_coming_not_missing(
    schema: strawberry.Schema,
) -> None:
    # given a built network whose next rebuild is held, and a gathering written since
    import threading

    from graph.embedded.store import EmbeddedStore
    from graph.live import LiveNetwork
    from resolvers.context import make_context

    inner = EmbeddedStore.in_memory()
    gate = threading.Event()
    gate.set()

    class HeldStore:
        def iter_nodes(self, labels: Any = ()) -> Any:
            assert gate.wait(30)
            return inner.iter_nodes(labels)

        def __getattr__(self, name: str) -> Any:
            return getattr(inner, name)

    held: Any = HeldStore()
    live = LiveNetwork(held, max_delta=0)
    try:
        live.fresh()
        gate.clear()
        load(inner, [node(Label.GATHERING, "new-hall", kind="gathering")])
        # when teams are asked for at the new gathering
        context = make_context(held, READER, Settings(analytics_wait=0.05), live)
        result = await schema.execute(
            SUGGESTED_TEAMS,
            variable_values={"key": "new-hall", "size": 4, "count": 3},
            context_value=context,
        )
        # then the answer is "being computed, retry", not "does not exist"
        assert [code for _, code in errors_of(result)] == ["COMPUTING"]
        assert result.errors is not None and result.errors[0].extensions is not None
        assert result.errors[0].extensions["retryAfter"] >= 1
    finally:
        gate.set()
        live.close()


async def test_plain_queries_carry_no_network_version(
    schema: strawberry.Schema, store: GraphStore
) -> None:
    # given a store with one person
    load(store, [person("ada")])
    # when a query without analytics runs
    result = await run(schema, store, '{ person(key: "ada") { name } }', READER)
    # then its extensions say nothing about the network
    assert errors_of(result) == []
    assert not result.extensions


async def test_cluster_bridges_and_ego_network_answer(
    schema: strawberry.Schema, demo: GraphStore
) -> None:
    # when a cluster's bridges and a person's ego network are asked for
    bridges = await run(schema, demo, CLUSTER_BRIDGES, READER, {"key": "chicago"})
    ego = await run(schema, demo, EGO_NETWORK, READER, {"key": "emily-mitchell"})
    # then the cluster has its sectors and explained introductions across them
    assert errors_of(bridges) == [] and errors_of(ego) == []
    report = bridges.data["cluster"]["bridges"]
    assert [share["sector"] for share in report["sectors"]] == list(SECTORS)
    assert [tie["sectors"] for tie in report["crossTies"]] == [
        ["EDUCATION", "RESEARCH"],
        ["EDUCATION", "COMMERCIAL"],
        ["RESEARCH", "COMMERCIAL"],
    ]
    assert report["introductions"]
    for intro in report["introductions"]:
        assert len(intro["people"]) == 2 and intro["sectors"][0] != intro["sectors"][1]
        assert set(intro["sectors"]) <= set(SECTORS)
        assert sum(r["contribution"] for r in intro["reasons"]) == pytest.approx(intro["score"])
    # and the ego network's edges join its nodes, the centre first
    network = ego.data["person"]["egoNetwork"]
    keys = [n["key"] for n in network["nodes"]]
    assert keys[0] == "emily-mitchell" and network["nodes"][0]["distance"] == 0
    assert len(keys) <= 60
    assert all(e["source"] in keys and e["target"] in keys for e in network["edges"])


@pytest.mark.parametrize(
    ("document", "variables", "code"),
    [
        (
            CONNECTION_PATH,
            {"from": "nobody-at-all", "to": "emily-mitchell", "maxLength": 4},
            "NOT_FOUND",
        ),
        (
            CONNECTION_PATH,
            {"from": "emily-mitchell", "to": "nobody-at-all", "maxLength": 4},
            "NOT_FOUND",
        ),
        (
            CONNECTION_PATH,
            {"from": "emily-mitchell", "to": "hannah-grant", "maxLength": 9},
            "BAD_USER_INPUT",
        ),
        (
            CONNECTION_PATH,
            {"from": "emily-mitchell", "to": "hannah-grant", "maxLength": 0},
            "BAD_USER_INPUT",
        ),
        (
            SUGGESTED_COLLABORATORS,
            {"key": "emily-mitchell", "first": 0, "diversify": 0},
            "BAD_USER_INPUT",
        ),
        (
            SUGGESTED_COLLABORATORS,
            {"key": "emily-mitchell", "first": 101, "diversify": 0},
            "BAD_USER_INPUT",
        ),
        (
            SUGGESTED_COLLABORATORS,
            {"key": "emily-mitchell", "first": 5, "diversify": 1.5},
            "BAD_USER_INPUT",
        ),
        (
            SUGGESTED_TEAMS,
            {"key": "iie-gathering-2017-fall", "size": 1, "count": 2},
            "BAD_USER_INPUT",
        ),
        (
            SUGGESTED_TEAMS,
            {"key": "iie-gathering-2017-fall", "size": 3, "count": 500},
            "BAD_USER_INPUT",
        ),
    ],
)
async def test_bad_input_is_a_clear_error(
    schema: strawberry.Schema,
    demo: GraphStore,
    document: str,
    variables: dict[str, Any],
    code: str,
) -> None:
    # when a question is asked with bad input
    result = await run(schema, demo, document, READER, variables)
    # then the answer is an error with a client code, never an internal error
    codes = {c for _, c in errors_of(result)}
    assert codes == {code}


async def test_a_path_to_oneself_is_empty_with_a_reason(
    schema: strawberry.Schema, demo: GraphStore
) -> None:
    # when a person asks for a path to themselves
    result = await run(
        schema,
        demo,
        CONNECTION_PATH,
        READER,
        {"from": "emily-mitchell", "to": "emily-mitchell", "maxLength": 4},
    )
    # then there is no path, a code and a reason, and no error
    assert errors_of(result) == []
    answer = result.data["connectionPath"]
    assert answer["path"] is None and answer["code"] == "SAME_PERSON" and answer["reason"]


async def test_a_gathering_without_attendees_gets_no_teams_and_a_reason(
    schema: strawberry.Schema, store: GraphStore
) -> None:
    # given a gathering nobody registered for
    load(store, [node(Label.GATHERING, "empty-hall", kind="gathering")])
    # when teams are proposed for it
    result = await run(
        schema, store, SUGGESTED_TEAMS, READER, {"key": "empty-hall", "size": 4, "count": 3}
    )
    # then there are none, with a reason
    assert errors_of(result) == []
    plan = result.data["gathering"]["suggestedTeams"]
    assert plan["teams"] == [] and "attendees" in plan["reason"]


async def test_a_write_followed_by_a_query_sees_the_new_tie(
    schema: strawberry.Schema, store: GraphStore
) -> None:
    # given two people with nothing in common, asked about once (so the network is cached)
    ada, bo = person("ada"), person("bo")
    load(store, [ada, bo])
    variables = {"from": "ada", "to": "bo", "maxLength": 4}
    before = await run(schema, store, CONNECTION_PATH, READER, variables)
    assert before.data["connectionPath"]["code"] == "NOT_CONNECTED"
    # when they join the same project
    loom = node(Label.PROJECT, "loom")
    load(store, [loom], [rel(RelType.MEMBER_OF, ada, loom), rel(RelType.MEMBER_OF, bo, loom)])
    after = await run(schema, store, CONNECTION_PATH, READER, variables)
    # then the next query finds the tie through the project
    assert errors_of(after) == []
    path = after.data["connectionPath"]["path"]
    assert path["length"] == 1
    assert path["steps"][0]["shared"] == [{"relationship": "MEMBER_OF", "context": {"key": "loom"}}]


async def test_suggestions_on_each_store_have_existing_evidence(
    schema: strawberry.Schema, store: GraphStore
) -> None:
    # given the demo network in the store under test
    report = load_files(store, demo_files())
    assert report.errors == []
    # when a person's suggestions are asked for
    result = await run(
        schema,
        store,
        SUGGESTED_COLLABORATORS,
        READER,
        {"key": "emily-mitchell", "first": 10, "diversify": 0},
    )
    # then each evidence node exists in that store and contributions add up
    assert errors_of(result) == []
    suggestions = result.data["person"]["suggestedCollaborators"]
    assert suggestions
    for s in suggestions:
        assert sum(r["contribution"] for r in s["reasons"]) == pytest.approx(s["score"])
        refs = [
            NodeRef(Label(e["__typename"]), e["key"]) for r in s["reasons"] for e in r["evidence"]
        ]
        assert all(found is not None for found in store.get_nodes(refs))
        assert s["node"]["key"] not in HIDDEN


async def test_a_path_to_a_person_who_opted_out_is_found_for_them_and_admins_only(
    schema: strawberry.Schema, demo: GraphStore
) -> None:
    hidden = sorted(HIDDEN)[0]
    variables = {"from": "emily-mitchell", "to": hidden, "maxLength": 6}
    # when someone else asks for a path to a person who opted out
    other = await run(schema, demo, CONNECTION_PATH, READER, variables)
    # then the person does not exist for them
    assert other.data["connectionPath"] is None
    assert {code for _, code in errors_of(other)} == {"NOT_FOUND"}
    # when the person themselves (or an admin) asks for a path to them
    for viewer in (Viewer(AccessRole.READER, "own", hidden), ADMIN):
        own = await run(schema, demo, CONNECTION_PATH, viewer, variables)
        # then they get the same chain as from their own end, reversed
        assert errors_of(own) == []
        found = own.data["connectionPath"]
        assert found is not None and found["path"] is not None
        people = [p["key"] for p in found["path"]["people"]]
        assert (people[0], people[-1]) == ("emily-mitchell", hidden)
        back = await run(
            schema,
            demo,
            CONNECTION_PATH,
            viewer,
            {**variables, "from": hidden, "to": "emily-mitchell"},
        )
        assert back.data["connectionPath"]["path"]["length"] == found["path"]["length"]
