"""The Convene graph model: node labels, relationship types and their properties.

The model is a table of specifications rather than one class per label: both stores,
the validators (:mod:`graph.validation`), the importers and the exports read the same
tables, so a property added here is stored, validated and exported everywhere.

Examples
--------
>>> person = Node(Label.PERSON, "ada", {"name": "Ada", "roles": ["educator"]})
>>> NODE_SPECS[Label.PERSON].prop("discoverable").default
True
>>> Relationship(RelType.MEMBER_OF, person.ref, NodeRef(Label.PROJECT, "p1"), {}).ref.type
<RelType.MEMBER_OF: 'MEMBER_OF'>
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

__all__ = [
    "ATTENDANCE_CREDITS",
    "MAX_LIST_ITEMS",
    "MAX_STR_LENGTH",
    "MAX_TEXT_LENGTH",
    "NODE_SPECS",
    "REL_SPECS",
    "AttendanceMode",
    "Direction",
    "GatheringKind",
    "InvalidInput",
    "Label",
    "Node",
    "NodeRef",
    "NodeSpec",
    "OrganizationKind",
    "PropKind",
    "PropSpec",
    "RelRef",
    "RelSpec",
    "RelType",
    "Relationship",
    "Role",
    "Sector",
    "Stage",
    "SupportKind",
    "node_id",
]


class InvalidInput(ValueError):
    """A value does not fit the model; ``field`` names the offending field.

    >>> InvalidInput("roles", "unknown role 'wizard'").field
    'roles'
    """

    def __init__(self, field: str, message: str, code: str = "INVALID") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code


class Label(StrEnum):
    """The kinds of node in the network."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    PROJECT = "Project"
    GATHERING = "Gathering"
    CLUSTER = "Cluster"
    PROGRAM = "Program"
    COHORT = "Cohort"
    STUDY_GROUP = "StudyGroup"
    TOPIC = "Topic"


class RelType(StrEnum):
    """The kinds of relationship in the network."""

    MEMBER_OF = "MEMBER_OF"
    AFFILIATED_WITH = "AFFILIATED_WITH"
    ATTENDED = "ATTENDED"
    WORKED_ON_AT = "WORKED_ON_AT"
    HOSTED = "HOSTED"
    PARTNERED_IN = "PARTNERED_IN"
    IN_CLUSTER = "IN_CLUSTER"
    LEADS = "LEADS"
    SUPPORTS = "SUPPORTS"
    PART_OF = "PART_OF"
    ENROLLED_IN = "ENROLLED_IN"
    INTERESTED_IN = "INTERESTED_IN"
    SKILLED_IN = "SKILLED_IN"
    ABOUT = "ABOUT"
    NEEDS = "NEEDS"
    CONVENED_AT = "CONVENED_AT"


class Direction(StrEnum):
    """Which way a relationship is followed from a node."""

    OUT = "OUT"
    IN = "IN"


class Role(StrEnum):
    """What a person does in the network."""

    EDUCATOR = "educator"
    STUDENT = "student"
    RESEARCHER = "researcher"
    DISTRICT_LEADER = "district_leader"
    SCHOOL_LEADER = "school_leader"
    SYSTEM_LEADER = "system_leader"
    DEVELOPER = "developer"
    DESIGNER = "designer"
    FUNDER = "funder"
    JOURNALIST = "journalist"
    POLICYMAKER = "policymaker"
    ENTREPRENEUR = "entrepreneur"
    FACULTY = "faculty"
    ADMINISTRATOR = "administrator"
    COACH = "coach"
    EVALUATOR = "evaluator"


class OrganizationKind(StrEnum):
    """What kind of body an organization is."""

    UNIVERSITY = "university"
    SCHOOL = "school"
    DISTRICT = "district"
    NONPROFIT = "nonprofit"
    COMPANY = "company"
    FOUNDATION = "foundation"
    GOVERNMENT = "government"
    RESEARCH_CENTER = "research_center"
    NETWORK = "network"
    PROJECT = "project"


