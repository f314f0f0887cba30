"""``StudyGroup``: a study group inside a cohort, named for its perspective."""

from __future__ import annotations

import strawberry

from graph.model import NODE_SPECS, Direction, Label, RelType
from graph.store import Hop
from schema.connection import MembershipConnection
from schema.fields import property_field, relationship, relationship_one
from schema.node import NetworkNode
from schema.refs import CohortRef, PersonRef

__all__ = ["StudyGroupType"]


@strawberry.type(name="StudyGroup", description=NODE_SPECS[Label.STUDY_GROUP].description)
class StudyGroupType(NetworkNode):
    """A study group node."""

    summary = property_field(Label.STUDY_GROUP, "summary")

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
