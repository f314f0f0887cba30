"""The root ``Mutation``: Relay-style writes, each one transaction.

Every mutation takes one ``input`` and returns a payload with the changed objects,
``userErrors { field message code }`` and the ``clientMutationId``. When any check
fails the payload carries the errors and nothing is written. Mutations need an
editor or admin token; anyone else gets a ``FORBIDDEN`` error. The create, update and
delete mutations of the node types and the mutations of relationships are built from
the model (:mod:`schema.crud`).
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.model import Label, RelType
from resolvers import person as people
from schema.cluster import ClusterType
from schema.context import Info
from schema.crud import ModelCrud, ModelRel, RelMutation
from schema.gathering import GatheringType
from schema.inputs import ErasePersonInput, SetPersonConsentInput
from schema.node import maybe_wrap
from schema.organization import OrganizationType
from schema.person import PersonType
from schema.project import ProjectType
from schema.writes import (
    INPUT,
    CanChangeConsent,
    DeletePayload,
    IsAdmin,
    deleted_id,
    user_errors,
)

__all__ = ["Mutation"]

_PEOPLE = ModelCrud(
    Label.PERSON,
    PersonType,
    owner="their",
    hideable=True,
    after_delete="; their tokens are revoked",
    also_returned_by=("setPersonConsent",),
)
PersonPayload = _PEOPLE.payload
_ORGANIZATIONS = ModelCrud(Label.ORGANIZATION, OrganizationType)
_PROJECTS = ModelCrud(Label.PROJECT, ProjectType)
_GATHERINGS = ModelCrud(Label.GATHERING, GatheringType)
_CLUSTERS = ModelCrud(Label.CLUSTER, ClusterType, full_noun="education innovation cluster")


@strawberry.type(description="Everything you can change (editor or admin token needed).")
class Mutation:
    """The root mutation type."""

    create_person, update_person, delete_person = _PEOPLE.mutations()

    @strawberry.mutation(
        description="Erase a person completely: their node and relationships, every token "
        "bound to them and every change log entry naming them (admin token needed).",
        permission_classes=[IsAdmin],
    )
    async def erase_person(
        self, info: Info, input: Annotated[ErasePersonInput, INPUT]
    ) -> DeletePayload | None:
        result = await people.erase_person(info.context, input.key)
        return DeletePayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=user_errors(result),
            deleted_id=deleted_id(result, Label.PERSON, input.key),
        )

    @strawberry.mutation(
        description="Set whether a person may be found (discoverable) and exported. Only "
        "the person (with their own token, whatever its role) or an admin may.",
        permission_classes=[CanChangeConsent],
    )
    async def set_person_consent(
        self, info: Info, input: Annotated[SetPersonConsentInput, INPUT]
    ) -> PersonPayload | None:  # type: ignore[valid-type]  # a class built at run time
        result, node = await people.set_consent(
            info.context, input.person, input.discoverable, input.exportable
        )
        return PersonPayload(  # type: ignore[no-any-return]  # a class built at run time
            client_mutation_id=input.client_mutation_id,
            user_errors=user_errors(result),
            person=maybe_wrap(node),
        )

    create_organization, update_organization, delete_organization = _ORGANIZATIONS.mutations()
    create_project, update_project, delete_project = _PROJECTS.mutations()
    create_gathering, update_gathering, delete_gathering = _GATHERINGS.mutations()
    create_cluster, update_cluster, delete_cluster = _CLUSTERS.mutations()

    add_project_member, remove_project_member = ModelRel(
        RelType.MEMBER_OF,
        "ProjectMemberPayload",
        (_PROJECTS, _PEOPLE),
        (
            RelMutation(
                "addProjectMember",
                ("project", "person", "role", "since"),
                "Put a person on a project team, or change their role there.",
                "Put a person on a project team (or change their role).",
            ),
            RelMutation(
                "removeProjectMember",
                ("project", "person"),
                "Take a person off a project team.",
                removes=True,
            ),
        ),
    ).mutations()

    (record_attendance,) = ModelRel(
        RelType.ATTENDED,
        "AttendancePayload",
        (_GATHERINGS, _PEOPLE),
        (
            RelMutation(
                "recordAttendance",
                ("person", "gathering", "mode", "credits", "role"),
                "Record how a person took part in a gathering and the EDT 630 credits earned "
                "(reflection 1; joined team or proposed project 2-5; attendance none).",
                "Record how a person took part in a gathering. EDT 630 rules: reflection "
                "earns 1 credit; joined team or proposed project 2-5; plain attendance none.",
                write=people.record_attendance,
            ),
        ),
    ).mutations()

    (affiliate_person,) = ModelRel(
        RelType.AFFILIATED_WITH,
        "AffiliationPayload",
        (_PEOPLE, _ORGANIZATIONS),
        (
            RelMutation(
                "affiliatePerson",
                ("person", "organization", "title", "since", "until"),
                "Record that a person works for or with an organization.",
                write=people.affiliate,
            ),
        ),
    ).mutations()

    (add_organization_to_cluster,) = ModelRel(
        RelType.IN_CLUSTER,
        "ClusterMembershipPayload",
        (_ORGANIZATIONS, _CLUSTERS),
        (
            RelMutation(
                "addOrganizationToCluster",
                ("organization", "cluster", "sector", "since"),
                "Make an organization a member of a cluster for a sector (or change it).",
                "Make an organization a member of a cluster for a sector.",
            ),
        ),
    ).mutations()