class Sector(StrEnum):
    """The three sectors an education innovation cluster brings together."""

    EDUCATION = "education"
    RESEARCH = "research"
    COMMERCIAL = "commercial"


class Stage(StrEnum):
    """How far a project has come."""

    IDEA = "idea"
    PILOT = "pilot"
    SCALING = "scaling"
    ESTABLISHED = "established"


class GatheringKind(StrEnum):
    """What kind of meeting a gathering is."""

    GATHERING = "gathering"
    CONVENING = "convening"
    COHORT_KICKOFF = "cohort_kickoff"


class AttendanceMode(StrEnum):
    """How a person took part in a gathering (EDT 630 credit modes plus plain attendance)."""

    ATTENDEE = "attendee"
    REFLECTION = "reflection"
    JOINED_TEAM = "joined_team"
    PROPOSED_PROJECT = "proposed_project"


class SupportKind(StrEnum):
    """How an organization backs a program or cluster."""

    FUNDER = "funder"
    PARTNER = "partner"
    COLLABORATOR = "collaborator"
    DEVELOPER = "developer"


# EDT 630: reflection earns 1 credit; joining a team or proposing a project 2-5.
ATTENDANCE_CREDITS: Mapping[AttendanceMode, tuple[int, int]] = {
    AttendanceMode.REFLECTION: (1, 1),
    AttendanceMode.JOINED_TEAM: (2, 5),
    AttendanceMode.PROPOSED_PROJECT: (2, 5),
}


class PropKind(StrEnum):
    """The value type of a property."""

    STR = "str"
    TEXT = "text"
    INT = "int"
    BOOL = "bool"
    DATE = "date"
    STR_LIST = "str_list"


# The most a stored value may hold, so that no record can make the store or an answer
# huge: characters of a short string (a name, a place, each item of a list), of a text
# (a summary, a source), and items of a list.
MAX_STR_LENGTH = 200
MAX_TEXT_LENGTH = 4000
MAX_LIST_ITEMS = 100


@dataclass(frozen=True, slots=True)
class PropSpec:
    """One property of a node or relationship.

    ``choices`` restricts a ``str`` (or each item of a ``str_list``) to an enum's values;
    ``private`` properties are never exported and only shown to their owner and admins.
    ``email`` marks a text property that must be an email address.
    ``create_description`` is how the input that creates a node (or adds a relationship)
    describes the property, when that differs from ``description`` (how the property
    reads).
    ``max_length`` bounds a string (each item, for a list) in characters; without it the
    kind's limit holds (:data:`MAX_STR_LENGTH`, or :data:`MAX_TEXT_LENGTH` for text).
    A list holds at most :data:`MAX_LIST_ITEMS` items.
    """

    name: str
    kind: PropKind = PropKind.STR
    required: bool = False
    default: Any = None
    choices: type[Enum] | None = None
    private: bool = False
    email: bool = False
    searchable: bool = False
    description: str = ""
    max_length: int | None = None
    create_description: str = ""

    @property
    def length_limit(self) -> int:
        """The most characters a value (or each item of a list) may have.

        >>> PropSpec("name").length_limit
        200
        >>> PropSpec("summary", PropKind.TEXT).length_limit
        4000
        """
        if self.max_length is not None:
            return self.max_length
        return MAX_TEXT_LENGTH if self.kind is PropKind.TEXT else MAX_STR_LENGTH


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """The properties a label may carry."""

    label: Label
    props: tuple[PropSpec, ...]
    description: str

    def prop(self, name: str) -> PropSpec:
        """The spec of property ``name``; ``InvalidInput`` if the label has none."""
        for spec in self.props:
            if spec.name == name:
                return spec
        raise InvalidInput(name, f"{self.label.value} has no property {name!r}")

    @property
    def names(self) -> frozenset[str]:
        """Every property name this label may carry."""
        return frozenset(p.name for p in self.props)


