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
person does not exist. Nodes named as evidence go through :mod:`resolvers.visibility`.
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
from graph.model import Label, Node, NodeRef
from graph.projection import Network, person_id
from graph.store import NotFound
from resolvers.nodes import nodes_by_refs
from resolvers.visibility import may_see_person
from schema.context import Context

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
    "suggested",
    "visible_nodes",
]

R = TypeVar("R")

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


def _ask_about(context: Context, network: Network, key: str) -> None:
    """Refuse (as not found) a question about a hidden person the viewer may not see;
    admins and the person themself may ask (``resolvers.visibility.may_see_person``)."""
    node = person_id(key)
    hidden = network.has(node, Label.PERSON) and not network.is_visible(node)
    if hidden and not may_see_person(context.viewer, key, discoverable=False):
        raise NotFound(NodeRef(Label.PERSON, key))


async def visible_nodes(context: Context, refs: Sequence[NodeRef]) -> list[Node]:
    """The nodes of ``refs`` the viewer may see, in order (one batched store read)."""
    return [node for node in await nodes_by_refs(context, refs) if node is not None]


async def suggested(
    context: Context, suggestions: Sequence[Suggestion]
) -> list[tuple[Node, Suggestion]]:
    """Each suggestion with its node, leaving out any node the viewer may not see."""
    nodes = await nodes_by_refs(context, [s.ref for s in suggestions])
    return [(node, s) for node, s in zip(nodes, suggestions, strict=True) if node is not None]


async def suggest_collaborators(
    context: Context, person: str, first: int, diversify: float
) -> list[Suggestion]:
    """People for ``person`` to work with (see ``graph.analytics.collaborators``)."""

    def work(network: Network) -> list[Suggestion]:
        _ask_about(context, network, person)
        return collaborators.suggest_collaborators(
            network, person, first=first, diversify=diversify
        )

    return await _compute(context, work)


async def suggest_projects(context: Context, person: str, first: int) -> list[Suggestion]:
    """Projects for ``person`` to join (see ``graph.analytics.matching``)."""

    def work(network: Network) -> list[Suggestion]:
        _ask_about(context, network, person)
        return matching.suggest_projects(network, person, first=first)

    return await _compute(context, work)


async def suggest_members(context: Context, project: str, first: int) -> list[Suggestion]:
    """People for ``project`` (see ``graph.analytics.matching``)."""
    return await _compute(
        context, lambda network: matching.suggest_members(network, project, first=first)
    )


async def connection_path(
    context: Context, source: str, target: str, max_length: int
) -> PathResult:
    """The shortest, strongest chain of ties from ``source`` to ``target``."""

    def work(network: Network) -> PathResult:
        _ask_about(context, network, source)
        _ask_about(context, network, target)
        return paths.connection_path(network, source, target, max_length=max_length)

    return await _compute(context, work)


async def brokers(context: Context, among: BrokerKind, first: int) -> list[Broker]:
    """The people or organizations that bridge otherwise separate groups."""

    check_range("first", first, 1, 100)

    found = await _shared_result(
        context,
        ("brokers", among),
        lambda network: broker_analytics.brokers(network, among=among, first=100),
        "brokers",
    )
    return found[:first]


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


async def ego_network(context: Context, person: str, radius: int, max_nodes: int) -> EgoNetwork:
    """The people around ``person`` and the ties among them."""

    def work(network: Network) -> EgoNetwork:
        _ask_about(context, network, person)
        return ego.ego_network(network, person, radius=radius, max_nodes=max_nodes)

    return await _compute(context, work)
