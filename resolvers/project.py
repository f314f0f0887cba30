"""Projects: the hops from a project."""

from __future__ import annotations

from graph.model import Direction, Label, RelType
from graph.store import Hop

__all__ = [
    "GATHERINGS",
    "MEMBERS",
    "NEEDS",
    "TOPICS",
]

MEMBERS = Hop(RelType.MEMBER_OF, Direction.IN, Label.PERSON)
GATHERINGS = Hop(RelType.WORKED_ON_AT, Direction.OUT, Label.GATHERING)
TOPICS = Hop(RelType.ABOUT, Direction.OUT, Label.TOPIC)
NEEDS = Hop(RelType.NEEDS, Direction.OUT, Label.TOPIC)
