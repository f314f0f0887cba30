"""The committed SDL, descriptions everywhere, and a Relay node type for every label."""

from __future__ import annotations

from pathlib import Path

import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    find_breaking_changes,
)
from graphql import build_schema as build_from_sdl
from strawberry.types.base import get_object_definition

from graph.model import NODE_SPECS, REL_SPECS, Label, RelType
from schema import build_schema
from schema.__main__ import sdl
from schema.fields import node_type
from schema.node import NetworkNode
from schema.person import PersonType
from settings import Settings

SDL_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"
BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


def test_committed_sdl_matches_the_code() -> None:
    # given the committed schema.graphql
    committed = SDL_FILE.read_text(encoding="utf-8")
    # when the schema is built from the code
    current = str(build_schema(Settings())) + "\n"
    # then they are the same (regenerate with: python -m schema --write schema.graphql)
    assert committed == current, (
        "schema.graphql is stale: run python -m schema --write schema.graphql"
    )


def test_the_code_breaks_nothing_of_the_committed_schema() -> None:
    # given the committed schema.graphql: the contract clients were built against
    committed = build_from_sdl(SDL_FILE.read_text(encoding="utf-8"))
    # when the schema the code builds is compared with it
    changes = find_breaking_changes(committed, build_schema(Settings())._schema)
    # then nothing was removed, renamed, retyped or made required (additions are fine)
    assert [f"{change.type.name}: {change.description}" for change in changes] == []


def test_sdl_does_not_depend_on_settings() -> None:
    # given the production profile (introspection off, other limits)
    production = Settings.from_env({"CONVENE_PROFILE": "production", "CONVENE_MAX_DEPTH": "5"})
    # when its schema is printed
    printed = str(build_schema(production)) + "\n"
    # then it is the committed SDL
    assert printed == sdl()


def _missing_descriptions(schema: strawberry.Schema) -> list[str]:
    missing = []
    for name, type_ in schema._schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN:
            continue
        if not type_.description:
            missing.append(name)
        if isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType)):
            for field_name, field in type_.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [
                    f"{name}.{field_name}({arg})"
                    for arg, definition in field.args.items()
                    if not definition.description
                ]
        if isinstance(type_, GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, d in type_.fields.items() if not d.description]
    return missing


def test_every_type_field_and_argument_has_a_description(schema: strawberry.Schema) -> None:
    # given the schema
    # when every type, field, argument and input field is inspected
    missing = _missing_descriptions(schema)
    # then each one has a description
    assert missing == []


def test_every_label_is_a_relay_node_with_a_key(schema: strawberry.Schema) -> None:
    # given the labels of the graph model
    types = schema._schema.type_map
    for label in Label:
        # when the GraphQL type of the same name is looked up
        type_ = types[label.value]
        # then it implements Node (global id) and NetworkNode, and has a key and a name
        assert isinstance(type_, GraphQLObjectType)
        assert {i.name for i in type_.interfaces} == {"Node", "NetworkNode"}
        assert {"id", "key", "name"} <= set(type_.fields)


def test_node_properties_are_fields(schema: strawberry.Schema) -> None:
    # given every property of every label in the model (email included: it is nullable)
    types = schema._schema.type_map
    for label, spec in NODE_SPECS.items():
        type_ = types[label.value]
        assert isinstance(type_, GraphQLObjectType)
        fields = set(type_.fields)
        for prop in spec.props:
            # when the property's camelCase name is looked up
            head, *rest = prop.name.split("_")
            name = head + "".join(part.capitalize() for part in rest)
            # then the type has that field
            assert name in fields, f"{label.value}.{name}"


