"""``Cohort``: learners going through a program together, and their study groups."""

from __future__ import annotations

import strawberry

from graph.model import NODE_SPECS, Direction, Label, RelType
from graph.store import Hop
from schema.connection import Connection, MembershipConnection
from schema.fields import property_field, relationship, relationship_one
from schema.node import NetworkNode
from schema.refs import GatheringRef, PersonRef, ProgramRef, StudyGroupRef

__all__ = ["CohortType"]

_CO = Label.COHORT


@strawberry.type(name="Cohort", description=NODE_SPECS[Label.COHORT].description)
class CohortType(NetworkNode):
    """A cohort node."""

    summary = property_field(_CO, "summary")
    starts = property_field(_CO, "starts")
    ends = property_field(_CO, "ends")
    declared_size = property_field(_CO, "declared_size")

    program = relationship_one(
        Hop(RelType.PART_OF, Direction.OUT, Label.PROGRAM),
        ProgramRef,
        "The program this cohort belongs to.",
    )

    members = relationship(
        Hop(RelType.MEMBER_OF, Direction.IN, Label.PERSON),
        MembershipConnection[PersonRef],
        "People in the cohort; each edge has the role.",
    )

    study_groups = relationship(
        Hop(RelType.PART_OF, Direction.IN, Label.STUDY_GROUP),
        Connection[StudyGroupRef],
        "Study groups inside the cohort.",
    )

    gatherings = relationship(
        Hop(RelType.CONVENED_AT, Direction.OUT, Label.GATHERING),
        Connection[GatheringRef],
        "Gatherings where the cohort met (its kickoff).",
    )
