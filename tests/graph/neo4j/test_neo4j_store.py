"""What the Neo4j store adds to the shared contract, against the real server.

The contract suite (tests/graph/test_store_contract.py) covers behaviour both stores
share; these tests cover the Neo4j side: the schema it keeps, statement chunking and
paging at their boundaries, full-text indexing, concurrency and lost connections.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator, Sequence

import pytest
from neo4j import GraphDatabase

from graph.model import Direction, Label, Node, NodeRef, Relationship, RelRef, RelType
from graph.neo4j import queries
from graph.neo4j import store as store_module
from graph.neo4j.store import Neo4jStore
from graph.store import (
    AlreadyExists,
    Between,
    Contains,
    Eq,
    GraphStore,
    Hop,
    InvalidInput,
    NodeQuery,
    NotFound,
    SearchHit,
    Unavailable,
    UpsertNodes,
    WriteBatch,
)
from tests.conftest import neo4j_settings

pytestmark = pytest.mark.neo4j

P, PR, T, SG, ORG = Label.PERSON, Label.PROJECT, Label.TOPIC, Label.STUDY_GROUP, Label.ORGANIZATION


@pytest.fixture
def db(neo4j_store: Neo4jStore) -> Neo4jStore:
    """The shared Neo4j store, emptied."""
    neo4j_store.clear()
    return neo4j_store


def person(key: str, name: str | None = None, **props: object) -> Node:
    return Node(P, key, {"name": name or key.title(), **props})


def project(key: str, **props: object) -> Node:
    return Node(PR, key, {"name": key.title(), **props})


def member(person_key: str, end: NodeRef, **props: object) -> Relationship:
    return Relationship(RelType.MEMBER_OF, NodeRef(P, person_key), end, props)


def names(hits: Sequence[SearchHit]) -> list[str]:
    return [h.node.key for h in hits]


# ---------------------------------------------------------------------------- schema


def run_cypher(query: str) -> list[dict[str, object]]:
    settings = neo4j_settings()
    auth = (settings.neo4j_user, settings.neo4j_password)
    with GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
        records, _, _ = driver.execute_query(query)
    return [record.data() for record in records]


def test_connecting_again_keeps_the_schema_the_data_and_the_version(db: Neo4jStore) -> None:
    # given
    db.upsert_nodes([person("ada")])
    version = db.data_version()
    settings = neo4j_settings()
    # when
    with Neo4jStore.connect(
        settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password
    ) as again:
        # then
        assert again.data_version() == version
        assert again.get_node(NodeRef(P, "ada")).props["name"] == "Ada"
    constraints = run_cypher("SHOW CONSTRAINTS YIELD name RETURN name")
    ours = sorted(str(c["name"]) for c in constraints if str(c["name"]).startswith("convene_"))
    # a key per label, the meta id, the change log's version
    assert len(ours) == len(Label) + 2
    indexes = run_cypher("SHOW FULLTEXT INDEXES YIELD name, state RETURN name, state")
    assert {"name": queries.FULLTEXT_INDEX, "state": "ONLINE"} in indexes


def test_the_key_constraint_holds_even_for_writes_that_bypass_the_store(db: Neo4jStore) -> None:
    db.upsert_nodes([person("ada")])
    with pytest.raises(Exception, match="already exists"):
        run_cypher("CREATE (:Person {key: 'ada', name: 'Twin'})")


@pytest.mark.slow
def test_every_generated_statement_is_valid_cypher(db: Neo4jStore) -> None:
    # given every statement the store may run, with its placeholders filled
    statements = [
        *queries.GET_NODES.values(),
        *queries.EXISTING_KEYS.values(),
        *queries.MISSING_KEYS.values(),
        *queries.CREATE_NODES.values(),
        *queries.UPSERT_NODES.values(),
        *queries.UPDATE_NODE.values(),
        *queries.DELETE_NODES.values(),
        *queries.UPSERT_RELATIONSHIPS.values(),
        *queries.MISSING_RELATIONSHIPS.values(),
        *queries.DELETE_RELATIONSHIPS.values(),
        *queries.ITER_NODES.values(),
        *queries.ITER_RELATIONSHIPS.values(),
        *(queries.render(t, order="n.key") for t in queries.LIST_NODES.values()),
        *(
            queries.neighbours_query(*hop, where, limit) or ""
            for hop in queries.NEIGHBOURS
            for where in ("true", "b.key IS NOT NULL")
            for limit in (True, False)
        ),
        queries.render(queries.SEARCH),
        queries.COUNTS,
        queries.READ_VERSION,
        queries.DELETE_SOME_NODES,
        queries.DELETE_SOME_RELATIONSHIPS,
    ]
    # when the server plans each one (EXPLAIN runs nothing)
    settings = neo4j_settings()
    auth = (settings.neo4j_user, settings.neo4j_password)
    with GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver, driver.session() as s:
        for statement in statements:
            s.run("EXPLAIN " + statement).consume()
    # then none was refused
    assert len(statements) > 300


# ------------------------------------------------------------ chunks and pages


def test_a_batch_larger_than_a_statement_still_rolls_back_whole(
    db: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given statements of 3 rows, and a missing end node in the last chunk
    monkeypatch.setattr(store_module, "CHUNK_SIZE", 3)
    db.upsert_nodes([project("engine")])
    version = db.data_version()
    batch = WriteBatch()
    batch.create_nodes([person(f"p{i:02d}") for i in range(10)])
    rels = [member(f"p{i:02d}", NodeRef(PR, "engine")) for i in range(10)]
    batch.upsert_relationships([*rels, member("p09", NodeRef(PR, "missing"))])
    # when / then
    with pytest.raises(NotFound) as error:
        db.apply(batch)
    assert error.value.ref == NodeRef(PR, "missing")
    assert db.counts().nodes == {"Project": 1}
    assert db.data_version() == version


def test_chunked_writes_land_completely(db: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "CHUNK_SIZE", 3)
    batch = WriteBatch()
    batch.create_nodes([person(f"p{i:02d}") for i in range(10)])
    batch.upsert_nodes([project("engine")])
    batch.upsert_relationships([member(f"p{i:02d}", NodeRef(PR, "engine")) for i in range(10)])
    db.apply(batch)
    assert db.counts().relationships == {"MEMBER_OF": 10}
    page = db.neighbours(PR, ["engine"], Hop(RelType.MEMBER_OF, Direction.IN, P), limit=4)
    assert page["engine"].total == 10
    assert [n.node.key for n in page["engine"].items] == ["p00", "p01", "p02", "p03"]


def test_a_load_in_batches_merges_a_relationship_that_comes_in_two_of_them(
    db: Neo4jStore,
) -> None:
    # given records whose relationship comes again, with a property, three batches on
    nodes = [person(f"p{i}") for i in range(3)] + [project("engine")]
    first = member("p0", NodeRef(PR, "engine"))
    again = Relationship(first.type, first.start, first.end, {"role": "lead"})
    rels = [first, member("p1", NodeRef(PR, "engine")), member("p2", NodeRef(PR, "engine")), again]
    before = db.data_version()
    progress: list[tuple[int, int]] = []
    # when they are loaded two records per transaction
    version = db.load_into_empty(
        nodes,
        rels,
        total=8,
        on_progress=lambda done, total: progress.append((done, total)),
        batch_size=2,
    )
    # then the repeat is merged, each batch moved the version, progress was told each time
    assert db.counts().relationships == {"MEMBER_OF": 3}
    assert db.get_relationships([first.ref])[0] == again
    assert version == before + 4 == db.data_version()
    assert progress == [(2, 8), (4, 8), (6, 8), (8, 8)]


def test_streaming_pages_never_skip_or_repeat_across_boundaries(
    db: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given pages of 2 and relationships that share start keys across page edges
    monkeypatch.setattr(store_module, "PAGE_SIZE", 2)
    db.upsert_nodes(
        [
            *(person(k) for k in ("ada", "bob", "cy")),
            *(project(k) for k in ("engine", "loom")),
            Node(SG, "circle", {"name": "Circle"}),
        ]
    )
    refs = [
        member("ada", NodeRef(PR, "engine")),
        member("ada", NodeRef(PR, "loom")),
        member("ada", NodeRef(SG, "circle")),
        member("bob", NodeRef(SG, "circle")),
        member("bob", NodeRef(PR, "loom")),
        member("cy", NodeRef(PR, "engine")),
    ]
    db.upsert_relationships(refs)
    # when
    streamed = [r.ref for r in db.iter_relationships([RelType.MEMBER_OF])]
    nodes = [n.ref for n in db.iter_nodes()]
    # then
    assert streamed == sorted(r.ref for r in refs)
    assert nodes == sorted(nodes, key=lambda ref: (ref.label.value, ref.key))
    assert len(nodes) == 6


# ----------------------------------------------------------------- writes, reads


def test_create_refuses_a_key_given_twice_in_one_operation(db: Neo4jStore) -> None:
    batch = WriteBatch()
    batch.create_nodes([person("ada"), person("ada", "Other Ada")])
    with pytest.raises(AlreadyExists) as error:
        db.apply(batch)
    assert error.value.ref == NodeRef(P, "ada")
    assert db.counts().nodes == {}


def test_deleting_a_relationship_the_model_cannot_hold_is_not_found(db: Neo4jStore) -> None:
    db.upsert_nodes([person("ada"), Node(T, "math", {"name": "Math"})])
    impossible = RelRef(RelType.LEADS, NodeRef(P, "ada"), NodeRef(T, "math"))
    batch = WriteBatch()
    batch.delete_relationships([impossible])
    with pytest.raises(NotFound) as error:
        db.apply(batch)
    assert error.value.ref == impossible


def test_a_hop_the_model_does_not_have_gives_empty_pages(db: Neo4jStore) -> None:
    db.upsert_nodes([person("ada")])
    pages = db.neighbours(P, ["ada", "ghost"], Hop(RelType.LEADS, Direction.OUT, T))
    assert {key: (p.items, p.total) for key, p in pages.items()} == {
        "ada": ([], 0),
        "ghost": ([], 0),
    }


def test_neighbour_totals_agree_with_and_without_conditions(db: Neo4jStore) -> None:
    # given a project whose members are all people (the hop needs no label test)
    db.upsert_nodes([project("engine"), person("ada"), person("bob", discoverable=False)])
    db.upsert_relationships([member(k, NodeRef(PR, "engine")) for k in ("ada", "bob")])
    hop = Hop(RelType.MEMBER_OF, Direction.IN, P)
    # when
    everyone = db.neighbours(PR, ["engine"], hop, limit=0)["engine"]
    visible = db.neighbours(PR, ["engine"], hop, where=[Eq("discoverable", True)])["engine"]
    # then
    assert (everyone.items, everyone.total) == ([], 2)
    assert ([n.node.key for n in visible.items], visible.total) == (["ada"], 1)


def test_conditions_compare_ints_lists_and_missing_values(db: Neo4jStore) -> None:
    db.upsert_nodes(
        [
            Node(Label.COHORT, "c1", {"name": "One", "declared_size": 30}),
            Node(Label.COHORT, "c2", {"name": "Two", "declared_size": 120}),
            Node(Label.COHORT, "c3", {"name": "Three"}),
            person("ada", roles=["researcher", "educator"]),
            person("bob"),
        ]
    )

    def keys(query: NodeQuery) -> list[str]:
        return [n.key for n in db.list_nodes(query).items]

    assert keys(NodeQuery(Label.COHORT, where=(Between("declared_size", 25, 100),))) == ["c1"]
    assert keys(NodeQuery(Label.COHORT, where=(Between("declared_size"),))) == ["c1", "c2"]
    assert keys(NodeQuery(Label.COHORT, where=(Eq("summary", None),))) == ["c1", "c2", "c3"]
    assert keys(NodeQuery(P, where=(Contains("roles", "educator"),))) == ["ada"]
    assert keys(NodeQuery(P, where=(Eq("roles", []),))) == ["bob"]
    assert keys(NodeQuery(Label.COHORT, order_by="declared_size", descending=True)) == [
        "c2",
        "c1",
        "c3",
    ]


@pytest.mark.parametrize(
    "condition",
    [
        Eq("discoverable", "yes"),
        Between("declared_size", "ten"),
        # The wrong kind on purpose: the store must refuse it at run time.
        Contains("roles", 3),  # type: ignore[arg-type]
    ],
)
def test_conditions_with_values_of_the_wrong_kind_are_invalid(
    db: Neo4jStore, condition: Eq | Between | Contains
) -> None:
    label = Label.COHORT if condition.prop == "declared_size" else P
    with pytest.raises(InvalidInput) as error:
        db.list_nodes(NodeQuery(label, where=(condition,)))
    assert error.value.field == condition.prop


# ---------------------------------------------------------------------- search


def test_search_words_follow_the_contract_not_lucene(db: Neo4jStore) -> None:
    # given names Lucene's own tokenizer would split differently
    db.upsert_nodes(
        [
            person("obrien", "Conan O'Brien"),
            Node(ORG, "todai", {"name": "東京大学", "summary": "The University of Tokyo"}),
            person("und", "Ana_Maria Ruiz"),
        ]
    )
    # then
    assert names(db.search("brien")) == ["obrien"]
    assert names(db.search("o'bri")) == ["obrien"]
    assert names(db.search("東京")) == ["todai"]
    assert names(db.search("maria")) == ["und"]
    assert names(db.search("TOKYO univ")) == ["todai"]
    assert names(db.search("name:ana")) == []


def test_search_follows_updates_and_removals(db: Neo4jStore) -> None:
    # given
    db.upsert_nodes([person("ada", "Ada Byron", headline="Poetical science")])
    # when the name changes and the headline goes
    batch = WriteBatch()
    batch.update_node(NodeRef(P, "ada"), {"name": "Ada Lovelace", "headline": None})
    db.apply(batch)
    # then
    assert names(db.search("lovelace")) == ["ada"]
    assert db.search("byron") == []
    assert db.search("poetical") == []
    # and when an upsert leaves the name out of nothing, the index keeps it
    db.upsert_nodes([person("ada", "Ada Lovelace", city="London")])
    assert names(db.search("ada")) == ["ada"]


def test_index_shadows_never_show_in_what_the_store_returns(db: Neo4jStore) -> None:
    # given a node whose name and headline are mirrored for the full-text index
    batch = WriteBatch()
    batch.upsert_nodes([person("ada", "Ada", headline="Engines"), project("engine")])
    batch.upsert_relationships([member("ada", NodeRef(PR, "engine"))])
    db.apply(batch)
    upsert = batch.ops[0]
    assert isinstance(upsert, UpsertNodes)
    written = upsert.nodes[0].props
    # when it is read back every way the store offers
    hop = Hop(RelType.MEMBER_OF, Direction.IN, P)
    seen = [
        db.get_node(NodeRef(P, "ada")),
        *(n for n in db.iter_nodes() if n.label is P),
        *db.list_nodes(NodeQuery(P)).items,
        *(hit.node for hit in db.search("engines", labels=[P])),
        *(n.node for n in db.neighbours(PR, ["engine"], hop)["engine"].items),
    ]
    # then each time it has exactly the properties written
    assert len(seen) == 5
    assert all(node.props == written for node in seen)


# ---------------------------------------------------------------- concurrency


def test_concurrent_batches_each_move_the_version_by_one(db: Neo4jStore) -> None:
    # given
    start = db.data_version()
    versions: list[int] = []
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            versions.append(db.upsert_nodes([person(f"p{i}-{j}") for j in range(50)]))
        except BaseException as error:
            errors.append(error)

    # when eight threads write at once while another reads
    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    totals = [db.list_nodes(NodeQuery(P, limit=0)).total for _ in range(5)]
    for thread in threads:
        thread.join()
    # then
    assert errors == []
    assert sorted(versions) == list(range(start + 1, start + 9))
    assert db.counts().nodes == {"Person": 400}
    assert all(t % 50 == 0 for t in totals)


# ---------------------------------------------------------- connections


class Relay:
    """A TCP relay to the real server, so that a test can cut the connection."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.closed = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                if self.closed:
                    client.close()
                    return
                upstream = socket.create_connection(self.target)
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass

    def cut(self) -> None:
        with self.lock:
            self.closed = True
        # Shutting the listener down wakes the thread blocked in accept().
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self.thread.join(timeout=5)


