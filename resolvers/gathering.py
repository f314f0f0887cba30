"""Gatherings: their hops and the filters of ``gatherings``."""

from __future__ import annotations

import datetime as dt

from graph.model import Direction, GatheringKind, Label, RelType
from graph.store import Condition, Eq, Hop
from resolvers.conditions import between, related_to

__all__ = [
    "ATTENDEES",
    "CLUSTERS",
    "COHORTS",
    "HOSTS",
    "PARTNERS",
    "PROJECTS",
    "TOPICS",
    "gatherings_conditions",
]

ATTENDEES = Hop(RelType.ATTENDED, Direction.IN, Label.PERSON)
PROJECTS = Hop(RelType.WORKED_ON_AT, Direction.IN, Label.PROJECT)
HOSTS = Hop(RelType.HOSTED, Direction.IN, Label.ORGANIZATION)
PARTNERS = Hop(RelType.PARTNERED_IN, Direction.IN, Label.ORGANIZATION)
TOPICS = Hop(RelType.ABOUT, Direction.OUT, Label.TOPIC)
CLUSTERS = Hop(RelType.CONVENED_AT, Direction.IN, Label.CLUSTER)
COHORTS = Hop(RelType.CONVENED_AT, Direction.IN, Label.COHORT)


def gatherings_conditions(
    *,
    kind: GatheringKind | None = None,
    country: str | None = None,
    topic: str | None = None,
    host: str | None = None,
    starts_from: dt.date | None = None,
    starts_to: dt.date | None = None,
) -> list[Condition]:
    """The store conditions of a ``gatherings`` filter; every given filter must hold.

    >>> gatherings_conditions(kind=GatheringKind.CONVENING, starts_from=dt.date(2019, 1, 1))
    [Eq(prop='kind', value='convening'), Between(prop='starts', low='2019-01-01', high=None)]
    """
    out: list[Condition] = []
    if kind is not None:
        out.append(Eq("kind", kind.value))
    if country is not None:
        out.append(Eq("country", country))
    out += related_to(RelType.ABOUT, Direction.OUT, Label.TOPIC, topic, "topic")
    out += related_to(RelType.HOSTED, Direction.IN, Label.ORGANIZATION, host, "host")
    out += between("starts", starts_from, starts_to)
    return out
