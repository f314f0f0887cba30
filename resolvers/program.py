"""Programs, their cohorts and study groups: the hops between them."""

from __future__ import annotations

from graph.model import Direction, Label, RelType
from graph.store import Hop

__all__ = [
    "COHORT_GATHERINGS",
    "COHORT_MEMBERS",
    "COHORT_PROGRAM",
    "COHORT_STUDY_GROUPS",
    "PROGRAM_COHORTS",
    "PROGRAM_LEADS",
    "PROGRAM_PARTNERS",
    "PROGRAM_STUDENTS",
    "PROGRAM_SUPPORTERS",
    "STUDY_GROUP_COHORT",
    "STUDY_GROUP_MEMBERS",
]

PROGRAM_COHORTS = Hop(RelType.PART_OF, Direction.IN, Label.COHORT)
PROGRAM_SUPPORTERS = Hop(RelType.SUPPORTS, Direction.IN, Label.ORGANIZATION)
PROGRAM_LEADS = Hop(RelType.LEADS, Direction.IN, Label.ORGANIZATION)
PROGRAM_PARTNERS = Hop(RelType.PARTNERED_IN, Direction.IN, Label.ORGANIZATION)
PROGRAM_STUDENTS = Hop(RelType.ENROLLED_IN, Direction.IN, Label.PERSON)

COHORT_PROGRAM = Hop(RelType.PART_OF, Direction.OUT, Label.PROGRAM)
COHORT_MEMBERS = Hop(RelType.MEMBER_OF, Direction.IN, Label.PERSON)
COHORT_STUDY_GROUPS = Hop(RelType.PART_OF, Direction.IN, Label.STUDY_GROUP)
COHORT_GATHERINGS = Hop(RelType.CONVENED_AT, Direction.OUT, Label.GATHERING)

STUDY_GROUP_COHORT = Hop(RelType.PART_OF, Direction.OUT, Label.COHORT)
STUDY_GROUP_MEMBERS = Hop(RelType.MEMBER_OF, Direction.IN, Label.PERSON)
