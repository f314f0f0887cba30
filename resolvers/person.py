"""People: their relationship hops, the filters of ``people`` and the writes about them."""

from __future__ import annotations

import datetime as dt

from graph.model import (
    AttendanceMode,
    Direction,
    Label,
    Node,
    NodeRef,
    Relationship,
    RelType,
    Role,
)
from graph.store import Condition, Contains, Eq, Hop
from resolvers.conditions import related_to
from resolvers.mutations import Problem, WriteResult, link, update_node
from schema.context import Context

__all__ = [
    "COHORTS",
    "GATHERINGS",
    "INTERESTS",
    "ORGANIZATIONS",
    "PROGRAMS",
    "PROJECTS",
    "SKILLS",
    "STUDY_GROUPS",
    "affiliate",
    "people_conditions",
    "record_attendance",
    "set_consent",
]

PROJECTS = Hop(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT)
STUDY_GROUPS = Hop(RelType.MEMBER_OF, Direction.OUT, Label.STUDY_GROUP)
COHORTS = Hop(RelType.MEMBER_OF, Direction.OUT, Label.COHORT)
ORGANIZATIONS = Hop(RelType.AFFILIATED_WITH, Direction.OUT, Label.ORGANIZATION)
GATHERINGS = Hop(RelType.ATTENDED, Direction.OUT, Label.GATHERING)
PROGRAMS = Hop(RelType.ENROLLED_IN, Direction.OUT, Label.PROGRAM)
INTERESTS = Hop(RelType.INTERESTED_IN, Direction.OUT, Label.TOPIC)
SKILLS = Hop(RelType.SKILLED_IN, Direction.OUT, Label.TOPIC)


def people_conditions(
    *,
    role: Role | None = None,
    country: str | None = None,
    organization: str | None = None,
    project: str | None = None,
    gathering: str | None = None,
    topic: str | None = None,
    skill: str | None = None,
) -> list[Condition]:
    """The store conditions of a ``people`` filter; every given filter must hold.

    >>> people_conditions(role=Role.RESEARCHER, country="US")
    [Contains(prop='roles', value='researcher'), Eq(prop='country', value='US')]
    """
    out: list[Condition] = []
    if role is not None:
        out.append(Contains("roles", role.value))
    if country is not None:
        out.append(Eq("country", country))
    out += related_to(
        RelType.AFFILIATED_WITH, Direction.OUT, Label.ORGANIZATION, organization, "organization"
    )
    out += related_to(RelType.MEMBER_OF, Direction.OUT, Label.PROJECT, project, "project")
    out += related_to(RelType.ATTENDED, Direction.OUT, Label.GATHERING, gathering, "gathering")
    out += related_to(RelType.INTERESTED_IN, Direction.OUT, Label.TOPIC, topic, "topic")
    out += related_to(RelType.SKILLED_IN, Direction.OUT, Label.TOPIC, skill, "skill")
    return out


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
    props: dict[str, object] = {"mode": mode.value, "credits": credits}
    if role is not None:
        props["role"] = role
    rel = Relationship(
        RelType.ATTENDED,
        NodeRef(Label.PERSON, person),
        NodeRef(Label.GATHERING, gathering),
        props,
    )
    return await link(context, rel, {Label.PERSON: "person", Label.GATHERING: "gathering"})


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
    props = {
        name: value
        for name, value in (("title", title), ("since", since), ("until", until))
        if value is not None
    }
    rel = Relationship(
        RelType.AFFILIATED_WITH,
        NodeRef(Label.PERSON, person),
        NodeRef(Label.ORGANIZATION, organization),
        props,
    )
    return await link(context, rel, {Label.PERSON: "person", Label.ORGANIZATION: "organization"})


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
