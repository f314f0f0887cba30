"""Generate the synthetic part of the demo network, reproducibly from a seed.

``python -m data.generate`` rewrites ``data/demo/synthetic.jsonl``; the same seed always
gives the same bytes. The generated cast fills in what the source documents count but
do not name:

- the 2018 Winter Cohort: exactly 103 collaborators, 23 of them from the University of
  Michigan and 80 from the US states and countries the announcement lists, each in one
  of the four study groups;
- the iiE Gatherings: a short series (the documents give no dates or places) attended
  by UM-Flint Ed Tech MA students (developer-track students at two or more), alumni,
  lifelong-learning and guest students, educators from around the world, iiE staff and
  a few edtech companies, with project teams and EDT 630 credits following the rules;
- the education innovation clusters: member organizations and the people who went to
  the national convenings;
- the twelve schools of the Short-Cycle Evaluation Challenge pilot.

Every generated node is flagged ``synthetic``, every generated person has an
``example.org`` address, and no generated relationship touches a real person.

Examples
--------
>>> records = generate(seed=7)
>>> sum(1 for r in records if r.get("label") == "Person") > 250
True
>>> render(records) == render(generate(seed=7))
True
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from data import REAL_FILE, SYNTHETIC_FILE
from data.pools import (
    COHORT_PERSONAS,
    COUNTRIES,
    MICHIGAN_CITIES,
    ORG_PREFIXES,
    ORG_SECTORS,
    ORG_SUFFIXES,
    SKILLS,
    UM_COHORT_SLOTS,
    US_NAMES,
    US_STATES,
    Persona,
)
from graph.model import InvalidInput, Label, Node, Relationship, RelType
from graph.records import RecordError, parse_ref, read_records
from graph.validation import validate_node, validate_relationship

__all__ = ["DEFAULT_SEED", "EMAIL_DOMAIN", "generate", "main", "render", "slugify", "write"]

DEFAULT_SEED = 20180108
EMAIL_DOMAIN = "example.org"
OPT_OUT_SHARE = 0.03

Record = dict[str, Any]

US = "United States"
GATHERINGS_DOC = "000_cb3c14e41eb8bf4c.txt"
COHORT_DOC = "001_acbdfb6284522b69.txt"
IZONE_DOC = "002_1af99f28cb79b0f2.txt"
COHORT_SINCE = "2018-01-08"
COHORT_SIZE, UM_SHARE = 103, 23

_TWICE_A_YEAR = (
    f'{GATHERINGS_DOC}: "Gatherings are held at least twice a year, once in Michigan and once '
    'in a different part of the world in conjuction with partner institutions." (this '
    "gathering's dates and place are invented: the documents give none)"
)
_TWELVE_SCHOOLS = (
    f'{IZONE_DOC}: "With a fresh cohort of twelve SCEC schools piloting this fall, we have a '
    "great opportunity to co-design the next generation of pilot evaluations that place "
    "educators and schools leaders at the center, while also inviting private partnerships to "
    'push our thinking, like many of those organizations we met at the convening." (the '
    "documents count the schools but do not name them; this one is invented)"
)


def slugify(text: str) -> str:
    """A lower-case ASCII slug: accents dropped, anything else between words becomes ``-``.

    Examples
    --------
    >>> slugify("Siobhán Ó Briain")
    'siobhan-o-briain'
    >>> slugify("O'Connell & Krüger")
    'oconnell-kruger'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_text.replace("'", "").lower())
    return "-".join(words.split())


@dataclass(frozen=True, slots=True)
class _Place:
    city: str
    region: str | None
    country: str

    def props(self) -> dict[str, str]:
        out = {"city": self.city}
        if self.region is not None:
            out["region"] = self.region
        out["country"] = self.country
        return out


@dataclass(frozen=True, slots=True)
class _GatheringSpec:
    key: str
    name: str
    starts: dt.date
    place: _Place
    summary: str
    about: tuple[str, ...]


GATHERINGS: tuple[_GatheringSpec, ...] = (
    _GatheringSpec(
        "iie-gathering-2017-spring",
        "iiE Gathering, Spring 2017 (Flint)",
        dt.date(2017, 4, 6),
        _Place("Flint", "Michigan", US),
        "Four days of workshops and project work in Michigan, opening with a public day.",
        ("immersive-learning-design", "learning-technology", "teaching-and-learning"),
    ),
    _GatheringSpec(
        "iie-gathering-2017-fall",
        "iiE Gathering, Fall 2017 (Cape Town)",
        dt.date(2017, 10, 19),
        _Place("Cape Town", "Western Cape", "South Africa"),
        "Four days of workshops and project work with a partner institution in Cape Town, "
        "opening with a public day.",
        (
            "immersive-learning-design",
            "collaborative-learning-technology",
            "building-authentic-communities",
        ),
    ),
    _GatheringSpec(
        "iie-gathering-2018-spring",
        "iiE Gathering, Spring 2018 (Ann Arbor)",
        dt.date(2018, 4, 12),
        _Place("Ann Arbor", "Michigan", US),
        "Four days of workshops and project work in Michigan, opening with a public day; "
        "members of the 2018 Winter Cohort joined in.",
        (
            "immersive-learning-design",
            "learning-technology",
            "educational-innovation-and-improvement",
        ),
    ),
)

PARTNER_INSTITUTION = ("heronsgate-institute-of-education", "Heronsgate Institute of Education")


