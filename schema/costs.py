"""What each list and analytics field of the schema may cost: items returned and compute.

The cost estimate (:func:`querylimits.estimate`, at the :data:`PRICES` below) counts
connections paged by ``first``/``last`` and ``nodes(ids:)`` by their arguments. Every
other field that returns a list, and every field that runs an analytic, has an entry in
:data:`FIELD_COSTS` saying

- ``items``: how many items one call returns at most, from the field's arguments, the
  arguments of the analytics field above it (``EgoNetwork.nodes`` has at most the
  ``maxNodes`` of its ``egoNetwork``) or a fixed bound (``Suggestion.reasons`` has at
  most one reason per kind);
- ``compute``: how much analytics work one call costs, in units of about a
  millisecond of one analytics thread on a network of 10,000 people (measured on the
  synthetic network at a well-connected person; the largest case is kept).

The walker multiplies both by the items of the parent, so ``people(first: 100) {
nodes { egoNetwork(maxNodes: 500) } }`` costs a hundred ego networks. A test checks
that every list or analytics field of the built schema has an entry here.

Examples
--------
>>> cost = FIELD_COSTS["Person", "egoNetwork"]
>>> cost.items({"radius": 2, "maxNodes": 100}), cost.compute({"radius": 2, "maxNodes": 100})
(1, 100)
>>> FIELD_COSTS["EgoNetwork", "nodes"].items({"maxNodes": 100})
100
>>> FIELD_COSTS["Suggestion", "reasons"].items(LARGEST)
6
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from graph.analytics.paths import MAX_PATH_LENGTH
from graph.analytics.reasons import EVIDENCE_LIMIT, ReasonKind
from graph.model import Label, RelType, Role, Sector
from querylimits import Args, FieldCost, Prices
from resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

__all__ = [
    "BACKGROUND_COMPUTE",
    "FIELDS_BY_NAME",
    "FIELD_COSTS",
    "LARGEST",
    "MEMBERS_DEFAULT",
    "MEMBERS_MAX",
    "PRICES",
]

MEMBERS_DEFAULT = 100
"""``Community.members``: how many members when ``first`` is not given."""

MEMBERS_MAX = 1000
"""``Community.members``: the most members one call returns."""

BACKGROUND_COMPUTE = 10
"""Communities, brokers and statistics are computed once per data version in the
background (``LiveNetwork.result``); a request only reads the finished result."""

LARGEST: Mapping[str, float] = {
    "first": MAX_PAGE_SIZE,
    "radius": 3,
    "maxNodes": 500,
    "maxLength": MAX_PATH_LENGTH,
    "size": 12,
    "count": 50,
    "diversify": 1.0,
}
"""The largest value of each argument a bound may depend on: used when a list is
reached without its analytics field above it (inside a fragment, which is costed once
for every place it is spread)."""

_TIE_CONTEXTS = 5
"""An estimate, not a cap: the contexts (projects, gatherings...) two people share."""

_NEEDS = 20
"""An estimate, not a cap: the topics one project needs."""

_PER_PERSON_ORGANIZATIONS = 3
"""An estimate, not a cap: the organizations one person works with."""

_SECTOR_ORGANIZATIONS = 100
"""An estimate, not a cap: the organizations of one sector of one cluster."""

_USER_ERRORS = 20
"""At most one error per input field, and no input type has more than this many."""


def _none(args: Args) -> int:
    return 0


def _one(args: Args) -> int:
    return 1


def _fixed(count: int) -> Callable[[Args], int]:
    return lambda args: count


def _arg(name: str, offset: int = 0) -> Callable[[Args], int]:
    return lambda args: int(args.get(name, LARGEST[name])) + offset


def _get(args: Args, name: str) -> float:
    return args.get(name, LARGEST[name])


def _collaborators(args: Args) -> int:
    # Scoring grows with first; diversifying compares each pick with every earlier
    # one over a shortlist of 4 * first, so it grows with first squared.
    first, diversify = _get(args, "first"), _get(args, "diversify")
    return int(20 + first * (2 + diversify * first / 4))


def _matching(args: Args) -> int:
    return int(5 + _get(args, "first") / 2)


def _ego(args: Args) -> int:
    return int(_get(args, "maxNodes") * _get(args, "radius") / 2)


def _ego_edges(args: Args) -> int:
    nodes = int(_get(args, "maxNodes"))
    return nodes * (nodes - 1) // 2


def _teams(args: Args) -> int:
    return int(10 + 5 * _get(args, "size") * _get(args, "count"))


def _team_organizations(args: Args) -> int:
    return int(_get(args, "size")) * _PER_PERSON_ORGANIZATIONS


_REASONS = _fixed(len(ReasonKind))
_SECTORS = len(Sector)

FIELD_COSTS: Mapping[tuple[str, str], FieldCost] = {
    # Analytics: computed per call.
    ("Person", "suggestedCollaborators"): FieldCost(_arg("first"), _collaborators),
    ("Person", "suggestedProjects"): FieldCost(_arg("first"), _matching),
    ("Project", "suggestedMembers"): FieldCost(_arg("first"), _matching),
    ("Person", "egoNetwork"): FieldCost(_one, _ego),
    ("Query", "connectionPath"): FieldCost(_one, lambda args: int(20 * _get(args, "maxLength"))),
    ("Cluster", "bridges"): FieldCost(_one, lambda args: int(20 + 5 * _get(args, "first"))),
    ("Gathering", "suggestedTeams"): FieldCost(_one, _teams),
    # Analytics: computed once per data version in the background.
    ("Query", "brokers"): FieldCost(_arg("first"), _fixed(BACKGROUND_COMPUTE)),
    ("Query", "communities"): FieldCost(_arg("first"), _fixed(BACKGROUND_COMPUTE)),
    ("Query", "networkStats"): FieldCost(_one, _fixed(BACKGROUND_COMPUTE)),
    # What the analytics return.
    ("Suggestion", "reasons"): FieldCost(_REASONS),
    ("Reason", "evidence"): FieldCost(_fixed(2 * EVIDENCE_LIMIT)),
    ("EgoNetwork", "nodes"): FieldCost(_arg("maxNodes")),
    ("EgoNetwork", "edges"): FieldCost(_ego_edges),
    ("EgoEdge", "shared"): FieldCost(_fixed(_TIE_CONTEXTS)),
    ("ConnectionPath", "people"): FieldCost(_arg("maxLength", 1)),
    ("ConnectionPath", "steps"): FieldCost(_arg("maxLength")),
    ("PathStep", "shared"): FieldCost(_fixed(_TIE_CONTEXTS)),
    ("Community", "members"): FieldCost(
        lambda args: int(args.get("first", MEMBERS_DEFAULT)), max_first=MEMBERS_MAX
    ),
    ("Community", "topics"): FieldCost(_fixed(20)),
    ("Community", "organizations"): FieldCost(_fixed(20)),
    ("TeamPlan", "teams"): FieldCost(_arg("count")),
    ("Team", "members"): FieldCost(_arg("size")),
    ("Team", "covered"): FieldCost(_fixed(_NEEDS)),
    ("Team", "missing"): FieldCost(_fixed(_NEEDS)),
    ("Team", "organizations"): FieldCost(_team_organizations),
    ("Team", "sectors"): FieldCost(_fixed(_SECTORS)),
    ("Team", "why"): FieldCost(lambda args: 2 * int(_get(args, "size")) + 2),
    ("ClusterBridges", "sectors"): FieldCost(_fixed(_SECTORS)),
    ("ClusterBridges", "crossTies"): FieldCost(_fixed(_SECTORS * (_SECTORS - 1) // 2)),
    ("ClusterBridges", "introductions"): FieldCost(_arg("first")),
    ("SectorShare", "organizations"): FieldCost(_fixed(_SECTOR_ORGANIZATIONS)),
    ("SectorTies", "sectors"): FieldCost(_fixed(2)),
    ("Introduction", "people"): FieldCost(_fixed(2)),
    ("Introduction", "sectors"): FieldCost(_fixed(2)),
    ("Introduction", "reasons"): FieldCost(_REASONS),
    ("NetworkStats", "nodes"): FieldCost(_fixed(len(Label))),
    ("NetworkStats", "relationships"): FieldCost(_fixed(len(RelType))),
    # Plain lists of the domain types.
    ("Query", "search"): FieldCost(_arg("first")),
    ("Person", "roles"): FieldCost(_fixed(len(Role))),
    ("Organization", "sectors"): FieldCost(_fixed(_SECTORS)),
}
"""The cost of every list and analytics field, by type and field name."""

FIELDS_BY_NAME: Mapping[str, FieldCost] = {
    # Every mutation payload's user errors, whatever the payload.
    "userErrors": FieldCost(_fixed(_USER_ERRORS)),
}
"""The cost of a list field by its name alone, on every type that has it (where
:data:`FIELD_COSTS` has no entry for the type)."""

PRICES = Prices(FIELD_COSTS, FIELDS_BY_NAME, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
"""What the cost gate (``schema.limits``) charges: the tables above, and Convene's page
sizes."""
