"""Synthetic Convene networks of any size, streamed as JSON Lines records.

``convene synth --people N --seed S --out FILE`` writes a network of ``N`` people
(1k to 1M) in the record format of :mod:`graph.records`; ``--load`` writes it straight
into the configured store. The same seed always gives the same bytes. Records come out
in a fixed order (every node, label by label, then every relationship) and nothing but
a few compact arrays is kept in memory, so a million people stream in constant memory
per record.

What the network looks like, for ``N`` people (see :func:`plan`):

- organizations of eight kinds (schools, districts, universities, nonprofits,
  companies, foundations, agencies, research centers) with their sectors; districts
  have schools and universities have schools or offices (``PART_OF``);
- about ``N / 5`` projects with teams of 3 to 7, each about a topic and needing skills,
  some worked on at a gathering;
- gatherings whose sizes are heavy-tailed, attended in the EDT 630 modes with credits
  that obey :func:`graph.validation.check_attendance`; cluster convenings and cohort
  kickoffs among them;
- regional education innovation clusters whose member organizations bring a sector;
- programs with cohorts and study groups (about one person in ten is enrolled);
- topics that people are interested or skilled in, that projects, gatherings and
  clusters are about, and that projects need.

People live in the US states and countries of the demo data (Michigan more than
most), take a persona of the demo cohort (its roles, headline, kind of employer,
interests and skills), and are drawn into teams and gatherings by preferential
attachment: whoever already has many ties is likelier to gain another, so a few hubs
emerge while most people keep a handful of ties. About 3% opt out of discovery and
export. There are about ten relationships per person. Every node is flagged
``synthetic``, every key starts with ``synth-`` (so a synthetic network never merges
into real records), and every email address is at ``example.org``.

Examples
--------
>>> records = list(generate(people=200, seed=1))
>>> people = [r for r in records if isinstance(r, Node) and r.label is Label.PERSON]
>>> len(people), all(p.props["synthetic"] for p in people)
(200, True)
>>> people[0].props["email"].endswith("@example.org")
True
>>> [format_record(r) for r in records[:50]] == [
...     format_record(r) for r in list(generate(people=200, seed=1))[:50]]
True
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from data.pools import (
    COHORT_PERSONAS,
    COUNTRIES,
    ORG_PREFIXES,
    ORG_SECTORS,
    ORG_SUFFIXES,
    SKILLS,
    US_NAMES,
    US_STATES,
)
from graph.importer import load_records
from graph.model import (
    AttendanceMode,
    Label,
    Node,
    NodeRef,
    Relationship,
    RelType,
    Stage,
    SupportKind,
)
from graph.records import Record, format_record
from graph.store import GraphStore

__all__ = [
    "EMAIL_DOMAIN",
    "KEY_PREFIX",
    "MAX_PEOPLE",
    "MIN_PEOPLE",
    "OPT_OUT_SHARE",
    "Plan",
    "SynthSummary",
    "generate",
    "load_network",
    "plan",
    "write_network",
]

KEY_PREFIX = "synth-"
EMAIL_DOMAIN = "example.org"
OPT_OUT_SHARE = 0.03
MIN_PEOPLE = 1
MAX_PEOPLE = 1_000_000

Progress = Callable[[int, int], None]

# Share of picks made by preferential attachment (the rest are uniform or local):
# a degree distribution with a power-law tail, hubs without a single super-hub.
_ATTACHMENT = 0.8
_LOCAL_TEAM = 0.5
_LOCAL_ATTENDANCE = 0.5
_ENROLLED_SHARE = 0.1
_ATTENDANCES_PER_PERSON = 2.5
_SECOND_AFFILIATION = 0.25
_FIRST_DAY = dt.date(2014, 1, 1)
_SPAN_DAYS = 11 * 365

_US = "United States"

# Organization kinds with their share of top-level organizations.
_ORG_KINDS: tuple[tuple[str, float], ...] = (
    ("school", 0.22),
    ("district", 0.10),
    ("university", 0.08),
    ("nonprofit", 0.18),
    ("company", 0.20),
    ("foundation", 0.05),
    ("government", 0.05),
    ("research_center", 0.12),
)
_KIND_NAMES = tuple(kind for kind, _ in _ORG_KINDS)
_KIND_INDEX = {kind: index for index, kind in enumerate(_KIND_NAMES)}
_UNIVERSITY_UNITS = (
    ("School of Education", ("education", "research")),
    ("School of Information", ("education", "research")),
    ("School of Business", ("education", "research")),
    ("Office of Academic Innovation", ("education",)),
    ("College of Engineering", ("education", "research")),
    ("Center for Learning Sciences", ("research",)),
)
_TITLES = ("", "Director", "Coordinator", "Fellow", "Lead", "Specialist", "Manager")
_EXTRA_TOPICS = (
    "Early literacy",
    "Mathematics education",
    "Science education",
    "Computer science education",
    "Social-emotional learning",
    "Family engagement",
    "Teacher preparation",
    "Assessment design",
    "Competency-based education",
    "Rural education",
    "Multilingual learners",
    "Special education",
    "School finance",
    "Career and technical education",
    "Civic education",
    "Learning analytics",
    "Open educational resources",
    "Project-based learning",
    "Equity in education",
    "School climate",
    "Online learning",
    "Adult learning",
    "Early childhood education",
    "College access",
    "Arts education",
    "Student voice",
    "Design thinking",
    "Networked improvement communities",
    "Data privacy in schools",
    "Artificial intelligence in education",
)
_QUALIFIERS = (
    "Rural",
    "Urban",
    "Early-grade",
    "Secondary",
    "Online",
    "Bilingual",
    "Adult",
    "Community-based",
)
_PROJECT_WORDS = (
    ("Open", "Bright", "Shared", "Bold", "Civic", "Quiet", "Rapid", "Deep", "Local", "Common"),
    (
        "Pathways",
        "Commons",
        "Lab",
        "Studio",
        "Bridge",
        "Compass",
        "Circle",
        "Atlas",
        "Loop",
        "Field Guide",
        "Toolkit",
        "Exchange",
    ),
)
_PROGRAM_KINDS = (
    "MicroMasters in Educational Innovation",
    "Master's in Educational Leadership",
    "Certificate in Improvement Science",
    "Fellowship in Learning Design",
    "Master's in Educational Technology",
)
_STUDY_GROUPS = (
    ("participants", "Participants"),
    ("practice-leaders", "Practice leaders"),
    ("researchers-designers", "Researchers and designers"),
    ("faculty", "Faculty"),
)
_TRACKS = ("practitioner", "researcher", "designer", "developer")
_SEASONS = ("Winter", "Spring", "Summer", "Fall")
_ATTENDANCE_MODES = (
    (AttendanceMode.ATTENDEE.value, 0.60),
    (AttendanceMode.REFLECTION.value, 0.20),
    (AttendanceMode.JOINED_TEAM.value, 0.12),
    (AttendanceMode.PROPOSED_PROJECT.value, 0.08),
)
_MODE_NAMES = tuple(mode for mode, _ in _ATTENDANCE_MODES)
_MODE_CUM = tuple(itertools.accumulate(share for _, share in _ATTENDANCE_MODES))
_SLUG_FIXES = str.maketrans({"\u0131": "i", "ø": "o", "ß": "ss", "ł": "l", "đ": "d", "æ": "ae"})


@lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_SLUG_FIXES))
        .encode("ascii", "ignore")
        .decode()
    )
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_text.replace("'", "").lower())
    return "-".join(words.split())


@dataclass(frozen=True, slots=True)
class _Region:
    name: str | None
    country: str
    cities: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    weight: float

    @property
    def title(self) -> str:
        return self.name or self.country

    def place(self, city: str) -> dict[str, Any]:
        props: dict[str, Any] = {"city": city}
        if self.name is not None:
            props["region"] = self.name
        props["country"] = self.country
        return props


def _regions() -> tuple[_Region, ...]:
    us_first, us_last = US_NAMES
    regions = [
        _Region(state, _US, cities, us_first, us_last, 3.0 if state == "Michigan" else 1.0)
        for state, cities in US_STATES.items()
    ]
    regions += [
        _Region(None, country, cities, first, last, 0.5)
        for country, (cities, first, last) in COUNTRIES.items()
    ]
    return tuple(regions)


def _topic_pool() -> tuple[tuple[str, str], ...]:
    """(key suffix, name) of every topic the generator knows, the demo's first."""
    names: dict[str, str] = {}
    for persona in COHORT_PERSONAS:
        for key in (*persona.interests, *persona.skills):
            names.setdefault(key, key.replace("-", " ").capitalize())
    for key, name in SKILLS:
        names[key] = name
    for name in _EXTRA_TOPICS:
        names.setdefault(_slug(name), name)
    base = list(names.items())
    qualified = [
        (f"{_slug(q)}-{key}", f"{q} {name[0].lower()}{name[1:]}")
        for q in _QUALIFIERS
        for key, name in base
    ]
    return tuple(base + qualified)


