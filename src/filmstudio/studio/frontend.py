"""The built web UI, served at ``/`` by ``filmstudio serve`` with nothing to configure.

Where it is found, first match wins: ``FILMSTUDIO_WEB_DIR``; the copy shipped inside the
installed package (``filmstudio/studio/webui``, put there when the wheel is built, see
`webui_build.py`); the ``web/dist`` of the checkout this module runs from (``make`` builds it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

#: The UI shipped inside the package (a wheel's copy of web/dist).
PACKAGED = Path(__file__).resolve().parent / "webui"
#: The UI built in a checkout: <repo>/web/dist beside <repo>/src/filmstudio/studio.
CHECKOUT = Path(__file__).resolve().parents[3] / "web" / "dist"


def web_dir(configured: Path | None) -> Path | None:
    """The folder of the built UI (it holds index.html), or None when there is none."""
    candidates = [configured] if configured is not None else [PACKAGED, CHECKOUT]
    for folder in candidates:
        if (folder / "index.html").is_file():
            return folder
    return None


class SinglePageApp(StaticFiles):
    """The web UI's files; any other page path gets index.html (the UI routes it)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or path.startswith(("api/", "api")):
                raise
            return await super().get_response("index.html", scope)


class _WebMount(Mount):
    """A mount at ``/`` that leaves API paths alone, so an API path with the wrong method
    still gets the API's 405 (with its true Allow) and an unknown one the API's 404, not
    the static files' answers."""

    def __init__(self, *args: Any, api_prefix: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.api_prefix = api_prefix

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and scope["path"].startswith(self.api_prefix):
            return Match.NONE, {}
        return super().matches(scope)


def web_mount(folder: Path, api_prefix: str) -> Mount:
    """The route that serves the UI in `folder` at ``/`` (add it after every other route)."""
    return _WebMount(
        "/", SinglePageApp(directory=folder, html=True), name="web", api_prefix=api_prefix
    )
