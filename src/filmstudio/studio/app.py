"""The FastAPI application: ``/api/v1`` routers, ``/health``, ``/metrics``, OpenAPI at ``/docs``.

`create_app` takes Settings (or a ready Studio, in tests) and, unless told otherwise, runs a
queue consumer and the recovery sweep inside the API process: one command serves everything.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.core import Metric
from sqlalchemy import func, select, text
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.sessions import SessionMiddleware

from filmstudio.studio import contract, docs, frontend, problems
from filmstudio.studio.accounts import api as accounts_api
from filmstudio.studio.accounts import security_api
from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.oauth import build_oauth
from filmstudio.studio.admin import api as admin_api
from filmstudio.studio.admin import audit_api
from filmstudio.studio.billing import api as billing_api
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.contract import Link
from filmstudio.studio.credits import api as credits_api
from filmstudio.studio.errors import Unauthorized
from filmstudio.studio.graphql.router import router as graphql_router
from filmstudio.studio.jobs import api as jobs_api
from filmstudio.studio.jobs.models import JOB_STATES, Job
from filmstudio.studio.jobs.renderer import Renderer
from filmstudio.studio.jobs.worker import WorkerService
from filmstudio.studio.notify import dev_outbox
from filmstudio.studio.observe import Metrics, ObserveMiddleware, gauge
from filmstudio.studio.privacy import api as privacy_api
from filmstudio.studio.projects import api as projects_api
from filmstudio.studio.projects import editor
from filmstudio.studio.publishing import api as publishing_api
from filmstudio.studio.ratelimit import RateLimitMiddleware
from filmstudio.studio.settings import Settings
from filmstudio.studio.telemetry import metrics as telemetry_metrics
from filmstudio.studio.telemetry import tracing

log = logging.getLogger("filmstudio.app")

API_PREFIX = "/api/v1"
GRAPHQL_PATH = "/graphql"
#: What the rate limit covers: the REST API and GraphQL (one query may cost many REST calls).
RATE_LIMITED = (API_PREFIX + "/", GRAPHQL_PATH)

#: Signed file links and Stripe's webhook: not rate limited (a player seeks with many requests).
RATE_EXEMPT = tuple(
    API_PREFIX + path
    for path in ("/projects/media/", "/projects/samples/", "/downloads/file/", "/billing/webhook")
)


def rate_limited(path: str) -> bool:
    """Whether the rate limit applies to `path` (RateLimitMiddleware's rule, for the docs)."""
    return path.startswith(RATE_LIMITED) and not path.startswith(RATE_EXEMPT)


def _links() -> tuple[Link, ...]:
    """Create project -> get/patch/delete/submit it; submit -> the job's status and cancel."""
    project = API_PREFIX + "/projects/{project_id}"
    job = API_PREFIX + "/jobs/{job_id}"
    created = ("POST", API_PREFIX + "/projects", 201)
    submitted = ("POST", API_PREFIX + "/jobs/submit", 202)
    by_project = (("project_id", "$response.body#/id"),)
    by_job = (("job_id", "$response.body#/id"),)
    return (
        Link(created, "GetProject", ("GET", project), by_project),
        Link(created, "UpdateProject", ("PATCH", project), by_project),
        Link(created, "DeleteProject", ("DELETE", project), by_project),
        Link(created, "SubmitProject", ("POST", API_PREFIX + "/jobs/submit"), body=by_project),
        Link(submitted, "GetJob", ("GET", job), by_job),
        Link(submitted, "GetJobStatus", ("GET", job + "/status"), by_job),
        Link(submitted, "CancelJob", ("DELETE", job + "/cancel"), by_job),
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


def _metrics_allowed(settings: Settings, request: Request) -> None:
    """Metrics name accounts and jobs: the scrape token when one is configured, else only a
    scraper on this machine (loopback)."""
    if settings.metrics_token:
        given = request.headers.get("authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {settings.metrics_token}".encode()):
            return
        raise Unauthorized(
            "Metrics need the scrape token: Authorization: Bearer <FILMSTUDIO_METRICS_TOKEN>.",
            code="metrics_token_needed",
        )
    host = request.client.host if request.client else ""
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise Unauthorized(
        "Metrics are served to this machine only; set FILMSTUDIO_METRICS_TOKEN to scrape "
        "them from elsewhere (Authorization: Bearer <token>).",
        code="metrics_token_needed",
    )


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
    async def lifespan(running: FastAPI) -> AsyncIterator[None]:
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
            running.state.tracing.close()
            if owns_studio:
                studio.close()

    app = FastAPI(
        title="AI Film Studio",
        version="1.0.0",
        description="Turn a short script into a finished film. All endpoints are under /api/v1.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.studio = studio
    app.state.metrics = metrics
    app.state.work_metrics = telemetry_metrics.install(
        metrics.registry, metrics.add_collector, studio.db.read_session, {"data": settings.data_dir}
    )
    app.state.tracing = tracing.setup(
        tracing.TracingSettings(), app=app, engines=(studio.db.engine,)
    )
    app.state.worker = worker
    app.state.outbox = outbox
    app.state.oauth = build_oauth(settings)
    metrics.add_collector(lambda: _studio_metrics(studio))

    problems.install(app)
    contract.install(app, limited=rate_limited, links=_links())
    # Each request is matched against the routes in this order, one by one (FastAPI's
    # included routers do not skip by prefix), so the busiest come first: the job and
    # project routes. No two routers here serve the same path, so the order changes no
    # answer (only the order of the paths in the OpenAPI document).
    for router in (
        jobs_api.router,
        projects_api.router,
        accounts_api.auth,
        accounts_api.users,
        security_api.router,
        editor.router,
        credits_api.router,
        admin_api.router,
        audit_api.router,
        dev_outbox.router,
        publishing_api.router,
        billing_api.router,
        privacy_api.router,
    ):
        app.include_router(router, prefix=API_PREFIX)  # flat: nested routers match slower

    @app.get("/health", tags=["service"], responses=contract.answers(503))
    def health() -> JSONResponse:
        """Whether the database, queue, cache and storage answer."""
        body, code = _health(studio)
        return JSONResponse(body, status_code=code)

    @app.get(
        "/metrics",
        tags=["service"],
        response_class=Response,
        responses={
            200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus metrics."},
            **contract.answers(401),
        },
    )
    def prometheus(request: Request) -> Response:
        """Prometheus metrics: with the scrape token, or from this machine."""
        _metrics_allowed(settings, request)
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    # before the web UI's catch-all mount at "/"; not in the REST schema (GraphQL has its own)
    app.include_router(graphql_router, prefix=GRAPHQL_PATH, include_in_schema=False)
    docs.install(app)
    web = frontend.web_dir(settings.web_dir)
    if web is not None:
        app.router.routes.append(frontend.web_mount(web, API_PREFIX + "/"))
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
        tokens=studio.tokens,
        prefix=RATE_LIMITED,
        exempt=RATE_EXEMPT,
    )
    app.add_middleware(ObserveMiddleware, metrics=metrics)
    return app
