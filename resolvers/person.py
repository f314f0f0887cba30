"""People: the writes about them, their personal data and their erasure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from access.tokens import forget_person_tokens, person_tokens
from graph.model import REL_SPECS, AttendanceMode, Direction, Label, Node, NodeRef, RelType
from graph.store import GraphStore, Hop
from graph.validation import validate_key
from resolvers.context import Context
from resolvers.loaders import call_store
from resolvers.mutations import Problem, WriteResult, delete_node, link, update_node
from resolvers.visibility import is_visible

__all__ = [
    "PERSON_HOPS",
    "affiliate",
    "erase_person",
    "personal_data",
    "record_attendance",
    "set_consent",
]


PERSON_HOPS: tuple[Hop, ...] = tuple(
    dict.fromkeys(
        hop
        for spec in REL_SPECS.values()
        for start, end in spec.ends
        for hop in (
            *([Hop(spec.type, Direction.OUT, end)] if start is Label.PERSON else []),
            *([Hop(spec.type, Direction.IN, start)] if end is Label.PERSON else []),
        )
    )
)
"""Every kind of relationship a person can have, as hops from the person."""


async def record_attendance(
    context: Context,
    person: str,
    gathering: str,
    mode: AttendanceMode,
    credits: int | None,
    role: str | None,
) -> WriteResult:
    """Record (or correct) how a person took part in a gathering, by the EDT 630 rules.

    Plain attendance is recorded with 0 credits, so correcting a credited attendance
    to plain attendance never leaves the old credits behind.
    """
    if mode is AttendanceMode.ATTENDEE and credits is None:
        credits = 0
    ends = {
        "person": NodeRef(Label.PERSON, person),
        "gathering": NodeRef(Label.GATHERING, gathering),
    }
    return await link(
        context, RelType.ATTENDED, ends, {"mode": mode, "credits": credits, "role": role}
    )


async def affiliate(
    context: Context,
    person: str,
    organization: str,
    title: str | None,
    since: dt.date | None,
    until: dt.date | None,
) -> WriteResult:
    """Record that a person works for or with an organization (merging into a record)."""
    if since is not None and until is not None and until < since:
        return WriteResult([Problem("until", "must not be before since", "INVALID")])
    ends = {
        "person": NodeRef(Label.PERSON, person),
        "organization": NodeRef(Label.ORGANIZATION, organization),
    }
    props = {"title": title, "since": since, "until": until}
    return await link(context, RelType.AFFILIATED_WITH, ends, props)


async def set_consent(
    context: Context, person: str, discoverable: bool | None, exportable: bool | None
) -> tuple[WriteResult, Node | None]:
    """Set a person's consent flags (the ones given)."""
    props = {
        name: value
        for name, value in (("discoverable", discoverable), ("exportable", exportable))
        if value is not None
    }
    return await update_node(context, Label.PERSON, person, props, key_field="person")


async def personal_data(context: Context, key: str) -> dict[str, Any] | None:
    """Everything stored about a person, as plain JSON values; ``None`` when there is no
    such person. The caller checks that the viewer may ask
    (:func:`resolvers.visibility.may_export_person`).

    The person's node with every property (private ones included), each relationship
    with its properties and the node at its other end (leaving out other people
    hidden from the viewer: their opt-out is theirs), and the tokens bound to them
    (never their secrets).
    """
    validate_key(key, "person")
    viewer = context.viewer

    def read(store: GraphStore) -> tuple[Node | None, list[dict[str, Any]]]:
        node = store.get_nodes([NodeRef(Label.PERSON, key)])[0]
        if node is None:
            return None, []
        relationships: list[dict[str, Any]] = []
        for hop in PERSON_HOPS:
            page = store.neighbours(Label.PERSON, [key], hop).get(key)
            for found in page.items if page is not None else []:
                if not is_visible(viewer, found.node):
                    continue
                relationships.append(
                    {
                        "type": hop.rel_type.value,
                        "direction": "outgoing" if hop.direction is Direction.OUT else "incoming",
                        "other": {
                            "label": found.node.label.value,
                            "key": found.node.key,
                            "name": found.node.get("name"),
                        },
                        "properties": dict(found.rel_props),
                    }
                )
        return node, relationships

    node, relationships = await call_store(read, context.store)
    if node is None:
        return None
    tokens = await call_store(person_tokens, context.settings.data_dir, key)
    return {
        "person": {"label": node.label.value, "key": node.key, "properties": dict(node.props)},
        "relationships": relationships,
        "tokens": [
            {
                "name": token.name,
                "role": token.role.value,
                "createdAt": token.created_at,
                "expiresAt": token.expires_at,
                "lastUsedAt": token.last_used_at,
                "revokedAt": token.revoked_at,
            }
            for token in tokens
        ],
    }


async def erase_person(context: Context, key: str) -> WriteResult:
    """Erase a person: the node and its relationships, every token bound to them, and
    every change log entry that names them (:meth:`graph.store.GraphStore.forget`).

    Erasing someone already deleted still clears their log entries and tokens;
    ``NOT_FOUND`` only when none of the three held anything about them.
    """
    result = await delete_node(context, Label.PERSON, key)
    if not result.ok and {p.code for p in result.problems} != {"NOT_FOUND"}:
        return result
    blanked = await call_store(context.store.forget, NodeRef(Label.PERSON, key))
    removed = await call_store(forget_person_tokens, context.settings.data_dir, key)
    if result.ok or blanked or removed:
        return WriteResult([])
    return result
