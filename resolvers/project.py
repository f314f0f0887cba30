"""Projects: their hops, the filters of ``projects`` and team membership writes."""

from __future__ import annotations

import datetime as dt

from graph.model import Direction, Label, NodeRef, Relationship, RelRef, RelType, Stage
from graph.store import Condition, Eq, Hop
from resolvers.conditions import between, related_to
from resolvers.context import Context
from resolvers.mutations import WriteResult, link, unlink

__all__ = [
    "GATHERINGS",
    "MEMBERS",
    "NEEDS",
    "TOPICS",
    "add_member",
    "projects_conditions",
    "remove_member",
]

MEMBERS = Hop(RelType.MEMBER_OF, Direction.IN, Label.PERSON)
GATHERINGS = Hop(RelType.WORKED_ON_AT, Direction.OUT, Label.GATHERING)
TOPICS = Hop(RelType.ABOUT, Direction.OUT, Label.TOPIC)
NEEDS = Hop(RelType.NEEDS, Direction.OUT, Label.TOPIC)

_FIELDS = {Label.PERSON: "person", Label.PROJECT: "project"}


def projects_conditions(
    *,
    stage: Stage | None = None,
    topic: str | None = None,
    gathering: str | None = None,
    started_from: dt.date | None = None,
    started_to: dt.date | None = None,
) -> list[Condition]:
    """The store conditions of a ``projects`` filter; every given filter must hold.

    >>> projects_conditions(stage=Stage.PILOT)
    [Eq(prop='stage', value='pilot')]
    """
    out: list[Condition] = []
    if stage is not None:
        out.append(Eq("stage", stage.value))
    out += related_to(RelType.ABOUT, Direction.OUT, Label.TOPIC, topic, "topic")
    out += related_to(RelType.WORKED_ON_AT, Direction.OUT, Label.GATHERING, gathering, "gathering")
    out += between("started", started_from, started_to)
    return out


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
