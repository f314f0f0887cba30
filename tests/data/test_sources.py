"""Every curated record cites a source document and a sentence that document contains."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from data import SOURCES_DIR
from graph.model import Node, Relationship
from tests.data.conftest import Demo

CITATION = re.compile(r'(\d{3}_[0-9a-f]{16}\.txt): "([^"]*)"')
SHARED_SEEDS = Path("/work/shared/seeds")


def normalize(text: str) -> str:
    """Collapse every run of whitespace (non-breaking spaces included) to one space."""
    return " ".join(text.split())


def citation_problems(record: Node | Relationship) -> list[str]:
    """What is wrong with a record's ``source``: missing, no citation, unknown file, no match."""
    source = record.props.get("source")
    if not source:
        return ["no source"]
    citations = CITATION.findall(source)
    if not citations:
        return [f"no 'file: \"sentence\"' citation in {source!r}"]
    problems = []
    for name, quote in citations:
        path = SOURCES_DIR / name
        if not path.is_file():
            problems.append(f"no source document {name}")
        elif normalize(quote) not in normalize(path.read_text(encoding="utf-8")):
            problems.append(f"{name} does not contain {quote!r}")
    return problems


def test_every_curated_node_and_relationship_cites_a_sentence_of_a_source(demo: Demo) -> None:
    # given every record of the curated file
    records: list[Node | Relationship] = [*demo.real.nodes, *demo.real.rels]
    # then each cites a source document that contains the quoted sentence
    problems = {str(getattr(r, "ref", r)): p for r in records if (p := citation_problems(r))}
    assert problems == {}


def test_a_misquoted_sentence_is_caught() -> None:
    # given a node whose quote is not in its document
    from graph.model import Label

    node = Node(
        Label.TOPIC,
        "made-up",
        {"name": "Made up", "source": '003_f779d1e5d669c5d8.txt: "Hodas founded the iZone."'},
    )
    # then the check reports it
    assert citation_problems(node) == [
        "003_f779d1e5d669c5d8.txt does not contain 'Hodas founded the iZone.'"
    ]


def test_generated_records_quote_the_documents_correctly_where_they_cite_them(demo: Demo) -> None:
    # given the generated nodes that carry a source (invented stand-ins for counted things)
    cited = [n for n in demo.synthetic.nodes if "source" in n.props]
    # then their quotes are exact too
    assert cited
    assert {str(n.ref): p for n in cited if (p := citation_problems(n))} == {}


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the shared seed documents are not here")
def test_the_kept_sources_are_the_seed_documents() -> None:
    # given the seed documents and the copies kept with the data
    seeds = {p.name: p.read_bytes() for p in SHARED_SEEDS.glob("*.txt")}
    kept = {p.name: p.read_bytes() for p in SOURCES_DIR.glob("*.txt")}
    # then they are the same files
    assert kept == seeds