@pytest.fixture
def relay(neo4j_store: GraphStore) -> Iterator[Relay]:
    from urllib.parse import urlsplit

    address = urlsplit(neo4j_settings().neo4j_uri)
    relay = Relay(address.hostname or "127.0.0.1", address.port or 7687)
    yield relay
    relay.cut()


def test_a_server_that_goes_away_makes_the_store_unavailable(relay: Relay) -> None:
    # given a store connected through the relay
    settings = neo4j_settings()
    uri = f"bolt://127.0.0.1:{relay.port}"
    with Neo4jStore.connect(uri, settings.neo4j_user, settings.neo4j_password) as cut_off:
        cut_off.counts()
        # when the connection is cut
        relay.cut()
        # then reads and writes say so in one line
        with pytest.raises(Unavailable) as error:
            cut_off.counts()
        assert error.value.message.startswith(f"Neo4j is not reachable at {uri} (")
        assert "\n" not in error.value.message
        with pytest.raises(Unavailable) as write_error:
            cut_off.upsert_nodes([person("ada")])
        assert write_error.value.message.endswith("start it with `scripts/neo4j.sh start`")


def test_refused_credentials_are_unavailable(neo4j_store: GraphStore) -> None:
    # an unknown user, so that the server's lock-out of failed logins never hits 'neo4j'
    settings = neo4j_settings()
    with pytest.raises(Unavailable) as error:
        Neo4jStore.connect(settings.neo4j_uri, "convene-nobody", "not-the-password")
    assert error.value.message == (
        f"Neo4j at {settings.neo4j_uri} refused the credentials for user 'convene-nobody': "
        "check NEO4J_USER / NEO4J_PASSWORD"
    )


def test_an_unknown_database_is_unavailable(neo4j_store: GraphStore) -> None:
    settings = neo4j_settings()
    with pytest.raises(Unavailable) as error:
        Neo4jStore.connect(
            settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, database="nowhere"
        )
    assert "has no database 'nowhere'" in error.value.message


def test_a_closed_store_is_unavailable_and_closing_twice_is_fine() -> None:
    settings = neo4j_settings()
    try:
        closed = Neo4jStore.connect(
            settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password
        )
    except Unavailable as error:
        pytest.skip(f"Neo4j unavailable: {error.message}")
    closed.close()
    closed.close()
    with pytest.raises(Unavailable):
        closed.data_version()