@dataclass(frozen=True, slots=True)
class _ProjectSpec:
    key: str
    name: str
    summary: str
    stage: str
    started: str
    gatherings: tuple[int, ...]
    about: tuple[str, ...]
    needs: tuple[str, ...]
    size: int
    prefer: tuple[str, ...]


PROJECTS: tuple[_ProjectSpec, ...] = (
    _ProjectSpec(
        "river-stories-ar-trail",
        "River Stories AR Trail",
        "An augmented-reality trail of local history and river science for "
        "middle-school field trips.",
        "pilot",
        "2017-02-01",
        (0, 2),
        ("immersive-learning-design", "learning-technology"),
        ("software-development", "game-design"),
        6,
        ("dev_student", "alumnus"),
    ),
    _ProjectSpec(
        "maker-cart-exchange",
        "Maker Cart Exchange",
        "Mobile maker carts shared among elementary schools, with lesson kits teachers can borrow.",
        "idea",
        "2017-03-01",
        (0,),
        ("learning-technology", "teaching-and-learning"),
        ("grant-writing", "facilitation"),
        4,
        ("student", "lifelong"),
    ),
    _ProjectSpec(
        "neighborhood-voices-podcast",
        "Neighborhood Voices Podcast",
        "Students interview neighbors and publish a podcast about their community.",
        "pilot",
        "2016-11-01",
        (0, 1),
        ("teaching-and-learning", "building-authentic-communities"),
        ("audio-video-production",),
        5,
        ("student", "world_educator"),
    ),
    _ProjectSpec(
        "open-badges-teacher-pd",
        "Open Badges for Teacher PD",
        "Micro-credentials that let teachers show what they learned in self-paced "
        "professional development.",
        "established",
        "2016-09-15",
        (0, 1, 2),
        ("professional-development", "open-access-instructional-resources"),
        ("software-development", "instructional-design"),
        7,
        ("dev_student", "alumnus", "iie"),
    ),
    _ProjectSpec(
        "virtual-exchange-classroom",
        "Virtual Exchange Classroom",
        "Paired classes in Michigan and Cape Town co-design projects over video.",
        "pilot",
        "2017-08-01",
        (1, 2),
        ("collaborative-learning-technology", "immersive-learning-design"),
        ("facilitation", "audio-video-production"),
        6,
        ("world_educator", "dev_student"),
    ),
    _ProjectSpec(
        "data-wall-redesign",
        "Data Wall Redesign",
        "Replacing a school's data wall with weekly improvement huddles.",
        "idea",
        "2017-03-15",
        (0,),
        ("continuous-improvement", "improvement-science"),
        ("data-analysis", "user-research"),
        4,
        ("alumnus", "student"),
    ),
    _ProjectSpec(
        "coding-club-toolkit",
        "Coding Club Toolkit",
        "A starter kit for after-school coding clubs in small and rural schools.",
        "idea",
        "2018-02-01",
        (2,),
        ("learning-technology",),
        ("software-development", "instructional-design"),
        4,
        ("student", "company"),
    ),
    _ProjectSpec(
        "classroom-water-sensors",
        "Classroom Water Sensor Network",
        "Students build low-cost water-quality sensors and share readings across schools.",
        "scaling",
        "2016-10-01",
        (0, 1, 2),
        ("learning-technology", "immersive-learning-design"),
        ("data-analysis", "software-development"),
        7,
        ("dev_student", "company", "world_educator"),
    ),
    _ProjectSpec(
        "multilingual-family-portal",
        "Multilingual Family Portal",
        "A school-to-family messaging portal that works in the languages families speak.",
        "idea",
        "2017-09-01",
        (1,),
        ("building-authentic-communities", "edtech-products"),
        ("user-research", "software-development"),
        4,
        ("company", "world_educator"),
    ),
    _ProjectSpec(
        "improvement-sprint-playbook",
        "Improvement Sprint Playbook",
        "Short plan-do-study-act cycles for grade-level teams, written up as a playbook.",
        "pilot",
        "2018-01-15",
        (2,),
        ("improvement-science", "continuous-improvement"),
        ("facilitation", "survey-design"),
        5,
        ("cohort",),
    ),
    _ProjectSpec(
        "community-tablet-library",
        "Community Tablet Library",
        "A lending library of tablets and offline content for schools with little connectivity.",
        "pilot",
        "2017-06-01",
        (1,),
        ("edtech-implementation", "learning-technology"),
        ("grant-writing", "facilitation"),
        5,
        ("world_educator",),
    ),
    _ProjectSpec(
        "vr-history-field-trips",
        "VR History Field Trips",
        "Virtual-reality visits to historic sites, with lesson plans for history teachers.",
        "pilot",
        "2017-09-15",
        (1, 2),
        ("immersive-learning-design",),
        ("game-design", "instructional-design"),
        5,
        ("dev_student", "company"),
    ),
    _ProjectSpec(
        "peer-feedback-studio",
        "Peer Feedback Studio",
        "An online studio where students give structured feedback on each other's projects.",
        "idea",
        "2018-03-01",
        (2,),
        ("collaborative-learning-technology", "teaching-and-learning"),
        ("user-research", "software-development"),
        4,
        ("student", "lifelong"),
    ),
    _ProjectSpec(
        "edtech-pilot-scorecard",
        "Edtech Pilot Scorecard",
        "A one-page scorecard schools use to decide whether an edtech pilot worked.",
        "idea",
        "2018-02-15",
        (2,),
        ("edtech-evaluation", "product-testing"),
        ("survey-design", "data-analysis"),
        5,
        ("cohort", "company"),
    ),
    _ProjectSpec(
        "appreciative-staff-circles",
        "Appreciative Staff Circles",
        "Staff meetings built on what is already working, drawing on positive "
        "organizational scholarship.",
        "idea",
        "2017-09-20",
        (1,),
        ("positive-organizational-scholarship", "professional-development"),
        ("facilitation",),
        3,
        ("world_educator", "iie"),
    ),
    _ProjectSpec(
        "open-course-remix",
        "Open Course Remix",
        "Study-group guides that remix open-access course materials for place-based "
        "professional development.",
        "idea",
        "2018-02-20",
        (2,),
        ("open-access-instructional-resources", "professional-development"),
        ("instructional-design", "audio-video-production"),
        5,
        ("cohort",),
    ),
)

