"""Convene's GraphQL schema: what clients see.

:func:`build_schema` assembles the root types, every node type and the extensions
from ``schema.limits`` (limits, caches, error masking) for one set of settings.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig

from schema.errors import is_expected
from schema.limits import schema_extensions
from schema.mutation import Mutation
from schema.network_version import NetworkVersion
from schema.node import node_types
from schema.query import Query
from settings import Settings

__all__ = ["ConveneSchema", "build_schema"]


class ConveneSchema(strawberry.Schema):
    """A ``strawberry.Schema`` that logs only unexpected errors (with their traceback);
    the client's own mistakes are answered, not logged."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        super().process_errors([e for e in errors if not is_expected(e)], execution_context)


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema with its extensions configured from ``settings``.

    Field suggestions ("did you mean ...?") are left out when introspection is off, so
    they cannot be used to map a schema that is meant to stay private.
    """
    return ConveneSchema(
        query=Query,
        mutation=Mutation,
        types=node_types(),
        extensions=[*schema_extensions(settings), NetworkVersion],
        config=StrawberryConfig(disable_field_suggestions=not settings.introspection),
    )
