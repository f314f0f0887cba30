"""Topics: who is interested or skilled, and what is about them."""

from __future__ import annotations

from graph.model import Direction, Label, RelType
from graph.store import Hop

__all__ = ["CLUSTERS", "GATHERINGS", "INTERESTED", "NEEDED_BY", "PROJECTS", "SKILLED"]

PROJECTS = Hop(RelType.ABOUT, Direction.IN, Label.PROJECT)
GATHERINGS = Hop(RelType.ABOUT, Direction.IN, Label.GATHERING)
CLUSTERS = Hop(RelType.ABOUT, Direction.IN, Label.CLUSTER)
INTERESTED = Hop(RelType.INTERESTED_IN, Direction.IN, Label.PERSON)
SKILLED = Hop(RelType.SKILLED_IN, Direction.IN, Label.PERSON)
NEEDED_BY = Hop(RelType.NEEDS, Direction.IN, Label.PROJECT)
