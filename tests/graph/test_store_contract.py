"""The store contract: every test runs against the embedded store and the real Neo4j."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.importer import ImportRefused, load_files
from graph.model import Direction, Label, Node, NodeRef, Relationship, RelRef, RelType
from graph.store import (
    AlreadyExists,
    Between,
    Change,
    Contains,
    Eq,
    GraphStore,
    Hop,
    InvalidInput,
    NodeQuery,
    NotFound,
    Related,
    WriteBatch,
)
from tests.conftest import neo4j_settings
from tests.stores import ConcreteStore

P, PR, ORG, T, G = Label.PERSON, Label.PROJECT, Label.ORGANIZATION, Label.TOPIC, Label.GATHERING


def person(key: str, name: str | None = None, **props: object) -> Node:
    return Node(P, key, {"name": name or key.title(), **props})


def project(key: str, **props: object) -> Node:
    return Node(PR, key, {"name": key.title(), **props})


def member(person_key: str, project_key: str, **props: object) -> Relationship:
    return Relationship(RelType.MEMBER_OF, NodeRef(P, person_key), NodeRef(PR, project_key), props)


def small_network(store: GraphStore) -> None:
    """ada, bob, cy (hidden) on project engine; bob on loom; ada works at um."""
    store.apply(small_network_batch())


def small_network_batch() -> WriteBatch:
    """The batch that writes :func:`small_network`."""
    batch = WriteBatch()
    batch.upsert_nodes(
        [
            person(
                "ada",
                "Ada Lovelace",
                roles=["researcher"],
                country="United Kingdom",
                headline="Analytical engines and poetry",
            ),
            person(
                "bob", "Bob Moses", roles=["educator", "district_leader"], country="United States"
            ),
            person(
                "cy", "Cy Twombly", roles=["educator"], country="United States", discoverable=False
            ),
            project("engine", stage="pilot", started="2018-01-08"),
            project(
                "loom",
                stage="idea",
                started="2016-12-08",
                summary="Weaving data into lessons for engine rooms",
            ),
            Node(
                ORG,
                "um",
                {
                    "name": "University of Michigan",
                    "kind": "university",
                    "sectors": ["education", "research"],
                },
            ),
        ]
    )
    batch.upsert_relationships(
        [
            member("ada", "engine", role="lead", since="2018-01-08"),
            member("bob", "engine", role="member"),
            member("cy", "engine", role="member"),
            member("bob", "loom", role="lead"),
            Relationship(
                RelType.AFFILIATED_WITH,
                NodeRef(P, "ada"),
                NodeRef(ORG, "um"),
                {"title": "Professor"},
            ),
        ]
    )
    return batch


# ------------------------------------------------------------------------- writes


def test_upsert_then_get_returns_the_nodes_in_request_order_with_none_for_missing(
    store: GraphStore,
) -> None:
    # given
    small_network(store)
    # when
    found = store.get_nodes([NodeRef(PR, "loom"), NodeRef(P, "nobody"), NodeRef(P, "ada")])
    # then
    assert [n.key if n else None for n in found] == ["loom", None, "ada"]
    ada = found[2]
    assert ada is not None
    assert ada.props["name"] == "Ada Lovelace"
    assert ada.props["roles"] == ["researcher"]
    assert ada.get("discoverable") is True


def test_keys_are_unique_per_label_not_across_labels(store: ConcreteStore) -> None:
    # given a person and a project sharing a key
    store.upsert_nodes([person("same"), project("same")])
    # then both exist separately
    assert store.counts().nodes == {"Person": 1, "Project": 1}


def test_upsert_merges_properties_and_keeps_the_rest(store: ConcreteStore) -> None:
    # given
    store.upsert_nodes([person("ada", "Ada", country="United Kingdom", city="London")])
    # when
    store.upsert_nodes([person("ada", "Ada Lovelace", city="Cambridge")])
    # then
    ada = store.get_node(NodeRef(P, "ada"))
    assert ada.props["name"] == "Ada Lovelace"
    assert ada.props["city"] == "Cambridge"
    assert ada.props["country"] == "United Kingdom"


def test_upsert_never_resets_an_opt_out_it_does_not_mention(store: ConcreteStore) -> None:
    # given a person who opted out of discovery and export
    store.upsert_nodes([person("ada", "Ada", discoverable=False, exportable=False)])
    # when the same person is upserted again without the flags (a second seed, an import)
    store.upsert_nodes([person("ada", "Ada Lovelace")])
    # then the opt-outs stand
    ada = store.get_node(NodeRef(P, "ada"))
    assert ada.get("discoverable") is False
    assert ada.get("exportable") is False
    assert [
        n.key for n in store.list_nodes(NodeQuery(P, where=(Eq("discoverable", True),))).items
    ] == []


def test_created_nodes_carry_the_model_defaults(store: ConcreteStore) -> None:
    batch = WriteBatch()
    batch.create_nodes([person("ada")])
    store.apply(batch)
    assert store.get_node(NodeRef(P, "ada")).props["discoverable"] is True


def test_create_refuses_an_existing_key_and_writes_nothing(store: ConcreteStore) -> None:
    # given
    store.upsert_nodes([person("ada")])
    version = store.data_version()
    batch = WriteBatch()
    batch.create_nodes([person("new")])
    batch.create_nodes([person("ada")])
    # when / then
    with pytest.raises(AlreadyExists) as error:
        store.apply(batch)
    assert error.value.ref == NodeRef(P, "ada")
    assert store.get_nodes([NodeRef(P, "new")]) == [None]
    assert store.data_version() == version


def test_update_changes_and_removes_properties(store: ConcreteStore) -> None:
    # given
    store.upsert_nodes([person("ada", "Ada", city="London", headline="Poet")])
    batch = WriteBatch()
    batch.update_node(NodeRef(P, "ada"), {"city": "Paris", "headline": None})
    # when
    store.apply(batch)
    # then
    ada = store.get_node(NodeRef(P, "ada"))
    assert ada.props["city"] == "Paris"
    assert "headline" not in ada.props


def test_update_of_a_missing_node_is_not_found(store: GraphStore) -> None:
    batch = WriteBatch()
    batch.update_node(NodeRef(P, "ghost"), {"city": "Paris"})
    with pytest.raises(NotFound) as error:
        store.apply(batch)
    assert error.value.ref == NodeRef(P, "ghost")


def test_relationship_to_a_missing_node_rolls_back_the_whole_batch(store: ConcreteStore) -> None:
    # given
    store.upsert_nodes([person("ada")])
    version = store.data_version()
    batch = WriteBatch()
    batch.upsert_nodes([project("engine")])
    batch.upsert_relationships([member("ada", "engine"), member("ada", "missing")])
    # when / then
    with pytest.raises(NotFound) as error:
        store.apply(batch)
    assert error.value.ref == NodeRef(PR, "missing")
    assert store.get_nodes([NodeRef(PR, "engine")]) == [None]
    assert store.counts().relationships.get("MEMBER_OF", 0) == 0
    assert store.data_version() == version


def test_a_batch_sees_its_own_earlier_operations(store: GraphStore) -> None:
    # given a batch that creates nodes, ties them, deletes one and ties to it again
    batch = WriteBatch()
    batch.upsert_nodes([person("ada"), project("engine")])
    batch.upsert_relationships([member("ada", "engine")])
    batch.delete_nodes([NodeRef(PR, "engine")])
    batch.upsert_relationships([member("ada", "engine")])
    # when / then the last step fails because engine is gone, and nothing lands
    with pytest.raises(NotFound):
        store.apply(batch)
    assert store.counts().nodes.get("Person", 0) == 0


def test_relationships_are_unique_per_type_and_ends_and_merge_properties(
    store: ConcreteStore,
) -> None:
    # given
    small_network(store)
    # when
    store.upsert_relationships([member("ada", "engine", role="co-lead")])
    # then
    assert store.counts().relationships["MEMBER_OF"] == 4
    page = store.neighbours(P, ["ada"], Hop(RelType.MEMBER_OF, Direction.OUT, PR))["ada"]
    assert page.items[0].rel_props == {"role": "co-lead", "since": "2018-01-08"}


def test_delete_node_removes_its_relationships(store: ConcreteStore) -> None:
    # given
    small_network(store)
    # when
    store.delete_nodes([NodeRef(P, "bob")])
    # then
    assert store.get_nodes([NodeRef(P, "bob")]) == [None]
    assert store.counts().relationships["MEMBER_OF"] == 2
    members = store.neighbours(PR, ["engine", "loom"], Hop(RelType.MEMBER_OF, Direction.IN, P))
    assert [n.node.key for n in members["engine"].items] == ["ada", "cy"]
    assert members["loom"].total == 0


def test_delete_of_a_missing_node_or_relationship_is_not_found(store: ConcreteStore) -> None:
    small_network(store)
    with pytest.raises(NotFound):
        store.delete_nodes([NodeRef(P, "ghost")])
    batch = WriteBatch()
    batch.delete_relationships([RelRef(RelType.MEMBER_OF, NodeRef(P, "ada"), NodeRef(PR, "loom"))])
    with pytest.raises(NotFound):
        store.apply(batch)


def test_delete_relationship(store: GraphStore) -> None:
    small_network(store)
    batch = WriteBatch()
    batch.delete_relationships([RelRef(RelType.MEMBER_OF, NodeRef(P, "bob"), NodeRef(PR, "loom"))])
    store.apply(batch)
    assert store.counts().relationships["MEMBER_OF"] == 3


def test_every_applied_batch_moves_the_version_by_one(store: ConcreteStore) -> None:
    # given
    start = store.data_version()
    # when
    first = store.upsert_nodes([person("ada")])
    second = store.upsert_nodes([person("bob"), person("cy")])
    # then
    assert (first, second) == (start + 1, start + 2)
    assert store.data_version() == second


def test_clear_empties_the_store_and_moves_the_version(store: GraphStore) -> None:
    small_network(store)
    before = store.data_version()
    store.clear()
    assert sum(store.counts().nodes.values()) == 0
    assert store.data_version() > before


@pytest.mark.parametrize(
    "text",
    [
        'O\'Brien "the" \\ backslash',
        "MATCH (n) DETACH DELETE n // '; DROP TABLE nodes; --",
        "Ünïcödé — 日本語 — עברית — 🚀👩🏽‍🏫",
        "line one\nline two\ttab\r\n",
        "x" * 200,  # the longest a name may be
        "$param {curly} `backtick` \u0000nul",
    ],
)
def test_property_values_round_trip_byte_for_byte(store: ConcreteStore, text: str) -> None:
    # given
    store.upsert_nodes([person("ada", text, headline=text, roles=["educator"])])
    store.upsert_nodes([project("engine", summary=text)])
    store.upsert_relationships([member("ada", "engine", role=text)])
    # when
    ada = store.get_node(NodeRef(P, "ada"))
    tie = store.neighbours(P, ["ada"], Hop(RelType.MEMBER_OF, Direction.OUT, PR))["ada"]
    # then
    assert ada.props["name"] == text
    assert ada.props["headline"] == text
    assert tie.items[0].rel_props["role"] == text
    assert tie.items[0].node.props["summary"] == text


def test_types_survive_the_round_trip(store: ConcreteStore) -> None:
    store.upsert_nodes([person("ada"), Node(G, "g1", {"name": "G", "starts": "2018-01-08"})])
    store.upsert_relationships(
        [
            Relationship(
                RelType.ATTENDED,
                NodeRef(P, "ada"),
                NodeRef(G, "g1"),
                {"mode": "joined_team", "credits": 3},
            )
        ]
    )
    ada = store.get_node(NodeRef(P, "ada"))
    assert ada.get("synthetic") is False
    assert ada.get("roles") == []
    tie = store.neighbours(P, ["ada"], Hop(RelType.ATTENDED, Direction.OUT, G))["ada"].items[0]
    assert tie.rel_props["credits"] == 3
    assert isinstance(tie.rel_props["credits"], int)


# ------------------------------------------------------------------------ limits


def test_a_headline_over_its_limit_is_refused_by_name_and_nothing_is_written(
    store: ConcreteStore, tmp_path: Path
) -> None:
    # given a record whose headline is 50 MB, in a batch and in an import file
    huge = "x" * 50_000_000
    path = tmp_path / "huge.jsonl"
    path.write_text(
        '{"label": "Person", "key": "ada", "props": {"name": "Ada"}}\n'
        f'{{"label": "Person", "key": "bob", "props": {{"name": "Bob", "headline": "{huge}"}}}}\n'
    )
    # when it is written through a batch, an update, and an import
    with pytest.raises(InvalidInput) as batch_refused:
        store.upsert_nodes([person("bob", headline=huge)])
    store.upsert_nodes([person("ada")])
    with pytest.raises(InvalidInput) as update_refused:
        batch = WriteBatch()
        batch.update_node(NodeRef(P, "ada"), {"headline": "y" * 2001})
    with pytest.raises(ImportRefused) as import_refused:
        load_files(store, [path])
    # then each refusal names the field, and only ada (written on her own) is stored
    assert (batch_refused.value.field, batch_refused.value.code) == ("headline", "TOO_LONG")
    assert update_refused.value.field == "headline"
    assert [(e.line, e.field) for e in import_refused.value.errors] == [(2, "headline")]
    assert store.counts().nodes == {"Person": 1}
    assert store.get_node(NodeRef(P, "ada")).get("headline") is None


@pytest.mark.parametrize(
    ("props", "field"),
    [
        ({"name": "n" * 201}, "name"),
        ({"city": "c" * 201}, "city"),
        ({"email": "e" * 250 + "@x.io"}, "email"),
        ({"source": "s" * 4001}, "source"),
        ({"roles": ["educator"] * 101}, "roles"),
    ],
)
def test_every_kind_of_stored_value_has_a_limit(
    store: ConcreteStore, props: dict[str, object], field: str
) -> None:
    # given a person with one value just over its limit
    candidate = Node(P, "ada", {"name": "Ada", **props})
    # when it is written
    with pytest.raises(InvalidInput) as refused:
        store.upsert_nodes([candidate])
    # then the field is named and nothing is stored
    assert refused.value.field == field
    assert refused.value.code == "TOO_LONG"
    assert store.counts().nodes == {}


def test_values_at_their_limits_are_stored_whole(store: ConcreteStore) -> None:
    # given a person and a project whose values are exactly at their limits
    longest_email = "e" * 64 + "@" + ".".join(["d" * 62, "d" * 61, "d" * 61, "io"])  # 254
    ada = person("ada", "a" * 200, headline="h" * 2000, email=longest_email)
    engine = project("engine", summary="s" * 4000)
    membership = member("ada", "engine", role="r" * 200, source="w" * 4000)
    # when they are written
    store.upsert_nodes([ada, engine])
    store.upsert_relationships([membership])
    # then they read back unchanged
    stored = store.get_node(NodeRef(P, "ada"))
    assert (len(stored.props["name"]), len(stored.props["headline"])) == (200, 2000)
    assert len(store.get_node(NodeRef(PR, "engine")).props["summary"]) == 4000


def test_a_relationship_property_over_its_limit_is_refused(store: ConcreteStore) -> None:
    # given two people and a project
    store.upsert_nodes([person("ada"), project("engine")])
    # when a membership with an over-long role is written
    with pytest.raises(InvalidInput) as refused:
        store.upsert_relationships([member("ada", "engine", role="r" * 201)])
    # then the role is named and no membership is stored
    assert (refused.value.field, refused.value.code) == ("role", "TOO_LONG")
    assert store.counts().relationships == {}


# --------------------------------------------------------------------- neighbours


def test_neighbours_answer_every_key_in_both_directions(store: GraphStore) -> None:
    # given
    small_network(store)
    # when
    out = store.neighbours(P, ["ada", "bob", "ghost"], Hop(RelType.MEMBER_OF, Direction.OUT, PR))
    back = store.neighbours(PR, ["engine"], Hop(RelType.MEMBER_OF, Direction.IN, P))
    # then
    assert set(out) == {"ada", "bob", "ghost"}
    assert [n.node.key for n in out["bob"].items] == ["engine", "loom"]
    assert out["ghost"].items == [] and out["ghost"].total == 0
    assert [n.node.key for n in back["engine"].items] == ["ada", "bob", "cy"]
    assert back["engine"].items[0].rel_props["role"] == "lead"


def test_neighbours_page_per_key_and_count_before_paging(store: GraphStore) -> None:
    small_network(store)
    page = store.neighbours(
        PR, ["engine", "loom"], Hop(RelType.MEMBER_OF, Direction.IN, P), offset=1, limit=1
    )
    assert [n.node.key for n in page["engine"].items] == ["bob"]
    assert page["engine"].total == 3
    assert page["loom"].items == [] and page["loom"].total == 1


def test_neighbours_filter_the_far_node(store: GraphStore) -> None:
    small_network(store)
    page = store.neighbours(
        PR, ["engine"], Hop(RelType.MEMBER_OF, Direction.IN, P), where=[Eq("discoverable", True)]
    )["engine"]
    assert [n.node.key for n in page.items] == ["ada", "bob"]
    assert page.total == 2


def test_neighbours_keep_to_the_label_of_the_hop(store: ConcreteStore) -> None:
    small_network(store)
    store.upsert_nodes([Node(Label.STUDY_GROUP, "sg", {"name": "Study group"})])
    store.upsert_relationships(
        [Relationship(RelType.MEMBER_OF, NodeRef(P, "ada"), NodeRef(Label.STUDY_GROUP, "sg"))]
    )
    page = store.neighbours(P, ["ada"], Hop(RelType.MEMBER_OF, Direction.OUT, PR))["ada"]
    assert [n.node.key for n in page.items] == ["engine"]


# ------------------------------------------------------------------------ listing


def keys(store: GraphStore, query: NodeQuery) -> list[str]:
    return [n.key for n in store.list_nodes(query).items]


def test_list_filters_combine_and_count(store: GraphStore) -> None:
    small_network(store)
    query = NodeQuery(P, where=(Contains("roles", "educator"), Eq("country", "United States")))
    page = store.list_nodes(query)
    assert [n.key for n in page.items] == ["bob", "cy"]
    assert page.total == 2


def test_eq_on_a_default_matches_nodes_without_the_property(store: GraphStore) -> None:
    # given a person stored before the flag existed would lack it; defaults count
    small_network(store)
    assert keys(store, NodeQuery(P, where=(Eq("discoverable", True),))) == ["ada", "bob"]
    assert keys(store, NodeQuery(P, where=(Eq("discoverable", False),))) == ["cy"]


def test_between_on_dates_is_inclusive_and_open_ended(store: GraphStore) -> None:
    small_network(store)
    assert keys(store, NodeQuery(PR, where=(Between("started", "2018-01-08", None),))) == ["engine"]
    assert keys(store, NodeQuery(PR, where=(Between("started", None, "2018-01-07"),))) == ["loom"]
    both = NodeQuery(PR, where=(Between("started", "2016-12-08", "2018-01-08"),))
    assert keys(store, both) == ["engine", "loom"]


def test_related_filters_by_a_relationship(store: GraphStore) -> None:
    small_network(store)
    at_um = NodeQuery(
        P, where=(Related(RelType.AFFILIATED_WITH, Direction.OUT, NodeRef(ORG, "um")),)
    )
    assert keys(store, at_um) == ["ada"]
    on_loom = NodeQuery(P, where=(Related(RelType.MEMBER_OF, Direction.OUT, NodeRef(PR, "loom")),))
    assert keys(store, on_loom) == ["bob"]


def test_order_and_pages_are_stable(store: GraphStore) -> None:
    small_network(store)
    by_name_desc = NodeQuery(P, order_by="name", descending=True)
    assert keys(store, by_name_desc) == ["cy", "bob", "ada"]
    second_page = NodeQuery(P, order_by="name", offset=1, limit=1)
    page = store.list_nodes(second_page)
    assert [n.key for n in page.items] == ["bob"]
    assert page.total == 3


def test_missing_values_sort_last_in_both_directions(store: ConcreteStore) -> None:
    store.upsert_nodes([person("a", city="Zurich"), person("b"), person("c", city="Austin")])
    assert keys(store, NodeQuery(P, order_by="city")) == ["c", "a", "b"]
    assert keys(store, NodeQuery(P, order_by="city", descending=True)) == ["a", "c", "b"]


def test_listing_refuses_unknown_properties(store: GraphStore) -> None:
    with pytest.raises(InvalidInput) as error:
        store.list_nodes(NodeQuery(P, where=(Eq("shoe_size", 42),)))
    assert error.value.field == "shoe_size"


# ------------------------------------------------------------------------- search


def test_search_finds_by_word_prefix_in_any_searchable_field(store: GraphStore) -> None:
    small_network(store)
    assert [h.node.key for h in store.search("lovel")] == ["ada"]
    assert [h.node.key for h in store.search("ANALYTICAL")] == ["ada"]
    assert [h.node.key for h in store.search("weaving lessons")] == ["loom"]


def test_search_needs_every_word(store: GraphStore) -> None:
    small_network(store)
    assert [h.node.key for h in store.search("ada lovelace")] == ["ada"]
    assert store.search("ada zzzz") == []


def test_search_ranks_name_matches_first(store: GraphStore) -> None:
    small_network(store)
    hits = store.search("engine")
    assert hits[0].node.key == "engine"
    assert {h.node.key for h in hits} == {"engine", "loom", "ada"}
    assert hits[0].score >= hits[-1].score


def test_search_filters_by_label_and_conditions(store: GraphStore) -> None:
    small_network(store)
    projects = store.search("engine", labels=[PR])
    assert [h.node.key for h in projects] == ["engine", "loom"]
    hidden = store.search("twombly", where={P: [Eq("discoverable", True)]})
    assert hidden == []
    assert [h.node.key for h in store.search("twombly")] == ["cy"]


@pytest.mark.parametrize(
    "text", ['"', "\\", "a AND", "OR NOT", "(engine", "engine)", "*", "name:ada", "~1^2", "a-b+c"]
)
def test_search_treats_operators_as_text(store: GraphStore, text: str) -> None:
    small_network(store)
    try:
        store.search(text)
    except InvalidInput as error:
        assert error.field == "text"


def test_search_without_words_is_invalid(store: GraphStore) -> None:
    with pytest.raises(InvalidInput) as error:
        store.search("  ?! ")
    assert error.value.field == "text"


def test_search_limit(store: ConcreteStore) -> None:
    store.upsert_nodes([person(f"p{i}", f"Pat {i}") for i in range(30)])
    assert len(store.search("pat", limit=7)) == 7


# ---------------------------------------------------------------------- streaming


def test_iteration_streams_everything_in_a_stable_order(store: GraphStore) -> None:
    small_network(store)
    nodes = list(store.iter_nodes())
    assert len(nodes) == 6
    assert [n.key for n in store.iter_nodes([P])] == ["ada", "bob", "cy"]
    rels = list(store.iter_relationships())
    assert len(rels) == 5
    members = list(store.iter_relationships([RelType.MEMBER_OF]))
    assert [(r.start.key, r.end.key) for r in members] == [
        ("ada", "engine"),
        ("bob", "engine"),
        ("bob", "loom"),
        ("cy", "engine"),
    ]
    assert members[0].props == {"role": "lead", "since": "2018-01-08"}


def test_iteration_copes_with_more_rows_than_a_batch(store: ConcreteStore) -> None:
    store.upsert_nodes([person(f"p{i:05d}") for i in range(12_000)])
    assert sum(1 for _ in store.iter_nodes([P])) == 12_000


def test_counts(store: GraphStore) -> None:
    small_network(store)
    counts = store.counts().as_json()
    assert counts["nodes"]["Person"] == 3
    assert counts["nodes"]["Cohort"] == 0
    assert counts["relationships"]["MEMBER_OF"] == 4
    assert counts["relationships"]["AFFILIATED_WITH"] == 1


# -------------------------------------------------------------------- change log


def ref(key: str) -> NodeRef:
    return NodeRef(P, key)


def member_ref(person_key: str, project_key: str) -> RelRef:
    return RelRef(RelType.MEMBER_OF, NodeRef(P, person_key), NodeRef(PR, project_key))


def logged(change: Change) -> tuple[set[NodeRef], set[RelRef]]:
    return set(change.nodes), set(change.relationships)


def only_change(store: GraphStore, since: int) -> Change:
    changes = store.changes_since(since)
    assert changes is not None
    assert [c.version for c in changes] == [since + 1]
    return changes[0]


OpenStore = Callable[..., ConcreteStore]


@pytest.fixture
def open_store(store: GraphStore, store_kind: str, tmp_path: Path) -> Iterator[OpenStore]:
    """Another handle on the same (emptied) store, opened with the given change log
    limits."""
    opened: list[ConcreteStore] = []

    def open_with(**limits: Any) -> ConcreteStore:
        other: ConcreteStore
        if store_kind == "neo4j":
            from graph.neo4j.store import Neo4jStore

            settings = neo4j_settings()
            other = Neo4jStore.connect(
                settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, **limits
            )
        else:
            from graph.embedded.store import EmbeddedStore

            other = EmbeddedStore.open(tmp_path / "data", **limits)
        opened.append(other)
        return other

    yield open_with
    for other in opened:
        other.close()


def test_each_batch_logs_what_it_changed_under_its_version(store: ConcreteStore) -> None:
    # given
    start = store.data_version()
    # when nodes are created, then upserted (one new, one changed), then updated
    created = WriteBatch()
    created.create_nodes([person("ada"), project("engine")])
    v1 = store.apply(created)
    v2 = store.upsert_nodes([person("ada", "Ada Lovelace"), person("bob")])
    updated = WriteBatch()
    updated.update_node(ref("bob"), {"city": "Boston"})
    v3 = store.apply(updated)
    # then each batch has one entry, in order, listing exactly its refs
    changes = store.changes_since(start)
    assert changes is not None
    assert [c.version for c in changes] == [v1, v2, v3] == [start + 1, start + 2, start + 3]
    assert logged(changes[0]) == ({ref("ada"), NodeRef(PR, "engine")}, set())
    assert logged(changes[1]) == ({ref("ada"), ref("bob")}, set())
    assert logged(changes[2]) == ({ref("bob")}, set())
    assert store.changes_since(v1) == changes[1:]
    assert store.changes_since(v3) == []


def test_relationship_writes_are_logged(store: ConcreteStore) -> None:
    # given
    store.upsert_nodes([person("ada"), person("bob"), project("engine")])
    version = store.data_version()
    # when relationships are created, one is changed, one is deleted
    store.upsert_relationships([member("ada", "engine"), member("bob", "engine")])
    store.upsert_relationships([member("ada", "engine", role="lead"), member("bob", "engine")])
    deleted = WriteBatch()
    deleted.delete_relationships([member_ref("bob", "engine")])
    store.apply(deleted)
    # then
    changes = store.changes_since(version)
    assert changes is not None
    assert [logged(c) for c in changes] == [
        (set(), {member_ref("ada", "engine"), member_ref("bob", "engine")}),
        (set(), {member_ref("ada", "engine")}),
        (set(), {member_ref("bob", "engine")}),
    ]


def test_deleting_a_node_logs_it_and_every_relationship_removed_with_it(
    store: ConcreteStore,
) -> None:
    # given ada on engine, bob on engine and loom, bob affiliated with um
    small_network(store)
    version = store.data_version()
    # when bob goes
    store.delete_nodes([ref("bob")])
    # then
    change = only_change(store, version)
    assert logged(change) == (
        {ref("bob")},
        {member_ref("bob", "engine"), member_ref("bob", "loom")},
    )
    # and a node deleted with no relationships logs only itself
    store.delete_nodes([NodeRef(ORG, "um"), ref("ada")])
    ada_ties = {
        member_ref("ada", "engine"),
        RelRef(RelType.AFFILIATED_WITH, ref("ada"), NodeRef(ORG, "um")),
    }
    assert logged(only_change(store, version + 1)) == ({NodeRef(ORG, "um"), ref("ada")}, ada_ties)


def test_each_ref_is_logged_once_per_batch(store: GraphStore) -> None:
    # given
    version = store.data_version()
    # when one batch creates, changes and deletes the same node
    batch = WriteBatch()
    batch.upsert_nodes([person("ada"), project("engine")])
    batch.upsert_relationships([member("ada", "engine")])
    batch.update_node(ref("ada"), {"city": "London"})
    batch.delete_nodes([ref("ada")])
    store.apply(batch)
    # then
    change = only_change(store, version)
    assert sorted(change.nodes) == [ref("ada"), NodeRef(PR, "engine")]
    assert change.relationships == (member_ref("ada", "engine"),)


def test_the_log_answers_none_when_it_cannot_answer_completely(store: ConcreteStore) -> None:
    # given a few writes
    store.upsert_nodes([person("ada")])
    store.upsert_nodes([person("bob")])
    version = store.data_version()
    # then a version ahead of the store cannot be answered
    assert store.changes_since(version + 1) is None
    # and after clearing, nothing from before can be either
    cleared = store.clear()
    assert store.changes_since(version) is None
    assert store.changes_since(0) is None
    assert store.changes_since(cleared) == []
    after = store.upsert_nodes([person("cy")])
    assert store.changes_since(version) is None
    assert [c.version for c in store.changes_since(cleared) or []] == [after]


def test_a_batch_too_large_to_list_makes_ranges_over_it_rebuild(open_store: OpenStore) -> None:
    # given a store that lists at most 3 refs a batch
    store = open_store(change_max_refs=3)
    start = store.upsert_nodes([person("ada"), person("bob"), person("cy")])
    # when a batch touches 4
    large = store.upsert_nodes([person(k, "Changed") for k in ("ada", "bob", "cy", "dee")])
    after = store.upsert_nodes([person("eve")])
    # then ranges over it cannot be answered, ranges after it can
    assert store.changes_since(start - 1) is None
    assert store.changes_since(start) is None
    assert [logged(c) for c in store.changes_since(large) or []] == [({ref("eve")}, set())]
    assert after == large + 1
    assert {n.key for n in only_change(store, large).nodes} == {"eve"}


def test_the_log_keeps_the_latest_batches(open_store: OpenStore) -> None:
    # given a store that keeps 3 batches
    store = open_store(changes_kept=3)
    start = store.data_version()
    # when it takes 5
    versions = [store.upsert_nodes([person(f"p{i}")]) for i in range(5)]
    # then the oldest two are gone and the rest still answer
    assert versions == [start + i for i in range(1, 6)]
    assert store.changes_since(start) is None
    assert store.changes_since(versions[0]) is None
    kept = store.changes_since(versions[1])
    assert kept is not None
    assert [(c.version, [n.key for n in c.nodes]) for c in kept] == [
        (versions[2], ["p2"]),
        (versions[3], ["p3"]),
        (versions[4], ["p4"]),
    ]


def test_a_failed_batch_leaves_no_log_entry(store: ConcreteStore) -> None:
    # given
    store.upsert_nodes([person("ada")])
    version = store.data_version()
    # when a batch fails half-way
    batch = WriteBatch()
    batch.upsert_nodes([person("bob")])
    batch.update_node(ref("nobody"), {"city": "Nowhere"})
    with pytest.raises(NotFound):
        store.apply(batch)
    # then nothing is logged, and the next batch follows on
    assert store.changes_since(version) == []
    next_version = store.upsert_nodes([person("cy")])
    assert next_version == version + 1
    assert logged(only_change(store, version)) == ({ref("cy")}, set())


# --------------------------------------------------------------- no-op batches


def test_writing_what_is_already_there_keeps_the_version(store: GraphStore) -> None:
    # given
    small_network(store)
    version = store.data_version()
    # when the same network is written again, and a property set to its value
    store.apply(small_network_batch())
    same = WriteBatch()
    same.update_node(ref("ada"), {"country": "United Kingdom", "city": None})
    same.upsert_nodes([person("bob", "Bob Moses")])
    same.upsert_relationships([member("ada", "engine", role="lead")])
    returned = store.apply(same)
    # then
    assert returned == version
    assert store.data_version() == version
    assert store.changes_since(version) == []


def test_a_batch_mixing_a_no_op_and_a_change_moves_the_version_once(store: GraphStore) -> None:
    # given
    small_network(store)
    version = store.data_version()
    # when
    batch = WriteBatch()
    batch.upsert_nodes([person("ada", "Ada Lovelace"), person("bob", "Robert Moses")])
    batch.upsert_relationships([member("ada", "engine", role="lead"), member("cy", "engine")])
    batch.upsert_relationships([member("bob", "loom", role="member")])
    returned = store.apply(batch)
    # then only the real changes are logged
    assert returned == version + 1
    assert logged(only_change(store, version)) == ({ref("bob")}, {member_ref("bob", "loom")})
    assert store.get_relationships([member_ref("bob", "loom")])[0] == member(
        "bob", "loom", role="member"
    )


# ------------------------------------------------------------ get relationships


def test_get_relationships_in_request_order_with_props_and_none_for_missing(
    store: GraphStore,
) -> None:
    # given
    small_network(store)
    affiliated = RelRef(RelType.AFFILIATED_WITH, ref("ada"), NodeRef(ORG, "um"))
    wanted = [
        member_ref("bob", "loom"),
        member_ref("ada", "loom"),
        affiliated,
        member_ref("nobody", "engine"),
        member_ref("bob", "loom"),
        RelRef(RelType.LEADS, ref("ada"), NodeRef(PR, "engine")),
    ]
    # when
    found = store.get_relationships(wanted)
    # then
    assert found == [
        member("bob", "loom", role="lead"),
        None,
        Relationship(
            RelType.AFFILIATED_WITH, ref("ada"), NodeRef(ORG, "um"), {"title": "Professor"}
        ),
        None,
        member("bob", "loom", role="lead"),
        None,
    ]
    assert store.get_relationships([]) == []


def test_forget_blanks_every_log_entry_naming_a_node(store: ConcreteStore) -> None:
    # given batches naming Ada as a node and as a relationship end, and one that does not
    start = store.data_version()
    store.upsert_nodes([person("ada"), person("bob"), project("engine")])
    store.upsert_relationships([member("ada", "engine")])
    store.upsert_relationships([member("bob", "engine")])
    # when the log forgets Ada
    blanked = store.forget(ref("ada"))
    # then both entries naming her are blank, the version did not move, and a reader
    # behind them must rebuild while one past them still catches up
    assert blanked == 2
    assert store.data_version() == start + 3
    assert store.changes_since(start) is None
    assert store.changes_since(start + 1) is None
    assert store.changes_since(start + 2) is not None
    assert store.forget(ref("ada")) == 0


def test_a_load_into_an_empty_store_writes_what_upserts_write(store: ConcreteStore) -> None:
    # given records in which a relationship comes twice, its second patch adding a role
    nodes = [person("ada"), person("bob"), project("engine")]
    rels = [
        member("ada", "engine", since="2018-02-01"),
        member("bob", "engine"),
        member("ada", "engine", role="lead"),
    ]
    before = store.data_version()
    # when they are loaded into the empty store
    version = store.load_into_empty(iter(nodes), iter(rels), total=6)
    # then the store holds them merged as upserts merge them, under a newer version
    # whose change cannot be listed (readers rebuild)
    assert version is not None and version > before
    assert store.data_version() == version
    assert store.changes_since(before) is None
    loaded = store.get_relationships([rel.ref for rel in rels[:2]])
    expected = WriteBatch()
    expected.upsert_nodes(nodes)
    expected.upsert_relationships(rels)
    store.clear()
    store.apply(expected)
    assert store.get_relationships([rel.ref for rel in rels[:2]]) == loaded
    assert loaded[0] is not None and loaded[0].props == {"since": "2018-02-01", "role": "lead"}
    assert store.counts().relationships == {"MEMBER_OF": 2}


def test_a_load_into_a_store_that_is_not_empty_reads_and_writes_nothing(
    store: ConcreteStore,
) -> None:
    # given a store holding one person
    store.upsert_nodes([person("ada")])
    version = store.data_version()

    def untouched() -> Iterator[Node]:
        raise AssertionError("read the records of a load that does not happen")
        yield person("never")

    # when a load into an empty store is asked of it
    loaded = store.load_into_empty(untouched(), iter([]), total=1)
    # then it says no, and nothing moved
    assert loaded is None
    assert store.data_version() == version
    assert store.counts().nodes == {"Person": 1}
