"""Whom to work with: explained collaborator suggestions.

Candidates are discoverable people who do not yet work with the person (share no
project or study group with them), found through the person's ties, topics, the skills
their projects need, gatherings and clusters. Each candidate's score is the sum of six
kinds of reason (see :class:`graph.analytics.reasons.ReasonKind`):

``common_collaborator``
    A link-prediction index over the tie graph, split into one term per common
    collaborator so that each can be named: by default the Adamic-Adar index of
    :func:`networkx.adamic_adar_index`; also the resource allocation index
    (:func:`networkx.resource_allocation_index`), the Jaccard coefficient
    (:func:`networkx.jaccard_coefficient`) and their community-aware forms
    (:func:`networkx.cn_soundarajan_hopcroft`, :func:`networkx.ra_index_soundarajan_hopcroft`).
``shared_topic``, ``same_gathering``, ``same_cluster``
    The Adamic-Adar index of the bipartite person-context graph: each shared topic,
    gathering or cluster adds ``1 / log(n)``, ``n`` being how many people it has, so a
    niche interest says more than a popular one.
``complementary_skill``
    Each skill the candidate has that one of the person's projects needs and the person
    lacks adds ``1 / log(1 + k)``, ``k`` being how many people have that skill.
``cross_sector_bridge``
    Each sector (education, research, commercial) the candidate's organizations bring
    and the person's lack adds one.

Hubs stay cheap: at most ``fanout`` of a person's strongest ties are followed, at most
``fanout`` people are drawn (with ``seed``) from each neighbour and context, and only
the best-scoring few are explained in full.

Examples
--------
>>> from graph.model import Node, Relationship, RelType
>>> from graph.projection import build_network
>>> people = {k: Node(Label.PERSON, k, {"name": k}) for k in ("ada", "bo", "cy")}
>>> teams = {k: Node(Label.PROJECT, k, {"name": k}) for k in ("loom", "kiln")}
>>> pairs = [("ada", "loom"), ("bo", "loom"), ("bo", "kiln"), ("cy", "kiln")]
>>> rels = [Relationship(RelType.MEMBER_OF, people[p].ref, teams[t].ref) for p, t in pairs]
>>> network = build_network([*people.values(), *teams.values()], rels)
>>> [(s.key, [r.kind.value for r in s.reasons]) for s in suggest_collaborators(network, "ada")]
[('cy', ['common_collaborator'])]

References
----------
.. [1] L. A. Adamic and E. Adar, "Friends and neighbors on the Web", Social Networks 25
   (2003) 211-230.
.. [2] T. Zhou, L. Lu and Y.-C. Zhang, "Predicting missing links via local information",
   European Physical Journal B 71 (2009) 623-630.
.. [3] S. Soundarajan and J. Hopcroft, "Using community information to improve the
   precision of link prediction methods", WWW 2012 Companion, 607-608.
.. [4] J. Carbonell and J. Goldstein, "The use of MMR, diversity-based reranking for
   reordering documents and producing summaries", SIGIR 1998, 335-336.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx
import numpy as np
import numpy.typing as npt

from graph.analytics.common import (
    Profile,
    check_range,
    context_terms,
    profile,
    require,
    sector_terms,
    skill_terms,
)
from graph.analytics.reasons import REASON_WEIGHTS, ReasonKind, Suggestion, explain, score_of
from graph.cancel import check_cancelled
from graph.model import Label, node_id
from graph.projection import Network, node_ref

__all__ = [
    "FANOUT",
    "LinkMeasure",
    "diversify_suggestions",
    "link_terms",
    "similarity",
    "suggest_collaborators",
]

FANOUT = 50
"""How many ties, and how many people per context, a search follows at most."""

_MAX_CONTEXTS = 20


class LinkMeasure(StrEnum):
    """The link-prediction index behind ``common_collaborator``."""

    ADAMIC_ADAR = "adamic_adar"
    RESOURCE_ALLOCATION = "resource_allocation"
    JACCARD = "jaccard"
    CN_SOUNDARAJAN_HOPCROFT = "cn_soundarajan_hopcroft"
    RA_SOUNDARAJAN_HOPCROFT = "ra_soundarajan_hopcroft"


def _index_terms(
    u: str,
    v: str,
    names: Callable[[], Sequence[str]],
    degrees: Sequence[int],
    sizes: tuple[int, int],
    measure: LinkMeasure,
    community: Mapping[str, int] | None,
) -> list[float]:
    """The terms of ``measure`` for ``u`` and ``v``, one per common neighbour, from each
    common neighbour's degree and the sizes of the two neighbourhoods; ``names`` gives
    the common neighbours' ids, asked for only by the community-aware measures."""
    if measure is LinkMeasure.JACCARD:
        union = sizes[0] + sizes[1] - len(degrees)
        return [1.0 / union] * len(degrees) if union else []
    if measure is LinkMeasure.ADAMIC_ADAR:
        return [1.0 / math.log(d) for d in degrees]
    if measure is LinkMeasure.RESOURCE_ALLOCATION:
        return [1.0 / d for d in degrees]
    groups = community or {}
    same = groups.get(u)
    same = same if same is not None and same == groups.get(v) else None

    def within(z: str) -> float:
        return 1.0 if same is not None and groups.get(z) == same else 0.0

    if measure is LinkMeasure.CN_SOUNDARAJAN_HOPCROFT:
        return [1.0 + within(z) for z in names()]
    return [within(z) / d for z, d in zip(names(), degrees, strict=True)]


