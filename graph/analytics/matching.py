"""Matching projects and people: who could join a project, which projects could use someone.

Both directions are explained like collaborator suggestions
(:mod:`graph.analytics.collaborators`), from the project's side:

``complementary_skill``
    Each skill the project needs that the person has: ``1 / log(1 + k)``, ``k`` being
    how many people have it (rare skills count most).
``shared_topic``
    Each topic the project is about that interests the person: ``1 / log(n)`` for a
    topic of ``n`` people.
``common_collaborator``
    Each project member tied to the person, by the weight of the tie.
``same_gathering``
    Each gathering the team worked at that the person attended: ``1 / log(n)``.
``same_cluster``
    Each cluster of the team's organizations that the person's organizations are in.
``cross_sector_bridge``
    Each sector the person's organizations bring that the team's organizations lack.

Members of the project and people who opted out are never suggested; hubs are
sampled as in :mod:`graph.analytics.collaborators` (``fanout``, ``seed``).

Examples
--------
>>> from graph.model import Node, Relationship, RelType
>>> from graph.projection import build_network
>>> ada, bo = (Node(Label.PERSON, k, {"name": k}) for k in ("ada", "bo"))
>>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
>>> ml = Node(Label.TOPIC, "ml", {"name": "ML"})
>>> network = build_network([ada, bo, loom, ml], [
...     Relationship(RelType.MEMBER_OF, ada.ref, loom.ref),
...     Relationship(RelType.NEEDS, loom.ref, ml.ref),
...     Relationship(RelType.SKILLED_IN, bo.ref, ml.ref)])
>>> [s.key for s in suggest_members(network, "loom")]
['bo']
>>> [s.key for s in suggest_projects(network, "bo")]
['loom']
"""

from __future__ import annotations

import heapq
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence

from graph.analytics.collaborators import FANOUT
from graph.analytics.common import (
    bounded_sample,
    check_range,
    context_people,
    context_terms,
    profile,
    require,
    sector_terms,
    skill_terms,
    strongest,
    team_places,
)
from graph.analytics.reasons import REASON_WEIGHTS, ReasonKind, Suggestion, explain
from graph.cancel import check_cancelled
from graph.model import Label, node_id
from graph.projection import Network, node_ref

__all__ = ["suggest_members", "suggest_projects"]

_MAX_CONTEXTS = 20
_PROJECT = node_id(Label.PROJECT, "")


def suggest_members(
    network: Network,
    project: str,
    *,
    first: int = 10,
    seed: int = 0,
    fanout: int = FANOUT,
) -> list[Suggestion]:
    """Suggest people to join ``project``: whose skills cover what it needs, and why.

    Parameters
    ----------
    network
        The projected network.
    project
        The project's key.
    first
        How many suggestions, 1 to 100.
    seed
        Seeds the sampling of large topics and teams.
    fanout
        How many people to draw at most from any one topic, member or gathering.

    Returns
    -------
    list of Suggestion
        People (never members, never someone who opted out), best first; each score is
        the sum of its reasons' contributions.

    Raises
    ------
    graph.store.NotFound
        The project does not exist.
    graph.model.InvalidInput
        ``first`` is out of range.

    Examples
    --------
    >>> from graph.model import Node, Relationship, RelType
    >>> from graph.projection import build_network
    >>> cy = Node(Label.PERSON, "cy", {"name": "Cy"})
    >>> kiln = Node(Label.PROJECT, "kiln", {"name": "Kiln"})
    >>> ux = Node(Label.TOPIC, "ux", {"name": "UX"})
    >>> network = build_network([cy, kiln, ux], [
    ...     Relationship(RelType.NEEDS, kiln.ref, ux.ref),
    ...     Relationship(RelType.SKILLED_IN, cy.ref, ux.ref)])
    >>> [(s.key, s.reasons[0].kind.value) for s in suggest_members(network, "kiln")]
    [('cy', 'complementary_skill')]
    """
    check_range("first", first, 1, 100)
    project_id = require(network, Label.PROJECT, project)
    rng = random.Random(seed)
    needs = frozenset(network.linked(project_id, "needs"))
    about = frozenset(network.linked(project_id, "topics"))
    members = network.linked(project_id, "members")
    gatherings = frozenset(network.linked(project_id, "worked_at"))
    sectors, clusters = team_places(network, members, fanout, rng)

    found: dict[str, float] = defaultdict(float)

    def visit(contexts: Iterable[str], name: str, kind: ReasonKind) -> None:
        ranked = sorted(contexts, key=lambda c: (network.people_of(c), c))[:_MAX_CONTEXTS]
        for context in ranked:
            check_cancelled()
            term = REASON_WEIGHTS[kind] / math.log(max(network.people_of(context), 2))
            for candidate in context_people(network, context, name, fanout, rng):
                found[candidate] += term

    visit(needs, "skilled", ReasonKind.COMPLEMENTARY_SKILL)
    visit(about, "people", ReasonKind.SHARED_TOPIC)
    visit(gatherings, "members", ReasonKind.SAME_GATHERING)
    for member in bounded_sample(members, fanout, rng):
        check_cancelled()
        ties = network.tie_neighbours(member)
        for candidate in bounded_sample(strongest(ties, fanout), fanout, rng):
            found[candidate] += REASON_WEIGHTS[ReasonKind.COMMON_COLLABORATOR]

    excluded = set(members)
    suggestions: list[Suggestion] = []
    for candidate in _shortlist(network, found, excluded, first):
        check_cancelled()
        theirs = profile(network, candidate)
        ties = network.tie_neighbours(candidate)
        known = [(m, float(ties[m]["weight"])) for m in members if m in ties]
        skills = sorted(theirs.skills & needs)
        suggestion = explain(
            node_ref(candidate),
            {
                ReasonKind.COMPLEMENTARY_SKILL: skill_terms(network, skills),
                ReasonKind.SHARED_TOPIC: context_terms(network, theirs.topics & about),
                ReasonKind.COMMON_COLLABORATOR: sorted(known),
                ReasonKind.SAME_GATHERING: context_terms(network, theirs.gatherings & gatherings),
                ReasonKind.SAME_CLUSTER: context_terms(network, theirs.clusters & clusters),
                ReasonKind.CROSS_SECTOR_BRIDGE: sector_terms(
                    network, theirs.organizations, sectors
                ),
            },
        )
        if suggestion.score > 0:
            suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.key))
    return suggestions[:first]


