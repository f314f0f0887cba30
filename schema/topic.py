"""``Topic``: an interest or skill, and who and what relates to it."""

from __future__ import annotations

from graph.model import Direction, Label, RelType
from graph.store import Hop
from schema.connection import Connection, SkillConnection
from schema.fields import node_type, relationship
from schema.node import NetworkNode
from schema.refs import ClusterRef, GatheringRef, PersonRef, ProjectRef

__all__ = ["TopicType"]


@node_type(Label.TOPIC)
class TopicType(NetworkNode):
    """A topic node."""

    interested_people = relationship(
        Hop(RelType.INTERESTED_IN, Direction.IN, Label.PERSON),
        Connection[PersonRef],
        "People interested in the topic.",
    )

    skilled_people = relationship(
        Hop(RelType.SKILLED_IN, Direction.IN, Label.PERSON),
        SkillConnection[PersonRef],
        "People skilled in the topic; each edge has the level.",
    )

    projects = relationship(
        Hop(RelType.ABOUT, Direction.IN, Label.PROJECT),
        Connection[ProjectRef],
        "Projects about the topic.",
    )

    needed_by = relationship(
        Hop(RelType.NEEDS, Direction.IN, Label.PROJECT),
        Connection[ProjectRef],
        "Projects that need this skill.",
    )

    gatherings = relationship(
        Hop(RelType.ABOUT, Direction.IN, Label.GATHERING),
        Connection[GatheringRef],
        "Gatherings about the topic.",
    )

    clusters = relationship(
        Hop(RelType.ABOUT, Direction.IN, Label.CLUSTER),
        Connection[ClusterRef],
        "Clusters about the topic.",
    )
