"""The root ``Mutation``: Relay-style writes, each one transaction.

Every mutation takes one ``input`` and returns a payload with the changed objects,
``userErrors { field message code }`` and the ``clientMutationId``. When any check
fails the payload carries the errors and nothing is written. Mutations need an
editor or admin token; anyone else gets a ``FORBIDDEN`` error.
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.permission import BasePermission

from graph.model import Label, NodeRef
from resolvers import mutations as writes
from resolvers import organization as organizations
from resolvers import person as people
from resolvers import project as projects
from resolvers.errors import ErrorCode
from resolvers.mutations import Problem, WriteResult
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
    props_of,
)
from schema.node import global_id, maybe_wrap
from schema.organization import OrganizationType
from schema.person import PersonType
from schema.project import ProjectType

__all__ = ["INPUT", "CanChangeConsent", "CanWrite", "IsAdmin", "Mutation", "UserError"]


INPUT = strawberry.argument(description="What to change; see the input type's fields.")


class CanWrite(BasePermission):
    """Editors and admins may write."""

    message = "Writing needs an editor or admin token."
    error_extensions = {"code": ErrorCode.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.viewer.can_write


class CanChangeConsent(BasePermission):
    """Editors, admins and anyone with their own token may ask; whose consent they may
    change is checked per person (``resolvers.visibility``)."""

    message = "Changing consent needs the person's own token or an admin token."
    error_extensions = {"code": ErrorCode.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        return viewer.can_write or viewer.person_key is not None


class IsAdmin(BasePermission):
    """Admins only."""

    message = "This needs an admin token."
    error_extensions = {"code": ErrorCode.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.viewer.is_admin


_PERSON = ModelCrud(Label.PERSON, owner="their")
_ORGANIZATION = ModelCrud(Label.ORGANIZATION)
_PROJECT = ModelCrud(Label.PROJECT)
_GATHERING = ModelCrud(Label.GATHERING)
_CLUSTER = ModelCrud(Label.CLUSTER, full_noun="education innovation cluster")
CreatePersonInput = _PERSON.create_input
UpdatePersonInput = _PERSON.update_input
DeletePersonInput = _PERSON.delete_input
CreateOrganizationInput = _ORGANIZATION.create_input
UpdateOrganizationInput = _ORGANIZATION.update_input
DeleteOrganizationInput = _ORGANIZATION.delete_input
CreateProjectInput = _PROJECT.create_input
UpdateProjectInput = _PROJECT.update_input
DeleteProjectInput = _PROJECT.delete_input
CreateGatheringInput = _GATHERING.create_input
UpdateGatheringInput = _GATHERING.update_input
DeleteGatheringInput = _GATHERING.delete_input
CreateClusterInput = _CLUSTER.create_input
UpdateClusterInput = _CLUSTER.update_input
DeleteClusterInput = _CLUSTER.delete_input


@strawberry.type(description="Why a mutation wrote nothing.")
class UserError:
    """One problem with the input."""

    field: str | None = strawberry.field(
        description="The input field at fault (null when it is the input as a whole)."
    )
    message: str = strawberry.field(description="What is wrong, for people.")
    code: str = strawberry.field(
        description="What is wrong, for programs: INVALID, REQUIRED, NOT_A_CHOICE, "
        "UNKNOWN_FIELD, BAD_CREDITS, NOT_FOUND, ALREADY_EXISTS, ... (`errorCode` as text)."
    )
    error_code: ErrorCode = strawberry.field(
        description="What is wrong, for programs, as an enum (the same as `code`)."
    )


def _errors(result: WriteResult) -> list[UserError]:
    return [_user_error(p) for p in result.problems]


def _user_error(problem: Problem) -> UserError:
    code = ErrorCode(problem.code)
    return UserError(field=problem.field, message=problem.message, code=code, error_code=code)


_MUTATION_ID = "The `clientMutationId` of the input."
_USER_ERRORS = "Problems with the input; when there are any, nothing was written."


@strawberry.type(description="What every mutation returns besides its objects.")
class Payload:
    """The Relay payload fields."""

    client_mutation_id: str | None = strawberry.field(description=_MUTATION_ID)
    user_errors: list[UserError] = strawberry.field(description=_USER_ERRORS)


@strawberry.type(description="The result of `createPerson`, `updatePerson` or `setPersonConsent`.")
class PersonPayload(Payload):
    """A person and the problems, if any."""

    person: PersonType | None = strawberry.field(
        description="The person as stored now (null on error, or when hidden from you)."
    )


@strawberry.type(description="The result of `createOrganization` or `updateOrganization`.")
class OrganizationPayload(Payload):
    """An organization and the problems, if any."""

    organization: OrganizationType | None = strawberry.field(
        description="The organization as stored now (null on error)."
    )


@strawberry.type(description="The result of `createProject` or `updateProject`.")
class ProjectPayload(Payload):
    """A project and the problems, if any."""

    project: ProjectType | None = strawberry.field(
        description="The project as stored now (null on error)."
    )


@strawberry.type(description="The result of `createGathering` or `updateGathering`.")
class GatheringPayload(Payload):
    """A gathering and the problems, if any."""

    gathering: GatheringType | None = strawberry.field(
        description="The gathering as stored now (null on error)."
    )


@strawberry.type(description="The result of `createCluster` or `updateCluster`.")
class ClusterPayload(Payload):
    """A cluster and the problems, if any."""

    cluster: ClusterType | None = strawberry.field(
        description="The cluster as stored now (null on error)."
    )


@strawberry.type(description="The result of a delete.")
class DeletePayload(Payload):
    """The deleted node's id."""

    deleted_id: strawberry.ID | None = strawberry.field(
        description="The global id of the deleted node (null on error)."
    )


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


