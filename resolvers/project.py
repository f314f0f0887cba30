"""Projects: their hops and team membership writes."""

from __future__ import annotations

import datetime as dt

from graph.model import Direction, Label, NodeRef, Relationship, RelRef, RelType
from graph.store import Hop
from resolvers.context import Context
from resolvers.mutations import WriteResult, link, unlink

__all__ = [
    "GATHERINGS",
    "MEMBERS",
    "NEEDS",
    "TOPICS",
    "add_member",
    "remove_member",
]

MEMBERS = Hop(RelType.MEMBER_OF, Direction.IN, Label.PERSON)
GATHERINGS = Hop(RelType.WORKED_ON_AT, Direction.OUT, Label.GATHERING)
TOPICS = Hop(RelType.ABOUT, Direction.OUT, Label.TOPIC)
NEEDS = Hop(RelType.NEEDS, Direction.OUT, Label.TOPIC)

_FIELDS = {Label.PERSON: "person", Label.PROJECT: "project"}


async def add_member(
    context: Context, project: str, person: str, role: str | None, since: dt.date | None
) -> WriteResult:
    """Put a person on a project team (or update their role and since date)."""
    props = {name: value for name, value in (("role", role), ("since", since)) if value is not None}
    rel = Relationship(
        RelType.MEMBER_OF, NodeRef(Label.PERSON, person), NodeRef(Label.PROJECT, project), props
    )
    return await link(context, rel, _FIELDS)


async def remove_member(context: Context, project: str, person: str) -> WriteResult:
    """Take a person off a project team; ``NOT_FOUND`` when they are not on it."""
    ref = RelRef(RelType.MEMBER_OF, NodeRef(Label.PERSON, person), NodeRef(Label.PROJECT, project))
    return await unlink(context, ref, _FIELDS)
