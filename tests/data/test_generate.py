"""The generator is reproducible, and the demo files load into a store."""

from __future__ import annotations

from pathlib import Path

from data import DEMO_DIR, SYNTHETIC_FILE, demo_files
from data.generate import DEFAULT_SEED, main, write
from graph.model import RelType
from tests.data.conftest import COHORT, load_demo


def test_demo_files_lists_the_curated_file_then_the_generated_one() -> None:
    # when the demo files are listed
    files = demo_files()
    # then the curated file comes first, and both exist
    assert files == [DEMO_DIR / "real.jsonl", DEMO_DIR / "synthetic.jsonl"]
    assert all(path.is_file() for path in files)


def test_regenerating_with_the_default_seed_gives_the_committed_bytes(tmp_path: Path) -> None:
    # given a fresh generation in a temporary directory
    out = tmp_path / "synthetic.jsonl"
    # when the command line writes it
    assert main(["--output", str(out)]) == 0
    # then it is byte for byte the committed file
    assert out.read_bytes() == SYNTHETIC_FILE.read_bytes()


def test_the_seed_decides_the_output(tmp_path: Path) -> None:
    # given two generations with the same seed and one with another
    first, second, other = (tmp_path / name for name in ("a.jsonl", "b.jsonl", "c.jsonl"))
    write(first, 11)
    write(second, 11)
    write(other, DEFAULT_SEED + 1)
    # then the same seed repeats itself and another seed differs
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_another_seed_still_satisfies_every_count(tmp_path: Path) -> None:
    # given a generation with another seed
    out = tmp_path / "synthetic.jsonl"
    write(out, 12345)
    demo = load_demo(synthetic_path=out)
    # then it still parses and keeps the cohort's declared size
    assert demo.synthetic.errors == []
    assert len(demo.incoming(COHORT, RelType.MEMBER_OF)) == 103


def test_the_demo_files_load_into_the_embedded_store() -> None:
    # given an empty embedded store
    from graph.embedded.store import EmbeddedStore
    from graph.importer import load_files

    store = EmbeddedStore.in_memory()
    try:
        # when the demo files are loaded
        report = load_files(store, demo_files())
        counts = store.counts()
    finally:
        store.close()
    # then every record is written
    lines = sum(len(path.read_bytes().splitlines()) for path in demo_files())
    assert report.errors == []
    assert report.nodes + report.relationships == lines
    assert sum(counts.nodes.values()) == report.nodes
    assert sum(counts.relationships.values()) == report.relationships