# Cluster -> (place, member organizations as (kind, part)); part is "lead", "member" or
# "funder". New York City has no lead: "#NYCEDU doesn't have an owner".
CLUSTERS: dict[str, tuple[_Place, tuple[tuple[str, str], ...]]] = {
    "greater-pittsburgh": (
        _Place("Pittsburgh", "Pennsylvania", US),
        (
            ("nonprofit", "lead"),
            ("university", "member"),
            ("company", "member"),
            ("district", "member"),
            ("foundation", "funder"),
        ),
    ),
    "chicago": (
        _Place("Chicago", "Illinois", US),
        (("company", "member"), ("university", "member"), ("school", "member")),
    ),
    "los-angeles": (
        _Place("Los Angeles", "California", US),
        (("nonprofit", "lead"), ("company", "member"), ("research_center", "member")),
    ),
    "baltimore": (
        _Place("Baltimore", "Maryland", US),
        (("district", "member"), ("university", "member"), ("company", "member")),
    ),
    "austin": (
        _Place("Austin", "Texas", US),
        (("district", "member"), ("company", "member"), ("university", "member")),
    ),
    "new-york-city": (
        _Place("New York City", "New York", US),
        (("company", "member"), ("university", "member"), ("nonprofit", "member")),
    ),
    "rural-kentucky": (
        _Place("Hazard", "Kentucky", US),
        (
            ("district", "lead"),
            ("university", "member"),
            ("nonprofit", "member"),
            ("foundation", "funder"),
        ),
    ),
}
CLUSTER_OF_STATE = {
    "Pennsylvania": "greater-pittsburgh",
    "California": "los-angeles",
    "Texas": "austin",
    "New York": "new-york-city",
}
CONVENING_2015 = "Gathering:edclusters-2015-chicago"
CONVENING_2014 = "Gathering:edclusters-2014-pittsburgh"

_ROLE_AT_ORG: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "district": (
        ("Chief innovation officer", ("district_leader", "system_leader")),
        ("Instructional technology coordinator", ("educator", "coach")),
    ),
    "school": (("Principal", ("school_leader", "educator")), ("Teacher", ("educator",))),
    "university": (
        ("Research scientist", ("researcher",)),
        ("Professor of learning sciences", ("faculty", "researcher")),
    ),
    "research_center": (
        ("Research director", ("researcher",)),
        ("Evaluation lead", ("evaluator", "researcher")),
    ),
    "nonprofit": (
        ("Executive director", ("administrator",)),
        ("Program manager", ("administrator", "coach")),
    ),
    "company": (
        ("Founder", ("entrepreneur", "developer")),
        ("Product manager", ("developer", "designer")),
    ),
    "foundation": (("Program officer", ("funder",)),),
}


@dataclass(eq=False)
class _Person:
    ref: str
    category: str
    credit_seeking: bool = False
    lead_ok: bool = True
    attends: set[int] = field(default_factory=set)
    teams: int = 0
    leads: int = 0


