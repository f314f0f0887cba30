"""``Cohort``: learners going through a program together, and their study groups."""

from __future__ import annotations

import datetime as dt

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import program as hops
from schema.connection import Connection, MembershipConnection, as_date
from schema.fields import relationship, relationship_one
from schema.node import NetworkNode, describe, optional_text
from schema.refs import GatheringRef, PersonRef, ProgramRef, StudyGroupRef

__all__ = ["CohortType"]

_CO = Label.COHORT


@strawberry.type(name="Cohort", description=NODE_SPECS[Label.COHORT].description)
class CohortType(NetworkNode):
    """A cohort node."""

    @strawberry.field(description=describe(_CO, "summary"))
    def summary(self) -> str | None:
        return optional_text(self.model.get("summary"))

    @strawberry.field(description=describe(_CO, "starts"))
    def starts(self) -> dt.date | None:
        return as_date(self.model.get("starts"))

    @strawberry.field(description=describe(_CO, "ends"))
    def ends(self) -> dt.date | None:
        return as_date(self.model.get("ends"))

    @strawberry.field(description=describe(_CO, "declared_size"))
    def declared_size(self) -> int | None:
        size = self.model.get("declared_size")
        return None if size is None else int(size)

    program = relationship_one(
        hops.COHORT_PROGRAM,
        ProgramRef,
        "The program this cohort belongs to.",
    )

    members = relationship(
        hops.COHORT_MEMBERS,
        MembershipConnection[PersonRef],
        "People in the cohort; each edge has the role.",
    )

    study_groups = relationship(
        hops.COHORT_STUDY_GROUPS,
        Connection[StudyGroupRef],
        "Study groups inside the cohort.",
    )

    gatherings = relationship(
        hops.COHORT_GATHERINGS,
        Connection[GatheringRef],
        "Gatherings where the cohort met (its kickoff).",
    )
