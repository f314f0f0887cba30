"""Who may see whom: private properties and people who chose not to be discoverable.

A person with ``discoverable: false`` is visible only to admins and to their own token.
Listings, search and relationship fields push the condition into the store query, so
``totalCount`` counts only what the viewer may see; lookups by key or id check the
node they got.

Examples
--------
>>> from access.viewer import Role, Viewer
>>> hidden = Node(Label.PERSON, "ada", {"name": "Ada", "discoverable": False})
>>> ada_herself = Viewer(Role.READER, person_key="ada")
>>> is_visible(Viewer.anonymous(), hidden), is_visible(ada_herself, hidden)
(False, True)
>>> conditions_for(Viewer.anonymous(), Label.PERSON)
(Eq(prop='discoverable', value=True),)
"""

from __future__ import annotations

from typing import Any

from access.viewer import Viewer
from graph.model import Label, Node
from graph.store import Condition, Eq

__all__ = ["conditions_for", "is_visible", "private_value", "search_conditions"]

_DISCOVERABLE: tuple[Condition, ...] = (Eq("discoverable", True),)


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
    if node.label is not Label.PERSON or node.get("discoverable") is True:
        return True
    return viewer.can_see_private_of(node.key)


def private_value(viewer: Viewer, node: Node, prop: str) -> Any:
    """A private property's value for its owner and admins; None for everyone else."""
    if viewer.is_admin or (node.label is Label.PERSON and viewer.can_see_private_of(node.key)):
        return node.get(prop)
    return None
