"""The synthetic network generator: reproducible, valid, realistic in shape, importable."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from data.synth import (
    EMAIL_DOMAIN,
    KEY_PREFIX,
    SynthSummary,
    generate,
    load_network,
    plan,
    write_network,
)
from graph.importer import load_files
from graph.model import Label, Node, Relationship, RelType
from graph.records import RecordError, read_records
from graph.store import GraphStore
from graph.validation import check_attendance

PEOPLE = 2000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def network_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthSummary]:
    path = tmp_path_factory.mktemp("synth") / "network.jsonl"
    summary = write_network(path, PEOPLE, seed=11)
    return path, summary


@pytest.fixture(scope="module")
def records(network_file: tuple[Path, SynthSummary]) -> list[Node | Relationship]:
    path, _ = network_file
    parsed = []
    for _, record in read_records(path):
        assert not isinstance(record, RecordError), str(record)
        parsed.append(record)
    return parsed


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes(tmp_path: Path) -> None:
    # given two files written with one seed and one with another
    first, second, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    write_network(first, 1000, seed=5)
    write_network(second, 1000, seed=5)
    write_network(other, 1000, seed=6)

    # then the same seed gives identical bytes, and another seed does not
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_every_record_is_valid_and_nodes_come_before_relationships(
    records: list[Node | Relationship], network_file: tuple[Path, SynthSummary]
) -> None:
    # given the records of a generated file (parsing validated each against the model)
    _, summary = network_file

    # then the file holds what the summary counted, nodes first
    kinds = [isinstance(record, Node) for record in records]
    first_rel = kinds.index(False)
    assert all(kinds[:first_rel]) and not any(kinds[first_rel:])
    assert first_rel == summary.total_nodes
    assert len(records) - first_rel == summary.total_relationships


def test_every_node_is_synthetic_with_a_prefixed_key_and_people_have_example_addresses(
    records: list[Node | Relationship],
) -> None:
    # given the nodes of a generated network
    nodes = [record for record in records if isinstance(record, Node)]
    people = [node for node in nodes if node.label is Label.PERSON]

    # then each is flagged, keyed apart from real records, and reachable only at example.org
    assert all(node.props["synthetic"] is True for node in nodes)
    assert all(node.key.startswith(KEY_PREFIX) for node in nodes)
    assert len(people) == PEOPLE
    assert all(person.props["email"].endswith(f"@{EMAIL_DOMAIN}") for person in people)
    assert len({node.ref for node in nodes}) == len(nodes)


def test_about_three_percent_of_people_opt_out(records: list[Node | Relationship]) -> None:
    # given the people of a generated network
    people = [r for r in records if isinstance(r, Node) and r.label is Label.PERSON]

    # when counting those who opted out of discovery and export
    hidden = [p for p in people if p.props.get("discoverable") is False]

    # then they are about 3%, and they opted out of exports too
    assert 0.015 * PEOPLE <= len(hidden) <= 0.05 * PEOPLE
    assert all(p.props.get("exportable") is False for p in hidden)


def test_every_kind_of_node_and_relationship_appears_in_plausible_proportions(
    network_file: tuple[Path, SynthSummary],
) -> None:
    # given the counts of a generated network
    _, summary = network_file
    sizes = plan(PEOPLE)

    # then every label and every relationship type is there
    assert set(summary.nodes) == {label.value for label in Label}
    assert set(summary.relationships) == {rel_type.value for rel_type in RelType}
    # and there are about ten relationships per person, a project per five people
    assert 8 * PEOPLE <= summary.total_relationships <= 12 * PEOPLE
    assert summary.nodes[Label.PROJECT.value] == sizes.projects
    assert summary.nodes[Label.ORGANIZATION.value] > sizes.organizations


def test_project_teams_have_three_to_seven_members_and_one_lead(
    records: list[Node | Relationship],
) -> None:
    # given the project memberships of a generated network
    teams: dict[str, list[str]] = defaultdict(list)
    for record in records:
        if (
            isinstance(record, Relationship)
            and record.type is RelType.MEMBER_OF
            and record.end.label is Label.PROJECT
        ):
            teams[record.end.key].append(str(record.props["role"]))

    # then every project has a small team led by one person
    assert len(teams) == plan(PEOPLE).projects
    assert all(3 <= len(roles) <= 7 for roles in teams.values()), Counter(map(len, teams.values()))
    assert all(roles.count("lead") == 1 for roles in teams.values())


def test_attendance_credits_follow_the_edt_630_rules_and_every_mode_occurs(
    records: list[Node | Relationship],
) -> None:
    # given the attendances of a generated network
    attended = [r for r in records if isinstance(r, Relationship) and r.type is RelType.ATTENDED]

    # then each one passes the credit rules, and all four modes are used
    for rel in attended:
        check_attendance(rel.props["mode"], rel.props.get("credits"))
    assert {rel.props["mode"] for rel in attended} == {
        "attendee",
        "reflection",
        "joined_team",
        "proposed_project",
    }


def test_clusters_have_members_from_sectors(records: list[Node | Relationship]) -> None:
    # given the cluster memberships of a generated network
    sectors = [
        r.props["sector"]
        for r in records
        if isinstance(r, Relationship) and r.type is RelType.IN_CLUSTER
    ]

    # then organizations join clusters bringing more than one sector between them
    assert len(sectors) >= 6
    assert len(set(sectors)) >= 2


def test_degrees_are_heavy_tailed_a_few_hubs_and_many_with_few_ties(
    records: list[Node | Relationship],
) -> None:
    # given how many teams and gatherings each person joined
    degree: Counter[str] = Counter()
    for record in records:
        if isinstance(record, Relationship) and record.type in (
            RelType.MEMBER_OF,
            RelType.ATTENDED,
        ):
            degree[record.start.key] += 1
    counts = sorted(degree.values(), reverse=True)

    # then the best-connected 1% have several times the median, the median is small
    top = counts[: max(1, len(counts) // 100)]
    median = statistics.median(counts)
    assert median <= 4
    assert min(top) >= 3 * median


def test_geography_mixes_us_states_and_other_countries(
    records: list[Node | Relationship],
) -> None:
    # given the countries people live in
    countries = Counter(
        str(r.props["country"]) for r in records if isinstance(r, Node) and r.label is Label.PERSON
    )

    # then most are in the United States, and many other countries are present
    assert countries.most_common(1)[0][0] == "United States"
    assert len(countries) >= 10


@pytest.mark.slow
def test_the_file_imports_cleanly_with_the_counts_it_was_generated_with(
    store: GraphStore, tmp_path: Path
) -> None:
    # given a generated file
    path = tmp_path / "network.jsonl"
    summary = write_network(path, 500, seed=2)

    # when the importer loads it into an empty store
    report = load_files(store, [path])

    # then nothing is refused and the store holds exactly the generated counts
    assert report.errors == []
    counts = store.counts()
    assert {k: v for k, v in counts.nodes.items() if v} == dict(summary.nodes)
    assert {k: v for k, v in counts.relationships.items() if v} == dict(summary.relationships)


def test_loading_straight_into_a_store_matches_the_file_and_is_idempotent(
    embedded_store: GraphStore,
) -> None:
    # given a network loaded straight into a store, in small batches
    summary = load_network(embedded_store, 300, seed=4, batch_size=1000)
    first = embedded_store.counts()

    # when it is loaded again
    load_network(embedded_store, 300, seed=4, batch_size=1000)

    # then the store holds the generated counts, unchanged by the second load
    assert {k: v for k, v in first.nodes.items() if v} == dict(summary.nodes)
    assert {k: v for k, v in first.relationships.items() if v} == dict(summary.relationships)
    assert embedded_store.counts() == first


def test_generate_streams_lazily() -> None:
    # given a generator for the largest network the generator accepts
    records = generate(1_000_000, seed=1)

    # when only the first records are taken
    first = [next(records) for _ in range(10)]

    # then they come at once, topics first
    assert all(isinstance(r, Node) and r.label is Label.TOPIC for r in first)


def test_sizes_out_of_range_are_refused() -> None:
    # given sizes outside 1 to 1,000,000 people
    for people in (0, 1_000_001):
        # then the plan refuses them
        with pytest.raises(ValueError, match="people must be between"):
            plan(people)


def _convene(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONVENE_", "NEO4J_"))}
    env.update(CONVENE_STORE="embedded", CONVENE_DATA_DIR=str(data_dir), CI="1")
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_convene_synth_writes_the_same_file_twice_and_loads_the_same_counts(
    tmp_path: Path,
) -> None:
    # given the command run twice with one seed, and once loading into a store
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    data_dir = tmp_path / "data"
    runs = [
        _convene(
            "synth", "--people", "1000", "--seed", "3", "--out", str(first), data_dir=data_dir
        ),
        _convene(
            "synth", "--people", "1000", "--seed", "3", "--out", str(second), data_dir=data_dir
        ),
        _convene("synth", "--people", "1000", "--seed", "3", "--load", data_dir=data_dir),
    ]

    # then every run succeeds, the files are identical, and the store holds the file's nodes
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    assert first.read_bytes() == second.read_bytes()
    stats = _convene("stats", "--json", data_dir=data_dir)
    counts = json.loads(stats.stdout)
    in_file = Counter(
        json.loads(line)["label"] for line in first.read_text().splitlines() if '"label"' in line
    )
    assert {k: v for k, v in counts["nodes"].items() if v} == dict(in_file)


def test_convene_synth_refuses_a_size_out_of_range_in_one_line(tmp_path: Path) -> None:
    # when the command is asked for no people
    run = _convene("synth", "--people", "0", "--out", str(tmp_path / "x.jsonl"), data_dir=tmp_path)

    # then it exits with an input error and one clear line, no traceback
    assert run.returncode == 2
    assert "people must be between" in run.stderr
    assert "Traceback" not in run.stderr