def _deleted(result: WriteResult, label: Label, key: str) -> strawberry.ID | None:
    return strawberry.ID(global_id(NodeRef(label, key))) if result.ok else None


@strawberry.type(description="Everything you can change (editor or admin token needed).")
class Mutation:
    """The root mutation type."""

    @strawberry.mutation(description="Add a person.", permission_classes=[CanWrite])
    async def create_person(
        self, info: Info, input: Annotated[CreatePersonInput, INPUT]
    ) -> PersonPayload | None:
        result, node = await writes.create_node(
            info.context, Label.PERSON, input.key, props_of(input)
        )
        return PersonPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            person=maybe_wrap(node),
        )

    @strawberry.mutation(description="Change a person's details.", permission_classes=[CanWrite])
    async def update_person(
        self, info: Info, input: Annotated[UpdatePersonInput, INPUT]
    ) -> PersonPayload | None:
        result, node = await writes.update_node(
            info.context, Label.PERSON, input.key, props_of(input)
        )
        return PersonPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            person=maybe_wrap(node),
        )

    @strawberry.mutation(
        description="Delete a person and all their relationships; their tokens are revoked.",
        permission_classes=[CanWrite],
    )
    async def delete_person(
        self, info: Info, input: Annotated[DeletePersonInput, INPUT]
    ) -> DeletePayload | None:
        result = await writes.delete_node(info.context, Label.PERSON, input.key)
        return DeletePayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            deleted_id=_deleted(result, Label.PERSON, input.key),
        )

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
            user_errors=_errors(result),
            deleted_id=_deleted(result, Label.PERSON, input.key),
        )

    @strawberry.mutation(
        description="Set whether a person may be found (discoverable) and exported. Only "
        "the person (with their own token, whatever its role) or an admin may.",
        permission_classes=[CanChangeConsent],
    )
    async def set_person_consent(
        self, info: Info, input: Annotated[SetPersonConsentInput, INPUT]
    ) -> PersonPayload | None:
        result, node = await people.set_consent(
            info.context, input.person, input.discoverable, input.exportable
        )
        return PersonPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            person=maybe_wrap(node),
        )

    @strawberry.mutation(description="Add an organization.", permission_classes=[CanWrite])
    async def create_organization(
        self, info: Info, input: Annotated[CreateOrganizationInput, INPUT]
    ) -> OrganizationPayload | None:
        result, node = await writes.create_node(
            info.context, Label.ORGANIZATION, input.key, props_of(input)
        )
        return OrganizationPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            organization=maybe_wrap(node),
        )

    @strawberry.mutation(
        description="Change an organization's details.", permission_classes=[CanWrite]
    )
    async def update_organization(
        self, info: Info, input: Annotated[UpdateOrganizationInput, INPUT]
    ) -> OrganizationPayload | None:
        result, node = await writes.update_node(
            info.context, Label.ORGANIZATION, input.key, props_of(input)
        )
        return OrganizationPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            organization=maybe_wrap(node),
        )

    @strawberry.mutation(
        description="Delete an organization and all its relationships.",
        permission_classes=[CanWrite],
    )
    async def delete_organization(
        self, info: Info, input: Annotated[DeleteOrganizationInput, INPUT]
    ) -> DeletePayload | None:
        result = await writes.delete_node(info.context, Label.ORGANIZATION, input.key)
        return DeletePayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            deleted_id=_deleted(result, Label.ORGANIZATION, input.key),
        )

    @strawberry.mutation(description="Add a project.", permission_classes=[CanWrite])
    async def create_project(
        self, info: Info, input: Annotated[CreateProjectInput, INPUT]
    ) -> ProjectPayload | None:
        result, node = await writes.create_node(
            info.context, Label.PROJECT, input.key, props_of(input)
        )
        return ProjectPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            project=maybe_wrap(node),
        )

    @strawberry.mutation(description="Change a project's details.", permission_classes=[CanWrite])
    async def update_project(
        self, info: Info, input: Annotated[UpdateProjectInput, INPUT]
    ) -> ProjectPayload | None:
        result, node = await writes.update_node(
            info.context, Label.PROJECT, input.key, props_of(input)
        )
        return ProjectPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            project=maybe_wrap(node),
        )

    @strawberry.mutation(
        description="Delete a project and all its relationships.", permission_classes=[CanWrite]
    )
    async def delete_project(
        self, info: Info, input: Annotated[DeleteProjectInput, INPUT]
    ) -> DeletePayload | None:
        result = await writes.delete_node(info.context, Label.PROJECT, input.key)
        return DeletePayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            deleted_id=_deleted(result, Label.PROJECT, input.key),
        )

    @strawberry.mutation(description="Add a gathering.", permission_classes=[CanWrite])
    async def create_gathering(
        self, info: Info, input: Annotated[CreateGatheringInput, INPUT]
    ) -> GatheringPayload | None:
        result, node = await writes.create_node(
            info.context, Label.GATHERING, input.key, props_of(input)
        )
        return GatheringPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            gathering=maybe_wrap(node),
        )

    @strawberry.mutation(description="Change a gathering's details.", permission_classes=[CanWrite])
    async def update_gathering(
        self, info: Info, input: Annotated[UpdateGatheringInput, INPUT]
    ) -> GatheringPayload | None:
        result, node = await writes.update_node(
            info.context, Label.GATHERING, input.key, props_of(input)
        )
        return GatheringPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            gathering=maybe_wrap(node),
        )

    @strawberry.mutation(
        description="Delete a gathering and all its relationships.", permission_classes=[CanWrite]
    )
    async def delete_gathering(
        self, info: Info, input: Annotated[DeleteGatheringInput, INPUT]
    ) -> DeletePayload | None:
        result = await writes.delete_node(info.context, Label.GATHERING, input.key)
        return DeletePayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            deleted_id=_deleted(result, Label.GATHERING, input.key),
        )

    @strawberry.mutation(
        description="Add an education innovation cluster.", permission_classes=[CanWrite]
    )
    async def create_cluster(
        self, info: Info, input: Annotated[CreateClusterInput, INPUT]
    ) -> ClusterPayload | None:
        result, node = await writes.create_node(
            info.context, Label.CLUSTER, input.key, props_of(input)
        )
        return ClusterPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            cluster=maybe_wrap(node),
        )

    @strawberry.mutation(description="Change a cluster's details.", permission_classes=[CanWrite])
    async def update_cluster(
        self, info: Info, input: Annotated[UpdateClusterInput, INPUT]
    ) -> ClusterPayload | None:
        result, node = await writes.update_node(
            info.context, Label.CLUSTER, input.key, props_of(input)
        )
        return ClusterPayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            cluster=maybe_wrap(node),
        )

    @strawberry.mutation(
        description="Delete a cluster and all its relationships.", permission_classes=[CanWrite]
    )
    async def delete_cluster(
        self, info: Info, input: Annotated[DeleteClusterInput, INPUT]
    ) -> DeletePayload | None:
        result = await writes.delete_node(info.context, Label.CLUSTER, input.key)
        return DeletePayload(
            client_mutation_id=input.client_mutation_id,
            user_errors=_errors(result),
            deleted_id=_deleted(result, Label.CLUSTER, input.key),
        )

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
            user_errors=_errors(result),
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
            user_errors=_errors(result),
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
            user_errors=_errors(result),
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
            user_errors=_errors(result),
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
            user_errors=_errors(result),
            organization=organization,
            cluster=cluster,
        )
