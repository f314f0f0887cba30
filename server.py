"""Convene's ASGI application: ``create_app(settings)`` and ``run(settings)``.

The lifespan opens the store, builds the schema and opens the token file, hands them
to the request handlers as shared state, and closes them at shutdown. Nothing happens
at import time. ``python server.py`` serves the app with uvicorn, configured from the
environment (see ``settings.py``).

Routes
------
``/graphql``
    GraphQL over HTTP (see ``web/graphql_http.py``); browsers opening it get the
    playground when it is switched on.
``/playground``, ``/playground/assets/*``
    The offline GraphiQL playground (when ``settings.playground``).
``/app/*``
    The matchmaking web app and network explorer (see ``web/app.py``).
``/healthz``, ``/readyz``
    Liveness and readiness (see ``web/health.py``).
``/export/{format}``
    The whole network as GraphML, GEXF, Cytoscape.js, node-link JSON, CSV or JSON
    lines, streamed, for admins (see ``web/export.py``).
"""

from __future__ import annotations

import errno
import socket
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from strawberry import Schema

from access.tokens import TokenStore
from access.viewer import Viewer
from graph.analytics import igraph_bridge
from graph.factory import open_store
from graph.live import LiveNetwork
from graph.store import GraphStore
from settings import Settings
from web.app import APP_PATH, WebApp
from web.caching import schema_fingerprint
from web.export import handle_export
from web.graphql_http import GraphQLService, handle_graphql
from web.health import healthz, readyz
from web.persisted import PersistedQueries
from web.playground import ASSETS_PATH, PAGE_PATH, Playground, wants_html

__all__ = ["Components", "Runtime", "ServeError", "app_from_environment", "create_app", "run"]

ContextMaker = Callable[[GraphStore, Viewer, Settings, LiveNetwork], object]


def open_configured_store(settings: Settings) -> GraphStore:
    """The store ``settings`` name (embedded under the data dir, or Neo4j)."""
    return open_store(
        settings.store,
        data_dir=settings.data_dir,
        neo4j_uri=settings.neo4j_uri,
        neo4j_user=settings.neo4j_user,
        neo4j_password=settings.neo4j_password,
    )


def load_persisted_queries(settings: Settings) -> PersistedQueries:
    """The persisted query manifests of ``settings`` (and the web app's, when built).

    Raises
    ------
    web.persisted.ManifestError
        When a manifest cannot be used, or only known documents may run and none is.
    """
    return PersistedQueries.from_files(
        settings.persisted_queries,
        cache_size=settings.persisted_query_cache,
        only_known=settings.persisted_queries_only,
    )


def build_convene_schema(settings: Settings) -> Schema:
    """Convene's GraphQL schema with the limits and switches of ``settings``."""
    from schema import build_schema

    return build_schema(settings)


def make_convene_context(
    store: GraphStore, viewer: Viewer, settings: Settings, network: LiveNetwork
) -> object:
    """The per-request GraphQL context (the viewer, the store, fresh loaders, the
    live network)."""
    from schema.context import make_context

    return make_context(store, viewer, settings, network)


@dataclass(frozen=True, slots=True)
class Components:
    """The parts the app is assembled from; tests swap in their own."""

    open_store: Callable[[Settings], GraphStore] = open_configured_store
    build_schema: Callable[[Settings], Schema] = build_convene_schema
    make_context: ContextMaker = make_convene_context


@dataclass(frozen=True, slots=True)
class Runtime:
    """What the lifespan opened, shared by every request."""

    settings: Settings
    store: GraphStore
    graphql: GraphQLService
    playground: Playground | None
    network: LiveNetwork


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.state.convene
    return runtime


async def _graphql(request: Request) -> Response:
    runtime = _runtime(request)
    if runtime.playground is not None and wants_html(request):
        return await runtime.playground.page(request)
    return await handle_graphql(request, runtime.graphql)


async def _readyz(request: Request) -> Response:
    runtime = _runtime(request)
    warming = runtime.network if runtime.settings.warm_analytics else None
    return await readyz(request, runtime.store, warming)


async def _export(request: Request) -> Response:
    runtime = _runtime(request)
    return await handle_export(request, runtime.store, runtime.graphql.tokens)


async def _playground_page(request: Request) -> Response:
    playground = _runtime(request).playground
    assert playground is not None
    return await playground.page(request)


async def _home(request: Request) -> Response:
    return RedirectResponse(PAGE_PATH, status_code=307)


def _routes(settings: Settings, playground: Playground | None) -> list[BaseRoute]:
    routes: list[BaseRoute] = [
        Route("/graphql", _graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", _readyz, methods=["GET"]),
        Route("/export/{format}", _export, methods=["GET"]),
        *WebApp().routes(),
    ]
    if playground is not None:
        routes += [
            Route("/", _home, methods=["GET"]),
            Route(PAGE_PATH, _playground_page, methods=["GET"]),
            Mount(ASSETS_PATH, app=playground.assets()),
        ]
    return routes


def _middleware(settings: Settings) -> list[Middleware]:
    if not settings.cors_origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Authorization", "Content-Type"],
            max_age=600,
        )
    ]


