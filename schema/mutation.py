"""The root ``Mutation``: Relay-style writes, each one transaction.

Every mutation takes one ``input`` and returns a payload with the changed objects,
``userErrors { field message code }`` and the ``clientMutationId``. When any check
fails the payload carries the errors and nothing is written. Mutations need an
editor or admin token; anyone else gets a ``FORBIDDEN`` error. The create, update and
delete mutations of the node types are built from the model (:mod:`schema.crud`).
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from graph.model import Label, NodeRef
from resolvers import organization as organizations
from resolvers import person as people
from resolvers import project as projects
from resolvers.mutations import WriteResult
from resolvers.nodes import nodes_by_refs
from schema.cluster import ClusterType
from schema.context import Info
from schema.crud import ModelCrud
from schema.gathering import GatheringType
from schema.inputs import (
    AddOrganizationToClusterInput,
    AddProjectMemberInput,
    AffiliatePersonInput,
    ErasePersonInput,
    RecordAttendanceInput,
    RemoveProjectMemberInput,
    SetPersonConsentInput,
)
from schema.node import maybe_wrap
from schema.organization import OrganizationType
from schema.person import PersonType
from schema.project import ProjectType
from schema.writes import (
    INPUT,
    CanChangeConsent,
    CanWrite,
    DeletePayload,
    IsAdmin,
    Payload,
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


@strawberry.type(description="The result of `addProjectMember` or `removeProjectMember`.")
class ProjectMemberPayload(Payload):
    """The project and the person."""

    project: ProjectType | None = strawberry.field(description="The project (null on error).")
    person: PersonType | None = strawberry.field(
        description="The person (null on error, or when hidden from you)."
    )


@strawberry.type(description="The result of `recordAttendance`.")
class AttendancePayload(Payload):
    """The gathering and the person."""

    gathering: GatheringType | None = strawberry.field(description="The gathering (null on error).")
    person: PersonType | None = strawberry.field(
        description="The person (null on error, or when hidden from you)."
    )


@strawberry.type(description="The result of `affiliatePerson`.")
class AffiliationPayload(Payload):
    """The person and the organization."""

    person: PersonType | None = strawberry.field(
        description="The person (null on error, or when hidden from you)."
    )
    organization: OrganizationType | None = strawberry.field(
        description="The organization (null on error)."
    )


@strawberry.type(description="The result of `addOrganizationToCluster`.")
class ClusterMembershipPayload(Payload):
    """The organization and the cluster."""

    organization: OrganizationType | None = strawberry.field(
        description="The organization (null on error)."
    )
    cluster: ClusterType | None = strawberry.field(description="The cluster (null on error).")


async def _both(info: Info, result: WriteResult, a: NodeRef, b: NodeRef) -> tuple[Any, Any]:
    """The two ends of a changed relationship, as the viewer may see them."""
    if not result.ok:
        return None, None
    first, second = await nodes_by_refs(info.context, [a, b])
    return maybe_wrap(first), maybe_wrap(second)


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

    create_organization, update_organization, delete_organization = ModelCrud(
        Label.ORGANIZATION, OrganizationType
    ).mutations()

    create_project, update_project, delete_project = ModelCrud(
        Label.PROJECT, ProjectType
    ).mutations()

    create_gathering, update_gathering, delete_gathering = ModelCrud(
        Label.GATHERING, GatheringType
    ).mutations()

    create_cluster, update_cluster, delete_cluster = ModelCrud(
        Label.CLUSTER, ClusterType, full_noun="education innovation cluster"
    ).mutations()

    @strawberry.mutation(
        description="Put a person on a project team, or change their role there.",
        permission_classes=[CanWrite],
    )
    async def add_project_member(
        self, info: Info, input: Annotated[AddProjectMemberInput, INPUT]
    ) -> ProjectMemberPayload | None:
        result = await projects.add_member(
            info.context, input.project, input.person, input.role, input.since
        )
        project, person = await _both(
            info, result, NodeRef(Label.PROJECT, input.project), NodeRef(Label.PERSON, input.person)
        )
        return ProjectMemberPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=user_errors(result),
            project=project,
            person=person,
        )

    @strawberry.mutation(
        description="Take a person off a project team.", permission_classes=[CanWrite]
    )
    async def remove_project_member(
        self, info: Info, input: Annotated[RemoveProjectMemberInput, INPUT]
    ) -> ProjectMemberPayload | None:
        result = await projects.remove_member(info.context, input.project, input.person)
        project, person = await _both(
            info, result, NodeRef(Label.PROJECT, input.project), NodeRef(Label.PERSON, input.person)
        )
        return ProjectMemberPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=user_errors(result),
            project=project,
            person=person,
        )

    @strawberry.mutation(
        description="Record how a person took part in a gathering and the EDT 630 credits "
        "earned (reflection 1; joined team or proposed project 2-5; attendance none).",
        permission_classes=[CanWrite],
    )
    async def record_attendance(
        self, info: Info, input: Annotated[RecordAttendanceInput, INPUT]
    ) -> AttendancePayload | None:
        result = await people.record_attendance(
            info.context, input.person, input.gathering, input.mode, input.credits, input.role
        )
        gathering, person = await _both(
            info,
            result,
            NodeRef(Label.GATHERING, input.gathering),
            NodeRef(Label.PERSON, input.person),
        )
        return AttendancePayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=user_errors(result),
            gathering=gathering,
            person=person,
        )

    @strawberry.mutation(
        description="Record that a person works for or with an organization.",
        permission_classes=[CanWrite],
    )
    async def affiliate_person(
        self, info: Info, input: Annotated[AffiliatePersonInput, INPUT]
    ) -> AffiliationPayload | None:
        result = await people.affiliate(
            info.context, input.person, input.organization, input.title, input.since, input.until
        )
        person, organization = await _both(
            info,
            result,
            NodeRef(Label.PERSON, input.person),
            NodeRef(Label.ORGANIZATION, input.organization),
        )
        return AffiliationPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=user_errors(result),
            person=person,
            organization=organization,
        )

    @strawberry.mutation(
        description="Make an organization a member of a cluster for a sector (or change it).",
        permission_classes=[CanWrite],
    )
    async def add_organization_to_cluster(
        self, info: Info, input: Annotated[AddOrganizationToClusterInput, INPUT]
    ) -> ClusterMembershipPayload | None:
        result = await organizations.add_to_cluster(
            info.context, input.organization, input.cluster, input.sector, input.since
        )
        organization, cluster = await _both(
            info,
            result,
            NodeRef(Label.ORGANIZATION, input.organization),
            NodeRef(Label.CLUSTER, input.cluster),
        )
        return ClusterMembershipPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=user_errors(result),
            organization=organization,
            cluster=cluster,
        )