class _Network:
    """Collects generated records, checking keys, ends and the model as it goes."""

    def __init__(self, rng: random.Random, real_refs: set[str], real_names: set[str]) -> None:
        self.rng = rng
        self.real_refs = real_refs
        self.real_names = real_names
        self.nodes: list[Record] = []
        self.rels: list[Record] = []
        self.refs: set[str] = set()
        self.rel_refs: set[tuple[str, str, str]] = set()
        self.names: set[str] = set()
        self.emails: set[str] = set()
        self.org_names: set[str] = set()
        self.orgs_in: dict[tuple[str, str, str], list[str]] = {}
        self.org_places: dict[str, _Place] = {}
        self.people: list[Record] = []

    # -- records ----------------------------------------------------------------------
    def node(self, label: Label, key: str, props: dict[str, Any]) -> str:
        ref = f"{label.value}:{key}"
        if ref in self.refs or ref in self.real_refs:
            raise ValueError(f"duplicate node {ref}")
        props = {**props, "synthetic": True}
        validate_node(Node(label, key, props))
        self.refs.add(ref)
        record: Record = {"label": label.value, "key": key, "props": props}
        self.nodes.append(record)
        return ref

    def rel(
        self, rel_type: RelType, start: str, end: str, props: dict[str, Any] | None = None
    ) -> None:
        for ref in (start, end):
            if ref not in self.refs and ref not in self.real_refs:
                raise ValueError(f"{rel_type.value} {start} -> {end}: no node {ref}")
            if ref.startswith("Person:") and ref in self.real_refs:
                raise ValueError(f"{rel_type.value} {start} -> {end}: touches a real person")
        if start in self.real_refs and end in self.real_refs:
            raise ValueError(f"{rel_type.value} {start} -> {end}: joins two real nodes")
        if (rel_type.value, start, end) in self.rel_refs:
            raise ValueError(f"duplicate relationship {rel_type.value} {start} -> {end}")
        props = dict(props or {})
        validate_relationship(
            Relationship(rel_type, parse_ref(start, "start"), parse_ref(end, "end"), props)
        )
        self.rel_refs.add((rel_type.value, start, end))
        self.rels.append({"rel": rel_type.value, "start": start, "end": end, "props": props})

    def unique_key(self, label: Label, base: str) -> str:
        key, n = base, 2
        while f"{label.value}:{key}" in self.refs or f"{label.value}:{key}" in self.real_refs:
            key, n = f"{base}-{n}", n + 1
        return key

    # -- people -----------------------------------------------------------------------
    def person(
        self,
        names: tuple[Sequence[str], Sequence[str]],
        place: _Place,
        roles: Iterable[str],
        headline: str,
    ) -> str:
        first, last = self._fresh_name(names)
        full = f"{first} {last}"
        self.names.add(full)
        key = self.unique_key(Label.PERSON, slugify(full))
        local = f"{slugify(first).replace('-', '')}.{slugify(last).replace('-', '')}"
        email, n = f"{local}@{EMAIL_DOMAIN}", 2
        while email in self.emails:
            email, n = f"{local}{n}@{EMAIL_DOMAIN}", n + 1
        self.emails.add(email)
        props: dict[str, Any] = {
            "name": full,
            "roles": list(dict.fromkeys(roles)),
            "headline": headline,
            **place.props(),
            "email": email,
            "discoverable": True,
            "exportable": True,
        }
        ref = self.node(Label.PERSON, key, props)
        self.people.append(self.nodes[-1])
        return ref

    def _fresh_name(self, names: tuple[Sequence[str], Sequence[str]]) -> tuple[str, str]:
        firsts, lasts = names
        for _ in range(200):
            first, last = self.rng.choice(firsts), self.rng.choice(lasts)
            full = f"{first} {last}"
            if full not in self.names and full not in self.real_names:
                return first, last
        raise ValueError("name pool exhausted")

    # -- organizations ----------------------------------------------------------------
    def org(self, kind: str, place: _Place, reuse: float = 0.5, summary: str | None = None) -> str:
        """An organization of ``kind`` in ``place``'s state or country: often an existing one."""
        area = (kind, place.region or "", place.country)
        existing = self.orgs_in.get(area, [])
        if existing and self.rng.random() < reuse:
            return self.rng.choice(existing)
        name = self.fresh_org_name(kind)
        key = self.unique_key(Label.ORGANIZATION, slugify(name))
        props: dict[str, Any] = {
            "name": name,
            "kind": kind,
            "sectors": list(ORG_SECTORS[kind]),
            **place.props(),
        }
        if summary is not None:
            props["summary"] = summary
        ref = self.node(Label.ORGANIZATION, key, props)
        self.orgs_in.setdefault(area, []).append(ref)
        self.org_places[ref] = place
        return ref

    def fresh_org_name(self, kind: str) -> str:
        """An invented organization name of ``kind`` not used before."""
        for _ in range(500):
            name = f"{self.rng.choice(ORG_PREFIXES)} {self.rng.choice(ORG_SUFFIXES[kind])}"
            if name not in self.org_names:
                self.org_names.add(name)
                return name
        raise ValueError(f"organization name pool exhausted for {kind}")

    # -- topics -------------------------------------------------------------------------
    def topics(self, person: str, interests: Sequence[str], skills: Sequence[str]) -> None:
        unique_interests = sorted(set(interests))
        for topic in self.rng.sample(
            unique_interests, min(len(unique_interests), self.rng.randint(2, 4))
        ):
            self.rel(RelType.INTERESTED_IN, person, f"Topic:{topic}")
        unique_skills = sorted(set(skills))
        for topic in self.rng.sample(
            unique_skills, min(len(unique_skills), self.rng.randint(1, 2))
        ):
            self.rel(
                RelType.SKILLED_IN, person, f"Topic:{topic}", {"level": self.rng.randint(2, 5)}
            )


def _us_place(rng: random.Random, state: str) -> _Place:
    return _Place(rng.choice(US_STATES[state]), state, US)


def _country_place(rng: random.Random, country: str) -> _Place:
    return _Place(rng.choice(COUNTRIES[country][0]), None, country)


def _names_for(country: str) -> tuple[Sequence[str], Sequence[str]]:
    if country == US:
        return US_NAMES
    _, firsts, lasts = COUNTRIES[country]
    return firsts, lasts


def _michigan(rng: random.Random) -> _Place:
    return _Place(rng.choice(MICHIGAN_CITIES), "Michigan", US)


def _read_real(path: Path) -> tuple[set[str], set[str]]:
    refs: set[str] = set()
    names: set[str] = set()
    for line, record in read_records(path):
        if isinstance(record, RecordError):
            raise ValueError(f"{path}:{line}: {record}")
        if isinstance(record, Node):
            refs.add(f"{record.label.value}:{record.key}")
            if record.label is Label.PERSON:
                names.add(str(record.props["name"]))
    return refs, names


# -- the parts of the network ---------------------------------------------------------------


def _skills(net: _Network) -> None:
    for key, name in SKILLS:
        net.node(Label.TOPIC, key, {"name": name})


