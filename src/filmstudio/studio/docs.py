"""API documentation pages that work offline: Swagger UI at ``/docs``, ReDoc at ``/redoc``.

FastAPI's own pages load their JavaScript from a CDN, so they are blank without a network.
Here the assets come from an installed package (``fastapi-standalone-docs`` ships Swagger UI 5
and ReDoc 2) and are served by the studio under ``/docs/assets``. Swagger UI 5 is needed
because the document is OpenAPI 3.1, which Swagger UI 4 (``swagger-ui-bundle``) cannot show.
"""

from __future__ import annotations

import html
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

ASSETS_PATH = "/docs/assets"

#: The files each page loads, relative to the package's ``static`` folder.
SWAGGER_FILES = ("swagger/swagger-ui-bundle.js", "swagger/swagger-ui.css")
REDOC_FILES = ("redoc/redoc.standalone.js",)


def assets_dir() -> Path | None:
    """The folder of the packaged Swagger UI and ReDoc files, or None when not installed."""
    try:
        folder = resources.files("fastapi_standalone_docs") / "static"
    except ModuleNotFoundError:
        return None
    path = Path(str(folder))
    wanted = (*SWAGGER_FILES, *REDOC_FILES)
    return path if all((path / name).is_file() for name in wanted) else None


def swagger_page(title: str, openapi_url: str) -> str:
    """Swagger UI for `openapi_url`, every asset from this studio."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} – API</title>
<link rel="stylesheet" href="{ASSETS_PATH}/swagger/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS_PATH}/swagger/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({{
  url: {openapi_url!r},
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
}});
</script>
</body>
</html>
"""


def redoc_page(title: str, openapi_url: str) -> str:
    """ReDoc for `openapi_url` (no web fonts: they would come from a CDN)."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} – API reference</title>
<style>body {{ margin: 0; padding: 0; }}</style>
</head>
<body>
<redoc spec-url="{html.escape(openapi_url)}" disable-search="false"></redoc>
<script src="{ASSETS_PATH}/redoc/redoc.standalone.js"></script>
</body>
</html>
"""


def install(app: FastAPI) -> bool:
    """Serve /docs and /redoc from packaged assets; False (and no pages) when the package is
    missing, so FastAPI's CDN pages are never served instead. The app must be created with
    ``docs_url=None, redoc_url=None``."""
    folder = assets_dir()
    if folder is None:
        return False
    title, openapi_url = app.title, app.openapi_url or "/openapi.json"
    app.mount(ASSETS_PATH, StaticFiles(directory=folder), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return HTMLResponse(swagger_page(title, openapi_url))

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return HTMLResponse(redoc_page(title, openapi_url))

    return True
