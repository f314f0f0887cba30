"""``Cohort``: learners going through a program together, and their study groups."""

from __future__ import annotations

from graph.model import Direction, Label, RelType
from graph.store import Hop
from schema.connection import Connection, MembershipConnection
from schema.fields import node_type, relationship, relationship_one
from schema.node import NetworkNode
from schema.refs import GatheringRef, PersonRef, ProgramRef, StudyGroupRef

__all__ = ["CohortType"]


@node_type(Label.COHORT)
class CohortType(NetworkNode):
    """A cohort node."""

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
