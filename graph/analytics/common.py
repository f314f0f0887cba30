"""What the analytics share: a person's profile, bounded sampling, argument checks, and
the documented attributes of their results.

Examples
--------
>>> from graph.model import Node, Relationship, RelType
>>> from graph.projection import build_network
>>> ada = Node(Label.PERSON, "ada", {"name": "Ada", "country": "FI"})
>>> math = Node(Label.TOPIC, "math", {"name": "Math"})
>>> network = build_network([ada, math], [Relationship(RelType.SKILLED_IN, ada.ref, math.ref)])
>>> sorted(profile(network, "Person:ada").skills)
['Topic:math']
"""

from __future__ import annotations

import functools
import heapq
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from graph.model import InvalidInput, Label, NodeRef, node_id
from graph.projection import Network
from graph.store import NotFound

__all__ = [
    "Doc",
    "Profile",
    "bounded_sample",
    "check_range",
    "context_people",
    "context_terms",
    "documented",
    "organization_sectors",
    "profile",
    "require",
    "sector_terms",
    "skill_terms",
    "strongest",
    "team_places",
]


@dataclass(frozen=True, slots=True)
class Doc:
    """What an attribute of a result means, for the people who read it: an attribute
    annotated ``Annotated[float, Doc("...")]`` is documented wherever the result is shown
    (the API describes its field with the text)."""

    text: str


@functools.cache
def documented(result: type) -> Mapping[str, tuple[Any, str]]:
    """The documented attributes of the dataclass ``result``, in order: name -> (type,
    text); read once per class (every field of the API's types asks).

    >>> from graph.analytics.brokers import Broker
    >>> kind, text = documented(Broker)["degree"]
    >>> kind, text
    (<class 'int'>, 'How many ties the node has.')
    """
    hints = get_type_hints(result, include_extras=True)
    found = {}
    for attribute in fields(result):
        hint = hints[attribute.name]
        if get_origin(hint) is Annotated:
            kind, *extras = get_args(hint)
            for extra in extras:
                if isinstance(extra, Doc):
                    found[attribute.name] = (kind, extra.text)
    return found


@dataclass(frozen=True, slots=True)
class Profile:
    """A person's neighbourhood in the typed graph, as sets of node ids."""

    person: str
    interests: frozenset[str]
    skills: frozenset[str]
    projects: frozenset[str]
    study_groups: frozenset[str]
    gatherings: frozenset[str]
    organizations: frozenset[str]
    clusters: frozenset[str]
    sectors: frozenset[str]
    country: str | None

    @property
    def topics(self) -> frozenset[str]:
        """Interests and skills together."""
        return self.interests | self.skills


_EMPTY: frozenset[str] = frozenset()


def profile(network: Network, person: str) -> Profile:
    """The profile of ``person`` (a node id), read from the node-attributed network.

    Sectors are those of the person's organizations (their ``sectors`` and the sector
    each brings to a cluster); clusters are those of the person's organizations.

    Examples
    --------
    >>> from graph.model import Node, Relationship, RelType
    >>> from graph.projection import build_network
    >>> ada = Node(Label.PERSON, "ada", {"name": "Ada"})
    >>> lab = Node(Label.ORGANIZATION, "lab", {"name": "Lab", "sectors": ["research"]})
    >>> works = Relationship(RelType.AFFILIATED_WITH, ada.ref, lab.ref)
    >>> network = build_network([ada, lab], [works])
    >>> p = profile(network, "Person:ada")
    >>> sorted(p.organizations), sorted(p.sectors)
    (['Organization:lab'], ['research'])
    """
    data = network.data[person]
    organizations = data.get("organizations", ())
    clusters: set[str] = set()
    sectors: set[str] = set()
    for org in organizations:
        about = network.data[org]
        sectors.update(about.get("all_sectors") or about.get("sectors", ()))
        clusters.update(about.get("clusters", ()))
    groups = data.get("groups", ())
    return Profile(
        person=person,
        interests=frozenset(data.get("interests", ())),
        skills=frozenset(data.get("skills", ())),
        projects=frozenset(g for g in groups if g.startswith(_PROJECT)),
        study_groups=frozenset(g for g in groups if g.startswith(_STUDY_GROUP)),
        gatherings=frozenset(data.get("gatherings", ())),
        organizations=frozenset(organizations),
        clusters=frozenset(clusters) if clusters else _EMPTY,
        sectors=frozenset(sectors) if sectors else _EMPTY,
        country=data.get("country"),
    )


_PROJECT = node_id(Label.PROJECT, "")
_STUDY_GROUP = node_id(Label.STUDY_GROUP, "")


def require(network: Network, label: Label, key: str) -> str:
    """The node id of ``label``/``key``; :class:`NotFound` when the network lacks it.

    >>> from graph.projection import build_network
    >>> require(build_network([], []), Label.PERSON, "nobody")
    Traceback (most recent call last):
    ...
    graph.store.NotFound: Person 'nobody' does not exist
    """
    node = node_id(label, key)
    if not network.has(node, label):
        raise NotFound(NodeRef(label, key))
    return node


def check_range(name: str, value: float, low: float, high: float) -> None:
    """Raise :class:`InvalidInput` unless ``low <= value <= high``.

    >>> check_range("first", 0, 1, 100)
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: first: must be between 1 and 100, not 0
    """
    if not low <= value <= high:
        raise InvalidInput(name, f"must be between {low} and {high}, not {value}", "OUT_OF_RANGE")


def bounded_sample(items: Sequence[str], limit: int, rng: random.Random) -> Sequence[str]:
    """``items`` when there are at most ``limit``, else a seeded sample of ``limit``.

    >>> bounded_sample(["a", "b", "c"], 2, random.Random(0))
    ['b', 'c']
    """
    if len(items) <= limit:
        return items
    return rng.sample(items, limit)