def _gatherings(net: _Network) -> list[str]:
    refs = []
    partner_place = GATHERINGS[1].place
    partner = net.node(
        Label.ORGANIZATION,
        PARTNER_INSTITUTION[0],
        {
            "name": PARTNER_INSTITUTION[1],
            "kind": "university",
            "sectors": ["education", "research"],
            "summary": "Partner institution of the iiE Gathering held outside Michigan.",
            **partner_place.props(),
        },
    )
    for index, spec in enumerate(GATHERINGS):
        ref = net.node(
            Label.GATHERING,
            spec.key,
            {
                "name": spec.name,
                "kind": "gathering",
                "starts": spec.starts.isoformat(),
                "ends": (spec.starts + dt.timedelta(days=3)).isoformat(),
                "public_day": spec.starts.isoformat(),
                "summary": spec.summary,
                **spec.place.props(),
                "source": _TWICE_A_YEAR,
            },
        )
        refs.append(ref)
        net.rel(RelType.HOSTED, "Organization:iie", ref)
        if index == 0:
            net.rel(RelType.HOSTED, "Organization:um-flint", ref)
        if index == 1:
            net.rel(RelType.HOSTED, partner, ref)
            net.rel(RelType.PARTNERED_IN, partner, ref, {"role": "partner institution"})
        for topic in spec.about:
            net.rel(RelType.ABOUT, ref, f"Topic:{topic}")
    return refs


def _clusters(net: _Network) -> dict[str, list[str]]:
    """Synthetic member organizations of each cluster; returns cluster -> member orgs."""
    members: dict[str, list[str]] = {}
    for cluster, (place, orgs) in CLUSTERS.items():
        cluster_ref = f"Cluster:{cluster}"
        members[cluster] = []
        for kind, part in orgs:
            org = net.org(kind, place, reuse=0.0)
            if part == "funder":
                net.rel(RelType.SUPPORTS, org, cluster_ref, {"kind": "funder"})
                continue
            sector = ORG_SECTORS[kind][-1]
            net.rel(RelType.IN_CLUSTER, org, cluster_ref, {"sector": sector})
            if part == "lead":
                net.rel(RelType.LEADS, org, cluster_ref)
            members[cluster].append(org)
    return members


def _cluster_people(net: _Network, members: dict[str, list[str]]) -> None:
    rng = net.rng
    by_ref = {record["label"] + ":" + record["key"]: record for record in net.nodes}
    for cluster, orgs in members.items():
        for index in range(rng.randint(4, 6)):
            org = orgs[index % len(orgs)]
            kind = by_ref[org]["props"]["kind"]
            title, roles = rng.choice(_ROLE_AT_ORG[kind])
            org_name = by_ref[org]["props"]["name"]
            place = CLUSTERS[cluster][0]
            person = net.person(US_NAMES, place, roles, f"{title}, {org_name}")
            net.rel(RelType.AFFILIATED_WITH, person, org, {"title": title})
            net.topics(
                person,
                (
                    "innovation-cluster-practice",
                    "edtech-products",
                    "locally-based-funding",
                    "research-frameworks",
                    "product-testing",
                    "professional-development",
                ),
                ("community-organizing", "grant-writing", "data-analysis"),
            )
            went_2014 = cluster == "greater-pittsburgh" or rng.random() < 0.15
            if went_2014:
                net.rel(
                    RelType.ATTENDED,
                    person,
                    CONVENING_2014,
                    {"mode": "attendee", "role": "cluster representative"},
                )
            if not went_2014 or rng.random() < 0.6:
                role = "panelist" if index == 0 else "cluster representative"
                net.rel(
                    RelType.ATTENDED, person, CONVENING_2015, {"mode": "attendee", "role": role}
                )


def _scec(net: _Network) -> None:
    rng = net.rng
    place = _Place("New York City", "New York", US)
    for _ in range(12):
        name = net.fresh_org_name("school")
        key = net.unique_key(Label.ORGANIZATION, slugify(name))
        school = net.node(
            Label.ORGANIZATION,
            key,
            {
                "name": name,
                "kind": "school",
                "sectors": ["education"],
                "summary": "One of the twelve schools piloting the Short-Cycle Evaluation "
                "Challenge (SCEC) in the fall of 2015.",
                **place.props(),
                "source": _TWELVE_SCHOOLS,
            },
        )
        net.rel(RelType.IN_CLUSTER, school, "Cluster:new-york-city", {"sector": "education"})
        title, roles = rng.choice(_SCEC_JOBS)
        person = net.person(US_NAMES, place, roles, f"{title}, {name}; SCEC pilot school")
        net.rel(RelType.AFFILIATED_WITH, person, school, {"title": title})
        net.rel(
            RelType.MEMBER_OF, person, "Project:scec", {"role": "member", "since": "2015-09-01"}
        )
        net.topics(
            person,
            (
                "edtech-evaluation",
                "edtech-implementation",
                "product-testing",
                "teaching-and-learning",
            ),
            ("survey-design", "data-analysis", "edtech-evaluation"),
        )


def _cohort_places(rng: random.Random, count: int) -> list[_Place]:
    """Every listed state and country once, the rest weighted towards the US."""
    places = [_us_place(rng, state) for state in US_STATES]
    places += [_country_place(rng, country) for country in COUNTRIES]
    states, countries = list(US_STATES), list(COUNTRIES)
    while len(places) < count:
        if rng.random() < 0.72:
            places.append(_us_place(rng, rng.choice(states)))
        else:
            places.append(_country_place(rng, rng.choice(countries)))
    rng.shuffle(places)
    return places


