"""``Program``: a learning program, its cohorts, students and supporters."""

from __future__ import annotations

from graph.model import Direction, Label, RelType
from graph.store import Hop
from schema.connection import (
    Connection,
    EnrollmentConnection,
    PartnershipConnection,
    SupportConnection,
)
from schema.fields import node_type, relationship
from schema.node import NetworkNode
from schema.refs import CohortRef, OrganizationRef, PersonRef

__all__ = ["ProgramType"]


@node_type(Label.PROGRAM)
class ProgramType(NetworkNode):
    """A program node."""

    cohorts = relationship(
        Hop(RelType.PART_OF, Direction.IN, Label.COHORT),
        Connection[CohortRef],
        "Cohorts of the program.",
    )

    supporters = relationship(
        Hop(RelType.SUPPORTS, Direction.IN, Label.ORGANIZATION),
        SupportConnection[OrganizationRef],
        "Organizations that support the program; each edge has the "
        "kind of support (funder, partner, ...).",
    )

    leads = relationship(
        Hop(RelType.LEADS, Direction.IN, Label.ORGANIZATION),
        Connection[OrganizationRef],
        "Organizations that lead the program.",
    )

    partners = relationship(
        Hop(RelType.PARTNERED_IN, Direction.IN, Label.ORGANIZATION),
        PartnershipConnection[OrganizationRef],
        "Partner organizations; each edge has the partner's role.",
    )

    students = relationship(
        Hop(RelType.ENROLLED_IN, Direction.IN, Label.PERSON),
        EnrollmentConnection[PersonRef],
        "People enrolled in the program; each edge has the track.",
    )