@dataclass(frozen=True, slots=True)
class RelSpec:
    """A relationship type: which labels it joins and what it carries."""

    type: RelType
    ends: tuple[tuple[Label, Label], ...]
    props: tuple[PropSpec, ...]
    description: str

    def prop(self, name: str) -> PropSpec:
        """The spec of property ``name``; ``InvalidInput`` if the type has none."""
        for spec in self.props:
            if spec.name == name:
                return spec
        raise InvalidInput(name, f"{self.type.value} has no property {name!r}")


_NAME = PropSpec("name", required=True, searchable=True, description="Display name.")
_SOURCE = PropSpec(
    "source", PropKind.TEXT, description="The source document and sentence behind this record."
)
_SYNTHETIC = PropSpec(
    "synthetic", PropKind.BOOL, default=False, description="Generated, not a real record."
)
_SUMMARY = PropSpec("summary", PropKind.TEXT, searchable=True, description="A short description.")
_PLACE = (
    PropSpec("city", description="City."),
    PropSpec("region", description="State, province or region."),
    PropSpec("country", description="Country."),
)
_MEMBER_SINCE = PropSpec(
    "since",
    PropKind.DATE,
    description="When the membership began.",
    create_description="Since when.",
)

NODE_SPECS: Mapping[Label, NodeSpec] = {
    spec.label: spec
    for spec in (
        NodeSpec(
            Label.PERSON,
            (
                _NAME,
                PropSpec(
                    "roles",
                    PropKind.STR_LIST,
                    default=(),
                    choices=Role,
                    description="What the person does.",
                ),
                PropSpec(
                    "headline",
                    PropKind.TEXT,
                    searchable=True,
                    description="One line about the person.",
                    max_length=2000,
                ),
                *_PLACE,
                PropSpec(
                    "email",
                    private=True,
                    email=True,
                    description="Contact email; private.",
                    max_length=254,
                ),
                PropSpec(
                    "discoverable",
                    PropKind.BOOL,
                    default=True,
                    description="Whether others may find and be recommended this person.",
                    create_description="Whether others may find the person (default true).",
                ),
                PropSpec(
                    "exportable",
                    PropKind.BOOL,
                    default=True,
                    description="Whether the person appears in network exports.",
                    create_description="Whether the person appears in exports (default true).",
                ),
                _SYNTHETIC,
                _SOURCE,
            ),
            "Someone in the network: educator, student, researcher, leader, funder, ...",
        ),
        NodeSpec(
            Label.ORGANIZATION,
            (
                _NAME,
                PropSpec("kind", choices=OrganizationKind, description="What kind of body."),
                PropSpec(
                    "sectors",
                    PropKind.STR_LIST,
                    default=(),
                    choices=Sector,
                    description="Education, research and/or commercial.",
                ),
                _SUMMARY,
                *_PLACE,
                _SYNTHETIC,
                _SOURCE,
            ),
            "A university, school, district, company, foundation, ... or a part of one.",
        ),
        NodeSpec(
            Label.PROJECT,
            (
                _NAME,
                _SUMMARY,
                PropSpec("stage", choices=Stage, description="How far the project has come."),
                PropSpec("started", PropKind.DATE, description="When the project started."),
                _SYNTHETIC,
                _SOURCE,
            ),
            "A project and its team.",
        ),
        NodeSpec(
            Label.GATHERING,
            (
                _NAME,
                PropSpec(
                    "kind",
                    choices=GatheringKind,
                    default=GatheringKind.GATHERING.value,
                    description="Gathering, convening or cohort kickoff.",
                ),
                PropSpec("starts", PropKind.DATE, description="First day."),
                PropSpec("ends", PropKind.DATE, description="Last day."),
                PropSpec("public_day", PropKind.DATE, description="The day open to the public."),
                _SUMMARY,
                *_PLACE,
                _SYNTHETIC,
                _SOURCE,
            ),
            "A multi-day event where people and project teams meet.",
        ),
        NodeSpec(
            Label.CLUSTER,
            (_NAME, _SUMMARY, *_PLACE, _SYNTHETIC, _SOURCE),
            "A regional education innovation cluster.",
        ),
        NodeSpec(
            Label.PROGRAM,
            (_NAME, _SUMMARY, _SYNTHETIC, _SOURCE),
            "A learning program, such as a MicroMasters or a master's degree.",
        ),
        NodeSpec(
            Label.COHORT,
            (
                _NAME,
                _SUMMARY,
                PropSpec("starts", PropKind.DATE, description="Launch date."),
                PropSpec("ends", PropKind.DATE, description="End date."),
                PropSpec(
                    "declared_size", PropKind.INT, description="The size the source documents give."
                ),
                _SYNTHETIC,
                _SOURCE,
            ),
            "A group of learners going through a program together.",
        ),
        NodeSpec(
            Label.STUDY_GROUP,
            (_NAME, _SUMMARY, _SYNTHETIC, _SOURCE),
            "A study group inside a cohort, named for its perspective.",
        ),
        NodeSpec(
            Label.TOPIC,
            (_NAME, _SYNTHETIC, _SOURCE),
            "An interest or skill.",
        ),
    )
}

