"""The viewer of a request and what it may see and do.

Examples
--------
>>> Viewer.anonymous().can_write
False
>>> Viewer(AccessRole.ADMIN, token_name="ops").can_see_private_of("ada")
True
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AccessRole(StrEnum):
    """Access roles, each including the rights of the ones before it."""

    ANONYMOUS = "anonymous"
    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"


_RANK = {AccessRole.ANONYMOUS: 0, AccessRole.READER: 1, AccessRole.EDITOR: 2, AccessRole.ADMIN: 3}


@dataclass(frozen=True, slots=True)
class Viewer:
    """The caller: a role, the token's name, and the person the token belongs to (if any)."""

    role: AccessRole
    token_name: str | None = None
    person_key: str | None = None

    @classmethod
    def anonymous(cls) -> Viewer:
        """A caller without a token."""
        return cls(AccessRole.ANONYMOUS)

    def has(self, role: AccessRole) -> bool:
        """Whether the viewer's role includes ``role``.

        >>> Viewer(AccessRole.EDITOR).has(AccessRole.READER)
        True
        """
        return _RANK[self.role] >= _RANK[role]

    @property
    def is_admin(self) -> bool:
        """Admins see everything, including emails and people who opted out."""
        return self.role is AccessRole.ADMIN

    @property
    def can_write(self) -> bool:
        """Editors and admins may run mutations."""
        return self.has(AccessRole.EDITOR)

    def can_see_private_of(self, person_key: str) -> bool:
        """Whether the viewer may see ``person_key``'s private data (email) and hidden self."""
        return self.is_admin or (self.person_key is not None and self.person_key == person_key)
