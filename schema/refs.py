"""Lazy references to the node types, for fields that point at a type defined in a module
that imports this one (``Person.projects`` -> ``Project``, ``Project.members`` ->
``Person``): strawberry resolves them when the schema is built."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

if TYPE_CHECKING:
    from schema.cluster import ClusterType
    from schema.cohort import CohortType
    from schema.gathering import GatheringType
    from schema.organization import OrganizationType
    from schema.person import PersonType
    from schema.program import ProgramType
    from schema.project import ProjectType
    from schema.study_group import StudyGroupType
    from schema.topic import TopicType

__all__ = [
    "ClusterRef",
    "CohortRef",
    "GatheringRef",
    "OrganizationRef",
    "PersonRef",
    "ProgramRef",
    "ProjectRef",
    "StudyGroupRef",
    "TopicRef",
]

ClusterRef = Annotated["ClusterType", strawberry.lazy("schema.cluster")]
CohortRef = Annotated["CohortType", strawberry.lazy("schema.cohort")]
GatheringRef = Annotated["GatheringType", strawberry.lazy("schema.gathering")]
OrganizationRef = Annotated["OrganizationType", strawberry.lazy("schema.organization")]
PersonRef = Annotated["PersonType", strawberry.lazy("schema.person")]
ProgramRef = Annotated["ProgramType", strawberry.lazy("schema.program")]
ProjectRef = Annotated["ProjectType", strawberry.lazy("schema.project")]
StudyGroupRef = Annotated["StudyGroupType", strawberry.lazy("schema.study_group")]
TopicRef = Annotated["TopicType", strawberry.lazy("schema.topic")]
