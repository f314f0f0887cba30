"""Fixed pools the demo generator draws from: places, names, personas and invented names.

Everything here is plain data. The places are the US states and countries that
``001_acbdfb6284522b69.txt`` lists for the 2018 Winter Cohort; the people, organizations
and projects built from these pools are invented and flagged ``synthetic``.

Examples
--------
>>> len(US_STATES), len(COUNTRIES)
(16, 17)
>>> "Michigan" in US_STATES and "Uruguay" in COUNTRIES
True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "COHORT_PERSONAS",
    "COUNTRIES",
    "COUNTRY_NAMES",
    "MICHIGAN_CITIES",
    "ORG_PREFIXES",
    "ORG_SECTORS",
    "ORG_SUFFIXES",
    "SKILLS",
    "UM_COHORT_SLOTS",
    "US_NAMES",
    "US_STATES",
    "Persona",
]

US = "United States"

# State -> cities, in the order the cohort announcement lists the states.
US_STATES: dict[str, tuple[str, ...]] = {
    "California": ("Los Angeles", "Oakland", "San Diego", "Fresno", "Sacramento"),
    "Colorado": ("Denver", "Boulder", "Colorado Springs"),
    "Connecticut": ("Hartford", "New Haven", "Bridgeport"),
    "Indiana": ("Indianapolis", "Bloomington", "Fort Wayne"),
    "Massachusetts": ("Boston", "Worcester", "Springfield"),
    "Michigan": ("Detroit", "Grand Rapids", "Lansing", "Kalamazoo"),
    "Minnesota": ("Minneapolis", "Saint Paul", "Duluth"),
    "New Hampshire": ("Manchester", "Concord", "Nashua"),
    "New Jersey": ("Newark", "Trenton", "Camden"),
    "New York": ("New York City", "Buffalo", "Rochester", "Albany"),
    "North Carolina": ("Charlotte", "Durham", "Raleigh"),
    "Ohio": ("Columbus", "Cleveland", "Cincinnati", "Toledo"),
    "Pennsylvania": ("Pittsburgh", "Philadelphia", "Harrisburg"),
    "Texas": ("Austin", "Houston", "Dallas", "El Paso"),
    "Virginia": ("Richmond", "Arlington", "Norfolk"),
    "Washington": ("Seattle", "Tacoma", "Spokane"),
}

# Country -> (cities, first names, last names), in the order the announcement lists them.
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Afghanistan": (
        ("Kabul", "Herat", "Mazar-i-Sharif"),
        ("Farid", "Mariam", "Ahmad", "Zarmina", "Habib", "Laila", "Nasir", "Freshta"),
        ("Rahimi", "Noori", "Sadat", "Karimi", "Hakimi", "Azizi", "Wardak", "Popal"),
    ),
    "Australia": (
        ("Melbourne", "Sydney", "Brisbane", "Perth"),
        ("Lachlan", "Matilda", "Hamish", "Georgia", "Kirra", "Angus", "Tahlia", "Jarrah"),
        ("McKenzie", "Nguyen", "O'Connell", "Pearce", "Whitlam", "Henderson", "Costa", "Doyle"),
    ),
    "Austria": (
        ("Vienna", "Graz", "Linz", "Innsbruck"),
        ("Lukas", "Anna", "Florian", "Katharina", "Matthias", "Theresa", "Stefan", "Julia"),
        ("Gruber", "Huber", "Pichler", "Steiner", "Moser", "Hofer", "Leitner", "Wimmer"),
    ),
    "Brazil": (
        ("São Paulo", "Recife", "Porto Alegre", "Belo Horizonte"),
        ("Ana", "Thiago", "Juliana", "Rafael", "Beatriz", "Gustavo", "Larissa", "Paulo"),
        ("Souza", "Oliveira", "Pereira", "Carvalho", "Ribeiro", "Almeida", "Barbosa", "Lima"),
    ),
    "Canada": (
        ("Toronto", "Vancouver", "Montreal", "Halifax"),
        ("Émilie", "Connor", "Mathieu", "Priya", "Chloé", "Owen", "Gabrielle", "Tyler"),
        ("Tremblay", "Gagnon", "MacDonald", "Bouchard", "Campbell", "Lavoie", "Chan", "Fraser"),
    ),
    "China": (
        ("Beijing", "Shanghai", "Chengdu", "Hangzhou"),
        ("Wei", "Xiaoling", "Jun", "Mei", "Hao", "Yanping", "Lei", "Jing"),
        ("Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"),
    ),
    "Germany": (
        ("Berlin", "Munich", "Hamburg", "Leipzig"),
        ("Jonas", "Lena", "Felix", "Miriam", "Tobias", "Sabine", "Niklas", "Franziska"),
        ("Becker", "Schulz", "Hoffmann", "Wagner", "Neumann", "Krüger", "Vogel", "Braun"),
    ),
    "India": (
        ("Bengaluru", "Delhi", "Pune", "Chennai"),
        ("Ananya", "Rohan", "Kavya", "Arjun", "Meera", "Vikram", "Divya", "Sanjay"),
        ("Iyer", "Sharma", "Reddy", "Kulkarni", "Banerjee", "Nair", "Mehta", "Rao"),
    ),
    "Ireland": (
        ("Dublin", "Cork", "Galway", "Limerick"),
        ("Aoife", "Cian", "Niamh", "Darragh", "Siobhán", "Eoin", "Clodagh", "Ronan"),
        ("Byrne", "Walsh", "Ó Briain", "Kavanagh", "Brennan", "Quinn", "Gallagher", "Nolan"),
    ),
    "Qatar": (
        ("Doha", "Al Rayyan", "Al Wakrah"),
        ("Hamad", "Noora", "Khalid", "Maryam", "Jassim", "Aisha", "Tamim", "Hessa"),
        ("Al-Thani", "Al-Kuwari", "Al-Marri", "Al-Sulaiti", "Al-Mannai", "Al-Naimi"),
    ),
    "Russia": (
        ("Moscow", "Kazan", "Saint Petersburg", "Novosibirsk"),
        ("Dmitri", "Olga", "Sergei", "Anastasia", "Alexei", "Tatiana", "Pavel", "Irina"),
        ("Ivanova", "Smirnov", "Kuznetsova", "Volkov", "Sokolova", "Morozov", "Orlova"),
    ),
    "Syria": (
        ("Damascus", "Aleppo", "Latakia", "Homs"),
        ("Rami", "Lina", "Omar", "Reem", "Bassel", "Hala", "Tarek", "Dima"),
        ("Haddad", "Khoury", "Najjar", "Sabbagh", "Halabi", "Jaber", "Masri", "Shami"),
    ),
    "South Africa": (
        ("Cape Town", "Johannesburg", "Durban", "Pretoria"),
        ("Thandiwe", "Sipho", "Lerato", "Pieter", "Nomsa", "Themba", "Anneke", "Kagiso"),
        ("Nkosi", "Dlamini", "van der Merwe", "Mokoena", "Botha", "Ndlovu", "Pillay", "Khumalo"),
    ),
    "Turkey": (
        ("Istanbul", "Ankara", "Izmir", "Bursa"),
        ("Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Burak", "Selin", "Kerem"),
        (
            "Yılmaz",  # noqa: RUF001 - the Turkish dotless i is intended
            "Kaya",
            "Demir",
            "Şahin",
            "Çelik",
            "Aydın",  # noqa: RUF001 - the Turkish dotless i is intended
            "Öztürk",
            "Arslan",
        ),
    ),
    "United Arab Emirates": (
        ("Dubai", "Abu Dhabi", "Sharjah"),
        ("Saeed", "Fatima", "Rashid", "Shamma", "Majid", "Latifa", "Sultan", "Mahra"),
        ("Al-Mansoori", "Al-Shamsi", "Al-Hammadi", "Al-Falasi", "Al-Ketbi", "Al-Dhaheri"),
    ),
    "United Kingdom": (
        ("London", "Manchester", "Edinburgh", "Bristol", "Leeds"),
        ("Oliver", "Harriet", "Callum", "Imogen", "Rhys", "Priya", "Alfie", "Bethany"),
        ("Whitfield", "Okonkwo", "Ashworth", "MacLeod", "Pritchard", "Begum", "Hollis"),
    ),
    "Uruguay": (
        ("Montevideo", "Salto", "Paysandú"),
        ("Martina", "Diego", "Valentina", "Santiago", "Florencia", "Joaquín", "Camila"),
        ("Rodríguez", "Fernández", "Pereyra", "Silva", "Sosa", "Méndez", "Acosta", "Núñez"),
    ),
}

COUNTRY_NAMES: tuple[str, ...] = tuple(COUNTRIES)

MICHIGAN_CITIES: tuple[str, ...] = (
    "Flint",
    "Ann Arbor",
    "Detroit",
    "Grand Blanc",
    "Saginaw",
    "Lansing",
    "Fenton",
    "Burton",
)

US_NAMES: tuple[tuple[str, ...], tuple[str, ...]] = (
    (
        "Emily",
        "Marcus",
        "Jasmine",
        "Daniel",
        "Maria",
        "Tyrone",
        "Kevin",
        "Aisha",
        "Rachel",
        "Carlos",
        "Megan",
        "Andre",
        "Nathan",
        "Lauren",
        "Jamal",
        "Sofia",
        "Brian",
        "Keisha",
        "Ethan",
        "Hannah",
        "Luis",
        "Olivia",
        "Darnell",
        "Grace",
        "Miguel",
        "Samantha",
        "Derek",
        "Mei",
        "Jordan",
        "Alicia",
        "Trevor",
        "Vanessa",
        "Omar",
        "Caitlin",
        "Rosa",
        "Tanya",
        "Eric",
        "Monique",
        "Hector",
        "Whitney",
        "Bryce",
        "Leah",
        "Malik",
        "Courtney",
        "Diego",
        "Erin",
        "Xavier",
        "Nadia",
        "Cody",
        "Imani",
        "Garrett",
        "Lucia",
        "Terrence",
        "Molly",
        "Kenji",
        "Brianna",
    ),
    (
        "Johnson",
        "Williams",
        "Garcia",
        "Martinez",
        "Nguyen",
        "Patel",
        "Robinson",
        "Kim",
        "Brooks",
        "Ramirez",
        "Thompson",
        "Washington",
        "Chen",
        "Murphy",
        "Rivera",
        "Coleman",
        "Foster",
        "Hughes",
        "Jenkins",
        "Sullivan",
        "Morales",
        "Bennett",
        "Okafor",
        "Reyes",
        "Fischer",
        "Kowalski",
        "Lindqvist",
        "Baker",
        "Carter",
        "Diaz",
        "Ellis",
        "Grant",
        "Hayes",
        "Ito",
        "Jackson",
        "Lopez",
        "Mitchell",
        "Novak",
        "Ortiz",
        "Price",
        "Quintero",
        "Russo",
        "Sanders",
        "Tran",
        "Underwood",
        "Vasquez",
        "Wallace",
        "Young",
        "Zielinski",
        "Abernathy",
        "Bishop",
        "Castillo",
        "Dawson",
        "Espinoza",
        "Fleming",
    ),
)

# Invented names for organizations; kept unusual so they do not name real bodies.
ORG_PREFIXES: tuple[str, ...] = (
    "Bramblewood",
    "Kestrel Point",
    "Larkspur",
    "Quillfield",
    "Thistledown",
    "Wrenfield",
    "Ashgrove",
    "Fernhollow",
    "Copperleaf",
    "Marlow Creek",
    "Juniper Hill",
    "Saltmarsh",
    "Tallowood",
    "Heronsgate",
    "Brightwater",
    "Alder Run",
    "Cinderford",
    "Mossbank",
    "Silverbirch",
    "Harrow Vale",
    "Foxglove",
    "Redfern",
    "Stillwater Bend",
    "Clearbrook",
    "Amberleigh",
    "Windmere",
    "Oakhollow",
    "Pinecrest Ridge",
    "Lanternfield",
    "Northwick",
)

ORG_SUFFIXES: dict[str, tuple[str, ...]] = {
    "school": ("Academy", "Middle School", "High School", "Elementary School", "Community School"),
    "district": ("Public Schools", "School District", "Education Authority"),
    "university": ("University", "College of Education", "Institute of Education"),
    "nonprofit": ("Learning Collaborative", "Teaching Partners", "Education Trust", "Learning Lab"),
    "company": ("Learning Labs", "EdTech", "Studios", "Education Consulting"),
    "government": ("Regional Education Office", "Education Directorate"),
    "research_center": ("Center for Education Research", "Policy Institute"),
    "foundation": ("Foundation", "Education Fund"),
}

ORG_SECTORS: dict[str, tuple[str, ...]] = {
    "school": ("education",),
    "district": ("education",),
    "university": ("education", "research"),
    "nonprofit": ("education",),
    "company": ("commercial",),
    "government": ("education",),
    "research_center": ("research",),
    "foundation": ("education",),
}

# Skills the documents do not name but project teams need; flagged synthetic.
SKILLS: tuple[tuple[str, str], ...] = (
    ("data-analysis", "Data analysis"),
    ("software-development", "Software development"),
    ("instructional-design", "Instructional design"),
    ("audio-video-production", "Audio and video production"),
    ("grant-writing", "Grant writing"),
    ("user-research", "User research"),
    ("facilitation", "Facilitation"),
    ("survey-design", "Survey design"),
    ("community-organizing", "Community organizing"),
    ("game-design", "Game and simulation design"),
)


@dataclass(frozen=True, slots=True)
class Persona:
    """A kind of person the documents describe, and what such a person is like.

    ``group`` is the study group the persona usually joins (a key suffix), ``weight``
    how common it is, ``interests`` and ``skills`` topic keys to draw from.
    """

    name: str
    headline: str
    roles: tuple[str, ...]
    org_kind: str
    group: str
    weight: int
    interests: tuple[str, ...]
    skills: tuple[str, ...]


_PRACTICE = (
    "continuous-improvement",
    "improvement-science",
    "educational-leadership",
    "professional-development",
    "personalized-learning",
    "edtech-implementation",
)
_RESEARCH = (
    "improvement-science",
    "research-frameworks",
    "edtech-evaluation",
    "research-outcomes",
    "collaborative-learning-technology",
)
_FACULTY = (
    "graduate-program-redesign",
    "open-access-instructional-resources",
    "educational-leadership",
    "positive-organizational-scholarship",
    "improvement-science",
)
_LEARNER = (
    "educational-innovation-and-improvement",
    "professional-development",
    "building-authentic-communities",
    "teaching-and-learning",
)
_TECH = (
    "learning-technology",
    "immersive-learning-design",
    "edtech-products",
    "collaborative-learning-technology",
)

# Roles the cohort announcement names, from undergraduate students to senior professors,
# early-career teachers to system leaders, aspiring reformers to senior reform developers.
COHORT_PERSONAS: tuple[Persona, ...] = (
    Persona(
        "undergraduate",
        "Undergraduate student in education",
        ("student",),
        "university",
        "participants",
        3,
        _LEARNER,
        ("facilitation", "audio-video-production"),
    ),
    Persona(
        "masters-student",
        "Master's student in educational leadership",
        ("student",),
        "university",
        "participants",
        4,
        (*_LEARNER, *_PRACTICE[:2]),
        ("survey-design",),
    ),
    Persona(
        "doctoral-student",
        "Doctoral candidate studying school improvement",
        ("student", "researcher"),
        "university",
        "researchers-designers",
        4,
        _RESEARCH,
        ("data-analysis", "survey-design", "improvement-science"),
    ),
    Persona(
        "early-career-teacher",
        "Early-career teacher",
        ("educator",),
        "school",
        "participants",
        7,
        (*_LEARNER, *_TECH[:2]),
        ("instructional-design", "facilitation"),
    ),
    Persona(
        "teacher-leader",
        "Teacher-leader",
        ("educator", "coach"),
        "school",
        "practice-leaders",
        5,
        _PRACTICE,
        ("facilitation", "professional-development"),
    ),
    Persona(
        "instructional-coach",
        "Instructional coach",
        ("coach", "educator"),
        "district",
        "practice-leaders",
        4,
        _PRACTICE,
        ("facilitation", "instructional-design"),
    ),
    Persona(
        "data-coach",
        "Data coach",
        ("coach", "evaluator"),
        "district",
        "practice-leaders",
        3,
        (*_PRACTICE, "research-outcomes"),
        ("data-analysis", "survey-design"),
    ),
    Persona(
        "evaluator",
        "Program evaluator",
        ("evaluator", "researcher"),
        "research_center",
        "researchers-designers",
        3,
        _RESEARCH,
        ("data-analysis", "survey-design", "edtech-evaluation"),
    ),
    Persona(
        "learning-designer",
        "Learning designer",
        ("designer",),
        "company",
        "researchers-designers",
        3,
        _TECH,
        ("instructional-design", "user-research", "game-design"),
    ),
    Persona(
        "implementation-specialist",
        "Implementation specialist",
        ("coach",),
        "nonprofit",
        "practice-leaders",
        3,
        _PRACTICE,
        ("facilitation", "edtech-implementation"),
    ),
    Persona(
        "principal",
        "Principal",
        ("school_leader", "educator"),
        "school",
        "practice-leaders",
        5,
        _PRACTICE,
        ("facilitation", "community-organizing"),
    ),
    Persona(
        "superintendent",
        "Superintendent",
        ("district_leader", "system_leader"),
        "district",
        "practice-leaders",
        2,
        (*_PRACTICE, "operations-and-finance"),
        ("grant-writing", "community-organizing"),
    ),
    Persona(
        "system-official",
        "Senior official in an education agency",
        ("system_leader", "policymaker"),
        "government",
        "practice-leaders",
        3,
        (*_PRACTICE, "operations-and-finance"),
        ("grant-writing", "data-analysis"),
    ),
    Persona(
        "board-member",
        "Elected school board member",
        ("policymaker",),
        "district",
        "participants",
        1,
        (*_LEARNER, "locally-based-funding"),
        ("community-organizing",),
    ),
    Persona(
        "senior-professor",
        "Senior professor of education",
        ("faculty", "researcher"),
        "university",
        "faculty",
        3,
        (*_FACULTY, *_RESEARCH[:2]),
        ("data-analysis", "improvement-science"),
    ),
    Persona(
        "assistant-professor",
        "Assistant professor of education",
        ("faculty",),
        "university",
        "faculty",
        3,
        _FACULTY,
        ("instructional-design", "survey-design"),
    ),
    Persona(
        "program-director",
        "Director of a teacher preparation program",
        ("faculty", "administrator"),
        "university",
        "faculty",
        2,
        _FACULTY,
        ("grant-writing", "facilitation"),
    ),
    Persona(
        "reform-developer",
        "Senior developer in a school reform organization",
        ("developer", "designer"),
        "nonprofit",
        "researchers-designers",
        3,
        (*_PRACTICE[:3], *_RESEARCH[:2]),
        ("instructional-design", "improvement-science"),
    ),
    Persona(
        "aspiring-reformer",
        "Aspiring education reformer",
        ("entrepreneur",),
        "nonprofit",
        "participants",
        2,
        (*_LEARNER, "educational-leadership"),
        ("community-organizing", "grant-writing"),
    ),
    Persona(
        "consultant",
        "Education consultant",
        ("coach", "entrepreneur"),
        "company",
        "participants",
        2,
        _PRACTICE[:4],
        ("facilitation", "data-analysis"),
    ),
    Persona(
        "policy-researcher",
        "Policy researcher at a think tank",
        ("researcher", "policymaker"),
        "research_center",
        "researchers-designers",
        2,
        (*_RESEARCH, "operations-and-finance"),
        ("data-analysis", "survey-design"),
    ),
    Persona(
        "edtech-developer",
        "Software developer in education technology",
        ("developer",),
        "company",
        "researchers-designers",
        2,
        _TECH,
        ("software-development", "user-research"),
    ),
)

# The 23 University of Michigan members of the cohort: (unit key, headline, roles, group).
UM_COHORT_SLOTS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (
        "um-school-of-education",
        "Undergraduate student, School of Education",
        ("student",),
        "participants",
    ),
    (
        "um-school-of-education",
        "Undergraduate student, School of Education",
        ("student",),
        "participants",
    ),
    (
        "um-school-of-education",
        "Undergraduate student, School of Education",
        ("student",),
        "participants",
    ),
    (
        "um-school-of-education",
        "Master's student in educational leadership and policy",
        ("student",),
        "participants",
    ),
    (
        "um-school-of-education",
        "Master's student in educational leadership and policy",
        ("student",),
        "participants",
    ),
    (
        "um-school-of-education",
        "Master's student in educational studies",
        ("student",),
        "practice-leaders",
    ),
    (
        "um-school-of-education",
        "Doctoral student in educational policy",
        ("student", "researcher"),
        "researchers-designers",
    ),
    (
        "um-school-of-education",
        "Doctoral student in learning technologies",
        ("student", "researcher"),
        "researchers-designers",
    ),
    (
        "um-school-of-education",
        "Doctoral candidate in educational leadership",
        ("student", "researcher"),
        "practice-leaders",
    ),
    ("um-school-of-education", "Professor of education", ("faculty", "researcher"), "faculty"),
    (
        "um-school-of-education",
        "Clinical associate professor of education",
        ("faculty",),
        "faculty",
    ),
    ("um-school-of-education", "Lecturer in teacher education", ("faculty", "educator"), "faculty"),
    ("um-ross-school-of-business", "MBA student", ("student",), "participants"),
    (
        "um-ross-school-of-business",
        "Faculty researcher in organizational behavior",
        ("faculty", "researcher"),
        "faculty",
    ),
    (
        "um-office-of-academic-innovation",
        "Learning experience designer",
        ("designer",),
        "researchers-designers",
    ),
    (
        "um-office-of-academic-innovation",
        "Learning experience designer",
        ("designer",),
        "researchers-designers",
    ),
    (
        "um-office-of-academic-innovation",
        "Data scientist for academic innovation",
        ("researcher", "developer"),
        "researchers-designers",
    ),
    (
        "center-for-positive-organizations",
        "Research fellow in positive organizational scholarship",
        ("researcher",),
        "researchers-designers",
    ),
    (
        "center-for-positive-organizations",
        "Program manager",
        ("administrator",),
        "practice-leaders",
    ),
    ("iie", "Program coordinator, iiE Gatherings", ("administrator",), "participants"),
    ("iie", "Faculty affiliate, iiE", ("faculty", "designer"), "faculty"),
    ("um-flint", "Lecturer, Ed Tech master's program", ("faculty", "educator"), "faculty"),
    ("um-flint", "Academic advisor, Ed Tech master's program", ("administrator",), "participants"),
)
