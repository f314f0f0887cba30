"""Who may see whom, and who may change what about a person: the one place for both.

A person with ``discoverable: false`` is visible only to admins and to their own token.
Listings, search and relationship fields push the condition into the store query, so
``totalCount`` counts only what the viewer may see; lookups by key or id check the
node they got.

Writes follow the same rule (:func:`check_write`, called by every mutation): a person
hidden from the viewer is answered exactly as a missing one (``NOT_FOUND``, same
message), so no write can act on them or reveal them. A person's consent
(``discoverable``, ``exportable``) and private properties (``email``) belong to the
person: only their own token and admins may change them (consent may be given when a
person is created, since there is no earlier choice to override).

Examples
--------
>>> from access.viewer import AccessRole, Viewer
>>> hidden = Node(Label.PERSON, "ada", {"name": "Ada", "discoverable": False})
>>> ada_herself = Viewer(AccessRole.READER, person_key="ada")
>>> is_visible(Viewer.anonymous(), hidden), is_visible(ada_herself, hidden)
(False, True)
>>> conditions_for(Viewer.anonymous(), Label.PERSON)
(Eq(prop='discoverable', value=True),)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from access.viewer import Viewer
from graph.model import NODE_SPECS, Label, Node, NodeRef, RelRef
from graph.projection import Network, person_id
from graph.store import (
    Condition,
    CreateNodes,
    DeleteNodes,
    DeleteRelationships,
    Eq,
    NotFound,
    UpdateNode,
    UpsertNodes,
    UpsertRelationships,
    WriteBatch,
)

__all__ = [
    "CONSENT_PROPS",
    "PRIVATE_PROPS",
    "Refused",
    "check_may_ask_about",
    "check_write",
    "conditions_for",
    "is_visible",
    "may_export_person",
    "may_see_person",
    "people_acted_on",
    "private_value",
    "search_conditions",
]

_DISCOVERABLE: tuple[Condition, ...] = (Eq("discoverable", True),)

CONSENT_PROPS = frozenset({"discoverable", "exportable"})
"""A person's consent flags: theirs (and admins') to change."""

PRIVATE_PROPS = frozenset(p.name for p in NODE_SPECS[Label.PERSON].props if p.private)
"""A person's private properties: read and written only by the person and admins."""


class Refused(Exception):
    """A write the viewer may not make; ``field`` names the property at fault.

    >>> Refused("email", "no").code
    'FORBIDDEN'
    """

    code = "FORBIDDEN"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def conditions_for(viewer: Viewer, label: Label) -> tuple[Condition, ...]:
    """The conditions that hide from ``viewer`` the nodes of ``label`` it may not see."""
    if label is Label.PERSON and not viewer.is_admin:
        return _DISCOVERABLE
    return ()


def search_conditions(viewer: Viewer) -> dict[Label, list[Condition]]:
    """The per-label conditions of a search run for ``viewer``."""
    return {label: list(conds) for label in Label if (conds := conditions_for(viewer, label))}


def is_visible(viewer: Viewer, node: Node) -> bool:
    """Whether ``viewer`` may see ``node`` at all."""
    if node.label is not Label.PERSON:
        return True
    return may_see_person(viewer, node.key, discoverable=node.get("discoverable") is True)


def may_see_person(viewer: Viewer, key: str, *, discoverable: bool) -> bool:
    """Whether ``viewer`` may see (and ask about) the person ``key``: everyone may see
    a discoverable person; only admins and the person's own token one who opted out.

    >>> from access.viewer import AccessRole
    >>> may_see_person(Viewer(AccessRole.EDITOR), "hal", discoverable=False)
    False
    >>> may_see_person(Viewer(AccessRole.ADMIN), "hal", discoverable=False)
    True
    """
    return discoverable or viewer.can_see_private_of(key)


def check_may_ask_about(viewer: Viewer, network: Network, key: str) -> None:
    """Refuse (as not found) a question about the person ``key`` asked of ``network``
    (their suggestions, their paths, their ego network) when they opted out and the
    viewer is neither them nor an admin; the answer is the one for a missing person.

    >>> from access.viewer import AccessRole
    >>> from graph.projection import build_network
    >>> hidden = Node(Label.PERSON, "ada", {"name": "Ada", "discoverable": False})
    >>> network = build_network([hidden], [])
    >>> check_may_ask_about(Viewer(AccessRole.ADMIN), network, "ada")
    >>> check_may_ask_about(Viewer.anonymous(), network, "ada")
    Traceback (most recent call last):
    ...
    graph.store.NotFound: Person 'ada' does not exist
    """
    node = person_id(key)
    opted_out = network.has(node, Label.PERSON) and not network.is_visible(node)
    if opted_out and not may_see_person(viewer, key, discoverable=False):
        raise NotFound(NodeRef(Label.PERSON, key))