@dataclass(frozen=True, slots=True)
class Plan:
    """How many nodes of each kind a network of ``people`` people gets.

    Examples
    --------
    >>> p = plan(100_000)
    >>> p.projects, p.organizations, p.gatherings
    (20000, 2500, 800)
    """

    people: int
    topics: int
    organizations: int
    clusters: int
    programs: int
    cohorts: int
    gatherings: int
    projects: int

    @property
    def estimated_records(self) -> int:
        """A rough count of the records the network holds (for progress bars)."""
        return 12 * self.people


def plan(people: int) -> Plan:
    """The sizes of a network of ``people`` people.

    ``organizations`` counts the top-level ones (districts and universities add
    parts); ``gatherings`` counts the general ones (each cohort adds its kickoff and
    each cluster its convenings).

    Parameters
    ----------
    people
        How many people, from :data:`MIN_PEOPLE` to :data:`MAX_PEOPLE`.

    Returns
    -------
    Plan
        The counts.

    Raises
    ------
    ValueError
        When ``people`` is out of range.

    Examples
    --------
    >>> plan(1000).topics
    40
    """
    if not MIN_PEOPLE <= people <= MAX_PEOPLE:
        raise ValueError(f"people must be between {MIN_PEOPLE} and {MAX_PEOPLE}, not {people}")
    return Plan(
        people=people,
        topics=min(len(_topic_pool()), max(40, people // 250)),
        organizations=max(8, people // 40),
        clusters=max(1, people // 5000),
        programs=max(1, people // 25_000),
        cohorts=max(1, people // 2000),
        gatherings=max(2, people // 125),
        projects=max(1, people // 5),
    )


@dataclass
class SynthSummary:
    """What a generated network holds: nodes per label and relationships per type."""

    nodes: Counter[str] = field(default_factory=Counter)
    relationships: Counter[str] = field(default_factory=Counter)

    def count(self, record: Record) -> None:
        """Count one record."""
        if isinstance(record, Node):
            self.nodes[record.label.value] += 1
        else:
            self.relationships[record.type.value] += 1

    @property
    def total_nodes(self) -> int:
        """How many nodes in all."""
        return sum(self.nodes.values())

    @property
    def total_relationships(self) -> int:
        """How many relationships in all."""
        return sum(self.relationships.values())


def _weighted_cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _date(rng: random.Random, first: dt.date = _FIRST_DAY, span: int = _SPAN_DAYS) -> dt.date:
    return first + dt.timedelta(days=rng.randrange(span))


class _Generator:
    """One generation run: the random stream and the few arrays that tie sections."""

    def __init__(self, people: int, seed: int) -> None:
        self.plan = plan(people)
        self.rng = random.Random(seed)
        self.regions = _regions()
        self.region_cum = _weighted_cumulative([r.weight for r in self.regions])
        self.topics = _topic_pool()[: self.plan.topics]
        self.topic_index = {key: i for i, (key, _) in enumerate(self.topics)}
        # Zipf popularity: the first topics (the demo's own) are the most common.
        self.topic_cum = _weighted_cumulative(
            [1.0 / (rank + 1) for rank in range(len(self.topics))]
        )
        skill_keys = [key for key, _ in SKILLS] + [
            s for persona in COHORT_PERSONAS for s in persona.skills
        ]
        self.skill_topics = sorted(
            {self.topic_index[k] for k in skill_keys if k in self.topic_index}
        )
        self.persona_cum = _weighted_cumulative([p.weight for p in COHORT_PERSONAS])
        self.persona_interests = [
            [self.topic_index[k] for k in p.interests if k in self.topic_index]
            for p in COHORT_PERSONAS
        ]
        self.persona_skills = [
            [self.topic_index[k] for k in p.skills if k in self.topic_index]
            for p in COHORT_PERSONAS
        ]
        # Organizations.
        self.org_keys: list[str] = []
        self.org_names: list[str] = []
        self.org_region = array("H")
        self.org_kind = array("B")
        self.org_parent = array("i")
        self.orgs_by_region: list[array[int]] = [array("i") for _ in self.regions]
        self.org_urns: dict[tuple[int, int], array[int]] = {}
        self.global_org_urn = array("i")
        # People.
        self.person_keys: list[str] = []
        self.person_region = array("H")
        self.person_persona = array("B")
        self.person_org = array("i")
        self.person_second_org = array("i")
        self.people_by_region: list[array[int]] = [array("i") for _ in self.regions]
        self.urn = array("i")
        self.arrived = 0
        picks = _ATTENDANCES_PER_PERSON * people + 5 * self.plan.projects
        # A little ahead of the picks, so that everyone has joined before the last ones.
        self.arrival_rate = min(1.0, 1.2 * people / picks)
        # Gatherings, clusters, programs, cohorts.
        self.gathering_keys: list[str] = []
        self.gathering_region = array("H")
        self.gathering_kind: list[str] = []
        self.general_gatherings = array("i")
        self.cluster_keys: list[str] = []
        self.cluster_region = array("H")
        self.cluster_convenings: list[list[int]] = []
        self.program_keys: list[str] = []
        self.cohort_keys: list[str] = []
        self.cohort_program = array("i")
        self.cohort_starts: list[dt.date] = []
        self.cohort_size = array("i")
        self.cohort_kickoff = array("i")
        self.cohort_groups: list[list[str]] = []
        self.project_keys: list[str] = []
        self.project_topic = array("H")

    # ------------------------------------------------------------------ helpers

    def region(self) -> int:
        return self.rng.choices(range(len(self.regions)), cum_weights=self.region_cum)[0]

    def topic(self) -> int:
        return self.rng.choices(range(len(self.topics)), cum_weights=self.topic_cum)[0]

    def topic_ref(self, index: int) -> NodeRef:
        return NodeRef(Label.TOPIC, f"{KEY_PREFIX}topic-{self.topics[index][0]}")

    def distinct_topics(self, count: int, preferred: Sequence[int] = ()) -> list[int]:
        chosen: list[int] = []
        for _ in range(count * 4):
            if len(chosen) == count:
                break
            if preferred and self.rng.random() < 0.5:
                index = preferred[self.rng.randrange(len(preferred))]
            else:
                index = self.topic()
            if index not in chosen:
                chosen.append(index)
        return chosen

    def arrive(self) -> int:
        """The next person joins the network with one share of the urn."""
        person = self.arrived
        self.arrived += 1
        self.urn.append(person)
        self.people_by_region[self.person_region[person]].append(person)
        return person

    def tie(self, person: int) -> None:
        """Record one more tie of ``person``: one more share of both urns."""
        self.urn.append(person)
        self.people_by_region[self.person_region[person]].append(person)

    def active_person(self) -> int:
        """A person for a team or a gathering: a newcomer, or someone already active.

        People join one at a time as teams and gatherings form (a growing network), and
        part of the picks go to whoever already has many ties (preferential attachment):
        together they give the heavy tail of real collaboration networks.
        """
        rng = self.rng
        if self.arrived < self.plan.people and (
            self.arrived == 0 or rng.random() < self.arrival_rate
        ):
            return self.arrive()
        if rng.random() < _ATTACHMENT:
            return self.urn[rng.randrange(len(self.urn))]
        return rng.randrange(self.arrived)

    def local_person(self, region: int) -> int:
        members = self.people_by_region[region]
        if not members or self.rng.random() < self.arrival_rate:
            return self.active_person()
        # The region's urn holds each local person once per tie (plus one).
        return members[self.rng.randrange(len(members))]

    def pick_people(self, count: int, region: int, local_share: float) -> list[int]:
        """``count`` distinct people (fewer if the network is too small), half local."""
        count = min(count, self.plan.people)
        chosen: dict[int, None] = {}
        for _ in range(count * 4 + 10):
            if len(chosen) >= count:
                break
            if self.rng.random() < local_share:
                person = self.local_person(region)
            else:
                person = self.active_person()
            chosen[person] = None
        for person in chosen:
            self.tie(person)
        return list(chosen)

    def pick_org(self, region: int, kind: int) -> int:
        urn = self.org_urns.get((region, kind))
        if urn is None or self.rng.random() < 0.2:
            local = self.orgs_by_region[region]
            urn = local if local and self.rng.random() < 0.7 else self.global_org_urn
        org = urn[self.rng.randrange(len(urn))]
        # Popular employers grow: preferential attachment on organization size.
        self.org_urns.setdefault((self.org_region[org], self.org_kind[org]), array("i")).append(org)
        self.global_org_urn.append(org)
        return org

    @staticmethod
    def rel(
        rel_type: RelType, start: NodeRef, end: NodeRef, props: dict[str, Any] | None = None
    ) -> Relationship:
        return Relationship(rel_type, start, end, props or {})

    # ----------------------------------------------------------------- sections

    def topic_nodes(self) -> Iterator[Record]:
        for index, (_, name) in enumerate(self.topics):
            yield Node(Label.TOPIC, self.topic_ref(index).key, {"name": name, "synthetic": True})

    def _org(
        self, name: str, kind: str, sectors: Sequence[str], region: int, city: str, parent: int
    ) -> Node:
        index = len(self.org_keys)
        key = f"{KEY_PREFIX}org-{_slug(name)}-{index}"
        self.org_keys.append(key)
        self.org_names.append(name)
        self.org_region.append(region)
        self.org_kind.append(_KIND_INDEX[kind])
        self.org_parent.append(parent)
        self.orgs_by_region[region].append(index)
        self.org_urns.setdefault((region, _KIND_INDEX[kind]), array("i")).append(index)
        self.global_org_urn.append(index)
        props: dict[str, Any] = {
            "name": name,
            "kind": kind,
            "sectors": list(sectors),
            **self.regions[region].place(city),
            "synthetic": True,
        }
        return Node(Label.ORGANIZATION, key, props)

    def organization_nodes(self) -> Iterator[Record]:
        rng = self.rng
        kind_cum = _weighted_cumulative([share for _, share in _ORG_KINDS])
        for _ in range(self.plan.organizations):
            kind = rng.choices(_KIND_NAMES, cum_weights=kind_cum)[0]
            region = self.region()
            city = rng.choice(self.regions[region].cities)
            prefix = rng.choice(ORG_PREFIXES)
            name = f"{prefix} {rng.choice(ORG_SUFFIXES[kind])} ({city})"
            parent = len(self.org_keys)
            yield self._org(name, kind, ORG_SECTORS[kind], region, city, -1)
            if kind == "district":
                for _ in range(rng.randint(2, 8)):
                    school = f"{rng.choice(ORG_PREFIXES)} {rng.choice(ORG_SUFFIXES['school'])}"
                    yield self._org(
                        f"{school} ({city})", "school", ORG_SECTORS["school"], region, city, parent
                    )
            elif kind == "university":
                for unit, sectors in rng.sample(_UNIVERSITY_UNITS, rng.randint(2, 5)):
                    yield self._org(
                        f"{prefix} {unit} ({city})", "university", sectors, region, city, parent
                    )

    def cluster_nodes(self) -> Iterator[Record]:
        rng = self.rng
        for index in range(self.plan.clusters):
            region = self.region()
            self.cluster_region.append(region)
            key = f"{KEY_PREFIX}cluster-{_slug(self.regions[region].title)}-{index}"
            self.cluster_keys.append(key)
            self.cluster_convenings.append([])
            name = f"{self.regions[region].title} Education Innovation Cluster {index + 1}"
            yield Node(
                Label.CLUSTER,
                key,
                {
                    "name": name,
                    "summary": "A regional cluster bringing schools, researchers and "
                    "companies together around shared problems of practice.",
                    **self.regions[region].place(rng.choice(self.regions[region].cities)),
                    "synthetic": True,
                },
            )

    def program_nodes(self) -> Iterator[Record]:
        for index in range(self.plan.programs):
            name = (
                f"{_PROGRAM_KINDS[index % len(_PROGRAM_KINDS)]} {index // len(_PROGRAM_KINDS) + 1}"
            )
            key = f"{KEY_PREFIX}program-{_slug(name)}"
            self.program_keys.append(key)
            yield Node(
                Label.PROGRAM,
                key,
                {"name": name, "summary": "A learning program run in cohorts.", "synthetic": True},
            )

    def cohort_nodes(self) -> Iterator[Record]:
        rng = self.rng
        average = max(3.0, _ENROLLED_SHARE * self.plan.people / self.plan.cohorts)
        for index in range(self.plan.cohorts):
            program = index % self.plan.programs
            starts = _date(rng)
            size = max(3, round(average * rng.uniform(0.6, 1.4)))
            self.cohort_program.append(program)
            self.cohort_starts.append(starts)
            self.cohort_size.append(size)
            key = f"{KEY_PREFIX}cohort-{index}"
            self.cohort_keys.append(key)
            season = _SEASONS[(starts.month - 1) // 3]
            yield Node(
                Label.COHORT,
                key,
                {
                    "name": f"{season} {starts.year} Cohort {index + 1}",
                    "summary": "Learners going through the program together.",
                    "starts": starts.isoformat(),
                    "ends": (starts + dt.timedelta(days=rng.randint(120, 400))).isoformat(),
                    "declared_size": size,
                    "synthetic": True,
                },
            )

    def study_group_nodes(self) -> Iterator[Record]:
        for index, cohort_key in enumerate(self.cohort_keys):
            groups = []
            per_perspective = max(1, self.cohort_size[index] // 160)
            for suffix, name in _STUDY_GROUPS:
                for part in range(per_perspective):
                    key = f"{cohort_key}-{suffix}-{part + 1}"
                    groups.append(key)
                    label = name if per_perspective == 1 else f"{name} {part + 1}"
                    yield Node(
                        Label.STUDY_GROUP,
                        key,
                        {
                            "name": label,
                            "summary": f"The {name.lower()} study group of cohort {index + 1}.",
                            "synthetic": True,
                        },
                    )
            self.cohort_groups.append(groups)

    def _gathering(self, kind: str, region: int, title: str) -> Node:
        rng = self.rng
        index = len(self.gathering_keys)
        key = f"{KEY_PREFIX}gathering-{index}"
        self.gathering_keys.append(key)
        self.gathering_region.append(region)
        self.gathering_kind.append(kind)
        starts = _date(rng)
        ends = starts + dt.timedelta(days=rng.randint(0, 3))
        city = rng.choice(self.regions[region].cities)
        props: dict[str, Any] = {
            "name": f"{title}, {city} {starts.year}",
            "kind": kind,
            "starts": starts.isoformat(),
            "ends": ends.isoformat(),
        }
        if kind == "gathering" and rng.random() < 0.3:
            props["public_day"] = ends.isoformat()
        props["summary"] = "Teams and people meeting to work on shared problems."
        props.update(self.regions[region].place(city))
        props["synthetic"] = True
        return Node(Label.GATHERING, key, props)

    def gathering_nodes(self) -> Iterator[Record]:
        rng = self.rng
        for cluster, region in enumerate(self.cluster_region):
            for _ in range(rng.randint(1, 2)):
                self.cluster_convenings[cluster].append(len(self.gathering_keys))
                yield self._gathering("convening", region, "Cluster convening")
        for cohort in range(self.plan.cohorts):
            self.cohort_kickoff.append(len(self.gathering_keys))
            yield self._gathering("cohort_kickoff", self.region(), f"Cohort {cohort + 1} kickoff")
        for _ in range(self.plan.gatherings):
            self.general_gatherings.append(len(self.gathering_keys))
            yield self._gathering("gathering", self.region(), "Innovation gathering")

    def project_nodes(self) -> Iterator[Record]:
        rng = self.rng
        first, second = _PROJECT_WORDS
        stages = [stage.value for stage in Stage]
        for index in range(self.plan.projects):
            topic = self.topic()
            self.project_topic.append(topic)
            stage = rng.choice(stages)
            key = f"{KEY_PREFIX}project-{index}"
            self.project_keys.append(key)
            topic_name = self.topics[topic][1]
            yield Node(
                Label.PROJECT,
                key,
                {
                    "name": f"{rng.choice(first)} {rng.choice(second)} {index + 1}",
                    "summary": f"A project at the {stage} stage on "
                    f"{topic_name[0].lower()}{topic_name[1:]}.",
                    "stage": stage,
                    "started": _date(rng).isoformat(),
                    "synthetic": True,
                },
            )

    def person_nodes(self) -> Iterator[Record]:
        rng = self.rng
        personas = range(len(COHORT_PERSONAS))
        for index in range(self.plan.people):
            region_index = self.region()
            region = self.regions[region_index]
            persona_index = rng.choices(personas, cum_weights=self.persona_cum)[0]
            persona = COHORT_PERSONAS[persona_index]
            first = rng.choice(region.first_names)
            last = rng.choice(region.last_names)
            city = rng.choice(region.cities)
            org = self.pick_org(region_index, _KIND_INDEX.get(persona.org_kind, 0))
            second = (
                self.pick_org(self.region(), rng.randrange(len(_KIND_NAMES)))
                if rng.random() < _SECOND_AFFILIATION
                else -1
            )
            self.person_region.append(region_index)
            self.person_persona.append(persona_index)
            self.person_org.append(org)
            self.person_second_org.append(second if second != org else -1)
            first_slug, last_slug = _slug(first), _slug(last)
            key = f"{KEY_PREFIX}{first_slug}-{last_slug}-{index}"
            self.person_keys.append(key)
            props: dict[str, Any] = {
                "name": f"{first} {last}",
                "roles": list(persona.roles),
                "headline": f"{persona.headline}, {self.org_names[org]}",
                **region.place(city),
                "email": f"{first_slug}.{last_slug}.{index}@{EMAIL_DOMAIN}",
            }
            if rng.random() < OPT_OUT_SHARE:
                props["discoverable"] = False
                props["exportable"] = False
            props["synthetic"] = True
            yield Node(Label.PERSON, key, props)

    # ------------------------------------------------------------ relationships

    def org_rels(self) -> Iterator[Record]:
        for index, parent in enumerate(self.org_parent):
            if parent >= 0:
                yield self.rel(
                    RelType.PART_OF,
                    NodeRef(Label.ORGANIZATION, self.org_keys[index]),
                    NodeRef(Label.ORGANIZATION, self.org_keys[parent]),
                )

    def _orgs_of_kind(self, kind: str) -> list[int]:
        wanted = _KIND_INDEX[kind]
        return [i for i, k in enumerate(self.org_kind) if k == wanted] or [0]

    def cluster_rels(self) -> Iterator[Record]:
        rng = self.rng
        foundations = self._orgs_of_kind("foundation")
        for cluster, key in enumerate(self.cluster_keys):
            ref = NodeRef(Label.CLUSTER, key)
            local = self.orgs_by_region[self.cluster_region[cluster]]
            pool = local if len(local) >= 6 else self.global_org_urn
            members: dict[int, None] = {}
            for _ in range(rng.randint(6, 30) * 3):
                if len(members) >= 30:
                    break
                members[pool[rng.randrange(len(pool))]] = None
            for org in members:
                sectors = ORG_SECTORS[_KIND_NAMES[self.org_kind[org]]]
                yield self.rel(
                    RelType.IN_CLUSTER,
                    NodeRef(Label.ORGANIZATION, self.org_keys[org]),
                    ref,
                    {"sector": rng.choice(sectors), "since": _date(rng).isoformat()},
                )
            lead = next(iter(members))
            yield self.rel(RelType.LEADS, NodeRef(Label.ORGANIZATION, self.org_keys[lead]), ref)
            for org in dict.fromkeys(rng.choice(foundations) for _ in range(rng.randint(1, 2))):
                yield self.rel(
                    RelType.SUPPORTS,
                    NodeRef(Label.ORGANIZATION, self.org_keys[org]),
                    ref,
                    {"kind": SupportKind.FUNDER.value},
                )
            for topic in self.distinct_topics(rng.randint(2, 4)):
                yield self.rel(RelType.ABOUT, ref, self.topic_ref(topic))
            for gathering in self.cluster_convenings[cluster]:
                yield self.rel(
                    RelType.CONVENED_AT,
                    ref,
                    NodeRef(Label.GATHERING, self.gathering_keys[gathering]),
                )

    def program_rels(self) -> Iterator[Record]:
        rng = self.rng
        universities = self._orgs_of_kind("university")
        supporters = self._orgs_of_kind("foundation") + self._orgs_of_kind("company")
        kinds = [kind.value for kind in SupportKind]
        for key in self.program_keys:
            ref = NodeRef(Label.PROGRAM, key)
            lead = rng.choice(universities)
            yield self.rel(RelType.LEADS, NodeRef(Label.ORGANIZATION, self.org_keys[lead]), ref)
            for org in dict.fromkeys(rng.choice(supporters) for _ in range(rng.randint(1, 3))):
                yield self.rel(
                    RelType.SUPPORTS,
                    NodeRef(Label.ORGANIZATION, self.org_keys[org]),
                    ref,
                    {"kind": rng.choice(kinds)},
                )
            partner = rng.choice(universities)
            if partner != lead:
                yield self.rel(
                    RelType.PARTNERED_IN,
                    NodeRef(Label.ORGANIZATION, self.org_keys[partner]),
                    ref,
                    {"role": "co-teaching partner"},
                )

    def cohort_rels(self) -> Iterator[Record]:
        rng = self.rng
        enrolled = bytearray(self.plan.people)
        left = self.plan.people
        for cohort, key in enumerate(self.cohort_keys):
            ref = NodeRef(Label.COHORT, key)
            program = NodeRef(Label.PROGRAM, self.program_keys[self.cohort_program[cohort]])
            kickoff = NodeRef(Label.GATHERING, self.gathering_keys[self.cohort_kickoff[cohort]])
            since = self.cohort_starts[cohort].isoformat()
            yield self.rel(RelType.PART_OF, ref, program)
            yield self.rel(RelType.CONVENED_AT, ref, kickoff)
            groups = self.cohort_groups[cohort]
            for group in groups:
                yield self.rel(RelType.PART_OF, NodeRef(Label.STUDY_GROUP, group), ref)
            per_perspective = len(groups) // len(_STUDY_GROUPS)
            perspective = {suffix: i for i, (suffix, _) in enumerate(_STUDY_GROUPS)}
            members: list[int] = []
            for _ in range(self.cohort_size[cohort] * 3):
                if len(members) >= self.cohort_size[cohort] or left == 0:
                    break
                person = rng.randrange(self.plan.people)
                if not enrolled[person]:
                    enrolled[person] = 1
                    left -= 1
                    members.append(person)
            for person in members:
                person_ref = NodeRef(Label.PERSON, self.person_keys[person])
                enrolment: dict[str, Any] = {"since": since}
                if rng.random() < 0.5:
                    enrolment["track"] = rng.choice(_TRACKS)
                yield self.rel(RelType.ENROLLED_IN, person_ref, program, enrolment)
                yield self.rel(
                    RelType.MEMBER_OF, person_ref, ref, {"role": "learner", "since": since}
                )
                persona = COHORT_PERSONAS[self.person_persona[person]]
                slot = perspective.get(persona.group, 0) * per_perspective
                group = groups[slot + rng.randrange(per_perspective)]
                yield self.rel(
                    RelType.MEMBER_OF,
                    person_ref,
                    NodeRef(Label.STUDY_GROUP, group),
                    {"role": "member", "since": since},
                )
                if rng.random() < 0.6:
                    yield self.rel(RelType.ATTENDED, person_ref, kickoff, self.attendance())

    def attendance(self) -> dict[str, Any]:
        """An EDT 630 attendance: its mode and the credits the rules allow for it."""
        rng = self.rng
        mode = rng.choices(_MODE_NAMES, cum_weights=_MODE_CUM)[0]
        props: dict[str, Any] = {"mode": mode}
        if mode == AttendanceMode.REFLECTION.value:
            props["credits"] = 1
        elif mode != AttendanceMode.ATTENDEE.value:
            props["credits"] = rng.randint(2, 5)
        role = rng.random()
        if role < 0.02:
            props["role"] = "speaker"
        elif role < 0.03:
            props["role"] = "organizer"
        return props

    def gathering_rels(self) -> Iterator[Record]:
        rng = self.rng
        for index, key in enumerate(self.gathering_keys):
            ref = NodeRef(Label.GATHERING, key)
            local = self.orgs_by_region[self.gathering_region[index]]
            pool = local or self.global_org_urn
            host = pool[rng.randrange(len(pool))]
            yield self.rel(RelType.HOSTED, NodeRef(Label.ORGANIZATION, self.org_keys[host]), ref)
            partner = self.global_org_urn[rng.randrange(len(self.global_org_urn))]
            if partner != host and rng.random() < 0.5:
                yield self.rel(
                    RelType.PARTNERED_IN,
                    NodeRef(Label.ORGANIZATION, self.org_keys[partner]),
                    ref,
                    {"role": "co-host"},
                )
            for topic in self.distinct_topics(rng.randint(1, 3)):
                yield self.rel(RelType.ABOUT, ref, self.topic_ref(topic))
        # Heavy-tailed sizes: a few big gatherings, many small ones.
        general = self.general_gatherings
        weights = [rng.paretovariate(1.5) for _ in general]
        total = sum(weights)
        budget = _ATTENDANCES_PER_PERSON * self.plan.people
        largest = max(5, self.plan.people // 4)
        for gathering, weight in zip(general, weights, strict=True):
            size = min(largest, max(5, round(budget * weight / total)))
            ref = NodeRef(Label.GATHERING, self.gathering_keys[gathering])
            region = self.gathering_region[gathering]
            for person in self.pick_people(size, region, _LOCAL_ATTENDANCE):
                yield self.rel(
                    RelType.ATTENDED,
                    NodeRef(Label.PERSON, self.person_keys[person]),
                    ref,
                    self.attendance(),
                )

    def project_rels(self) -> Iterator[Record]:
        rng = self.rng
        general = self.general_gatherings
        for index, key in enumerate(self.project_keys):
            ref = NodeRef(Label.PROJECT, key)
            for topic in self.distinct_topics(rng.randint(1, 2), (self.project_topic[index],)):
                yield self.rel(RelType.ABOUT, ref, self.topic_ref(topic))
            for topic in self.distinct_topics(rng.randint(1, 2), self.skill_topics):
                yield self.rel(RelType.NEEDS, ref, self.topic_ref(topic))
            if rng.random() < 0.25:
                gathering = general[rng.randrange(len(general))]
                yield self.rel(
                    RelType.WORKED_ON_AT,
                    ref,
                    NodeRef(Label.GATHERING, self.gathering_keys[gathering]),
                )
            lead = self.active_person()
            self.tie(lead)
            team = [lead] + [
                p
                for p in self.pick_people(rng.randint(3, 7), self.person_region[lead], _LOCAL_TEAM)
                if p != lead
            ]
            since = _date(rng).isoformat()
            for position, person in enumerate(team[:7]):
                yield self.rel(
                    RelType.MEMBER_OF,
                    NodeRef(Label.PERSON, self.person_keys[person]),
                    ref,
                    {"role": "lead" if position == 0 else "member", "since": since},
                )

    def person_rels(self) -> Iterator[Record]:
        rng = self.rng
        for index, key in enumerate(self.person_keys):
            ref = NodeRef(Label.PERSON, key)
            for org in (self.person_org[index], self.person_second_org[index]):
                if org < 0:
                    continue
                props: dict[str, Any] = {}
                title = rng.choice(_TITLES)
                if title:
                    props["title"] = title
                props["since"] = _date(rng).isoformat()
                yield self.rel(
                    RelType.AFFILIATED_WITH,
                    ref,
                    NodeRef(Label.ORGANIZATION, self.org_keys[org]),
                    props,
                )
            persona = self.person_persona[index]
            interests = rng.choices((1, 2, 3, 4, 5), cum_weights=(2, 5, 8, 10, 11))[0]
            for topic in self.distinct_topics(interests, self.persona_interests[persona]):
                yield self.rel(RelType.INTERESTED_IN, ref, self.topic_ref(topic))
            skills = rng.choices((0, 1, 2, 3), cum_weights=(2, 5, 8, 10))[0]
            for topic in self.distinct_topics(skills, self.persona_skills[persona]):
                yield self.rel(
                    RelType.SKILLED_IN, ref, self.topic_ref(topic), {"level": rng.randint(1, 5)}
                )

    def records(self) -> Iterator[Record]:
        sections = (
            self.topic_nodes,
            self.organization_nodes,
            self.cluster_nodes,
            self.program_nodes,
            self.cohort_nodes,
            self.study_group_nodes,
            self.gathering_nodes,
            self.project_nodes,
            self.person_nodes,
            self.org_rels,
            self.cluster_rels,
            self.program_rels,
            self.cohort_rels,
            self.gathering_rels,
            self.project_rels,
            self.person_rels,
        )
        for section in sections:
            yield from section()


def generate(people: int, seed: int) -> Iterator[Record]:
    """Stream the records of a synthetic network: every node first, then every relationship.

    Parameters
    ----------
    people
        How many people (1 to 1,000,000).
    seed
        The random seed; the same seed gives the same records in the same order.

    Returns
    -------
    Iterator of Node or Relationship
        The records, generated lazily.

    Examples
    --------
    >>> first = next(generate(people=50, seed=3))
    >>> first.label.value, first.key.startswith(KEY_PREFIX)
    ('Topic', True)
    """
    plan(people)
    return _Generator(people, seed).records()


def write_network(
    path: Path, people: int, seed: int, *, on_progress: Progress | None = None
) -> SynthSummary:
    """Write a synthetic network to ``path`` as JSON Lines; return what it holds.

    The file appears whole or not at all: it is written beside ``path`` and renamed.

    Parameters
    ----------
    path
        The file to write (replaced if it exists).
    people, seed
        As for :func:`generate`.
    on_progress
        Called with ``(records written, estimated records)`` now and then.

    Returns
    -------
    SynthSummary
        Nodes per label and relationships per type.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "net.jsonl"
    >>> summary = write_network(path, people=100, seed=1)
    >>> summary.nodes["Person"], len(path.read_text().splitlines()) == (
    ...     summary.total_nodes + summary.total_relationships)
    (100, True)
    """
    summary = SynthSummary()
    estimate = plan(people).estimated_records
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as handle:
            lines: list[str] = []
            for record in generate(people, seed):
                summary.count(record)
                lines.append(format_record(record))
                if len(lines) == 10_000:
                    handle.write("\n".join(lines) + "\n")
                    lines.clear()
                    if on_progress:
                        on_progress(summary.total_nodes + summary.total_relationships, estimate)
            if lines:
                handle.write("\n".join(lines) + "\n")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if on_progress:
        done = summary.total_nodes + summary.total_relationships
        on_progress(done, done)
    return summary


def load_network(
    store: GraphStore,
    people: int,
    seed: int,
    *,
    batch_size: int = 20_000,
    on_progress: Progress | None = None,
) -> SynthSummary:
    """Write a synthetic network straight into ``store``, one transaction per batch.

    Nodes come before the relationships that need them, so every batch stands on
    its own and memory holds one batch at a time, whatever the size. Writes are
    upserts through :func:`graph.importer.load_records`: loading twice changes nothing.

    Parameters
    ----------
    store
        Where to write.
    people, seed
        As for :func:`generate`.
    batch_size
        Records per transaction.
    on_progress
        Called with ``(records written, estimated records)`` after every batch.

    Returns
    -------
    SynthSummary
        Nodes per label and relationships per type.

    Examples
    --------
    >>> from graph.embedded.store import EmbeddedStore
    >>> with EmbeddedStore.in_memory() as store:
    ...     summary = load_network(store, people=100, seed=1)
    ...     store.counts().nodes["Person"] == summary.nodes["Person"] == 100
    True
    """
    summary = SynthSummary()
    estimate = plan(people).estimated_records
    nodes: list[Node] = []
    rels: list[Relationship] = []

    def flush() -> None:
        load_records(store, nodes, rels, single_transaction_limit=max(batch_size, 1))
        nodes.clear()
        rels.clear()
        if on_progress:
            on_progress(summary.total_nodes + summary.total_relationships, estimate)

    for record in generate(people, seed):
        summary.count(record)
        if isinstance(record, Node):
            nodes.append(record)
        else:
            rels.append(record)
        if len(nodes) + len(rels) >= batch_size:
            flush()
    if nodes or rels:
        flush()
    if on_progress:
        done = summary.total_nodes + summary.total_relationships
        on_progress(done, done)
    return summary