def _cohort(net: _Network, members: dict[str, list[str]], people: list[_Person]) -> None:
    rng = net.rng
    cohort = "Cohort:winter-2018"
    group_of = {
        "participants": "StudyGroup:winter-2018-participants",
        "practice-leaders": "StudyGroup:winter-2018-practice-leaders",
        "faculty": "StudyGroup:winter-2018-faculty",
        "researchers-designers": "StudyGroup:winter-2018-researchers-designers",
    }
    interests_of = {persona.group: persona.interests for persona in COHORT_PERSONAS}
    skills_of = {persona.group: persona.skills for persona in COHORT_PERSONAS}

    def join(person: str, group: str) -> None:
        net.rel(RelType.MEMBER_OF, person, cohort, {"role": "collaborator", "since": COHORT_SINCE})
        net.rel(RelType.MEMBER_OF, person, group_of[group], {"role": "member"})

    for unit, headline, roles, group in UM_COHORT_SLOTS:
        person = net.person(US_NAMES, _michigan(rng), roles, f"{headline}, University of Michigan")
        net.rel(RelType.AFFILIATED_WITH, person, f"Organization:{unit}", {"title": headline})
        join(person, group)
        net.topics(person, interests_of[group], skills_of[group])
        if unit in ("iie", "um-flint", "um-school-of-education") and rng.random() < 0.5:
            people.append(_Person(person, "cohort", attends={2}))

    personas: Sequence[Persona] = COHORT_PERSONAS
    weights = [persona.weight for persona in personas]
    for place in _cohort_places(rng, COHORT_SIZE - UM_SHARE):
        persona = rng.choices(personas, weights)[0]
        group = persona.group if rng.random() < 0.85 else rng.choice(sorted(group_of))
        cluster = CLUSTER_OF_STATE.get(place.region or "")
        org: str
        if cluster is not None and rng.random() < 0.35:
            org = rng.choice(members[cluster])
            place = CLUSTERS[cluster][0]
        else:
            org = net.org(persona.org_kind, place, reuse=0.6)
            place = net.org_places[org]
        person = net.person(_names_for(place.country), place, persona.roles, persona.headline)
        net.rel(RelType.AFFILIATED_WITH, person, org, {"title": persona.headline})
        join(person, group)
        net.topics(person, persona.interests, persona.skills)
        near_michigan = place.region in ("Michigan", "Ohio", "Indiana")
        if near_michigan and rng.random() < 0.45:
            people.append(_Person(person, "cohort", attends={2}))
        elif place.country == "South Africa" or (place.country != US and rng.random() < 0.08):
            people.append(_Person(person, "cohort", attends={1}))


_TECH_INTERESTS = (
    "learning-technology",
    "immersive-learning-design",
    "edtech-products",
    "collaborative-learning-technology",
    "teaching-and-learning",
    "building-authentic-communities",
    "professional-development",
)
_TECH_SKILLS = (
    "software-development",
    "instructional-design",
    "audio-video-production",
    "game-design",
    "user-research",
    "data-analysis",
    "facilitation",
)
_ENROLMENTS = (dt.date(2016, 9, 6), dt.date(2017, 1, 9), dt.date(2017, 9, 5))

_Job = tuple[str, tuple[str, ...]]
_JobAt = tuple[str, str, tuple[str, ...]]
_ALUMNI_JOBS: tuple[_JobAt, ...] = (
    ("school", "Technology integration specialist", ("educator", "coach")),
    ("school", "Teacher", ("educator",)),
    ("district", "Instructional technology coordinator", ("educator", "coach")),
    ("company", "Learning designer", ("designer",)),
)
_WORLD_JOBS: tuple[_JobAt, ...] = (
    ("school", "Teacher", ("educator",)),
    ("school", "Head of digital learning", ("educator", "school_leader")),
    ("university", "Lecturer in education", ("faculty", "educator")),
    ("nonprofit", "Education program officer", ("administrator", "coach")),
)
_IIE_STAFF: tuple[_Job, ...] = (
    ("Director, Institute for Innovation in Education", ("administrator", "faculty")),
    ("Gatherings coordinator, iiE", ("administrator",)),
    ("Faculty fellow, iiE", ("faculty", "designer")),
    ("Learning designer, iiE", ("designer",)),
    ("Research associate, iiE", ("researcher", "evaluator")),
    ("Partnerships lead, iiE", ("administrator",)),
)
_COMPANY_JOBS: tuple[_Job, ...] = (
    ("Software engineer", ("developer",)),
    ("Product designer", ("designer",)),
    ("Founder", ("entrepreneur",)),
)
_SCEC_JOBS: tuple[_Job, ...] = (
    ("Teacher", ("educator",)),
    ("Assistant principal", ("school_leader", "educator")),
    ("Technology coach", ("coach", "educator")),
)


def _eligible(since: dt.date) -> list[int]:
    return [i for i, spec in enumerate(GATHERINGS) if spec.starts >= since]