def link_terms(
    graph: nx.Graph[str],
    u: str,
    v: str,
    measure: LinkMeasure = LinkMeasure.ADAMIC_ADAR,
    community: Mapping[str, int] | None = None,
) -> dict[str, float]:
    """A link-prediction index of ``u`` and ``v`` split into one term per common neighbour.

    The terms add up to the NetworkX index named by ``measure``.

    Parameters
    ----------
    graph
        An undirected graph without self-loops.
    u, v
        Two nodes of ``graph``.
    measure
        Which index (see :class:`LinkMeasure`).
    community
        Node to community number, for the Soundarajan-Hopcroft indexes.

    Returns
    -------
    dict
        Common neighbour to its share of the index (zero shares included for the
        community-aware indexes).

    Examples
    --------
    >>> g = nx.Graph([("a", "z"), ("b", "z"), ("a", "y"), ("b", "y"), ("y", "x")])
    >>> terms = link_terms(g, "a", "b", LinkMeasure.RESOURCE_ALLOCATION)
    >>> terms, sum(terms.values()) == next(nx.resource_allocation_index(g, [("a", "b")]))[2]
    ({'z': 0.5, 'y': 0.3333333333333333}, True)
    """
    nu, nv = graph.adj[u], graph.adj[v]
    small, large = (nu, nv) if len(nu) <= len(nv) else (nv, nu)
    common = [z for z in small if z in large and z != u and z != v]
    degrees = [graph.degree(z) for z in common]
    sizes = (len(nu), len(nv))
    terms = _index_terms(u, v, lambda: common, degrees, sizes, measure, community)
    return dict(zip(common, terms, strict=True))


def similarity(a: Profile, b: Profile) -> float:
    """How alike two people's places are, from 0 to 1: organization, sectors, country.

    One third for sharing an organization, one third times the Jaccard similarity of
    their sectors, one third for the same country.

    >>> from graph.analytics.common import Profile
    >>> e = frozenset()
    >>> a = Profile("a", e, e, e, e, e, frozenset({"O:x"}), e, frozenset({"research"}), "FI")
    >>> b = Profile("b", e, e, e, e, e, frozenset({"O:y"}), e, frozenset({"research"}), "FI")
    >>> round(similarity(a, b), 3)
    0.667
    """
    same_org = 1.0 if a.organizations & b.organizations else 0.0
    union = a.sectors | b.sectors
    sectors = len(a.sectors & b.sectors) / len(union) if union else 0.0
    country = 1.0 if a.country is not None and a.country == b.country else 0.0
    return (same_org + sectors + country) / 3.0


