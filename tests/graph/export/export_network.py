"""A small network with every kind of value, an email, and a person who opted out."""

from __future__ import annotations

from typing import Any

from graph.model import NODE_SPECS, REL_SPECS, Label, Node, NodeRef, Relationship, RelType
from graph.store import GraphStore
from tests.stores import ConcreteStore

P, ORG, PR, G, T, CO = (
    Label.PERSON,
    Label.ORGANIZATION,
    Label.PROJECT,
    Label.GATHERING,
    Label.TOPIC,
    Label.COHORT,
)
HIDDEN = "hal"
EMAIL = "ada@example.org"

NODES = [
    Node(
        P,
        "ada",
        {
            "name": "Ada",
            "roles": ["educator", "researcher"],
            "email": EMAIL,
            "headline": 'Line one\nline "two" & <three> \u00e9\u2603',
            "country": "FI",
        },
    ),
    Node(P, "bo", {"name": "Bo", "source": 'doc.txt: "Bo"'}),
    Node(P, HIDDEN, {"name": "Hal", "exportable": False, "email": "hal@example.org"}),
    Node(ORG, "uni", {"name": "Uni", "sectors": ["education", "research"], "kind": "university"}),
    Node(PR, "loom", {"name": "Loom", "started": "2021-03-01", "stage": "pilot"}),
    Node(G, "summit", {"name": "Summit", "starts": "2019-05-01", "ends": "2019-05-04"}),
    Node(CO, "c1", {"name": "Cohort 1", "declared_size": 40, "starts": "2020-01-10"}),
    Node(T, "ml", {"name": "ML"}),
]


def _ref(label: Label, key: str) -> NodeRef:
    return NodeRef(label, key)


RELS = [
    Relationship(
        RelType.MEMBER_OF, _ref(P, "ada"), _ref(PR, "loom"), {"since": "2021-04-01", "role": "lead"}
    ),
    Relationship(RelType.MEMBER_OF, _ref(P, "bo"), _ref(PR, "loom")),
    Relationship(RelType.MEMBER_OF, _ref(P, HIDDEN), _ref(PR, "loom")),
    Relationship(RelType.MEMBER_OF, _ref(P, "bo"), _ref(CO, "c1")),
    Relationship(
        RelType.AFFILIATED_WITH,
        _ref(P, "ada"),
        _ref(ORG, "uni"),
        {"since": "2015-01-01", "until": "2022-06-30"},
    ),
    Relationship(RelType.AFFILIATED_WITH, _ref(P, HIDDEN), _ref(ORG, "uni")),
    Relationship(
        RelType.ATTENDED, _ref(P, "ada"), _ref(G, "summit"), {"mode": "joined_team", "credits": 3}
    ),
    Relationship(RelType.INTERESTED_IN, _ref(P, "ada"), _ref(T, "ml")),
    Relationship(RelType.SKILLED_IN, _ref(P, "ada"), _ref(T, "ml"), {"level": 4}),
    Relationship(RelType.NEEDS, _ref(PR, "loom"), _ref(T, "ml")),
    Relationship(RelType.HOSTED, _ref(ORG, "uni"), _ref(G, "summit")),
]


def fill(store: ConcreteStore) -> None:
    with store.transaction() as tx:
        tx.upsert_nodes(NODES)
        tx.upsert_relationships(RELS)


def exported_props(owner: Label | RelType, props: dict[str, Any]) -> dict[str, Any]:
    """What an export should carry: public properties with the model's defaults filled
    in, ``source`` as ``citation``."""
    specs = NODE_SPECS[owner].props if isinstance(owner, Label) else REL_SPECS[owner].props
    full = {s.name: list(s.default) if isinstance(s.default, tuple) else s.default for s in specs}
    full.update(props)
    return {
        ("citation" if s.name == "source" else s.name): full[s.name]
        for s in specs
        if not s.private and full[s.name] is not None
    }


def expected(store: GraphStore) -> tuple[dict[str, Node], dict[tuple[str, str, str], Relationship]]:
    """The store's nodes and relationships that an export must hold, by export id."""
    nodes = {
        f"{n.label.value}:{n.key}": Node(n.label, n.key, exported_props(n.label, dict(n.props)))
        for n in store.iter_nodes()
        if not (n.label is Label.PERSON and n.props.get("exportable") is False)
    }
    rels = {
        (
            r.type.value,
            f"{r.start.label.value}:{r.start.key}",
            f"{r.end.label.value}:{r.end.key}",
        ): Relationship(r.type, r.start, r.end, exported_props(r.type, dict(r.props)))
        for r in store.iter_relationships()
        if HIDDEN not in (r.start.key, r.end.key)
    }
    return nodes, rels


def text(value: Any) -> str:
    """A value as the text formats write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)
