"""Checked records as the CSV files ``neo4j-admin database import full`` reads.

One file of nodes per label and one of relationships per (type, start label, end
label), each with its header line. Node ids are keys in one id space per label
(``key:ID(Person)``, so the key is also stored as the ``key`` property);
relationships name their ends in those spaces (``:START_ID(Person)``,
``:END_ID(Topic)``) and get their type from the command line
(``--relationships=MEMBER_OF=file``). Properties are typed from the model (``long``,
``boolean``, ``string[]``; dates stay ISO text as the store keeps them), and every
searchable property gets its full-text shadow (:mod:`graph.neo4j.fulltext`) as the
transactional writes give it. A missing value is an empty unquoted field (no property);
text is always quoted, so an empty string stays one.

Examples
--------
>>> import tempfile
>>> from graph.model import Label, Node, NodeRef, Relationship, RelType
>>> folder = Path(tempfile.mkdtemp())
>>> ada = Node(Label.PERSON, "ada", {"name": "Ada", "roles": ["educator", "coach"]})
>>> math = Node(Label.TOPIC, "math", {"name": "Math"})
>>> likes = Relationship(RelType.INTERESTED_IN, ada.ref, math.ref, {})
>>> files = write_import_files(folder, [ada, math], [likes])
>>> files.arguments()[0].split("=")[:2]
['--nodes', 'Person']
>>> (folder / "nodes-Person.csv").read_text().splitlines()[0][:40]
'key:ID(Person),name,roles:string[],headl'
>>> files.nodes, files.relationships
(2, 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from graph.model import NODE_SPECS, REL_SPECS, Label, Node, PropKind, Relationship, RelType
from graph.neo4j.fulltext import shadow_name, shadow_props
from graph.text import SEARCHABLE_PROPS

__all__ = ["ARRAY_DELIMITER", "ImportFiles", "write_import_files"]

ARRAY_DELIMITER = "\x1f"
"""Separates the items of a list property (the unit separator: no name or role has it)."""

_TYPES: Mapping[PropKind, str] = {
    PropKind.INT: ":long",
    PropKind.BOOL: ":boolean",
    PropKind.STR_LIST: ":string[]",
}


def _field(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        value = ARRAY_DELIMITER.join(value)
    return '"' + str(value).replace('"', '""') + '"'


def _node_columns(label: Label) -> tuple[list[str], list[str]]:
    """(property names in file order, header cells) for a label's nodes file."""
    names = [spec.name for spec in NODE_SPECS[label].props]
    header = [f"key:ID({label.value})"]
    header += [f"{spec.name}{_TYPES.get(spec.kind, '')}" for spec in NODE_SPECS[label].props]
    shadows = [shadow_name(p) for p in SEARCHABLE_PROPS if p in names]
    return names + shadows, header + shadows


@dataclass
class ImportFiles:
    """The files written and how many records they hold; :meth:`arguments` gives the
    importer's command-line arguments that name them."""

    folder: Path
    node_files: dict[Label, Path] = field(default_factory=dict)
    relationship_files: dict[tuple[RelType, Label, Label], Path] = field(default_factory=dict)
    nodes: int = 0
    relationships: int = 0

    def arguments(self) -> list[str]:
        """The arguments of ``neo4j-admin database import full`` for these files.

        >>> ImportFiles(Path("/x")).arguments()[-1]
        '--multiline-fields=true'
        """
        args = [f"--nodes={label.value}={path}" for label, path in self.node_files.items()]
        args += [
            f"--relationships={rel_type.value}={path}"
            for (rel_type, _, _), path in self.relationship_files.items()
        ]
        return [*args, f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", "--multiline-fields=true"]


def write_import_files(
    folder: Path, nodes: Iterable[Node], rels: Iterable[Relationship]
) -> ImportFiles:
    """Write checked records as the importer's CSV files in ``folder``.

    Parameters
    ----------
    folder
        An existing, empty directory.
    nodes
        Checked nodes with distinct refs.
    rels
        Checked relationships, each joining two of ``nodes``, none repeated.

    Returns
    -------
    ImportFiles
        The files and their counts.

    Examples
    --------
    >>> import tempfile
    >>> write_import_files(Path(tempfile.mkdtemp()), [], []).arguments()[:1]
    ['--array-delimiter=U+001F']
    """
    files = ImportFiles(folder)
    handles: dict[object, IO[str]] = {}
    columns: dict[Label, list[str]] = {}
    try:
        for node in nodes:
            out = handles.get(node.label)
            if out is None:
                names, header = _node_columns(node.label)
                columns[node.label] = names
                path = folder / f"nodes-{node.label.value}.csv"
                files.node_files[node.label] = path
                out = handles[node.label] = path.open("w", encoding="utf-8", buffering=1 << 20)
                out.write(",".join(header) + "\n")
            props = {**node.props, **shadow_props(node.props)}
            out.write(
                ",".join([_field(node.key), *(_field(props.get(n)) for n in columns[node.label])])
                + "\n"
            )
            files.nodes += 1
        for rel in rels:
            key = (rel.type, rel.start.label, rel.end.label)
            out = handles.get(key)
            specs = REL_SPECS[rel.type].props
            if out is None:
                path = (
                    folder
                    / f"rels-{rel.type.value}-{rel.start.label.value}-{rel.end.label.value}.csv"
                )
                files.relationship_files[key] = path
                out = handles[key] = path.open("w", encoding="utf-8", buffering=1 << 20)
                header = [f":START_ID({rel.start.label.value})", f":END_ID({rel.end.label.value})"]
                header += [f"{spec.name}{_TYPES.get(spec.kind, '')}" for spec in specs]
                out.write(",".join(header) + "\n")
            cells = [_field(rel.start.key), _field(rel.end.key)]
            cells += [_field(rel.props.get(spec.name)) for spec in specs]
            out.write(",".join(cells) + "\n")
            files.relationships += 1
    finally:
        for handle in handles.values():
            handle.close()
    return files