def diversify_suggestions(
    suggestions: list[Suggestion],
    profiles: Mapping[str, Profile],
    subject: Profile,
    first: int,
    diversify: float,
) -> list[Suggestion]:
    """Reorder suggestions by maximal marginal relevance.

    Picks, one at a time, the suggestion that maximizes
    ``(1 - diversify) * score / best score - diversify * max similarity`` to the subject
    and to those already picked (:func:`similarity`), so that people from other
    organizations, sectors and countries move up as ``diversify`` grows.

    Parameters
    ----------
    suggestions
        Candidates, best first.
    profiles
        Profile of each candidate, by the candidate's node id.
    subject
        The person the suggestions are for.
    first
        How many to return.
    diversify
        From 0 (by score only) to 1 (by difference only).

    Returns
    -------
    list of Suggestion
        At most ``first`` suggestions in the new order; scores are unchanged.

    Examples
    --------
    >>> from graph.analytics.common import Profile
    >>> from graph.model import NodeRef
    >>> e = frozenset()
    >>> def person(key, org):
    ...     return Profile(f"Person:{key}", e, e, e, e, e, frozenset({org}), e, e, None)
    >>> me, b, c = person("me", "O:u"), person("b", "O:u"), person("c", "O:v")
    >>> ranked = [Suggestion(NodeRef(Label.PERSON, "b"), 1.0, ()),
    ...           Suggestion(NodeRef(Label.PERSON, "c"), 0.9, ())]
    >>> profiles = {"Person:b": b, "Person:c": c}
    >>> [s.key for s in diversify_suggestions(ranked, profiles, me, 2, 0.5)]
    ['c', 'b']

    References
    ----------
    .. [1] J. Carbonell and J. Goldstein, SIGIR 1998 (see the module references).
    """
    if diversify <= 0 or not suggestions:
        return suggestions[:first]
    best = max(s.score for s in suggestions) or 1.0
    pool = list(enumerate(suggestions))
    picked: list[Profile] = [subject]
    out: list[Suggestion] = []
    while pool and len(out) < first:
        check_cancelled()

        def value(item: tuple[int, Suggestion]) -> tuple[float, int]:
            rank, suggestion = item
            mine = profiles[f"{Label.PERSON.value}:{suggestion.key}"]
            penalty = max(similarity(mine, other) for other in picked)
            return ((1 - diversify) * suggestion.score / best - diversify * penalty, -rank)

        chosen = max(pool, key=value)
        pool.remove(chosen)
        out.append(chosen[1])
        picked.append(profiles[f"{Label.PERSON.value}:{chosen[1].key}"])
    return out


