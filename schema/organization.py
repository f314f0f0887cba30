"""``Organization``: a university, school, district, company, ... or a part of one."""

from __future__ import annotations

import strawberry

from graph.model import NODE_SPECS, Label
from resolvers import organization as hops
from schema.connection import (
    AffiliationConnection,
    Connection,
    PartnershipConnection,
    SectorMembershipConnection,
    SupportConnection,
)
from schema.fields import property_field, relationship
from schema.node import NetworkNode
from schema.refs import ClusterRef, GatheringRef, OrganizationRef, PersonRef, ProgramRef

__all__ = ["OrganizationType"]

_O = Label.ORGANIZATION


@strawberry.type(name="Organization", description=NODE_SPECS[Label.ORGANIZATION].description)
class OrganizationType(NetworkNode):
    """An organization node."""

    kind = property_field(_O, "kind")
    sectors = property_field(_O, "sectors")
    summary = property_field(_O, "summary")
    city = property_field(_O, "city")
    region = property_field(_O, "region")
    country = property_field(_O, "country")

    people = relationship(
        hops.PEOPLE,
        AffiliationConnection[PersonRef],
        "People who work for or with the organization; each edge has the title and dates.",
    )

    parts = relationship(
        hops.PARTS,
        Connection[OrganizationRef],
        "Parts of this organization (schools of a university, ...).",
    )

    part_of = relationship(
        hops.PART_OF,
        Connection[OrganizationRef],
        "The larger organizations this one is part of.",
    )

    clusters = relationship(
        hops.CLUSTERS,
        SectorMembershipConnection[ClusterRef],
        "Education innovation clusters the organization is a member of; each edge "
        "has the sector it brings.",
    )

    hosted_gatherings = relationship(
        hops.HOSTED,
        Connection[GatheringRef],
        "Gatherings the organization hosted.",
    )

    supported_programs = relationship(
        hops.SUPPORTED_PROGRAMS,
        SupportConnection[ProgramRef],
        "Programs the organization supports; each edge has the kind of support.",
    )

    supported_clusters = relationship(
        hops.SUPPORTED_CLUSTERS,
        SupportConnection[ClusterRef],
        "Clusters the organization supports; each edge has the kind of support.",
    )

    led_programs = relationship(
        hops.LED_PROGRAMS,
        Connection[ProgramRef],
        "Programs the organization leads.",
    )

    led_clusters = relationship(
        hops.LED_CLUSTERS,
        Connection[ClusterRef],
        "Clusters the organization leads.",
    )

    partnered_gatherings = relationship(
        hops.PARTNERED_GATHERINGS,
        PartnershipConnection[GatheringRef],
        "Gatherings the organization is a partner in; each edge has its role.",
    )

    partnered_clusters = relationship(
        hops.PARTNERED_CLUSTERS,
        PartnershipConnection[ClusterRef],
        "Clusters the organization is a partner in; each edge has its role.",
    )

    partnered_programs = relationship(
        hops.PARTNERED_PROGRAMS,
        PartnershipConnection[ProgramRef],
        "Programs the organization is a partner in; each edge has its role.",
    )
