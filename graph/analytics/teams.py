"""Team formation for a gathering: teams of attendees that cover what projects need.

Lappas, Liu and Terzi (KDD 2009) form a team of experts that covers a task's required
skills while keeping its communication cost low, greedily. At a gathering the aim is
the opposite on one point: a team should create new ties rather than repeat old ones.
:func:`suggest_teams` takes the projects that work at the gathering in turn (by key)
and greedily builds a team for each from the discoverable attendees not yet placed:

1. one attending member of the project, if any, who knows it (the one covering the most
   needed skills);
2. then, one at a time, the attendee with the largest gain::

       2.0 * needed skills newly covered
     + 0.5 * (a new organization) + 0.5 * new sectors
     + 0.5 * share of the team they have no tie with yet
     - 1.0 * weight of their ties to the team

Each team lists the skills it covers and misses, its organizations and sectors, how
many of its pairs are new ties, and why it was formed. When there are more teams to
form than projects, the rest are formed the same way without needed skills.

Examples
--------
>>> from graph.model import Node, Relationship, RelType
>>> from graph.projection import build_network
>>> g = Node(Label.GATHERING, "g", {"name": "G"})
>>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
>>> ml = Node(Label.TOPIC, "ml", {"name": "ML"})
>>> people = [Node(Label.PERSON, k, {"name": k}) for k in ("ada", "bo", "cy")]
>>> rels = [Relationship(RelType.ATTENDED, p.ref, g.ref) for p in people]
>>> rels += [Relationship(RelType.WORKED_ON_AT, loom.ref, g.ref),
...          Relationship(RelType.NEEDS, loom.ref, ml.ref),
...          Relationship(RelType.SKILLED_IN, people[2].ref, ml.ref)]
>>> plan = suggest_teams(build_network([g, loom, ml, *people], rels), "g", size=2, count=1)
>>> [[m.key for m in team.members] for team in plan.teams]
[['cy', 'ada']]
>>> plan.teams[0].why
('cy covers ml', '0 of 1 pairs are new ties')

References
----------
.. [1] T. Lappas, K. Liu and E. Terzi, "Finding a team of experts in social networks",
   KDD 2009, 467-476.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from graph.analytics.common import (
    Doc,
    Profile,
    bounded_sample,
    check_range,
    profile,
    require,
)
from graph.cancel import check_cancelled
from graph.model import Label, NodeRef, Sector
from graph.projection import Network, node_ref

__all__ = ["POOL_LIMIT", "Team", "TeamPlan", "suggest_teams"]

POOL_LIMIT = 300
"""Per team, at most this many attendees (besides those with a needed skill) are weighed."""


@dataclass(frozen=True, slots=True)
class Team:
    """A proposed team, what it covers, and why."""

    project: NodeRef | None
    members: Annotated[tuple[NodeRef, ...], Doc("The members, in the order they were chosen.")]
    covered: Annotated[tuple[NodeRef, ...], Doc("Skills the project needs that the team has.")]
    missing: Annotated[
        tuple[NodeRef, ...], Doc("Skills the project needs that nobody on the team has.")
    ]
    organizations: Annotated[tuple[NodeRef, ...], Doc("The organizations the members bring.")]
    sectors: Annotated[tuple[Sector, ...], Doc("The sectors the members' organizations bring.")]
    new_ties: Annotated[int, Doc("Pairs of members who are not tied yet.")]
    pairs: Annotated[int, Doc("Pairs of members in all.")]
    why: Annotated[tuple[str, ...], Doc("Why these people, in words.")]


@dataclass(frozen=True, slots=True)
class TeamPlan:
    """The teams proposed for a gathering; ``reason`` says why there are fewer than asked."""

    gathering: NodeRef
    teams: tuple[Team, ...]
    reason: Annotated[
        str | None, Doc("Why there are fewer teams than asked for (null otherwise).")
    ] = None


def suggest_teams(
    network: Network,
    gathering: str,
    *,
    size: int = 4,
    count: int = 3,
    seed: int = 0,
) -> TeamPlan:
    """Propose ``count`` teams of ``size`` from a gathering's attendees.

    Parameters
    ----------
    network
        The projected network.
    gathering
        The gathering's key.
    size
        People per team, 2 to 12.
    count
        How many teams, 1 to 50.
    seed
        Seeds which attendees are weighed when a gathering is very large.

    Returns
    -------
    TeamPlan
        Teams in the order formed (no attendee is in two), each with ``why``; when
        there are not enough attendees for all of them, fewer teams and a ``reason``.

    Raises
    ------
    graph.store.NotFound
        The gathering does not exist.
    graph.model.InvalidInput
        ``size`` or ``count`` is out of range.

    Examples
    --------
    >>> from graph.projection import build_network
    >>> from graph.model import Node
    >>> empty = build_network([Node(Label.GATHERING, "g", {"name": "G"})], [])
    >>> suggest_teams(empty, "g").reason
    'the gathering has no registered attendees who can be suggested'

    References
    ----------
    .. [1] T. Lappas, K. Liu and E. Terzi, KDD 2009 (see the module references).
    """
    check_range("size", size, 2, 12)
    check_range("count", count, 1, 50)
    gathering_id = require(network, Label.GATHERING, gathering)
    rng = random.Random(seed)
    attendees = [p for p in network.linked(gathering_id, "members") if network.is_visible(p)]
    if len(attendees) < 2:
        return TeamPlan(
            node_ref(gathering_id),
            (),
            "the gathering has no registered attendees who can be suggested",
        )
    profiles = {p: profile(network, p) for p in attendees}
    free = set(attendees)
    projects = sorted(network.linked(gathering_id, "projects"))
    teams: list[Team] = []
    for index in range(count):
        if len(free) < 2:
            break
        project = projects[index] if index < len(projects) else None
        teams.append(_form(network, project, free, profiles, size, rng))
    reason = None
    if len(teams) < count:
        reason = f"only {len(attendees)} attendees: enough for {len(teams)} of {count} teams"
    return TeamPlan(node_ref(gathering_id), tuple(teams), reason)


def _form(
    network: Network,
    project: str | None,
    free: set[str],
    profiles: dict[str, Profile],
    size: int,
    rng: random.Random,
) -> Team:
    needed = frozenset(network.linked(project, "needs")) if project else frozenset()
    team: list[str] = []
    why: list[str] = []
    covered: set[str] = set()
    orgs: set[str] = set()
    sectors: set[str] = set()

    def add(person: str) -> None:
        team.append(person)
        free.discard(person)
        mine = profiles[person]
        covered.update(mine.skills & needed)
        orgs.update(mine.organizations)
        sectors.update(mine.sectors)

    if project is not None:
        insiders = sorted(
            (p for p in network.linked(project, "members") if p in free),
            key=lambda p: (-len(profiles[p].skills & needed), p),
        )
        if insiders:
            add(insiders[0])
            why.append(f"{_key(insiders[0])} is on the project team and knows it")

    while len(team) < size and free:
        check_cancelled()
        pool = _pool(free, profiles, needed - covered, rng)
        wanted = needed - covered
        best = max(
            pool,
            key=lambda p: (_gain(network, p, team, profiles, wanted, orgs, sectors), _reverse(p)),
        )
        brings = sorted(profiles[best].skills & (needed - covered))
        new_sectors = sorted(profiles[best].sectors - sectors)
        add(best)
        if brings:
            why.append(f"{_key(best)} covers {', '.join(_key(t) for t in brings)}")
        if new_sectors and len(team) > 1:
            why.append(f"{_key(best)} brings the {' and '.join(new_sectors)} sector")

    pairs = len(team) * (len(team) - 1) // 2
    known = sum(
        1 for i, a in enumerate(team) for b in team[i + 1 :] if b in network.tie_neighbours(a)
    )
    new = pairs - known
    why.append(f"{new} of {pairs} pairs are new ties")
    missing = sorted(needed - covered)
    if missing:
        why.append(f"nobody here has {', '.join(_key(t) for t in missing)}")
    return Team(
        node_ref(project) if project else None,
        tuple(node_ref(p) for p in team),
        tuple(node_ref(t) for t in sorted(covered)),
        tuple(node_ref(t) for t in missing),
        tuple(node_ref(o) for o in sorted(orgs)),
        tuple(Sector(s) for s in sorted(sectors)),
        new,
        pairs,
        tuple(why),
    )


def _pool(
    free: set[str], profiles: dict[str, Profile], needed: frozenset[str], rng: random.Random
) -> Sequence[str]:
    """Attendees to weigh: all who bring a needed skill, and a sample of the others."""
    useful = sorted(p for p in free if profiles[p].skills & needed)
    others = sorted(p for p in free if not profiles[p].skills & needed)
    return [*useful, *bounded_sample(others, POOL_LIMIT, rng)]


def _gain(
    network: Network,
    person: str,
    team: list[str],
    profiles: dict[str, Profile],
    needed: frozenset[str],
    orgs: set[str],
    sectors: set[str],
) -> float:
    mine = profiles[person]
    ties = network.tie_neighbours(person)
    repeated = sum(float(ties[m]["weight"]) for m in team if m in ties)
    strangers = sum(1 for m in team if m not in ties)
    return (
        2.0 * len(mine.skills & needed)
        + (0.5 if mine.organizations - orgs else 0.0)
        + 0.5 * len(mine.sectors - sectors)
        + (0.5 * strangers / len(team) if team else 0.0)
        - repeated
    )


def _reverse(node: str) -> tuple[int, ...]:
    return (*(-ord(c) for c in node), 0)


def _key(node: str) -> str:
    return node.split(":", 1)[1]
