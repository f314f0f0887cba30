"""What the front ends built from npm (the playground, the web app) share when Convene
serves them: the Content-Security-Policy that keeps a page to its own origin, the
headers of the page, and assets whose hashed names let browsers keep them for good.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

__all__ = ["CONTENT_SECURITY_POLICY", "BuiltFrontEnd", "ImmutableAssets", "built_page"]

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

PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class ImmutableAssets(StaticFiles):
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


def built_page(index: Path) -> Response | None:
    """The built ``index.html`` with the page headers, or None when it is not built."""
    try:
        html = index.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return HTMLResponse(html, headers=PAGE_HEADERS)


class BuiltFrontEnd:
    """A front end's page and assets, read from ``dist_dir`` when asked for; until it is
    built, its page answers 503 with ``not_built`` (how to build it)."""

    not_built = "This page has not been built. Run scripts/setup-web.sh.\n"

    def __init__(self, dist_dir: Path) -> None:
        self.dist_dir = dist_dir

    def built(self) -> bool:
        """Whether ``scripts/setup-web.sh`` has built the page into ``dist_dir``."""
        return (self.dist_dir / "index.html").is_file()

    def assets(self) -> StaticFiles:
        """An ASGI app serving the built assets (404 for anything not built)."""
        return ImmutableAssets(directory=self.dist_dir / "assets", check_dir=False)

    async def page(self, request: Request) -> Response:
        """The built page, or 503 with the command that builds it."""
        page = built_page(self.dist_dir / "index.html")
        if page is None:
            return PlainTextResponse(self.not_built, status_code=503)
        return page
