"""The playground: GraphiQL, built from npm packages into ``playground/dist`` and served
by Convene itself, so it works without any network but the one to this server.

``scripts/setup-web.sh`` builds the files. The page is served at ``/playground`` and
to browsers that open ``/graphql``; its scripts, styles and editor workers live under
``/playground/assets/``. A Content-Security-Policy keeps the page to its own origin.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

__all__ = ["ASSETS_PATH", "DIST_DIR", "PAGE_PATH", "Playground", "wants_html"]

DIST_DIR = Path(__file__).resolve().parent.parent / "playground" / "dist"
PAGE_PATH = "/playground"
ASSETS_PATH = "/playground/assets"

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)

NOT_BUILT = (
    "The playground has not been built. Run scripts/setup-web.sh "
    "(it installs GraphiQL from npm into playground/ and builds playground/dist).\n"
)


def wants_html(request: Request) -> bool:
    """Whether a ``GET /graphql`` comes from a browser opening the page (no query, no
    persisted query)."""
    return (
        request.method in ("GET", "HEAD")
        and "query" not in request.query_params
        and "extensions" not in request.query_params
        and "text/html" in request.headers.get("accept", "")
    )


class _ImmutableAssets(StaticFiles):
    """Built assets carry a content hash in their names, so they never change."""

    async def check_config(self) -> None:
        if self.directory is not None and not Path(self.directory).is_dir():
            return  # not built yet: every asset is a 404 (the page explains)
        await super().check_config()

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


class Playground:
    """The playground's page and assets, read from ``dist_dir`` when asked for."""

    def __init__(self, dist_dir: Path = DIST_DIR) -> None:
        self.dist_dir = dist_dir

    def built(self) -> bool:
        """Whether ``scripts/setup-web.sh`` has built the page into ``dist_dir``."""
        return (self.dist_dir / "index.html").is_file()

    def assets(self) -> StaticFiles:
        """An ASGI app serving the built assets (404 for anything not built)."""
        return _ImmutableAssets(directory=self.dist_dir / "assets", check_dir=False)

    async def page(self, request: Request) -> Response:
        """The GraphiQL page, or 503 with the command that builds it."""
        index = self.dist_dir / "index.html"
        try:
            html = index.read_text(encoding="utf-8")
        except FileNotFoundError:
            return PlainTextResponse(NOT_BUILT, status_code=503)
        return HTMLResponse(
            html,
            headers={
                "Content-Security-Policy": CONTENT_SECURITY_POLICY,
                "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
            },
        )
