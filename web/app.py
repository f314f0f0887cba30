"""The web app: Convene's matchmaking front end, built from npm packages into
``app/dist`` and served by Convene itself under ``/app/``.

``scripts/setup-web.sh`` builds the files. Every ``/app/...`` address that is not an
asset is a page of the app, so the one ``index.html`` answers them all and the app
reads the address (``/app/person/donald-peurach`` is shareable). Scripts and styles
live under ``/app/assets/``; ``/app/persisted-queries.json`` is the manifest of the
documents the app sends. The pages carry the playground's Content-Security-Policy:
nothing loads from anywhere but this server.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import BaseRoute, Mount, Route

from web.built import BuiltFrontEnd

__all__ = ["APP_PATH", "DIST_DIR", "MANIFEST", "WebApp"]

DIST_DIR = Path(__file__).resolve().parent.parent / "app" / "dist"
APP_PATH = "/app/"
MANIFEST = "persisted-queries.json"

NOT_BUILT = (
    "The web app has not been built. Run scripts/setup-web.sh "
    "(it installs the app's packages from npm into app/ and builds app/dist).\n"
)


class WebApp(BuiltFrontEnd):
    """The app's pages, assets and document manifest, read from ``dist_dir``; its one
    page answers every address under ``/app/``."""

    not_built = NOT_BUILT

    def __init__(self, dist_dir: Path = DIST_DIR) -> None:
        super().__init__(dist_dir)

    def routes(self) -> list[BaseRoute]:
        """``/app`` (redirected), ``/app/assets/*``, the manifest, and every page."""
        return [
            Route(APP_PATH.rstrip("/"), _to_app, methods=["GET"]),
            Mount(f"{APP_PATH}assets", app=self.assets()),
            Route(f"{APP_PATH}{MANIFEST}", self.manifest, methods=["GET"]),
            Route(APP_PATH + "{page:path}", self.page, methods=["GET"]),
        ]

    async def manifest(self, request: Request) -> Response:
        """The persisted-query manifest, ``{sha256 hex: document}``."""
        path = self.dist_dir / MANIFEST
        if not path.is_file():
            return PlainTextResponse(NOT_BUILT, status_code=404)
        return FileResponse(
            path, media_type="application/json", headers={"Cache-Control": "no-cache"}
        )


async def _to_app(request: Request) -> Response:
    return RedirectResponse(APP_PATH, status_code=307)
