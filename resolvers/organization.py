"""Organizations: the hops from an organization."""

from __future__ import annotations

from graph.model import (
    Direction,
    Label,
    RelType,
)
from graph.store import Hop

__all__ = [
    "CLUSTERS",
    "HOSTED",
    "LED_CLUSTERS",
    "LED_PROGRAMS",
    "PARTNERED_CLUSTERS",
    "PARTNERED_GATHERINGS",
    "PARTNERED_PROGRAMS",
    "PARTS",
    "PART_OF",
    "PEOPLE",
    "SUPPORTED_CLUSTERS",
    "SUPPORTED_PROGRAMS",
]

PEOPLE = Hop(RelType.AFFILIATED_WITH, Direction.IN, Label.PERSON)
PARTS = Hop(RelType.PART_OF, Direction.IN, Label.ORGANIZATION)
PART_OF = Hop(RelType.PART_OF, Direction.OUT, Label.ORGANIZATION)
CLUSTERS = Hop(RelType.IN_CLUSTER, Direction.OUT, Label.CLUSTER)
HOSTED = Hop(RelType.HOSTED, Direction.OUT, Label.GATHERING)
SUPPORTED_PROGRAMS = Hop(RelType.SUPPORTS, Direction.OUT, Label.PROGRAM)
SUPPORTED_CLUSTERS = Hop(RelType.SUPPORTS, Direction.OUT, Label.CLUSTER)
LED_PROGRAMS = Hop(RelType.LEADS, Direction.OUT, Label.PROGRAM)
LED_CLUSTERS = Hop(RelType.LEADS, Direction.OUT, Label.CLUSTER)
PARTNERED_GATHERINGS = Hop(RelType.PARTNERED_IN, Direction.OUT, Label.GATHERING)
PARTNERED_CLUSTERS = Hop(RelType.PARTNERED_IN, Direction.OUT, Label.CLUSTER)
PARTNERED_PROGRAMS = Hop(RelType.PARTNERED_IN, Direction.OUT, Label.PROGRAM)
