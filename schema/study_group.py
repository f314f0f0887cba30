"""``StudyGroup``: a study group inside a cohort, named for its perspective."""

from __future__ import annotations

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import program as hops
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
        hops.STUDY_GROUP_COHORT,
        CohortRef,
        "The cohort this study group is part of.",
    )

    members = relationship(
        hops.STUDY_GROUP_MEMBERS,
        MembershipConnection[PersonRef],
        "People in the study group; each edge has the role.",
    )
