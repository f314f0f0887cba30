"""``Program``: a learning program, its cohorts, students and supporters."""

from __future__ import annotations

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import program as hops
from schema.connection import (
    Connection,
    EnrollmentConnection,
    PartnershipConnection,
    SupportConnection,
)
from schema.fields import property_field, relationship
from schema.node import NetworkNode
from schema.refs import CohortRef, OrganizationRef, PersonRef

__all__ = ["ProgramType"]

_PG = Label.PROGRAM


@strawberry.type(name="Program", description=NODE_SPECS[Label.PROGRAM].description)
class ProgramType(NetworkNode):
    """A program node."""

    summary = property_field(_PG, "summary")

    cohorts = relationship(
        hops.PROGRAM_COHORTS,
        Connection[CohortRef],
        "Cohorts of the program.",
    )

    supporters = relationship(
        hops.PROGRAM_SUPPORTERS,
        SupportConnection[OrganizationRef],
        "Organizations that support the program; each edge has the "
        "kind of support (funder, partner, ...).",
    )

    leads = relationship(
        hops.PROGRAM_LEADS,
        Connection[OrganizationRef],
        "Organizations that lead the program.",
    )

    partners = relationship(
        hops.PROGRAM_PARTNERS,
        PartnershipConnection[OrganizationRef],
        "Partner organizations; each edge has the partner's role.",
    )

    students = relationship(
        hops.PROGRAM_STUDENTS,
        EnrollmentConnection[PersonRef],
        "People enrolled in the program; each edge has the track.",
    )
