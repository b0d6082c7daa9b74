"""The built web UI, served at ``/`` by ``filmstudio serve`` with nothing to configure.

Where it is found, first match wins: ``FILMSTUDIO_WEB_DIR``; the copy shipped inside the
installed package (``filmstudio/studio/webui``, put there when the wheel is built, see
`webui_build.py`); the ``web/dist`` of the checkout this module runs from (``make`` builds it).
"""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import Response
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
