"""Gatherings: the hops from a gathering."""

from __future__ import annotations

from graph.model import Direction, Label, RelType
from graph.store import Hop

__all__ = [
    "ATTENDEES",
    "CLUSTERS",
    "COHORTS",
    "HOSTS",
    "PARTNERS",
    "PROJECTS",
    "TOPICS",
]

ATTENDEES = Hop(RelType.ATTENDED, Direction.IN, Label.PERSON)
PROJECTS = Hop(RelType.WORKED_ON_AT, Direction.IN, Label.PROJECT)
HOSTS = Hop(RelType.HOSTED, Direction.IN, Label.ORGANIZATION)
PARTNERS = Hop(RelType.PARTNERED_IN, Direction.IN, Label.ORGANIZATION)
TOPICS = Hop(RelType.ABOUT, Direction.OUT, Label.TOPIC)
CLUSTERS = Hop(RelType.CONVENED_AT, Direction.IN, Label.CLUSTER)
COHORTS = Hop(RelType.CONVENED_AT, Direction.IN, Label.COHORT)