def suggest_projects(
    network: Network,
    person: str,
    *,
    first: int = 10,
    seed: int = 0,
    fanout: int = FANOUT,
) -> list[Suggestion]:
    """Suggest projects for ``person`` to join: which need their skills, and why.

    Parameters
    ----------
    network
        The projected network.
    person
        The person's key (they may have opted out: these are their own suggestions).
    first
        How many suggestions, 1 to 100.
    seed
        Seeds the sampling of large topics and neighbourhoods.
    fanout
        How many projects to draw at most from any one topic, tie or gathering.

    Returns
    -------
    list of Suggestion
        Projects the person is not a member of, best first; the evidence of
        ``common_collaborator`` names only members who are discoverable.

    Raises
    ------
    graph.store.NotFound
        The person does not exist.
    graph.model.InvalidInput
        ``first`` is out of range.

    Examples
    --------
    >>> from graph.model import Node, Relationship, RelType
    >>> from graph.projection import build_network
    >>> cy = Node(Label.PERSON, "cy", {"name": "Cy"})
    >>> kiln = Node(Label.PROJECT, "kiln", {"name": "Kiln"})
    >>> ux = Node(Label.TOPIC, "ux", {"name": "UX"})
    >>> network = build_network([cy, kiln, ux], [
    ...     Relationship(RelType.ABOUT, kiln.ref, ux.ref),
    ...     Relationship(RelType.INTERESTED_IN, cy.ref, ux.ref)])
    >>> [(s.key, s.reasons[0].kind.value) for s in suggest_projects(network, "cy")]
    [('kiln', 'shared_topic')]
    """
    check_range("first", first, 1, 100)
    me_id = require(network, Label.PERSON, person)
    rng = random.Random(seed)
    me = profile(network, me_id)
    mine = network.tie_neighbours(me_id)

    found: dict[str, float] = defaultdict(float)

    def visit(contexts: Iterable[str], name: str, kind: ReasonKind) -> None:
        mixed = name in ("about", "groups")  # these lists hold more than projects
        for context in sorted(contexts)[:_MAX_CONTEXTS]:
            check_cancelled()
            linked: Sequence[str] = network.linked(context, name)
            if mixed:
                linked = [p for p in linked if p.startswith(_PROJECT)]
            term = REASON_WEIGHTS[kind] / math.log(max(len(linked), 2) + 1)
            for project in bounded_sample(linked, fanout, rng):
                found[project] += term

    visit(me.skills, "needed_by", ReasonKind.COMPLEMENTARY_SKILL)
    visit(me.interests, "about", ReasonKind.SHARED_TOPIC)
    visit(me.gatherings, "projects", ReasonKind.SAME_GATHERING)
    visit(strongest(mine, fanout), "groups", ReasonKind.COMMON_COLLABORATOR)

    suggestions: list[Suggestion] = []
    for project in _shortlist(network, found, set(me.projects), first, people=False):
        check_cancelled()
        members = network.linked(project, "members")
        sectors, clusters = team_places(network, members, fanout, rng)
        known = [(m, float(mine[m]["weight"])) for m in members if m in mine]
        suggestion = explain(
            node_ref(project),
            {
                ReasonKind.COMPLEMENTARY_SKILL: skill_terms(
                    network, me.skills & set(network.linked(project, "needs"))
                ),
                ReasonKind.SHARED_TOPIC: context_terms(
                    network, me.topics & set(network.linked(project, "topics"))
                ),
                ReasonKind.COMMON_COLLABORATOR: sorted(known),
                ReasonKind.SAME_GATHERING: context_terms(
                    network, me.gatherings & set(network.linked(project, "worked_at"))
                ),
                ReasonKind.SAME_CLUSTER: context_terms(network, me.clusters & clusters),
                ReasonKind.CROSS_SECTOR_BRIDGE: sector_terms(network, me.organizations, sectors),
            },
        )
        if suggestion.score > 0:
            suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.key))
    return suggestions[:first]


def _shortlist(
    network: Network,
    found: dict[str, float],
    excluded: set[str],
    first: int,
    *,
    people: bool = True,
) -> Sequence[str]:
    """The best-found candidates worth explaining in full (visible, not excluded)."""
    pool = (
        (-score, candidate)
        for candidate, score in found.items()
        if candidate not in excluded and (not people or network.is_visible(candidate))
    )
    return [candidate for _, candidate in heapq.nsmallest(max(4 * first, 40), pool)]
