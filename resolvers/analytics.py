"""Network analytics for the API: suggestions, paths, brokers, communities, teams, stats.

Every function reads the context's :class:`graph.live.LiveNetwork` (the last built
network; a write is caught up within ``settings.analytics_wait`` seconds when it can be)
and computes on the network's own analytics threads, so the event loop and plain reads
keep going while NetworkX works. Results that are costly and the same for every viewer
(communities, brokers, statistics) are computed once per data version in the
background; a request gets the newest finished one or a ``COMPUTING`` error with a
time to retry after, never a second computation.

Privacy: the analytics never show people who opted out to anyone else; on top of that,
a question *about* a person who opted out (their suggestions, their paths, their ego
network) is answered only for that person and admins, and everyone else is told the
person does not exist. Every rule comes from :mod:`resolvers.visibility`; the results
come back with their nodes already read and filtered, so the schema only wraps them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future
from typing import TypeVar

from graph.analytics import brokers as broker_analytics
from graph.analytics import collaborators, communities, ego, matching, paths, stats, teams
from graph.analytics.brokers import Broker, BrokerKind, ClusterBridges
from graph.analytics.common import check_range
from graph.analytics.communities import Community
from graph.analytics.ego import EgoNetwork
from graph.analytics.paths import PathResult
from graph.analytics.reasons import Suggestion
from graph.analytics.stats import NetworkStats
from graph.analytics.teams import TeamPlan
from graph.cancel import CancelToken
from graph.live import Computing, Versioned
from graph.model import Node, NodeRef
from graph.projection import Network
from graph.store import NotFound
from resolvers.context import Context
from resolvers.nodes import nodes_by_refs
from resolvers.visibility import check_may_ask_about, is_visible

__all__ = [
    "brokers",
    "cluster_bridges",
    "connection_path",
    "detect_communities",
    "ego_network",
    "network_stats",
    "suggest_collaborators",
    "suggest_members",
    "suggest_projects",
    "suggest_teams",
    "visible_by_ref",
    "visible_nodes",
]

R = TypeVar("R")
Ranked = TypeVar("Ranked", Suggestion, Broker)

_COMMUNITY_SEED = 0


async def _compute(context: Context, work: Callable[[Network], R]) -> R:
    """Run ``work`` on the live network, on the analytics threads (never the event loop,
    never the threads plain reads use). When the request is cancelled (its time limit
    ran out), the job is cancelled too and stops at its next check."""
    live = context.network
    wait = context.settings.analytics_wait

    def run() -> R:
        with context.network_lock:  # fields run on several threads; one takes it
            network = context.network_snapshot
            if network is None:
                network = context.network_snapshot = live.get(wait=wait)
        context.network_versions.add(network.version)
        try:
            return work(network)
        except NotFound:
            # A node written since this network was built is not missing: it is coming.
            coming = live.behind(network)
            if coming is not None:
                raise coming from None
            raise

    token = CancelToken()
    future = live.submit(run, token)
    try:
        return await asyncio.wrap_future(future)
    except asyncio.CancelledError:
        token.cancel()  # the request gave up (timed out): free the analytics thread
        raise


async def _shared_result(
    context: Context, key: Hashable, compute: Callable[[Network], R], what: str
) -> R:
    """A costly result that is the same for every viewer: computed once per data
    version in the background (see ``LiveNetwork.result_or_future``). The request
    waits for the first computation without holding an analytics thread, at most half
    its time limit, and is then told to retry."""
    live = context.network
    wait = context.settings.analytics_wait

    def start() -> Versioned[R] | Future[Versioned[R]]:
        return live.result_or_future(key, compute, wait=wait)

    found = await asyncio.wrap_future(live.submit(start))
    if not isinstance(found, Versioned):
        try:
            found = await asyncio.wait_for(
                asyncio.shield(asyncio.wrap_future(found)),
                timeout=context.settings.request_timeout / 2,
            )
        except TimeoutError:
            raise Computing(what, live.expected_seconds(key)) from None
    context.network_versions.add(found.version)
    return found.value


def _ask_about(context: Context, network: Network, *people: str) -> None:
    for key in people:
        check_may_ask_about(context.viewer, network, key)


async def visible_nodes(context: Context, refs: Sequence[NodeRef]) -> list[Node]:
    """The nodes of ``refs`` the viewer may see, in order (one batched store read)."""
    return [node for node in await nodes_by_refs(context, refs) if node is not None]


async def visible_by_ref(context: Context, refs: Sequence[NodeRef]) -> dict[NodeRef, Node]:
    """The nodes of ``refs`` the viewer may see, by reference (one batched store read)."""
    return {node.ref: node for node in await visible_nodes(context, refs)}


async def _with_nodes(context: Context, found: Sequence[Ranked]) -> list[tuple[Node, Ranked]]:
    """Each result with its node, leaving out any node the viewer may not see."""
    nodes = await nodes_by_refs(context, [item.ref for item in found])
    return [(node, item) for node, item in zip(nodes, found, strict=True) if node is not None]


async def suggest_collaborators(
    context: Context, person: Node, first: int, diversify: float
) -> list[tuple[Node, Suggestion]] | None:
    """People for ``person`` to work with (see ``graph.analytics.collaborators``);
    None when the viewer may not see the person."""
    if not is_visible(context.viewer, person):
        return None

    def work(network: Network) -> list[Suggestion]:
        _ask_about(context, network, person.key)
        return collaborators.suggest_collaborators(
            network, person.key, first=first, diversify=diversify
        )

    return await _with_nodes(context, await _compute(context, work))


async def suggest_projects(
    context: Context, person: Node, first: int
) -> list[tuple[Node, Suggestion]] | None:
    """Projects for ``person`` to join (see ``graph.analytics.matching``); None when the
    viewer may not see the person."""
    if not is_visible(context.viewer, person):
        return None

    def work(network: Network) -> list[Suggestion]:
        _ask_about(context, network, person.key)
        return matching.suggest_projects(network, person.key, first=first)

    return await _with_nodes(context, await _compute(context, work))


async def suggest_members(
    context: Context, project: Node, first: int
) -> list[tuple[Node, Suggestion]]:
    """People for ``project`` (see ``graph.analytics.matching``)."""
    found = await _compute(
        context, lambda network: matching.suggest_members(network, project.key, first=first)
    )
    return await _with_nodes(context, found)


_NO_VISIBLE_PATH = PathResult(None, "no visible chain of ties", "NOT_CONNECTED")


async def connection_path(
    context: Context, source: str, target: str, max_length: int
) -> tuple[PathResult, dict[NodeRef, Node]]:
    """The shortest, strongest chain of ties from ``source`` to ``target``, with the
    nodes it names that the viewer may see; a chain through someone the viewer may not
    see is answered as no chain (``NOT_CONNECTED``)."""

    def work(network: Network) -> PathResult:
        _ask_about(context, network, source, target)
        return paths.connection_path(network, source, target, max_length=max_length)

    result = await _compute(context, work)
    if result.steps is None:
        return result, {}
    contexts = [shared.context for step in result.steps for shared in step.shared]
    found = await visible_by_ref(context, [*result.people, *contexts])
    if any(ref not in found for ref in result.people):
        return _NO_VISIBLE_PATH, {}
    return result, found


async def brokers(context: Context, among: BrokerKind, first: int) -> list[tuple[Node, Broker]]:
    """The people or organizations that bridge otherwise separate groups (those the
    viewer may see)."""

    check_range("first", first, 1, 100)

    found = await _shared_result(
        context,
        ("brokers", among),
        lambda network: broker_analytics.brokers(network, among=among, first=100),
        "brokers",
    )
    return await _with_nodes(context, found[:first])


async def cluster_bridges(context: Context, cluster: str, first: int) -> ClusterBridges:
    """A cluster's sector mix and the introductions that would strengthen it."""
    return await _compute(
        context, lambda network: broker_analytics.cluster_bridges(network, cluster, first=first)
    )


