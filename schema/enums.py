"""The graph model's enums as GraphQL enums, plus the ordering enums of the API.

The model's enums are registered as they are (``graph/`` never imports strawberry), so
a value added to the model appears in the schema without a second list to keep.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

import strawberry
from strawberry.types.enum import has_enum_definition

from graph.model import (
    REL_SPECS,
    AttendanceMode,
    GatheringKind,
    Label,
    OrganizationKind,
    RelType,
    Role,
    Sector,
    Stage,
    SupportKind,
)
from resolvers.errors import ErrorCode

__all__ = [
    "AttendanceModeEnum",
    "ErrorCode",
    "GatheringKindEnum",
    "LabelEnum",
    "OrderDirection",
    "OrganizationKindEnum",
    "RelTypeEnum",
    "RoleEnum",
    "SectorEnum",
    "StageEnum",
    "SupportKindEnum",
]

strawberry.enum(Role, name="PersonRole", description=Role.__doc__)
strawberry.enum(OrganizationKind, description=OrganizationKind.__doc__)
strawberry.enum(Sector, description=Sector.__doc__)
strawberry.enum(Stage, description=Stage.__doc__)
strawberry.enum(GatheringKind, description=GatheringKind.__doc__)
strawberry.enum(AttendanceMode, description=AttendanceMode.__doc__)
strawberry.enum(SupportKind, description=SupportKind.__doc__)
strawberry.enum(Label, name="NodeLabel", description=Label.__doc__)
strawberry.enum(RelType, name="RelationshipType", description=RelType.__doc__)

strawberry.enum(
    ErrorCode,
    description="What went wrong, for programs: a mutation's `userErrors { errorCode }`, "
    "and the `extensions.code` of an error.",
)


def _describe_values(enum: type[Enum], descriptions: Mapping[str, str]) -> None:
    """Give each GraphQL value of the registered ``enum`` its description, by name."""
    assert has_enum_definition(enum)
    for value in enum.__strawberry_definition__.values:
        value.description = descriptions[value.name]


# Each relationship type reads as the model describes it; each error code says when it
# is given (the member's own description).
_describe_values(RelType, {t.name: REL_SPECS[t].description for t in RelType})
_describe_values(ErrorCode, {code.name: code.description for code in ErrorCode})

# The registered model enums under the names the schema modules use.
RoleEnum = Role
OrganizationKindEnum = OrganizationKind
SectorEnum = Sector
StageEnum = Stage
GatheringKindEnum = GatheringKind
AttendanceModeEnum = AttendanceMode
SupportKindEnum = SupportKind
LabelEnum = Label
RelTypeEnum = RelType


@strawberry.enum(description="Which way to sort.")
class OrderDirection(Enum):
    """Ascending or descending order."""

    ASC = strawberry.enum_value("asc", description="Smallest first (A to Z, oldest first).")
    DESC = strawberry.enum_value("desc", description="Largest first (Z to A, newest first).")
