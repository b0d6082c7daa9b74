"""The FastAPI application: ``/api/v1`` routers, ``/health``, ``/metrics``, OpenAPI at ``/docs``.

`create_app` takes Settings (or a ready Studio, in tests) and, unless told otherwise, runs a
queue consumer and the recovery sweep inside the API process: one command serves everything.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.core import Metric
from sqlalchemy import func, select, text
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from filmstudio.studio.accounts import api as accounts_api
from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.oauth import build_oauth
from filmstudio.studio.admin import api as admin_api
from filmstudio.studio.billing import api as billing_api
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.credits import api as credits_api
from filmstudio.studio.errors import StudioError
from filmstudio.studio.jobs import api as jobs_api
from filmstudio.studio.jobs.models import JOB_STATES, Job
from filmstudio.studio.jobs.renderer import Renderer
from filmstudio.studio.jobs.worker import WorkerService
from filmstudio.studio.observe import Metrics, ObserveMiddleware, gauge
from filmstudio.studio.projects import api as projects_api
from filmstudio.studio.publishing import api as publishing_api
from filmstudio.studio.ratelimit import RateLimitMiddleware
from filmstudio.studio.settings import Settings

log = logging.getLogger("filmstudio.app")

API_PREFIX = "/api/v1"


def _validation_detail(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("body", "query", "path"))
        message = str(item.get("msg", "is not valid"))
        parts.append(f"{where}: {message}" if where else message)
    return "The request is not valid: " + "; ".join(parts) + "."


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StudioError)
    async def studio_error(_: Request, error: StudioError) -> JSONResponse:
        return JSONResponse(
            {"detail": error.detail}, status_code=error.status_code, headers=error.headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in error.errors()
        ]
        return JSONResponse(
            {"detail": _validation_detail(error), "errors": errors}, status_code=422
        )


def _studio_metrics(studio: Studio) -> Iterable[Metric]:
    with studio.db.read_session() as session:
        by_status = dict(
            session.execute(select(Job.status, func.count()).group_by(Job.status)).all()
        )
        users = session.scalar(select(func.count()).where(User.deleted_at.is_(None))) or 0
    yield gauge(
        "filmstudio_jobs", "Jobs by state.", {s: by_status.get(s, 0) for s in JOB_STATES}, "status"
    )
    yield gauge("filmstudio_users", "Accounts that are not deleted.", {"all": users}, "scope")
    try:
        depth = studio.queue.depth()
    except Exception:
        depth = -1
    yield gauge(
        "filmstudio_queue_messages", "Messages in the queue backend.", {"all": depth}, "scope"
    )


def _health(studio: Studio) -> tuple[dict[str, Any], int]:
    checks: dict[str, bool] = {}
    try:
        with studio.db.read_session() as session:
            session.execute(text("SELECT 1"))
        checks["database"] = True
    except Exception:
        checks["database"] = False
    checks["queue"] = studio.queue.ping()
    checks["cache"] = studio.cache.ping()
    checks["storage"] = studio.storage.ping()
    healthy = all(checks.values())
    return {"status": "ok" if healthy else "degraded", **checks}, 200 if healthy else 503


class SinglePageApp(StaticFiles):
    """The web UI's files; any other page path gets index.html (the UI routes it)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or path.startswith(("api/", "api")):
                raise
            return await super().get_response("index.html", scope)


def create_app(
    settings: Settings | None = None,
    *,
    studio: Studio | None = None,
    run_worker: bool | None = None,
    renderer: Renderer | None = None,
) -> FastAPI:
    """The studio's web application.

    `studio` lets tests share one set of services with their own code; `run_worker`
    (default: ``settings.embedded_worker``) starts a consumer in this process.
    """
    owns_studio = studio is None
    studio = studio or build_studio(settings)
    settings = studio.settings
    embedded = settings.embedded_worker if run_worker is None else run_worker
    metrics = Metrics()
    worker = WorkerService(studio, renderer) if embedded else None
    outbox = studio.outbox_loop() if settings.mail.outbox_enabled else None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if worker is not None:
            worker.start()
        if outbox is not None:
            outbox.start()
        log.info("studio started", extra={"worker": embedded, "outbox": outbox is not None})
        try:
            yield
        finally:
            if outbox is not None:
                outbox.stop()
            if worker is not None:
                worker.stop()
            if owns_studio:
                studio.close()

    app = FastAPI(
        title="AI Film Studio",
        version="1.0.0",
        description="Turn a short script into a finished film. All endpoints are under /api/v1.",
        lifespan=lifespan,
    )
    app.state.studio = studio
    app.state.metrics = metrics
    app.state.worker = worker
    app.state.outbox = outbox
    app.state.oauth = build_oauth(settings)
    metrics.add_collector(lambda: _studio_metrics(studio))

    _install_error_handlers(app)
    for router in (
        accounts_api.auth,
        accounts_api.users,
        projects_api.router,
        credits_api.router,
        jobs_api.router,
        admin_api.router,
        publishing_api.router,
        billing_api.router,
    ):
        app.include_router(router, prefix=API_PREFIX)  # flat: nested routers match slower

    @app.get("/health", tags=["service"])
    def health() -> JSONResponse:
        """Whether the database, queue, cache and storage answer."""
        body, code = _health(studio)
        return JSONResponse(body, status_code=code)

    @app.get("/metrics", tags=["service"], response_class=Response)
    def prometheus() -> Response:
        """Prometheus metrics."""
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    if settings.web_dir is not None and (settings.web_dir / "index.html").is_file():
        app.mount("/", SinglePageApp(directory=settings.web_dir, html=True), name="web")
    else:

        @app.get("/", include_in_schema=False)
        def home() -> RedirectResponse:
            return RedirectResponse("/docs")

    if settings.google_client_id or settings.github_client_id:
        app.add_middleware(
            SessionMiddleware,
            secret_key=settings.signing_key,
            same_site="lax",
            https_only=settings.public_url.startswith("https"),
        )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.add_middleware(
        RateLimitMiddleware,
        limiter=studio.limiter,
        signing_key=settings.signing_key,
        prefix=API_PREFIX + "/",
        exempt=tuple(
            API_PREFIX + path
            for path in (
                "/projects/media/",
                "/projects/samples/",
                "/downloads/file/",
                "/billing/webhook",
            )
        ),
    )
    app.add_middleware(ObserveMiddleware, metrics=metrics)
    return app
