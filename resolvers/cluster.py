"""Clusters: their hops and the filters of ``clusters``."""

from __future__ import annotations

from graph.model import Direction, Label, RelType
from graph.store import Condition, Eq, Hop
from resolvers.conditions import related_to

__all__ = [
    "CONVENINGS",
    "LEADS",
    "MEMBERS",
    "PARTNERS",
    "SUPPORTERS",
    "TOPICS",
    "clusters_conditions",
]

MEMBERS = Hop(RelType.IN_CLUSTER, Direction.IN, Label.ORGANIZATION)
CONVENINGS = Hop(RelType.CONVENED_AT, Direction.OUT, Label.GATHERING)
LEADS = Hop(RelType.LEADS, Direction.IN, Label.ORGANIZATION)
SUPPORTERS = Hop(RelType.SUPPORTS, Direction.IN, Label.ORGANIZATION)
PARTNERS = Hop(RelType.PARTNERED_IN, Direction.IN, Label.ORGANIZATION)
TOPICS = Hop(RelType.ABOUT, Direction.OUT, Label.TOPIC)


def clusters_conditions(
    *,
    country: str | None = None,
    topic: str | None = None,
    organization: str | None = None,
) -> list[Condition]:
    """The store conditions of a ``clusters`` filter; every given filter must hold.

    >>> clusters_conditions(country="US")
    [Eq(prop='country', value='US')]
    """
    out: list[Condition] = []
    if country is not None:
        out.append(Eq("country", country))
    out += related_to(RelType.ABOUT, Direction.OUT, Label.TOPIC, topic, "topic")
    out += related_to(
        RelType.IN_CLUSTER, Direction.IN, Label.ORGANIZATION, organization, "organization"
    )
    return out