def suggest_collaborators(
    network: Network,
    person: str,
    *,
    first: int = 10,
    diversify: float = 0.0,
    measure: LinkMeasure = LinkMeasure.ADAMIC_ADAR,
    communities: Mapping[str, int] | None = None,
    seed: int = 0,
    fanout: int = FANOUT,
) -> list[Suggestion]:
    """Suggest people for ``person`` to work with, each with a score and its reasons.

    Parameters
    ----------
    network
        The projected network.
    person
        The person's key. They may have opted out (their own suggestions still work);
        nobody who opted out is ever suggested or named as evidence.
    first
        How many suggestions, 1 to 100.
    diversify
        0 to 1: how much score to trade for people from other organizations, sectors
        and countries (see :func:`diversify_suggestions`).
    measure
        The link-prediction index behind ``common_collaborator``.
    communities
        Person node id to community number, for the community-aware measures
        (:func:`graph.analytics.communities.community_index` builds it).
    seed
        Seeds the sampling of large neighbourhoods.
    fanout
        How many ties and context members to follow at most from any one node.

    Returns
    -------
    list of Suggestion
        Best first (ties broken by key). Each score is the sum of its reasons'
        contributions.

    Raises
    ------
    graph.store.NotFound
        The person does not exist.
    graph.model.InvalidInput
        ``first`` or ``diversify`` is out of range.

    Examples
    --------
    >>> from graph.model import Node, Relationship, RelType
    >>> from graph.projection import build_network
    >>> ada, bo = (Node(Label.PERSON, k, {"name": k}) for k in ("ada", "bo"))
    >>> ml = Node(Label.TOPIC, "ml", {"name": "ML"})
    >>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
    >>> network = build_network([ada, bo, ml, loom], [
    ...     Relationship(RelType.MEMBER_OF, ada.ref, loom.ref),
    ...     Relationship(RelType.NEEDS, loom.ref, ml.ref),
    ...     Relationship(RelType.SKILLED_IN, bo.ref, ml.ref)])
    >>> [s] = suggest_collaborators(network, "ada")
    >>> s.key, [(r.kind.value, [e.key for e in r.evidence]) for r in s.reasons]
    ('bo', [('complementary_skill', ['ml', 'loom'])])
    """
    check_range("first", first, 1, 100)
    check_range("diversify", diversify, 0.0, 1.0)
    me_id = require(network, Label.PERSON, person)
    sampler = np.random.default_rng(seed)
    me = profile(network, me_id)
    mine = _Row(*network.tie_row(me_id))
    needs = _needs(network, me)
    excluded = _working_with(network, me)
    me_number = network.ties.number(me_id)
    if me_number is not None:
        excluded.add(me_number)

    numbers, scores = _candidates(network, me, mine, needs, sampler, fanout)
    # Score the shortlist, then explain only those that make the cut.
    profiles: dict[str, Profile] = {}
    scored: dict[str, _Scored] = {}
    ranked: list[Suggestion] = []
    for number, candidate in _shortlist(network, numbers, scores, excluded, max(4 * first, 40)):
        check_cancelled()
        theirs = profiles[candidate] = profile(network, candidate)
        found = scored[candidate] = _score(
            network, me, mine, number, theirs, needs, measure, communities
        )
        if found.score > 0:
            ranked.append(Suggestion(node_ref(candidate), found.score, ()))
    ranked.sort(key=lambda s: (-s.score, s.key))
    chosen = diversify_suggestions(ranked, profiles, me, first, diversify)
    return [_explain(network, scored[node_id(Label.PERSON, s.key)]) for s in chosen]


@dataclass(frozen=True, slots=True)
class _Row:
    """A person's ties as arrays: neighbours' numbers in ``network.ties``, weights."""

    others: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Scored:
    """A candidate's terms, the common collaborators still by number, and the score."""

    candidate: str
    common: list[int]
    common_terms: list[float]
    terms: dict[ReasonKind, list[tuple[str, float]]]
    also: dict[ReasonKind, list[str]]
    score: float


def _shortlist(
    network: Network,
    numbers: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    excluded: set[int],
    size: int,
) -> list[tuple[int, str]]:
    """The ``size`` best-scoring candidates (ties broken by id) not ``excluded``, best
    first, with their ids; ids are only looked up for those that may make the cut."""
    ties = network.ties
    if excluded:
        keep = ~np.isin(numbers, np.fromiter(excluded, dtype=np.int64, count=len(excluded)))
        numbers, scores = numbers[keep], scores[keep]
    if len(scores) > size:
        # Everyone scoring at least the size-th best score, so that ties are kept.
        cut = np.partition(scores, len(scores) - size)[len(scores) - size]
        keep = scores >= cut
        numbers, scores = numbers[keep], scores[keep]
    ranked = sorted(
        (-score, name, number)
        for number, score in zip(numbers.tolist(), scores.tolist(), strict=True)
        if network.is_visible(name := ties.name(number))
    )
    return [(number, name) for _, name, number in ranked[:size]]


def _needs(network: Network, me: Profile) -> dict[str, list[str]]:
    """Skills the person's projects need and the person lacks, with the projects."""
    needs: dict[str, list[str]] = defaultdict(list)
    for project in sorted(me.projects):
        for topic in network.linked(project, "needs"):
            if topic not in me.skills:
                needs[topic].append(project)
    return needs


def _working_with(network: Network, me: Profile) -> set[int]:
    """The numbers in ``network.ties`` of the people who share a project or study group
    with the person (those who opted out have none)."""
    ties = network.ties
    together: set[int] = set()
    for group in me.projects | me.study_groups:
        for member in network.linked(group, "members"):
            number = ties.number(member)
            if number is not None:
                together.add(number)
    return together


