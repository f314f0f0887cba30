"""The files for neo4j-admin's bulk importer: headers typed from the model, values quoted
so that quotes, commas, newlines, empty text and lists survive."""

from __future__ import annotations

import csv
from pathlib import Path

from graph.model import Label, Node, Relationship, RelType
from graph.neo4j.admin_import import ARRAY_DELIMITER, write_import_files


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_values_are_quoted_and_typed_as_the_importer_reads_them(tmp_path: Path) -> None:
    # given a person whose text holds quotes, commas and a newline, and a typed relationship
    ada = Node(
        Label.PERSON,
        "ada",
        {
            "name": 'Ada "The Countess", of Lovelace',
            "headline": "line one\nline two",
            "city": "",
            "roles": ["educator", "coach"],
            "discoverable": False,
        },
    )
    topic = Node(Label.TOPIC, "math", {"name": "Math"})
    skill = Relationship(RelType.SKILLED_IN, ada.ref, topic.ref, {"level": 3})
    # when the files are written
    files = write_import_files(tmp_path, [ada, topic], [skill])
    # then the header types the columns and every value reads back as written
    people = rows(files.node_files[Label.PERSON])
    header, row = people[0], dict(zip(people[0], people[1], strict=True))
    assert header[0] == "key:ID(Person)"
    assert {"roles:string[]", "discoverable:boolean", "_ft_name"} <= set(header)
    assert row["key:ID(Person)"] == "ada"
    assert row["name"] == 'Ada "The Countess", of Lovelace'
    assert row["headline"] == "line one\nline two"
    assert row["roles:string[]"] == f"educator{ARRAY_DELIMITER}coach"
    assert row["discoverable:boolean"] == "false"
    assert row["_ft_name"] == "ada the countess of lovelace"
    # and an empty string is quoted (kept), a missing value is not (no property)
    text = files.node_files[Label.PERSON].read_text(encoding="utf-8")
    assert ',"",' in text
    assert ",," in text
    skills = rows(files.relationship_files[(RelType.SKILLED_IN, Label.PERSON, Label.TOPIC)])
    assert skills[0][:3] == [":START_ID(Person)", ":END_ID(Topic)", "level:long"]
    assert skills[1][:3] == ["ada", "math", "3"]
    assert f"--relationships=SKILLED_IN={tmp_path}" in " ".join(files.arguments())