_P, _O, _PR, _G = Label.PERSON, Label.ORGANIZATION, Label.PROJECT, Label.GATHERING
_CL, _PG, _CO, _SG, _T = (
    Label.CLUSTER,
    Label.PROGRAM,
    Label.COHORT,
    Label.STUDY_GROUP,
    Label.TOPIC,
)

REL_SPECS: Mapping[RelType, RelSpec] = {
    spec.type: spec
    for spec in (
        RelSpec(
            RelType.MEMBER_OF,
            ((_P, _PR), (_P, _SG), (_P, _CO)),
            (
                PropSpec(
                    "role",
                    description="Role in the team or group.",
                    create_description="Role in the team.",
                ),
                _MEMBER_SINCE,
                _SOURCE,
            ),
            "A person belongs to a project team, study group or cohort.",
        ),
        RelSpec(
            RelType.AFFILIATED_WITH,
            ((_P, _O),),
            (
                PropSpec("title", description="Job title."),
                PropSpec(
                    "since",
                    PropKind.DATE,
                    description="When the affiliation began.",
                    create_description="When it began.",
                ),
                PropSpec(
                    "until",
                    PropKind.DATE,
                    description="When it ended (null if it goes on).",
                    create_description="When it ended.",
                ),
                _SOURCE,
            ),
            "A person works for or with an organization.",
        ),
        RelSpec(
            RelType.ATTENDED,
            ((_P, _G),),
            (
                PropSpec(
                    "mode",
                    choices=AttendanceMode,
                    default=AttendanceMode.ATTENDEE.value,
                    description="How the person took part.",
                ),
                PropSpec(
                    "credits",
                    PropKind.INT,
                    description="EDT 630 credits earned: reflection 1, joined team or proposed "
                    "project 2-5.",
                    create_description="EDT 630 credits earned.",
                ),
                PropSpec(
                    "role",
                    description="Role at the gathering (speaker, ...).",
                    create_description="Role at the gathering (speaker, organizer, ...).",
                ),
                _SOURCE,
            ),
            "A person attended a gathering.",
        ),
        RelSpec(
            RelType.WORKED_ON_AT,
            ((_PR, _G),),
            (_SOURCE,),
            "A project team worked at a gathering.",
        ),
        RelSpec(
            RelType.HOSTED,
            ((_O, _G),),
            (_SOURCE,),
            "An organization hosted a gathering.",
        ),
        RelSpec(
            RelType.PARTNERED_IN,
            ((_O, _G), (_O, _CL), (_O, _PG), (_O, _PR)),
            (PropSpec("role", description="The partner's role."), _SOURCE),
            "An organization is a partner in a gathering, cluster, program or project.",
        ),
        RelSpec(
            RelType.IN_CLUSTER,
            ((_O, _CL),),
            (
                PropSpec(
                    "sector",
                    choices=Sector,
                    required=True,
                    description="The sector the organization brings to the cluster.",
                ),
                _MEMBER_SINCE,
                _SOURCE,
            ),
            "An organization is a member of an education innovation cluster.",
        ),
        RelSpec(
            RelType.LEADS,
            ((_O, _CL), (_O, _PG), (_O, _PR)),
            (_SOURCE,),
            "An organization leads a cluster, a program or a project.",
        ),
        RelSpec(
            RelType.SUPPORTS,
            ((_O, _PG), (_O, _CL)),
            (
                PropSpec(
                    "kind",
                    choices=SupportKind,
                    default=SupportKind.PARTNER.value,
                    description="Funder, partner, collaborator or developer.",
                ),
                _SOURCE,
            ),
            "An organization supports a program or cluster.",
        ),
        RelSpec(
            RelType.PART_OF,
            ((_O, _O), (_CO, _PG), (_SG, _CO)),
            (_SOURCE,),
            "Something is part of something larger: a school of a university, a cohort of a "
            "program, a study group of a cohort.",
        ),
        RelSpec(
            RelType.ENROLLED_IN,
            ((_P, _PG),),
            (
                PropSpec("track", description="Track within the program."),
                PropSpec("since", PropKind.DATE, description="When the enrollment began."),
                _SOURCE,
            ),
            "A person is enrolled in a program.",
        ),
        RelSpec(
            RelType.INTERESTED_IN,
            ((_P, _T),),
            (_SOURCE,),
            "A person is interested in a topic.",
        ),
        RelSpec(
            RelType.SKILLED_IN,
            ((_P, _T),),
            (PropSpec("level", PropKind.INT, description="Skill level, 1 to 5."), _SOURCE),
            "A person has a skill.",
        ),
        RelSpec(
            RelType.ABOUT,
            ((_PR, _T), (_G, _T), (_CL, _T)),
            (_SOURCE,),
            "A project, gathering or cluster is about a topic.",
        ),
        RelSpec(
            RelType.NEEDS,
            ((_PR, _T),),
            (_SOURCE,),
            "A project needs a skill.",
        ),
        RelSpec(
            RelType.CONVENED_AT,
            ((_CL, _G), (_CO, _G)),
            (_SOURCE,),
            "A cluster met at a convening, or a cohort at its kickoff.",
        ),
    )
}


