"""``Organization``: a university, school, district, company, ... or a part of one."""

from __future__ import annotations

from graph.model import Direction, Label, RelType
from graph.store import Hop
from schema.connection import (
    AffiliationConnection,
    Connection,
    PartnershipConnection,
    SectorMembershipConnection,
    SupportConnection,
)
from schema.fields import node_type, relationship
from schema.node import NetworkNode
from schema.refs import ClusterRef, GatheringRef, OrganizationRef, PersonRef, ProgramRef

__all__ = ["OrganizationType"]


@node_type(Label.ORGANIZATION)
class OrganizationType(NetworkNode):
    """An organization node."""

    people = relationship(
        Hop(RelType.AFFILIATED_WITH, Direction.IN, Label.PERSON),
        AffiliationConnection[PersonRef],
        "People who work for or with the organization; each edge has the title and dates.",
    )

    parts = relationship(
        Hop(RelType.PART_OF, Direction.IN, Label.ORGANIZATION),
        Connection[OrganizationRef],
        "Parts of this organization (schools of a university, ...).",
    )

    part_of = relationship(
        Hop(RelType.PART_OF, Direction.OUT, Label.ORGANIZATION),
        Connection[OrganizationRef],
        "The larger organizations this one is part of.",
    )

    clusters = relationship(
        Hop(RelType.IN_CLUSTER, Direction.OUT, Label.CLUSTER),
        SectorMembershipConnection[ClusterRef],
        "Education innovation clusters the organization is a member of; each edge "
        "has the sector it brings.",
    )

    hosted_gatherings = relationship(
        Hop(RelType.HOSTED, Direction.OUT, Label.GATHERING),
        Connection[GatheringRef],
        "Gatherings the organization hosted.",
    )

    supported_programs = relationship(
        Hop(RelType.SUPPORTS, Direction.OUT, Label.PROGRAM),
        SupportConnection[ProgramRef],
        "Programs the organization supports; each edge has the kind of support.",
    )

    supported_clusters = relationship(
        Hop(RelType.SUPPORTS, Direction.OUT, Label.CLUSTER),
        SupportConnection[ClusterRef],
        "Clusters the organization supports; each edge has the kind of support.",
    )

    led_programs = relationship(
        Hop(RelType.LEADS, Direction.OUT, Label.PROGRAM),
        Connection[ProgramRef],
        "Programs the organization leads.",
    )

    led_clusters = relationship(
        Hop(RelType.LEADS, Direction.OUT, Label.CLUSTER),
        Connection[ClusterRef],
        "Clusters the organization leads.",
    )

    partnered_gatherings = relationship(
        Hop(RelType.PARTNERED_IN, Direction.OUT, Label.GATHERING),
        PartnershipConnection[GatheringRef],
        "Gatherings the organization is a partner in; each edge has its role.",
    )

    partnered_clusters = relationship(
        Hop(RelType.PARTNERED_IN, Direction.OUT, Label.CLUSTER),
        PartnershipConnection[ClusterRef],
        "Clusters the organization is a partner in; each edge has its role.",
    )

    partnered_programs = relationship(
        Hop(RelType.PARTNERED_IN, Direction.OUT, Label.PROGRAM),
        PartnershipConnection[ProgramRef],
        "Programs the organization is a partner in; each edge has its role.",
    )
