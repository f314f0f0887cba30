"""Conditional ``GET`` for queries: an entity tag for each answer, and ``304 Not
Modified`` without running anything when the client already holds it.

A query's answer depends on the document and its variables, on who asks (role and
person: what they may see), on the schema, on the response's media type and on the
data. The store's data version grows with every write, so a tag made of all of these
names one answer: :func:`entity_tag`. A ``GET`` whose ``If-None-Match`` holds the tag of
the current data version is answered ``304`` before the document is executed; any write
makes a new version and so a new tag.

Only a complete answer gets a tag: a ``200`` without errors whose analytics (if any)
were computed on the network of that very data version (they may trail the store; see
:mod:`graph.live`). ``Cache-Control`` is ``private, no-cache`` for a token's answer and
``public, no-cache`` for an anonymous one: a cache may keep either but must ask again
each time, with the tag. Everything else stays ``no-store``.

Examples
--------
>>> from access.viewer import Viewer
>>> tag = entity_tag(
...     schema_id="s1", document="{ people { totalCount } }", operation_name=None,
...     variables=None, viewer=Viewer.anonymous(), data_version=7,
...     media_type="application/json",
... )
>>> tag.startswith('"7-')
True
>>> matches(f"W/{tag}, \\"other\\"", tag), matches('"6-abc"', tag), matches("*", tag)
(True, False, False)
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import orjson
from strawberry import Schema

from access.viewer import AccessRole, Viewer

__all__ = ["cache_control", "entity_tag", "matches", "schema_fingerprint", "up_to_date"]


def schema_fingerprint(schema: Schema) -> str:
    """A short digest of the schema's SDL: a server with another schema never answers
    ``304`` to a tag of this one.

    >>> import strawberry
    >>> @strawberry.type
    ... class Query:
    ...     hello: str
    >>> len(schema_fingerprint(strawberry.Schema(query=Query)))
    16
    """
    return hashlib.blake2b(str(schema).encode(), digest_size=8).hexdigest()


def entity_tag(
    *,
    schema_id: str,
    document: str,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    viewer: Viewer,
    data_version: int,
    media_type: str,
) -> str:
    """The strong entity tag of one answer: the data version, then a digest of
    everything else the answer depends on (see the module's example)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (
        schema_id.encode(),
        document.encode(),
        (operation_name or "").encode(),
        orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS),
        viewer.role.value.encode(),
        (viewer.person_key or "").encode(),
        media_type.encode(),
    ):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return f'"{data_version}-{digest.hexdigest()}"'


def matches(if_none_match: str | None, tag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``tag`` (the weak comparison of RFC
    9110: a ``W/`` prefix is ignored). ``*`` is not honoured: only a tag this server
    gave, which only a complete answer to a query gets, spares running a document."""
    if not if_none_match:
        return False
    return any(
        candidate.strip().removeprefix("W/") == tag for candidate in if_none_match.split(",")
    )


def up_to_date(extensions: Mapping[str, Any] | None, data_version: int) -> bool:
    """Whether an answer's analytics (``extensions.network``, whose ``version`` is the
    oldest any field used) were computed at ``data_version``; an answer without
    analytics is.

    >>> up_to_date({"network": {"version": 6}}, 7), up_to_date(None, 7)
    (False, True)
    """
    network = (extensions or {}).get("network")
    if not network:
        return True
    return bool(network["version"] >= data_version)


def cache_control(viewer: Viewer) -> str:
    """``Cache-Control`` of a tagged answer: private when a token asked.

    >>> cache_control(Viewer.anonymous())
    'public, no-cache'
    """
    if viewer.role is AccessRole.ANONYMOUS:
        return "public, no-cache"
    return "private, no-cache"
