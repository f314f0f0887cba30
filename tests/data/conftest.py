"""The demo files, parsed once with the shared record parser, for the data tests."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from data import REAL_FILE, SYNTHETIC_FILE
from graph.model import Label, Node, NodeRef, Relationship, RelType
from graph.records import RecordError, read_records

UNIVERSITY_OF_MICHIGAN = NodeRef(Label.ORGANIZATION, "university-of-michigan")
COHORT = NodeRef(Label.COHORT, "winter-2018")


@dataclass
class DemoFile:
    """One parsed JSON Lines file: its records and any record errors."""

    path: Path
    nodes: list[Node] = field(default_factory=list)
    rels: list[Relationship] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)


@dataclass
class Demo:
    """Both demo files and indexes over their union."""

    real: DemoFile
    synthetic: DemoFile
    nodes: dict[NodeRef, Node] = field(default_factory=dict)
    rels: list[Relationship] = field(default_factory=list)
    out: dict[tuple[NodeRef, RelType], list[Relationship]] = field(
        default_factory=lambda: defaultdict(list)
    )
    into: dict[tuple[NodeRef, RelType], list[Relationship]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def outgoing(self, ref: NodeRef, rel_type: RelType) -> list[Relationship]:
        """Relationships of ``rel_type`` starting at ``ref``."""
        return self.out.get((ref, rel_type), [])

    def incoming(self, ref: NodeRef, rel_type: RelType) -> list[Relationship]:
        """Relationships of ``rel_type`` ending at ``ref``."""
        return self.into.get((ref, rel_type), [])

    def within(self, ref: NodeRef, whole: NodeRef) -> bool:
        """Whether ``ref`` is ``whole`` or part of it, following PART_OF."""
        seen = set()
        while ref not in seen:
            if ref == whole:
                return True
            seen.add(ref)
            parents = self.outgoing(ref, RelType.PART_OF)
            if not parents:
                return False
            ref = parents[0].end
        return False


def parse_file(path: Path) -> DemoFile:
    """Parse and validate every record of ``path``."""
    parsed = DemoFile(path)
    for _, record in read_records(path):
        if isinstance(record, RecordError):
            parsed.errors.append(record)
        elif isinstance(record, Node):
            parsed.nodes.append(record)
        else:
            parsed.rels.append(record)
    return parsed


def load_demo(real_path: Path = REAL_FILE, synthetic_path: Path = SYNTHETIC_FILE) -> Demo:
    """Both files, parsed, with their union indexed."""
    demo = Demo(parse_file(real_path), parse_file(synthetic_path))
    for part in (demo.real, demo.synthetic):
        for node in part.nodes:
            demo.nodes.setdefault(node.ref, node)
        for rel in part.rels:
            demo.rels.append(rel)
            demo.out[(rel.start, rel.type)].append(rel)
            demo.into[(rel.end, rel.type)].append(rel)
    return demo


@pytest.fixture(scope="session")
def demo() -> Demo:
    """The committed demo files."""
    return load_demo()