def _candidates(
    network: Network,
    me: Profile,
    mine: _Row,
    needs: Mapping[str, list[str]],
    sampler: np.random.Generator,
    fanout: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """People worth explaining (their numbers in ``network.ties``, each once), with a
    rough score from what led to them."""
    ties = network.ties
    reached: list[npt.NDArray[np.int32]] = []
    terms: list[float] = []

    def add(people: npt.NDArray[np.int32], term: float) -> None:
        if len(people) > fanout:
            people = sampler.choice(people, fanout, replace=False)
        reached.append(people)
        terms.append(term)

    if len(mine.others) > fanout:
        friends = mine.others[np.argsort(-mine.weights, kind="stable")[:fanout]]
    else:
        friends = mine.others
    for friend in friends.tolist():
        check_cancelled()
        theirs = ties.row(friend)[0]
        add(theirs, 1.0 / math.log(max(len(theirs), 2)))

    def visit(contexts: Iterable[str], name: str, kind: ReasonKind) -> None:
        ranked = sorted(contexts, key=lambda c: (network.people_of(c), c))[:_MAX_CONTEXTS]
        for context in ranked:
            check_cancelled()
            term = REASON_WEIGHTS[kind] / math.log(max(network.people_of(context), 2))
            add(network.tie_numbers(context, name), term)

    visit(needs, "skilled", ReasonKind.COMPLEMENTARY_SKILL)
    visit(me.topics, "people", ReasonKind.SHARED_TOPIC)
    visit(me.gatherings, "members", ReasonKind.SAME_GATHERING)
    visit(me.clusters, "members", ReasonKind.SAME_CLUSTER)
    if not reached:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    people = np.concatenate(reached)
    weights = np.repeat(np.array(terms), [len(r) for r in reached])
    numbers, where = np.unique(people, return_inverse=True)
    scores = np.bincount(where, weights=weights, minlength=len(numbers)).astype(np.float64)
    return numbers.astype(np.int64), scores


def _score(
    network: Network,
    me: Profile,
    mine: _Row,
    number: int,
    theirs: Profile,
    needs: Mapping[str, list[str]],
    measure: LinkMeasure,
    communities: Mapping[str, int] | None,
) -> _Scored:
    ties = network.ties
    others = ties.row(number)[0]
    shared = np.intersect1d(mine.others, others, assume_unique=True)
    # Someone who opted out is not in ``ties``: count their own tie to each neighbour.
    own = 0 if me.person in ties else 1
    degrees = ties.degrees(shared) + own
    common_terms = _index_terms(
        me.person,
        theirs.person,
        lambda: [ties.name(z) for z in shared.tolist()],
        degrees.tolist(),
        (len(mine.others), len(others)),
        measure,
        communities,
    )
    skills = sorted(theirs.skills & needs.keys())
    terms: dict[ReasonKind, list[tuple[str, float]]] = {
        ReasonKind.COMPLEMENTARY_SKILL: skill_terms(network, skills),
        ReasonKind.SHARED_TOPIC: context_terms(network, me.topics & theirs.topics),
        ReasonKind.SAME_GATHERING: context_terms(network, me.gatherings & theirs.gatherings),
        ReasonKind.SAME_CLUSTER: context_terms(network, me.clusters & theirs.clusters),
        ReasonKind.CROSS_SECTOR_BRIDGE: sector_terms(network, theirs.organizations, me.sectors),
    }
    totals = {kind: sum(term for _, term in items) for kind, items in terms.items()}
    totals[ReasonKind.COMMON_COLLABORATOR] = sum(common_terms)
    projects = sorted({p for t in skills for p in needs[t]})
    return _Scored(
        theirs.person,
        shared.tolist(),
        common_terms,
        terms,
        {ReasonKind.COMPLEMENTARY_SKILL: projects},
        score_of(totals),
    )


def _explain(network: Network, scored: _Scored) -> Suggestion:
    """The scored candidate with its reasons and their evidence (the same score)."""
    names = map(network.ties.name, scored.common)
    common = list(zip(names, scored.common_terms, strict=True))
    terms = {ReasonKind.COMMON_COLLABORATOR: common, **scored.terms}
    return explain(node_ref(scored.candidate), terms, scored.also)