@dataclass(frozen=True, slots=True, order=True)
class NodeRef:
    """Identifies a node by label and key.

    >>> NodeRef(Label.PERSON, "ada").label.value
    'Person'
    """

    label: Label
    key: str


_ID_PREFIX: Mapping[Label, str] = {label: f"{label.value}:" for label in Label}


def node_id(label: Label, key: str) -> str:
    """The one string that names a node in projected graphs and exports: ``Label:key``.

    >>> node_id(Label.TOPIC, "math")
    'Topic:math'
    """
    return _ID_PREFIX[label] + key


@dataclass(frozen=True, slots=True)
class Node:
    """A node: its label, its unique key within the label, and its properties."""

    label: Label
    key: str
    props: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ref(self) -> NodeRef:
        """The node's reference."""
        return NodeRef(self.label, self.key)

    def get(self, name: str) -> Any:
        """A property value, or the model's default when it is not set.

        >>> Node(Label.PERSON, "ada", {"name": "Ada"}).get("discoverable")
        True
        """
        if name in self.props:
            return self.props[name]
        default = NODE_SPECS[self.label].prop(name).default
        return list(default) if isinstance(default, tuple) else default


@dataclass(frozen=True, slots=True, order=True)
class RelRef:
    """Identifies a relationship: at most one of each type joins two nodes."""

    type: RelType
    start: NodeRef
    end: NodeRef


@dataclass(frozen=True, slots=True)
class Relationship:
    """A relationship from ``start`` to ``end`` with its properties."""

    type: RelType
    start: NodeRef
    end: NodeRef
    props: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ref(self) -> RelRef:
        """The relationship's reference."""
        return RelRef(self.type, self.start, self.end)
