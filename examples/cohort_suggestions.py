"""Page through a cohort's members and print whom one person could meet, and why.

A small third-party client of Convene's GraphQL API (it needs only ``httpx``):

- lists follow Relay cursors: ask for ``first`` items, then ``after`` the page's
  ``endCursor`` while ``pageInfo.hasNextPage``;
- documents go as persisted queries (Apollo's convention): each request sends the
  document's SHA-256 alone, and only when the server answers
  ``PERSISTED_QUERY_NOT_FOUND`` sends it once more with the text, which the server then
  remembers. A server running only known documents answers the hash alone when its
  manifest holds these documents.

Run it against a served demo network (``scripts/run.sh``)::

    python examples/cohort_suggestions.py --cohort winter-2018 --person ana-lima

``--token`` sends an API token (``convene token create``) as a bearer token.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

COHORT_MEMBERS = """
query CohortMembers($cohort: String!, $first: Int!, $after: String) {
  cohort(key: $cohort) {
    name
    members(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { role node { key name } }
    }
  }
}
"""

SUGGESTED_COLLABORATORS = """
query SuggestedCollaborators($person: String!, $first: Int!) {
  person(key: $person) {
    name
    suggestedCollaborators(first: $first) {
      score
      node { key name }
      reasons { kind contribution evidence { key name } }
    }
  }
}
"""

DOCUMENTS = (COHORT_MEMBERS, SUGGESTED_COLLABORATORS)

ACCEPT = "application/graphql-response+json, application/json;q=0.9"
NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"

# How each kind of reason reads (one piece of evidence, several); the names follow. The
# API names at most ten pieces of evidence, the weightiest first, so no count is shown.
REASON_WORDING = {
    "COMMON_COLLABORATOR": ("common collaborator", "common collaborators"),
    "SHARED_TOPIC": ("shared topic", "shared topics"),
    "COMPLEMENTARY_SKILL": ("has what your projects need", "has what your projects need"),
    "SAME_GATHERING": ("both at", "both at"),
    "SAME_CLUSTER": ("same cluster", "same clusters"),
    "CROSS_SECTOR_BRIDGE": ("a bridge to another sector", "a bridge to other sectors"),
}


class APIError(Exception):
    """The API refused a request or answered with errors."""


def sha256_hex(document: str) -> str:
    """The hash that names ``document``: SHA-256 of its UTF-8 text, lowercase hex."""
    return hashlib.sha256(document.encode()).hexdigest()


@dataclass
class PersistedQueryClient:
    """Sends each document by hash, and with its text only when the server asks."""

    http: httpx.Client
    url: str
    by_hash: int = 0
    with_text: int = 0

    def execute(self, document: str, variables: dict[str, Any]) -> dict[str, Any]:
        """The ``data`` of ``document`` run with ``variables``; ``APIError`` on errors."""
        extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex(document)}}
        self.by_hash += 1
        answer = self._post({"extensions": extensions, "variables": variables})
        if _codes(answer) == [NOT_FOUND]:
            self.with_text += 1
            answer = self._post(
                {"query": document, "extensions": extensions, "variables": variables}
            )
        if answer.get("errors"):
            raise APIError("; ".join(_describe(error) for error in answer["errors"]))
        data: dict[str, Any] = answer["data"]
        return data

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self.http.post(self.url, json=body, headers={"Accept": ACCEPT})
        except httpx.HTTPError as error:
            raise APIError(f"cannot reach {self.url}: {error}") from None
        try:
            answer: dict[str, Any] = response.json()
        except ValueError:
            raise APIError(f"{self.url} answered {response.status_code}, not GraphQL") from None
        return answer


def _codes(answer: dict[str, Any]) -> list[str | None]:
    return [(error.get("extensions") or {}).get("code") for error in answer.get("errors") or []]


def _describe(error: dict[str, Any]) -> str:
    code = (error.get("extensions") or {}).get("code")
    return f"{error.get('message')} ({code})" if code else str(error.get("message"))


@dataclass(frozen=True)
class Member:
    key: str
    name: str
    role: str | None


@dataclass(frozen=True)
class CohortPage:
    """One page of a cohort's members, with the cohort's name and member count."""

    name: str
    total: int
    members: list[Member]


def cohort_pages(client: PersistedQueryClient, cohort: str, page_size: int) -> Iterator[CohortPage]:
    """The members of ``cohort``, a page per request, following the Relay cursors."""
    after: str | None = None
    while True:
        variables = {"cohort": cohort, "first": page_size, "after": after}
        found = client.execute(COHORT_MEMBERS, variables)["cohort"]
        if found is None:
            raise APIError(f"there is no cohort {cohort!r}")
        members = found["members"]
        yield CohortPage(
            found["name"],
            members["totalCount"],
            [Member(e["node"]["key"], e["node"]["name"], e["role"]) for e in members["edges"]],
        )
        if not members["pageInfo"]["hasNextPage"]:
            return
        after = members["pageInfo"]["endCursor"]


def reason_text(reason: dict[str, Any]) -> str:
    """One reason in words: ``common collaborators: A, B, C``, ``both at X``."""
    names = [node["name"] for node in reason["evidence"]]
    one, many = REASON_WORDING.get(reason["kind"], (reason["kind"].lower(),) * 2)
    label = one if len(names) == 1 else many
    return f"{label}: {', '.join(names)}" if names else label


def run(args: argparse.Namespace, out: Any) -> PersistedQueryClient:
    """Print the cohort's members, then the person's suggestions with their reasons."""
    headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}
    with httpx.Client(headers=headers, timeout=args.timeout) as http:
        client = PersistedQueryClient(http, args.url)
        in_cohort: set[str] = set()
        pages = 0
        for page in cohort_pages(client, args.cohort, args.page_size):
            if pages == 0:
                print(f"{page.name} ({args.cohort}): {page.total} members", file=out)
            pages += 1
            for member in page.members:
                in_cohort.add(member.key)
                role = f" ({member.role})" if member.role else ""
                print(f"  {member.name}{role}", file=out)
        print(f"read in {pages} page(s) of at most {args.page_size}", file=out)

        variables = {"person": args.person, "first": args.suggestions}
        person = client.execute(SUGGESTED_COLLABORATORS, variables)["person"]
        if person is None or person["suggestedCollaborators"] is None:
            raise APIError(f"there is no person {args.person!r} (or you may not see them)")
        print(f"\nPeople {person['name']} could meet:", file=out)
        for rank, suggestion in enumerate(person["suggestedCollaborators"], start=1):
            node = suggestion["node"]
            fellow = " (in the cohort)" if node["key"] in in_cohort else ""
            print(f"{rank:>2}. {node['name']}{fellow}, score {suggestion['score']:.2f}", file=out)
            for reason in suggestion["reasons"]:
                print(f"      {reason_text(reason)}", file=out)
        return client


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Page through a cohort's members and print a person's suggested "
        "collaborators with their reasons, using persisted queries."
    )
    parser.add_argument(
        "--url", default="http://127.0.0.1:8000/graphql", help="the GraphQL endpoint"
    )
    parser.add_argument("--cohort", required=True, help="the cohort's key, e.g. winter-2018")
    parser.add_argument("--person", required=True, help="the person's key, e.g. ana-lima")
    parser.add_argument("--token", help="an API token (default: anonymous)")
    parser.add_argument("--page-size", type=int, default=50, help="members per request")
    parser.add_argument("--suggestions", type=int, default=5, help="how many suggestions")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        client = run(args, sys.stdout)
    except APIError as error:
        print(f"cohort_suggestions: {error}", file=sys.stderr)
        return 1
    print(
        f"{client.by_hash} requests sent by hash, {client.with_text} resent with the query text",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
