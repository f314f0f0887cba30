"""``StudyGroup``: a study group inside a cohort, named for its perspective."""

from __future__ import annotations

from graph.model import Direction, Label, RelType
from graph.store import Hop
from schema.connection import MembershipConnection
from schema.fields import node_type, relationship, relationship_one
from schema.node import NetworkNode
from schema.refs import CohortRef, PersonRef

__all__ = ["StudyGroupType"]


@node_type(Label.STUDY_GROUP)
class StudyGroupType(NetworkNode):
    """A study group node."""

    cohort = relationship_one(
        Hop(RelType.PART_OF, Direction.OUT, Label.COHORT),
        CohortRef,
        "The cohort this study group is part of.",
    )

    members = relationship(
        Hop(RelType.MEMBER_OF, Direction.IN, Label.PERSON),
        MembershipConnection[PersonRef],
        "People in the study group; each edge has the role.",
    )
