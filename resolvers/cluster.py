"""Clusters: the hops from a cluster."""

from __future__ import annotations

from graph.model import Direction, Label, RelType
from graph.store import Hop

__all__ = [
    "CONVENINGS",
    "LEADS",
    "MEMBERS",
    "PARTNERS",
    "SUPPORTERS",
    "TOPICS",
]

MEMBERS = Hop(RelType.IN_CLUSTER, Direction.IN, Label.ORGANIZATION)
CONVENINGS = Hop(RelType.CONVENED_AT, Direction.OUT, Label.GATHERING)
LEADS = Hop(RelType.LEADS, Direction.IN, Label.ORGANIZATION)
SUPPORTERS = Hop(RelType.SUPPORTS, Direction.IN, Label.ORGANIZATION)
PARTNERS = Hop(RelType.PARTNERED_IN, Direction.IN, Label.ORGANIZATION)
TOPICS = Hop(RelType.ABOUT, Direction.OUT, Label.TOPIC)
