"""The playground: GraphiQL, built from npm packages into ``playground/dist`` and served
by Convene itself, so it works without any network but the one to this server.

``scripts/setup-web.sh`` builds the files. The page is served at ``/playground`` and
to browsers that open ``/graphql``; its scripts, styles and editor workers live under
``/playground/assets/``. A Content-Security-Policy keeps the page to its own origin.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request

from web.built import CONTENT_SECURITY_POLICY, BuiltFrontEnd

__all__ = [
    "ASSETS_PATH",
    "CONTENT_SECURITY_POLICY",
    "DIST_DIR",
    "PAGE_PATH",
    "Playground",
    "wants_html",
]

DIST_DIR = Path(__file__).resolve().parent.parent / "playground" / "dist"
PAGE_PATH = "/playground"
ASSETS_PATH = "/playground/assets"

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


class Playground(BuiltFrontEnd):
    """The playground's page and assets, read from ``dist_dir`` when asked for."""

    not_built = NOT_BUILT

    def __init__(self, dist_dir: Path = DIST_DIR) -> None:
        super().__init__(dist_dir)