async def detect_communities(context: Context, first: int) -> list[Community]:
    """The largest ``first`` communities (Leiden, seeded so answers are stable)."""
    check_range("first", first, 1, 100)

    found = await _shared_result(
        context,
        ("communities", _COMMUNITY_SEED),
        lambda network: communities.detect_communities(network, seed=_COMMUNITY_SEED),
        "communities",
    )
    return found[:first]


async def suggest_teams(context: Context, gathering: str, size: int, count: int) -> TeamPlan:
    """Teams proposed from a gathering's attendees (see ``graph.analytics.teams``)."""
    return await _compute(
        context,
        lambda network: teams.suggest_teams(network, gathering, size=size, count=count),
    )


async def network_stats(context: Context) -> NetworkStats:
    """Sizes and shape of the network."""
    public = not context.viewer.is_admin
    return await _shared_result(
        context,
        ("stats", public),
        lambda network: stats.network_stats(network, public=public),
        "network statistics",
    )


async def ego_network(
    context: Context, person: Node, radius: int, max_nodes: int
) -> tuple[EgoNetwork, dict[NodeRef, Node]] | None:
    """The people around ``person`` and the ties among them, with the people the viewer
    may see; None when the viewer may not see ``person``."""
    if not is_visible(context.viewer, person):
        return None

    def work(network: Network) -> EgoNetwork:
        _ask_about(context, network, person.key)
        return ego.ego_network(network, person.key, radius=radius, max_nodes=max_nodes)

    found = await _compute(context, work)
    return found, await visible_by_ref(context, [node.ref for node in found.nodes])