def context_people(
    network: Network, context: str, name: str, limit: int, rng: random.Random
) -> Sequence[str]:
    """Up to ``limit`` of the people a context lists under ``name``, sampled with ``rng``.

    ``name`` is ``"members"`` for a group or cluster, ``"people"`` or ``"skilled"`` for a
    topic (see :data:`graph.projection.LINKS`). Sampling costs ``O(limit)`` however large
    the context, so a topic everyone follows costs no more than a small one.

    >>> from graph.model import Node, Relationship, RelType
    >>> from graph.projection import build_network
    >>> people = [Node(Label.PERSON, k, {"name": k}) for k in ("a", "b", "c")]
    >>> topic = Node(Label.TOPIC, "t", {"name": "T"})
    >>> rels = [Relationship(RelType.INTERESTED_IN, p.ref, topic.ref) for p in people]
    >>> network = build_network([*people, topic], rels)
    >>> len(context_people(network, "Topic:t", "people", 2, random.Random(0)))
    2
    """
    return bounded_sample(network.linked(context, name), limit, rng)


def strongest(neighbours: Mapping[str, Mapping[str, object]], limit: int) -> list[str]:
    """The ``limit`` neighbours with the heaviest ties (all of them when fewer).

    >>> strongest({"a": {"weight": 0.5}, "b": {"weight": 2.0}, "c": {"weight": 1.0}}, 2)
    ['b', 'c']
    """
    if len(neighbours) <= limit:
        return list(neighbours)
    return heapq.nlargest(limit, neighbours, key=lambda other: _weight(neighbours[other]))


def _weight(data: Mapping[str, object]) -> float:
    value = data.get("weight", 1.0)
    return float(value) if isinstance(value, (int, float)) else 1.0


def organization_sectors(network: Network, organization: str) -> frozenset[str]:
    """The sectors an organization brings: its own and those it brings to clusters.

    >>> from graph.model import Node
    >>> from graph.projection import build_network
    >>> lab = Node(Label.ORGANIZATION, "lab", {"name": "Lab", "sectors": ["research"]})
    >>> sorted(organization_sectors(build_network([lab], []), "Organization:lab"))
    ['research']
    """
    data = network.data[organization]
    return frozenset(data.get("all_sectors") or data.get("sectors", ()))


def context_terms(network: Network, contexts: Iterable[str]) -> list[tuple[str, float]]:
    """Adamic-Adar terms of shared contexts: ``1 / log(n)`` for a context of ``n`` people.

    >>> from graph.model import Node, Relationship, RelType
    >>> from graph.projection import build_network
    >>> people = [Node(Label.PERSON, k, {"name": k}) for k in ("a", "b", "c")]
    >>> topic = Node(Label.TOPIC, "t", {"name": "T"})
    >>> rels = [Relationship(RelType.INTERESTED_IN, p.ref, topic.ref) for p in people]
    >>> network = build_network([*people, topic], rels)
    >>> [(c, round(v, 3)) for c, v in context_terms(network, ["Topic:t"])]
    [('Topic:t', 0.91)]
    """
    return [(c, 1.0 / math.log(max(network.people_of(c), 2))) for c in sorted(contexts)]


def skill_terms(network: Network, skills: Iterable[str]) -> list[tuple[str, float]]:
    """Terms of skills brought: ``1 / log(1 + k)`` for a skill ``k`` people have.

    >>> from graph.model import Node, Relationship, RelType
    >>> from graph.projection import build_network
    >>> ada = Node(Label.PERSON, "ada", {"name": "Ada"})
    >>> topic = Node(Label.TOPIC, "t", {"name": "T"})
    >>> skilled = Relationship(RelType.SKILLED_IN, ada.ref, topic.ref)
    >>> network = build_network([ada, topic], [skilled])
    >>> [(c, round(v, 3)) for c, v in skill_terms(network, ["Topic:t"])]
    [('Topic:t', 1.443)]
    """
    return [
        (t, 1.0 / math.log(1 + max(len(network.linked(t, "skilled")), 1))) for t in sorted(skills)
    ]


def sector_terms(
    network: Network, organizations: Iterable[str], present: frozenset[str] | set[str]
) -> list[tuple[str, float]]:
    """Organizations that bring sectors not in ``present``, each with how many new ones.

    Nothing when ``present`` is empty: a bridge needs a side to start from.

    >>> from graph.model import Node
    >>> from graph.projection import build_network
    >>> co = Node(Label.ORGANIZATION, "co", {"name": "Co", "sectors": ["commercial", "research"]})
    >>> sector_terms(build_network([co], []), ["Organization:co"], {"research"})
    [('Organization:co', 1.0)]
    """
    if not present:
        return []
    new: set[str] = set()
    out: list[tuple[str, float]] = []
    for org in sorted(organizations):
        brings = organization_sectors(network, org) - present - new
        if brings:
            out.append((org, float(len(brings))))
            new |= brings
    return out


def team_places(
    network: Network, members: Sequence[str], limit: int, rng: random.Random
) -> tuple[frozenset[str], frozenset[str]]:
    """The sectors and clusters of (up to ``limit`` sampled) members' organizations.

    >>> from graph.projection import build_network
    >>> team_places(build_network([], []), [], 10, random.Random(0))
    (frozenset(), frozenset())
    """
    sectors: set[str] = set()
    clusters: set[str] = set()
    for member in bounded_sample(members, limit, rng):
        for org in network.linked(member, "organizations"):
            sectors |= organization_sectors(network, org)
            clusters.update(network.linked(org, "clusters"))
    return frozenset(sectors), frozenset(clusters)
