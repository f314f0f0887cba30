"""What the HTTP workloads share: a sample of people, and timing GraphQL requests.

The sample is drawn from the run's network file (people on at least one project
team), with the run's seed, so that every workload and both stores ask about the same
people.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import httpx
import orjson

__all__ = ["GraphQLError", "people_in_teams", "post"]

_MEMBER_OF_PROJECT = b'"rel":"MEMBER_OF"'
_PROJECT_END = b'"end":"Project:'


class GraphQLError(RuntimeError):
    """A GraphQL request failed (HTTP status or errors in the response)."""


def people_in_teams(path: Path, count: int, seed: int) -> list[str]:
    """Keys of ``count`` people who are on a project team, always the same ones.

    >>> import tempfile
    >>> from data.synth import write_network
    >>> file = Path(tempfile.mkdtemp()) / "n.jsonl"
    >>> _ = write_network(file, 100, seed=1)
    >>> len(people_in_teams(file, 5, seed=1))
    5
    """
    members: dict[str, None] = {}
    with path.open("rb") as handle:
        for line in handle:
            if _MEMBER_OF_PROJECT in line and _PROJECT_END in line:
                start = str(orjson.loads(line)["start"])
                members[start.split(":", 1)[1]] = None
    keys = sorted(members)
    return random.Random(seed).sample(keys, min(count, len(keys)))


def post(client: httpx.Client, url: str, query: str, variables: dict[str, Any]) -> Any:
    """Send one GraphQL request; its ``data``, or :class:`GraphQLError`."""
    response = client.post(url, json={"query": query, "variables": variables})
    if response.status_code != 200:
        raise GraphQLError(f"HTTP {response.status_code}: {response.text[:200]}")
    body = response.json()
    if body.get("errors"):
        raise GraphQLError(str(body["errors"])[:300])
    return body["data"]
