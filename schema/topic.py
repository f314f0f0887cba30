"""``Topic``: an interest or skill, and who and what relates to it."""

from __future__ import annotations

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import topic as hops
from schema.connection import Connection, SkillConnection
from schema.fields import relationship
from schema.node import NetworkNode
from schema.refs import ClusterRef, GatheringRef, PersonRef, ProjectRef

__all__ = ["TopicType"]


@strawberry.type(name="Topic", description=NODE_SPECS[Label.TOPIC].description)
class TopicType(NetworkNode):
    """A topic node."""

    interested_people = relationship(
        hops.INTERESTED,
        Connection[PersonRef],
        "People interested in the topic.",
    )

    skilled_people = relationship(
        hops.SKILLED,
        SkillConnection[PersonRef],
        "People skilled in the topic; each edge has the level.",
    )

    projects = relationship(
        hops.PROJECTS,
        Connection[ProjectRef],
        "Projects about the topic.",
    )

    needed_by = relationship(
        hops.NEEDED_BY,
        Connection[ProjectRef],
        "Projects that need this skill.",
    )

    gatherings = relationship(
        hops.GATHERINGS,
        Connection[GatheringRef],
        "Gatherings about the topic.",
    )

    clusters = relationship(
        hops.CLUSTERS,
        Connection[ClusterRef],
        "Clusters about the topic.",
    )
