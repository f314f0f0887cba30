"""Explained suggestions: a score made of reasons, each with its contribution and evidence.

A :class:`Suggestion`'s ``score`` is the sum of its reasons' contributions (added in the
order the reasons are listed), and every reason names the nodes behind it.

Examples
--------
>>> from graph.model import Label
>>> s = explain(NodeRef(Label.PERSON, "bo"), {
...     ReasonKind.SHARED_TOPIC: [("Topic:math", 1.0)],
...     ReasonKind.SAME_GATHERING: [("Gathering:g", 0.5)],
... })
>>> [(r.kind.value, r.contribution) for r in s.reasons], s.score
([('shared_topic', 0.5), ('same_gathering', 0.15)], 0.65)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from graph.analytics.common import Doc
from graph.model import NodeRef
from graph.projection import node_ref

__all__ = [
    "EVIDENCE_LIMIT",
    "REASON_WEIGHTS",
    "Reason",
    "ReasonKind",
    "Suggestion",
    "explain",
    "score_of",
]

EVIDENCE_LIMIT = 10
"""A reason names at most this many nodes of each kind (the ones that weigh most)."""


class ReasonKind(StrEnum):
    """Why someone (or a project) is suggested."""

    SHARED_TOPIC = "shared_topic"
    COMPLEMENTARY_SKILL = "complementary_skill"
    COMMON_COLLABORATOR = "common_collaborator"
    SAME_GATHERING = "same_gathering"
    SAME_CLUSTER = "same_cluster"
    CROSS_SECTOR_BRIDGE = "cross_sector_bridge"


REASON_WEIGHTS: Mapping[ReasonKind, float] = {
    ReasonKind.COMMON_COLLABORATOR: 1.0,
    ReasonKind.COMPLEMENTARY_SKILL: 1.0,
    ReasonKind.SHARED_TOPIC: 0.5,
    ReasonKind.CROSS_SECTOR_BRIDGE: 0.5,
    ReasonKind.SAME_GATHERING: 0.3,
    ReasonKind.SAME_CLUSTER: 0.2,
}
"""What each kind of reason is worth per unit of its measure.

Shared people and needed skills say most about working together; a shared interest
less; meeting at the same gathering or being in the same cluster least. A new sector
counts half a unit each."""


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: what kind, how much of the score it gives, and the nodes behind it."""

    kind: Annotated[ReasonKind, Doc("What kind of reason this is.")]
    contribution: Annotated[
        float,
        Doc("How much this reason adds to the score; a suggestion's reasons add up to its score."),
    ]
    evidence: Annotated[
        tuple[NodeRef, ...],
        Doc(
            "The nodes behind the reason (the shared topics, the common collaborators, "
            "the gathering...), those that weigh most first."
        ),
    ]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested person or project with its score and the reasons that make it up."""

    ref: NodeRef
    score: Annotated[float, Doc("How strongly it is suggested: the sum of the contributions.")]
    reasons: tuple[Reason, ...]

    @property
    def key(self) -> str:
        """The suggested node's key."""
        return self.ref.key


def explain(
    ref: NodeRef,
    terms: Mapping[ReasonKind, Sequence[tuple[str, float]]],
    also: Mapping[ReasonKind, Sequence[str]] | None = None,
) -> Suggestion:
    """Turn per-node terms into reasons and a score.

    Parameters
    ----------
    ref
        The suggested node.
    terms
        For each kind, ``(node id, term)`` pairs: the contribution of the kind is
        ``REASON_WEIGHTS[kind]`` times the sum of its terms; its evidence lists the
        nodes with the largest terms first (at most :data:`EVIDENCE_LIMIT`).
    also
        Further evidence per kind that adds nothing to the score (the projects that
        need a skill, say), listed after the weighed nodes.

    Returns
    -------
    Suggestion
        Reasons with a positive contribution, largest first; ``score`` is their sum.

    Examples
    --------
    >>> from graph.model import Label
    >>> s = explain(NodeRef(Label.PERSON, "cy"),
    ...             {ReasonKind.COMPLEMENTARY_SKILL: [("Topic:ml", 0.5)]},
    ...             also={ReasonKind.COMPLEMENTARY_SKILL: ["Project:loom"]})
    >>> [r.key for r in s.reasons[0].evidence]
    ['ml', 'loom']
    """
    reasons: list[Reason] = []
    for kind, items in terms.items():
        total = sum(term for _, term in items)
        if total <= 0:
            continue
        ranked = sorted(items, key=lambda item: (-item[1], item[0]))[:EVIDENCE_LIMIT]
        extra = [node for node in (also or {}).get(kind, ()) if node not in dict(ranked)]
        evidence = tuple(node_ref(node) for node, _ in ranked) + tuple(
            node_ref(node) for node in extra[:EVIDENCE_LIMIT]
        )
        reasons.append(Reason(kind, REASON_WEIGHTS[kind] * total, evidence))
    reasons.sort(key=lambda r: (-r.contribution, r.kind.value))
    return Suggestion(ref, _added(r.contribution for r in reasons), tuple(reasons))


def score_of(totals: Mapping[ReasonKind, float]) -> float:
    """The score :func:`explain` gives terms whose sums per kind are ``totals``, without
    naming the evidence (to rank many candidates and explain only the best).

    >>> from graph.model import Label
    >>> terms = {ReasonKind.SHARED_TOPIC: [("Topic:a", 0.25), ("Topic:b", 1.0)],
    ...          ReasonKind.SAME_CLUSTER: [("Cluster:c", 0.5)]}
    >>> totals = {kind: sum(t for _, t in items) for kind, items in terms.items()}
    >>> score_of(totals) == explain(NodeRef(Label.PERSON, "cy"), terms).score
    True
    """
    contributions = sorted(
        (-REASON_WEIGHTS[kind] * total, kind.value) for kind, total in totals.items() if total > 0
    )
    return _added(-negative for negative, _ in contributions)


def _added(contributions: Iterable[float]) -> float:
    """Contributions added in order, largest first (so that every way of computing a
    score gives the same float)."""
    score = 0.0
    for contribution in contributions:
        score += contribution
    return score