def _flint_world(net: _Network) -> list[_Person]:
    """Ed Tech MA students, alumni, guests, educators, iiE staff and edtech companies."""
    rng = net.rng
    people: list[_Person] = []
    program = "Program:um-flint-ed-tech-ma"

    for index in range(44):
        developer = index < 16
        since = _ENROLMENTS[index % 3]
        place = (
            _michigan(rng) if rng.random() < 0.8 else _us_place(rng, rng.choice(list(US_STATES)))
        )
        teacher = rng.random() < 0.6
        track = "developer track" if developer else "Ed Tech MA"
        student_roles = ["student", "developer"] if developer else ["student"]
        headline = f"{track} student, UM-Flint"
        if teacher:
            student_roles.append("educator")
            headline += "; classroom teacher"
        school = net.org("school", place, reuse=0.6) if teacher else None
        if school is not None:
            place = net.org_places[school]
        person = net.person(US_NAMES, place, student_roles, headline)
        props: dict[str, Any] = {"since": since.isoformat()}
        if developer:
            props = {"track": "developer", **props}
        net.rel(RelType.ENROLLED_IN, person, program, props)
        if school is not None:
            net.rel(RelType.AFFILIATED_WITH, person, school, {"title": "Teacher"})
        net.topics(person, _TECH_INTERESTS, _TECH_SKILLS)
        eligible = _eligible(since)
        if developer:
            count = 3 if len(eligible) == 3 and rng.random() < 0.35 else 2
        else:
            count = 2 if rng.random() < 0.2 else 1
        attends = set(rng.sample(eligible, count))
        people.append(
            _Person(
                person,
                "dev_student" if developer else "student",
                credit_seeking=True,
                attends=attends,
            )
        )

    for _ in range(16):
        finished = rng.randint(2013, 2016)
        kind, title, roles = rng.choice(_ALUMNI_JOBS)
        employer = net.org(kind, _michigan(rng), reuse=0.6)
        person = net.person(
            US_NAMES, net.org_places[employer], roles, f"{title}; UM-Flint Ed Tech MA graduate"
        )
        net.rel(
            RelType.AFFILIATED_WITH,
            person,
            "Organization:um-flint",
            {
                "title": "Ed Tech MA graduate",
                "since": f"{finished - 2}-09-01",
                "until": f"{finished}-05-01",
            },
        )
        net.rel(RelType.AFFILIATED_WITH, person, employer, {"title": title})
        net.topics(person, _TECH_INTERESTS, _TECH_SKILLS)
        attends = set(rng.sample(range(3), 2 if rng.random() < 0.4 else 1))
        people.append(_Person(person, "alumnus", attends=attends))

    for index in range(10):
        place = _michigan(rng)
        kind = "Lifelong learning student" if index % 2 == 0 else "Guest student"
        person = net.person(US_NAMES, place, ("student",), f"{kind}, EDT 630")
        net.topics(person, _TECH_INTERESTS, _TECH_SKILLS)
        people.append(
            _Person(
                person, "lifelong", credit_seeking=True, lead_ok=False, attends={rng.choice((0, 2))}
            )
        )

    abroad = [c for c in COUNTRIES if c != "South Africa"]
    for index in range(24):
        if index < 9:
            country, attends = "South Africa", {1}
        elif index < 19:
            country = rng.choice(abroad)
            attends = {1} if rng.random() < 0.6 else {rng.choice((0, 2))}
        else:
            country, attends = US, {rng.choice((0, 2))}
        place = (
            _us_place(rng, rng.choice(list(US_STATES)))
            if country == US
            else _country_place(rng, country)
        )
        kind, title, roles = rng.choice(_WORLD_JOBS)
        employer = net.org(kind, place, reuse=0.5)
        person = net.person(_names_for(country), net.org_places[employer], roles, title)
        net.rel(RelType.AFFILIATED_WITH, person, employer, {"title": title})
        net.topics(person, _TECH_INTERESTS, _TECH_SKILLS)
        if rng.random() < 0.2:
            attends.add(rng.choice(sorted({0, 1, 2} - attends)))
        people.append(_Person(person, "world_educator", attends=attends))

    for title, roles in _IIE_STAFF:
        person = net.person(US_NAMES, _michigan(rng), roles, title)
        net.rel(RelType.AFFILIATED_WITH, person, "Organization:iie", {"title": title})
        net.topics(person, _TECH_INTERESTS, ("facilitation", "instructional-design"))
        people.append(_Person(person, "iie", attends={0, 1, 2}))

    companies = [net.org("company", _michigan(rng), reuse=0.0) for _ in range(3)]
    for index in range(8):
        company = companies[index % len(companies)]
        title, roles = rng.choice(_COMPANY_JOBS)
        person = net.person(US_NAMES, _michigan(rng), roles, title)
        net.rel(RelType.AFFILIATED_WITH, person, company, {"title": title})
        net.topics(
            person, _TECH_INTERESTS, ("software-development", "user-research", "game-design")
        )
        attends = set(rng.sample(range(3), 2 if rng.random() < 0.3 else 1))
        people.append(_Person(person, "company", attends=attends))
    return people


def _weighted_pick(rng: random.Random, items: list[_Person], weights: list[float]) -> _Person:
    return rng.choices(items, weights)[0]