def create_app(settings: Settings, components: Components | None = None) -> Starlette:
    """Build Convene's ASGI app; the store opens when the app starts, not here.

    Parameters
    ----------
    settings : Settings
        Read once (``Settings.from_env()``) by the caller.
    components : Components, optional
        How to open the store, build the schema and make a request context;
        Convene's own by default.
    """
    parts = components or Components()
    playground = Playground() if settings.playground else None

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Runtime]]:
        async with AsyncExitStack() as stack:
            store = await run_in_threadpool(parts.open_store, settings)
            stack.callback(store.close)
            schema = parts.build_schema(settings)
            persisted = load_persisted_queries(settings)
            tokens = TokenStore.open(settings.data_dir)
            stack.callback(tokens.close)

            # igraph holds the interpreter lock while it runs: large graphs go to a
            # worker process so that requests go on meanwhile.
            igraph_bridge.run_in_worker_process()
            stack.callback(igraph_bridge.run_in_same_process)
            network = LiveNetwork(
                store,
                threads=settings.analytics_threads,
                first_wait=settings.request_timeout / 2,
                freeze_builds=True,
            )
            stack.callback(network.close)
            if settings.warm_analytics:
                network.start()

            def context_for(viewer: Viewer) -> object:
                return parts.make_context(store, viewer, settings, network)

            graphql = GraphQLService(
                schema=schema,
                context_for=context_for,
                tokens=tokens,
                allow_anonymous=settings.allow_anonymous,
                max_body_bytes=settings.max_body_bytes,
                request_timeout=settings.request_timeout,
                persisted=persisted,
                data_version=store.data_version,
                schema_id=schema_fingerprint(schema),
            )
            yield {"convene": Runtime(settings, store, graphql, playground, network)}

    return Starlette(
        routes=_routes(settings, playground),
        middleware=_middleware(settings),
        lifespan=lifespan,
    )


def app_from_environment() -> Starlette:
    """The app with settings read from the environment: what each worker process runs
    when ``run`` starts several (they share no memory, only the store and its log)."""
    return create_app(Settings.from_env())


def run(settings: Settings, workers: int = 1) -> None:
    """Serve Convene with uvicorn on ``settings.host:settings.port`` until stopped.

    The address is bound before the app starts, so that a port in use is one clear
    error; once the app has started, one line on stderr gives the addresses to open.
    With ``workers`` above 1, that many processes share the bound socket, each with its
    own analytics network kept fresh from the store's change log; their settings come
    from the environment, as ``settings`` did.

    Raises
    ------
    ServeError
        When the address cannot be listened on (the port is in use, say).
    """
    listener = _listen(settings.host, settings.port)
    port = listener.getsockname()[1]
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    base = f"http://{host}:{port}"
    announcement = f"Convene serving at {base}/graphql" + _front_ends(base, settings)

    class AnnouncingServer(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                print(announcement, file=sys.stderr, flush=True)

    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        config = uvicorn.Config(
            "server:app_from_environment",
            factory=True,
            workers=workers,
            lifespan="on",
            server_header=False,
        )
        print(f"{announcement} ({workers} worker processes)", file=sys.stderr, flush=True)
        with listener:
            Multiprocess(config, sockets=[listener]).run()
        return
    config = uvicorn.Config(create_app(settings), lifespan="on", server_header=False)
    with listener:
        AnnouncingServer(config).run(sockets=[listener])


def _front_ends(base: str, settings: Settings) -> str:
    """The announcement's tail: where the playground and the app are, or how to build them."""
    built = [(" — app at", f"{base}{APP_PATH}", WebApp().built())]
    if settings.playground:
        built.insert(0, (" — playground at", f"{base}{PAGE_PATH}", Playground().built()))
    if not all(ready for _, _, ready in built):
        return " — the web pages are not built (scripts/setup-web.sh builds them)"
    return "".join(f"{label} {address}" for label, address, _ in built)


class ServeError(Exception):
    """The service cannot listen where it was asked to."""


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` for uvicorn to listen on.

    Raises
    ------
    ServeError
        With one line saying what to change.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except OSError as error:
        raise ServeError(f"cannot listen on {host}: {error.strerror or error}") from None
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
    except OSError as error:
        listener.close()
        if error.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} is in use; set CONVENE_PORT or --port") from None
        raise ServeError(
            f"cannot listen on {host}:{port}: {error.strerror or error}; "
            "set CONVENE_HOST / CONVENE_PORT or --host / --port"
        ) from None
    return listener


if __name__ == "__main__":
    try:
        run(Settings.from_env())
    except ServeError as error:
        raise SystemExit(f"convene: {error}") from None
