"""Behaviour of the embedded store beyond the shared contract: its full-text index,
JSON storage, many-key reads, and answers checked against brute force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.embedded.store import EmbeddedStore
from graph.model import Direction, Label, Node, NodeRef, Relationship, RelType, Role
from graph.store import (
    AlreadyExists,
    Between,
    Contains,
    CreateNodes,
    Eq,
    Hop,
    InvalidInput,
    NodeQuery,
    WriteBatch,
)

P, PR, CO = Label.PERSON, Label.PROJECT, Label.COHORT
MEMBERS = Hop(RelType.MEMBER_OF, Direction.IN, P)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    embedded = EmbeddedStore.open(tmp_path / "data")
    yield embedded
    embedded.close()


def hits(store: EmbeddedStore, text: str) -> list[str]:
    return [hit.node.key for hit in store.search(text)]


# --------------------------------------------------------------- full-text index


def test_the_search_index_follows_every_kind_of_write(store: EmbeddedStore) -> None:
    # given
    store.upsert_nodes([Node(P, "ada", {"name": "Ada Lovelace", "headline": "Poet"})])
    # when the name is updated, then the old words are gone and the new ones found
    batch = WriteBatch()
    batch.update_node(NodeRef(P, "ada"), {"name": "Ada King", "headline": None})
    store.apply(batch)
    assert hits(store, "lovelace") == []
    assert hits(store, "poet") == []
    assert hits(store, "king") == ["ada"]
    # when an upsert merges a new headline, then the name is still found too
    store.upsert_nodes([Node(P, "ada", {"name": "Ada King", "headline": "Countess"})])
    assert hits(store, "countess king") == ["ada"]
    # when the node is deleted, then it is not found
    store.delete_nodes([NodeRef(P, "ada")])
    assert hits(store, "king") == []
    # when a node comes back after a clear, then only it is found
    store.upsert_nodes([Node(P, "bob", {"name": "Bob King"})])
    store.clear()
    store.upsert_nodes([Node(P, "cy", {"name": "Cy King"})])
    assert hits(store, "king") == ["cy"]


def test_an_unchanged_upsert_keeps_the_node_and_its_index_entry(store: EmbeddedStore) -> None:
    # given
    node = Node(P, "ada", {"name": "Ada Lovelace", "city": "London"})
    store.upsert_nodes([node])
    # when the same node is written again
    version = store.upsert_nodes([node])
    # then neither the version, the node nor its search entry moves
    assert version == 1
    assert hits(store, "ada lovelace") == ["ada"]
    assert store.get_node(node.ref).props["city"] == "London"


def test_search_folds_case_beyond_ascii_and_keeps_accents(store: EmbeddedStore) -> None:
    # given
    store.upsert_nodes(
        [
            Node(P, "zoe", {"name": "Zoë Zürcher"}),
            Node(P, "zoe2", {"name": "Zoe Zurcher"}),
            Node(P, "kenji", {"name": "日本語の先生 Kenji"}),
        ]
    )
    # then
    assert hits(store, "ZOË") == ["zoe"]
    assert hits(store, "zürch") == ["zoe"]
    assert hits(store, "zurch") == ["zoe2"]
    assert hits(store, "日本") == ["kenji"]


def test_search_where_filters_only_its_own_label(store: EmbeddedStore) -> None:
    # given a hidden person and a project with the same word
    store.upsert_nodes(
        [
            Node(P, "cy", {"name": "Cy Loom", "discoverable": False}),
            Node(PR, "loom", {"name": "Loom"}),
        ]
    )
    # when hidden people are filtered out
    found = store.search("loom", where={P: [Eq("discoverable", True)]})
    # then the project is still found, and labels restrict further
    assert [hit.node.key for hit in found] == ["loom"]
    assert store.search("loom", labels=[P]) != []
    assert store.search("loom", labels=[P], where={P: [Eq("discoverable", True)]}) == []


# ------------------------------------------------------------------ JSON storage


def test_merging_relationship_properties_keeps_text_byte_for_byte(store: EmbeddedStore) -> None:
    # given a relationship whose text holds JSON and SQL syntax
    text = 'a "quoted" \\ back\\slash \u2028 \U0001f680 {"$.role": null} \x00 end'
    store.upsert_nodes([Node(P, "ada", {"name": "Ada"}), Node(PR, "engine", {"name": "E"})])
    rel = Relationship(RelType.MEMBER_OF, NodeRef(P, "ada"), NodeRef(PR, "engine"))
    store.upsert_relationships([Relationship(rel.type, rel.start, rel.end, {"role": text})])
    # when another property is merged in
    store.upsert_relationships(
        [Relationship(rel.type, rel.start, rel.end, {"since": "2020-01-02"})]
    )
    # then
    page = store.neighbours(PR, ["engine"], MEMBERS)["engine"]
    assert page.items[0].rel_props == {"role": text, "since": "2020-01-02"}


@pytest.mark.parametrize(
    "node",
    [
        Node(P, "ada", {"name": "lone surrogate \ud800"}),
        Node(CO, "c1", {"name": "Cohort", "declared_size": 2**70}),
    ],
)
def test_values_json_cannot_hold_are_invalid_and_write_nothing(
    store: EmbeddedStore, node: Node
) -> None:
    # given a batch that writes a good node first
    batch = WriteBatch()
    batch.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
    batch.upsert_nodes([node])
    # when / then
    with pytest.raises(InvalidInput):
        store.apply(batch)
    assert store.counts().nodes == {}
    assert store.data_version() == 0


def test_an_empty_batch_does_not_move_the_version(store: EmbeddedStore) -> None:
    store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
    assert store.apply(WriteBatch()) == 1
    assert store.data_version() == 1


def test_creating_one_key_twice_in_one_operation_is_refused(store: EmbeddedStore) -> None:
    batch = WriteBatch()
    batch.create_nodes([Node(P, "ada", {"name": "Ada"}), Node(P, "ada", {"name": "Ada 2"})])
    assert isinstance(batch.ops[0], CreateNodes)
    with pytest.raises(AlreadyExists) as error:
        store.apply(batch)
    assert error.value.ref == NodeRef(P, "ada")
    assert store.counts().nodes == {}


# ------------------------------------------------------------------- conditions


def test_conditions_on_lists_numbers_enums_and_dates(store: EmbeddedStore) -> None:
    # given
    store.upsert_nodes(
        [
            Node(P, "ada", {"name": "Ada", "roles": ["researcher", "educator"]}),
            Node(P, "bob", {"name": "Bob", "roles": ["educator"]}),
            Node(CO, "small", {"name": "Small", "declared_size": 9, "starts": "2019-01-07"}),
            Node(CO, "big", {"name": "Big", "declared_size": 100, "starts": "2020-06-01"}),
        ]
    )

    def keys(query: NodeQuery) -> list[str]:
        return [node.key for node in store.list_nodes(query).items]

    # then
    assert keys(NodeQuery(P, where=(Eq("roles", ["educator"]),))) == ["bob"]
    assert keys(NodeQuery(P, where=(Contains("roles", Role.RESEARCHER),))) == ["ada"]
    assert keys(NodeQuery(CO, where=(Between("declared_size", 10, None),))) == ["big"]
    assert keys(NodeQuery(CO, where=(Between("declared_size", None, 9),))) == ["small"]
    june = Between("starts", dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert keys(NodeQuery(CO, where=(june,))) == ["big"]
    assert keys(NodeQuery(CO, order_by="declared_size", descending=True)) == ["big", "small"]
    with pytest.raises(InvalidInput):
        store.list_nodes(NodeQuery(CO, where=(Between("declared_size", "10", None),)))
    with pytest.raises(InvalidInput):
        store.list_nodes(NodeQuery(P, where=(Between("discoverable", True, None),)))


def test_neighbours_of_thousands_of_keys_in_one_call(store: EmbeddedStore) -> None:
    # given 2500 projects with k % 4 members each
    people = [Node(P, f"p{i}", {"name": f"P {i}"}) for i in range(4)]
    projects = [Node(PR, f"pr{k:04d}", {"name": f"Project {k}"}) for k in range(2500)]
    batch = WriteBatch()
    batch.upsert_nodes(people + projects)
    batch.upsert_relationships(
        Relationship(RelType.MEMBER_OF, people[i].ref, project.ref)
        for k, project in enumerate(projects)
        for i in range(k % 4)
    )
    store.apply(batch)
    keys = [project.key for project in projects] + ["ghost"]
    # when
    pages = store.neighbours(PR, keys, MEMBERS, offset=1, limit=1)
    # then
    assert list(pages) == keys
    for k in range(2500):
        page = pages[f"pr{k:04d}"]
        assert page.total == k % 4
        assert [n.node.key for n in page.items] == (["p1"] if k % 4 >= 2 else [])
    assert pages["ghost"].total == 0


def test_get_nodes_answers_repeated_refs(store: EmbeddedStore) -> None:
    store.upsert_nodes([Node(P, "ada", {"name": "Ada"})])
    ada = NodeRef(P, "ada")
    found = store.get_nodes([ada, NodeRef(P, "bob"), ada])
    assert [node.key if node else None for node in found] == ["ada", None, "ada"]


# ------------------------------------------------------------- against brute force

KEYS = st.sampled_from([f"k{i}" for i in range(8)])
CITIES = st.one_of(st.none(), st.sampled_from(["Austin", "Zurich", "ann arbor", "Éire"]))


@settings(max_examples=40, deadline=None)
@given(
    people=st.dictionaries(KEYS, st.tuples(st.booleans(), CITIES), max_size=8),
    ties=st.sets(st.tuples(KEYS, st.sampled_from(["a", "b", "c"]))),
    asked=st.lists(st.sampled_from(["a", "b", "c", "x"]), min_size=1, max_size=4),
    offset=st.integers(0, 4),
    limit=st.one_of(st.none(), st.integers(0, 4)),
    only_visible=st.booleans(),
)
def test_neighbours_agree_with_brute_force(
    people: dict[str, tuple[bool, str | None]],
    ties: set[tuple[str, str]],
    asked: list[str],
    offset: int,
    limit: int | None,
    only_visible: bool,
) -> None:
    # given people on projects a, b, c
    with EmbeddedStore.in_memory() as store:
        batch = WriteBatch()
        batch.upsert_nodes(Node(PR, key, {"name": key}) for key in "abc")
        batch.upsert_nodes(
            Node(P, key, {"name": key, "discoverable": visible})
            for key, (visible, _) in people.items()
        )
        batch.upsert_relationships(
            Relationship(RelType.MEMBER_OF, NodeRef(P, person), NodeRef(PR, project))
            for person, project in ties
            if person in people
        )
        store.apply(batch)
        where = [Eq("discoverable", True)] if only_visible else []
        # when
        pages = store.neighbours(PR, asked, MEMBERS, where=where, offset=offset, limit=limit)
    # then
    for project in asked:
        expected = sorted(
            person
            for person, tied in ties
            if tied == project and person in people and (people[person][0] or not only_visible)
        )
        end = None if limit is None else offset + limit
        assert pages[project].total == len(expected)
        assert [n.node.key for n in pages[project].items] == expected[offset:end]


@settings(max_examples=40, deadline=None)
@given(
    people=st.dictionaries(KEYS, st.tuples(st.booleans(), CITIES), max_size=8),
    descending=st.booleans(),
    offset=st.integers(0, 4),
    limit=st.integers(0, 5),
)
def test_listing_order_agrees_with_brute_force(
    people: dict[str, tuple[bool, str | None]], descending: bool, offset: int, limit: int
) -> None:
    # given people, some without a city
    with EmbeddedStore.in_memory() as store:
        if people:
            store.upsert_nodes(
                Node(P, key, {"name": key} | ({"city": city} if city else {}))
                for key, (_, city) in people.items()
            )
        # when
        page = store.list_nodes(
            NodeQuery(P, order_by="city", descending=descending, offset=offset, limit=limit)
        )
    # then missing cities come last, and ties go by key
    with_city = sorted((c, k) for k, (_, c) in people.items() if c is not None)
    if descending:
        with_city.sort(key=lambda pair: pair[1])
        with_city.sort(key=lambda pair: pair[0], reverse=True)
    without = sorted(k for k, (_, c) in people.items() if c is None)
    expected = [k for _, k in with_city] + without
    assert page.total == len(people)
    assert [node.key for node in page.items] == expected[offset : offset + limit]
