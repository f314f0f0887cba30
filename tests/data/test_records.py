"""Every demo record is valid, unique, joined to existing nodes, and honestly flagged."""

from __future__ import annotations

from collections import Counter

from graph.model import Label, NodeRef
from tests.data.conftest import Demo


def test_every_record_of_both_files_validates_against_the_model(demo: Demo) -> None:
    # given both demo files parsed with the shared record parser
    # then no record was refused, and both files hold nodes and relationships
    assert demo.real.errors == []
    assert demo.synthetic.errors == []
    assert demo.real.nodes and demo.real.rels
    assert demo.synthetic.nodes and demo.synthetic.rels


def test_node_keys_are_unique_across_both_files(demo: Demo) -> None:
    # given every node of both files
    refs = [node.ref for node in demo.real.nodes + demo.synthetic.nodes]
    # then no label and key appears twice
    duplicates = [ref for ref, count in Counter(refs).items() if count > 1]
    assert duplicates == []


def test_every_relationship_joins_existing_nodes(demo: Demo) -> None:
    # given every relationship of both files
    # then both of its ends are nodes of the demo
    missing = [
        (rel.type.value, end)
        for rel in demo.rels
        for end in (rel.start, rel.end)
        if end not in demo.nodes
    ]
    assert missing == []


def test_the_curated_file_stands_on_its_own(demo: Demo) -> None:
    # given the curated file alone
    real_refs = {node.ref for node in demo.real.nodes}
    # then its relationships only join its own nodes
    outside = [rel.ref for rel in demo.real.rels if not {rel.start, rel.end} <= real_refs]
    assert outside == []


def test_at_most_one_relationship_of_a_type_joins_two_nodes(demo: Demo) -> None:
    # given every relationship of both files
    refs = [rel.ref for rel in demo.rels]
    # then no (type, start, end) repeats
    assert [ref for ref, count in Counter(refs).items() if count > 1] == []


def test_curated_nodes_are_real_and_generated_nodes_are_synthetic(demo: Demo) -> None:
    # given the nodes of each file
    # then the curated ones are not flagged synthetic and the generated ones all are
    assert [n.ref for n in demo.real.nodes if n.get("synthetic")] == []
    assert [n.ref for n in demo.synthetic.nodes if not n.get("synthetic")] == []


def test_generated_relationships_never_state_facts_about_real_people(demo: Demo) -> None:
    # given the generated relationships
    real = {node.ref for node in demo.real.nodes}
    # then each touches a synthetic node, and none touches a real person
    between_real = [rel.ref for rel in demo.synthetic.rels if {rel.start, rel.end} <= real]
    touching_real_people = [
        rel.ref
        for rel in demo.synthetic.rels
        for end in (rel.start, rel.end)
        if end in real and end.label is Label.PERSON
    ]
    assert between_real == []
    assert touching_real_people == []


def test_real_people_have_no_email_and_generated_people_use_example_org(demo: Demo) -> None:
    # given every person
    real_people = [n for n in demo.real.nodes if n.label is Label.PERSON]
    synthetic_people = [n for n in demo.synthetic.nodes if n.label is Label.PERSON]
    # then no real person has an email, and every generated one has a unique example.org one
    assert real_people
    assert [n.key for n in real_people if "email" in n.props] == []
    emails = [n.props.get("email", "") for n in synthetic_people]
    assert all(email.endswith("@example.org") for email in emails)
    assert len(set(emails)) == len(emails)


def test_the_real_people_of_the_documents_are_all_present(demo: Demo) -> None:
    # given the people the documents name
    named = {
        "Donald Peurach",
        "James DeVaney",
        "Sara Schapiro",
        "Steven Hodas",
        "Richard Culatta",
        "Alana Laudone",
        "Kara Chesal",
        "Ben Herold",
    }
    # then each is a real person of the demo, and no other real person is
    real_names = {n.props["name"] for n in demo.real.nodes if n.label is Label.PERSON}
    assert real_names == named


def test_about_three_percent_opt_out_of_discovery_and_of_export(demo: Demo) -> None:
    # given the generated people
    people = [n for n in demo.synthetic.nodes if n.label is Label.PERSON]
    hidden = sum(1 for n in people if n.props["discoverable"] is False)
    unexported = sum(1 for n in people if n.props["exportable"] is False)
    # then between 1% and 6% opt out of each
    assert 0.01 * len(people) <= hidden <= 0.06 * len(people)
    assert 0.01 * len(people) <= unexported <= 0.06 * len(people)


def test_the_network_has_a_few_hundred_people(demo: Demo) -> None:
    # given all people
    people = [ref for ref in demo.nodes if ref.label is Label.PERSON]
    # then there are a few hundred
    assert 250 <= len(people) <= 400


def test_the_network_is_mostly_one_connected_whole(demo: Demo) -> None:
    # given the people of the demo and who they reach through any relationship
    neighbours: dict[NodeRef, set[NodeRef]] = {ref: set() for ref in demo.nodes}
    for rel in demo.rels:
        neighbours[rel.start].add(rel.end)
        neighbours[rel.end].add(rel.start)
    start = next(ref for ref in demo.nodes if ref.key == "donald-peurach")
    reached, frontier = {start}, [start]
    while frontier:
        for other in neighbours[frontier.pop()]:
            if other not in reached:
                reached.add(other)
                frontier.append(other)
    # then nearly every person is reachable from Donald Peurach
    people = [ref for ref in demo.nodes if ref.label is Label.PERSON]
    unreached = [ref for ref in people if ref not in reached]
    assert len(unreached) <= 2, unreached