def _teams(
    net: _Network, people: list[_Person], gatherings: list[str]
) -> dict[str, tuple[str, set[str]]]:
    """Form the project teams; returns project ref -> (lead ref, member refs)."""
    rng = net.rng
    teams: dict[str, tuple[str, set[str]]] = {}
    for spec in PROJECTS:
        project = net.node(
            Label.PROJECT,
            spec.key,
            {
                "name": spec.name,
                "summary": spec.summary,
                "stage": spec.stage,
                "started": spec.started,
            },
        )
        where = set(spec.gatherings)
        candidates = [p for p in people if p.attends & where]

        def weight(p: _Person, leading: bool, prefer: tuple[str, ...] = spec.prefer) -> float:
            bonus = 4.0 if p.category in prefer else 1.0
            if leading:
                return bonus if p.lead_ok and p.leads == 0 else 0.0
            return bonus * {0: 5.0, 1: 1.0}.get(p.teams, 0.0)

        lead = _weighted_pick(rng, candidates, [weight(p, True) for p in candidates])
        lead.leads += 1
        lead.teams += 1
        team = [lead]
        while len(team) < spec.size:
            pool = [p for p in candidates if p not in team]
            weights = [weight(p, False) for p in pool]
            if not any(weights):
                break
            joiner = _weighted_pick(rng, pool, weights)
            joiner.teams += 1
            team.append(joiner)
        teams[project] = (lead.ref, {p.ref for p in team[1:]})
        for gathering in spec.gatherings:
            net.rel(RelType.WORKED_ON_AT, project, gatherings[gathering])
        for topic in spec.about:
            net.rel(RelType.ABOUT, project, f"Topic:{topic}")
        for topic in spec.needs:
            net.rel(RelType.NEEDS, project, f"Topic:{topic}")
    # Every developer-track student works on a team.
    for person in people:
        if person.category != "dev_student" or person.teams:
            continue
        for spec in PROJECTS:
            project = f"Project:{spec.key}"
            if person.attends & set(spec.gatherings) and len(teams[project][1]) + 1 < 7:
                teams[project][1].add(person.ref)
                person.teams += 1
                break
    for project, (lead_ref, members) in teams.items():
        net.rel(RelType.MEMBER_OF, lead_ref, project, {"role": "lead"})
        for member_ref in sorted(members):
            net.rel(RelType.MEMBER_OF, member_ref, project, {"role": "member"})
    return teams


def _attendance(
    net: _Network,
    people: list[_Person],
    gatherings: list[str],
    teams: dict[str, tuple[str, set[str]]],
) -> None:
    rng = net.rng
    leads_at: set[tuple[str, int]] = set()
    member_at: set[tuple[str, int]] = set()
    for spec in PROJECTS:
        lead, members = teams[f"Project:{spec.key}"]
        for index in spec.gatherings:
            leads_at.add((lead, index))
            member_at.update((member, index) for member in members)
    for person in people:
        for index in sorted(person.attends):
            key = (person.ref, index)
            props: dict[str, Any]
            if key in leads_at:
                props = (
                    {"mode": "proposed_project", "credits": rng.randint(2, 5)}
                    if person.credit_seeking
                    else {"mode": "attendee"}
                )
                props["role"] = "team lead"
            elif key in member_at:
                props = (
                    {"mode": "joined_team", "credits": rng.randint(2, 5)}
                    if person.credit_seeking
                    else {"mode": "attendee"}
                )
                props["role"] = "team member"
            elif person.category == "iie":
                props = {"mode": "attendee", "role": "organizer"}
            elif person.credit_seeking and rng.random() < 0.85:
                props = {"mode": "reflection", "credits": 1, "role": "participant"}
            else:
                role = "public day visitor" if rng.random() < 0.3 else "participant"
                props = {"mode": "attendee", "role": role}
            net.rel(RelType.ATTENDED, person.ref, gatherings[index], props)


def _privacy(net: _Network) -> None:
    """About 3% opt out of discovery and, independently, about 3% out of export."""
    count = round(len(net.people) * OPT_OUT_SHARE)
    for flag in ("discoverable", "exportable"):
        for record in net.rng.sample(net.people, count):
            record["props"][flag] = False


def generate(seed: int = DEFAULT_SEED, real_file: Path = REAL_FILE) -> list[Record]:
    """Build the synthetic records: nodes first, then relationships.

    Parameters
    ----------
    seed : int
        Seed of the one ``random.Random`` every choice is drawn from.
    real_file : Path
        The curated records the synthetic ones refer to.

    Returns
    -------
    list of dict
        JSON Lines records, each valid under ``graph.model``.

    Examples
    --------
    >>> records = generate()
    >>> all(r["props"]["synthetic"] for r in records if "label" in r)
    True
    """
    rng = random.Random(seed)
    real_refs, real_names = _read_real(real_file)
    net = _Network(rng, real_refs, real_names)
    _skills(net)
    gatherings = _gatherings(net)
    members = _clusters(net)
    _scec(net)
    people = _flint_world(net)
    _cohort(net, members, people)
    teams = _teams(net, people, gatherings)
    _attendance(net, people, gatherings, teams)
    _cluster_people(net, members)
    _privacy(net)
    return net.nodes + net.rels


def render(records: Iterable[Record]) -> bytes:
    """Records as JSON Lines bytes: one compact object per line, UTF-8, ending in a newline.

    Examples
    --------
    >>> render([{"label": "Topic", "key": "t", "props": {"name": "Zoë"}}])
    b'{"label":"Topic","key":"t","props":{"name":"Zo\\xc3\\xab"}}\\n'
    """
    return b"".join(orjson.dumps(record) + b"\n" for record in records)


def write(path: Path = SYNTHETIC_FILE, seed: int = DEFAULT_SEED) -> list[Record]:
    """Generate with ``seed`` and write the records to ``path``; returns the records.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "synthetic.jsonl"
    >>> len(write(out)) == len(out.read_bytes().splitlines())
    True
    """
    records = generate(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(records))
    return records


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m data.generate [--seed N] [--output PATH]``."""
    description = "Rewrite the synthetic demo records, reproducibly from a seed."
    parser = argparse.ArgumentParser(prog="python -m data.generate", description=description)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--output", type=Path, default=SYNTHETIC_FILE, help="file to write")
    args = parser.parse_args(argv)
    try:
        records = write(args.output, args.seed)
    except (InvalidInput, ValueError) as error:
        parser.error(str(error))
    labels = Counter(r.get("label") or r.get("rel") for r in records)
    summary = ", ".join(f"{name} {count}" for name, count in sorted(labels.items()))
    print(f"wrote {len(records)} records to {args.output} ({summary})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