def private_value(viewer: Viewer, node: Node, prop: str) -> Any:
    """A private property's value for its owner and admins; None for everyone else."""
    if viewer.is_admin or (node.label is Label.PERSON and viewer.can_see_private_of(node.key)):
        return node.get(prop)
    return None


def may_export_person(viewer: Viewer, person_key: str) -> bool:
    """Whether ``viewer`` may read everything stored about a person (their own token,
    or an admin); the answer never depends on whether the person exists.

    >>> may_export_person(Viewer.anonymous(), "ada")
    False
    """
    return viewer.can_see_private_of(person_key)


def people_acted_on(batch: WriteBatch) -> list[NodeRef]:
    """The existing people a batch would change, delete or link (each once).

    >>> from graph.model import Relationship, RelType
    >>> batch = WriteBatch()
    >>> batch.upsert_relationships([Relationship(RelType.MEMBER_OF,
    ...     NodeRef(Label.PERSON, "ada"), NodeRef(Label.PROJECT, "loom"))])
    >>> [ref.key for ref in people_acted_on(batch)]
    ['ada']
    """
    refs: list[NodeRef] = []
    for op in batch.ops:
        if isinstance(op, UpdateNode):
            refs.append(op.ref)
        elif isinstance(op, UpsertNodes):
            refs += [node.ref for node in op.nodes]
        elif isinstance(op, DeleteNodes):
            refs += op.refs
        elif isinstance(op, UpsertRelationships):
            refs += [end for rel in op.rels for end in (rel.start, rel.end)]
        elif isinstance(op, DeleteRelationships):
            refs += [end for ref in op.refs for end in (ref.start, ref.end)]
    return list(dict.fromkeys(ref for ref in refs if ref.label is Label.PERSON))


def check_write(viewer: Viewer, batch: WriteBatch, people: Mapping[NodeRef, Node | None]) -> None:
    """Refuse a write the viewer may not make, before anything is written.

    Parameters
    ----------
    viewer
        Who writes.
    batch
        The checked batch.
    people
        The current nodes of :func:`people_acted_on` (``None`` for a missing one).

    Raises
    ------
    graph.store.NotFound
        The batch acts on a person hidden from the viewer: the same error (and
        message) the store gives for a person who does not exist.
    Refused
        The batch sets a person's consent or private property, and the viewer is
        neither that person nor an admin.

    Examples
    --------
    >>> from access.viewer import AccessRole
    >>> hal = Node(Label.PERSON, "hal", {"name": "Hal", "discoverable": False})
    >>> batch = WriteBatch()
    >>> batch.update_node(hal.ref, {"name": "Hal H."})
    >>> try:
    ...     check_write(Viewer(AccessRole.EDITOR), batch, {hal.ref: hal})
    ... except NotFound as error:
    ...     print(error.message)
    Person 'hal' does not exist
    >>> check_write(Viewer(AccessRole.READER, person_key="hal"), batch, {hal.ref: hal})
    """
    for op in batch.ops:
        if isinstance(op, UpdateNode):
            _reachable(viewer, op.ref, people, op.ref)
            _check_props(viewer, op.ref, op.props, creating=False)
        elif isinstance(op, CreateNodes):
            for node in op.nodes:
                _check_props(viewer, node.ref, node.props, creating=True)
        elif isinstance(op, UpsertNodes):
            for node in op.nodes:
                existing = people.get(node.ref)
                if existing is not None:
                    _reachable(viewer, node.ref, people, node.ref)
                _check_props(viewer, node.ref, node.props, creating=existing is None)
        elif isinstance(op, DeleteNodes):
            for ref in op.refs:
                _reachable(viewer, ref, people, ref)
        elif isinstance(op, UpsertRelationships):
            for rel in op.rels:
                _reachable(viewer, rel.start, people, rel.start)
                _reachable(viewer, rel.end, people, rel.end)
        elif isinstance(op, DeleteRelationships):
            for rel_ref in op.refs:
                # A missing end makes the store report the relationship as missing.
                _reachable(viewer, rel_ref.start, people, rel_ref)
                _reachable(viewer, rel_ref.end, people, rel_ref)


def _reachable(
    viewer: Viewer,
    ref: NodeRef,
    people: Mapping[NodeRef, Node | None],
    reported: NodeRef | RelRef,
) -> None:
    if ref.label is not Label.PERSON:
        return
    # Missing and hidden answer alike, and before any other check, so that no later
    # error (a refused property, say) tells one from the other.
    node = people.get(ref)
    if node is None or not is_visible(viewer, node):
        raise NotFound(reported)


def _check_props(viewer: Viewer, ref: NodeRef, props: Mapping[str, Any], *, creating: bool) -> None:
    if ref.label is not Label.PERSON or viewer.can_see_private_of(ref.key):
        return
    for name in props:
        if name in PRIVATE_PROPS:
            raise Refused(name, f"only the person themself or an admin may set {name}")
        if name in CONSENT_PROPS and not creating:
            raise Refused(
                name,
                "only the person themself (with their own token) or an admin may "
                "change their consent",
            )