def test_a_private_property_is_a_field_only_where_its_type_writes_one() -> None:
    # given a person type that writes no field of its own, and the schema's Person
    @node_type(Label.PERSON)
    class Bare(NetworkNode):
        """A person type with the model's fields only."""

    def fields_of(type_: type) -> list[str]:
        return [field.python_name for field in get_object_definition(type_, strict=True).fields]

    # when their fields are listed
    bare, person = fields_of(Bare), fields_of(PersonType)
    # then the public properties are fields of both, in the model's order; the private
    # email only of Person, which writes it (with its viewer check), in its place
    public = [p.name for p in NODE_SPECS[Label.PERSON].props if not p.private]
    assert [name for name in bare if name in public] == [
        *("name", "source", "synthetic"),  # every node type's, first
        *(name for name in public if name not in {"name", "source", "synthetic"}),
    ]
    assert "email" not in bare
    assert person.index("country") < person.index("email") < person.index("discoverable")


def test_model_enums_are_graphql_enums(schema: strawberry.Schema) -> None:
    # given the schema's enums
    types = schema._schema.type_map
    # when the model's enums are looked up
    expected = {
        "PersonRole": "EDUCATOR",
        "OrganizationKind": "UNIVERSITY",
        "Sector": "RESEARCH",
        "Stage": "PILOT",
        "GatheringKind": "CONVENING",
        "AttendanceMode": "REFLECTION",
        "SupportKind": "FUNDER",
        "NodeLabel": "STUDY_GROUP",
        "RelationshipType": "IN_CLUSTER",
    }
    # then each is a GraphQL enum with the model's values
    for name, value in expected.items():
        enum = types[name]
        assert isinstance(enum, GraphQLEnumType)
        assert value in enum.values


def test_relationship_types_are_described_as_in_the_model(schema: strawberry.Schema) -> None:
    # given the schema's RelationshipType enum
    enum = schema._schema.type_map["RelationshipType"]
    assert isinstance(enum, GraphQLEnumType)
    # when its values are read
    described = {name: value.description for name, value in enum.values.items()}
    # then there is one per relationship type, described by the model
    assert described == {t.name: REL_SPECS[t].description for t in RelType}
    assert enum.description == RelType.__doc__


def test_analytics_sectors_and_relationships_are_enums() -> None:
    # given the committed schema.graphql
    types = build_from_sdl(SDL_FILE.read_text(encoding="utf-8")).type_map
    # when the analytics fields that name sectors and relationship types are looked up
    fields = {
        ("SectorShare", "sector"): "Sector!",
        ("SectorTies", "sectors"): "[Sector!]!",
        ("Introduction", "sectors"): "[Sector!]!",
        ("Team", "sectors"): "[Sector!]!",
        ("SharedContext", "relationship"): "RelationshipType!",
    }
    # then they are typed by the model's enums, as everywhere else in the schema
    for (owner, field), expected in fields.items():
        type_ = types[owner]
        assert isinstance(type_, GraphQLObjectType)
        assert str(type_.fields[field].type) == expected, f"{owner}.{field}"


def test_relationship_edges_carry_their_properties(schema: strawberry.Schema) -> None:
    # given the connection types of the relationship fields
    types = schema._schema.type_map
    cases = {
        ("Person", "projects"): {"role", "since"},
        ("Person", "organizations"): {"title", "since", "until"},
        ("Person", "gatherings"): {"mode", "credits", "role"},
        ("Gathering", "attendees"): {"mode", "credits", "role"},
        ("Project", "members"): {"role", "since"},
        ("Organization", "people"): {"title", "since", "until"},
        ("Cluster", "members"): {"sector"},
        ("Program", "supporters"): {"kind"},
        ("Cohort", "members"): {"role"},
    }
    for (owner, field), props in cases.items():
        # when the field's edge type is found
        # graphql-core types a field's type as any output type; these are NonNull wrappers.
        connection = types[owner].fields[field].type.of_type  # type: ignore[attr-defined]
        edge = connection.fields["edges"].type.of_type.of_type.of_type
        # then the edge has the relationship's properties next to cursor and node
        assert props | {"cursor", "node"} <= set(edge.fields), f"{owner}.{field}"
        assert {"totalCount", "pageInfo", "nodes"} <= set(connection.fields)
