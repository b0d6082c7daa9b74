"""The studio's commands on the ``filmstudio`` CLI: serve, worker, db, admin.

``register(app)`` adds them to the engine's typer app; ``python -m filmstudio.studio`` runs
them on their own.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import TYPE_CHECKING, Annotated

import typer

from filmstudio.studio.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

db_app = typer.Typer(help="Database migrations (Alembic).", no_args_is_help=True)
admin_app = typer.Typer(help="Administration.", no_args_is_help=True)


def _settings() -> Settings:
    from filmstudio.studio.logs import configure_logging

    settings = Settings()
    configure_logging(settings.log_level, settings.log_json)
    return settings


def _prepare_database(settings: Settings, migrate: bool | None) -> None:
    """Migrate an embedded SQLite database on start; elsewhere insist it is migrated (many
    API processes must not race to migrate a shared database)."""
    from filmstudio.studio.db import migrate as migrations

    url = settings.resolved_database_url
    if migrate is None:
        migrate = url.startswith("sqlite")
    if migrate:
        migrations.upgrade(url)
        return
    if not migrations.is_current(url):
        typer.echo("The database is not up to date: run `filmstudio db upgrade` first.", err=True)
        raise typer.Exit(1)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    worker: Annotated[
        bool, typer.Option("--worker/--no-worker", help="Render jobs in this process too.")
    ] = True,
    migrate: Annotated[
        bool | None,
        typer.Option("--migrate/--no-migrate", help="Apply migrations first (default: SQLite)."),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="API processes sharing the port (uvicorn workers); more than one needs a "
            "shared cache (Redis), which also holds the rate limits.",
        ),
    ] = 1,
) -> None:
    """Start the studio API (and a render worker) on http://HOST:PORT."""
    import uvicorn

    from filmstudio.studio.app import create_app

    settings = _settings()
    if workers > 1 and settings.resolved_cache_url.startswith("memory://"):
        typer.echo(
            "Error: --workers above 1 needs a shared cache: set FILMSTUDIO_QUEUE_URL or "
            "FILMSTUDIO_CACHE_URL to a Redis URL (each process would otherwise cache and "
            "count rate limits on its own).",
            err=True,
        )
        raise typer.Exit(2)
    if (
        settings.database_url
        and not settings.database_url.startswith("sqlite")
        and (not settings.secret_key)
    ):
        typer.echo(
            "Warning: FILMSTUDIO_SECRET_KEY is not set, so this server signs tokens with a key "
            "of its own; every API server of one deployment needs the same key.",
            err=True,
        )
    _prepare_database(settings, migrate)
    typer.echo(
        f"AI Film Studio on http://{host}:{port} (API docs: /docs; data: {settings.data_dir})"
        + (f", {workers} API processes" if workers > 1 else ""),
        err=True,
    )
    if workers > 1:
        # Each process builds its own app from the environment (`worker_app`), migrated once
        # above; the parent only supervises them (uvicorn restarts one that dies).
        os.environ["FILMSTUDIO_EMBEDDED_WORKER"] = "true" if worker else "false"
        uvicorn.run(
            "filmstudio.studio.commands:worker_app",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_config=None,
            access_log=False,
        )
        return
    app = create_app(settings, run_worker=worker)
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)


def worker_app() -> FastAPI:
    """The app of one process of ``serve --workers N`` (settings from the environment)."""
    from filmstudio.studio.app import create_app

    return create_app(_settings())


def worker(
    threads: Annotated[
        int | None, typer.Option(help="Renders at a time (default: settings).")
    ] = None,
) -> None:
    """Run render workers (on this or another machine) against the configured queue."""
    from filmstudio.studio.context import build_studio
    from filmstudio.studio.jobs.worker import WorkerService
    from filmstudio.studio.telemetry import metrics as telemetry_metrics
    from filmstudio.studio.telemetry import tracing

    settings = _settings()
    if threads is not None:
        settings.workers = threads
    _prepare_database(settings, None)
    studio = build_studio(settings)
    # its own figures (jobs, heartbeat, disk, GPU) on FILMSTUDIO_WORKER_METRICS_PORT if set
    work_metrics = telemetry_metrics.start_worker_metrics({"data": settings.data_dir})
    trace = tracing.setup(tracing.TracingSettings(), engines=(studio.db.engine,))
    service = WorkerService(studio, metrics=work_metrics, tracing=trace)
    outbox = studio.outbox_loop() if settings.mail.outbox_enabled else None
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    service.start()
    if outbox is not None:
        outbox.start()  # e-mail and CRM deliveries, beside the renders
    typer.echo(f"Worker running {settings.workers} render(s) at a time; Ctrl+C stops it.", err=True)
    stop.wait()
    typer.echo("Stopping: running renders go back on the queue.", err=True)
    if outbox is not None:
        outbox.stop()
    service.stop()
    trace.close()
    studio.close()


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply migrations up to REVISION (the latest by default)."""
    from filmstudio.studio.db import migrate as migrations

    settings = _settings()
    migrations.upgrade(settings.resolved_database_url, revision)
    typer.echo(f"Database at {migrations.current(settings.resolved_database_url) or 'base'}.")


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="Target revision.")]) -> None:
    """Undo migrations down to REVISION (``base`` empties the database)."""
    from filmstudio.studio.db import migrate as migrations

    settings = _settings()
    migrations.downgrade(settings.resolved_database_url, revision)
    typer.echo(f"Database at {migrations.current(settings.resolved_database_url) or 'base'}.")


@db_app.command("current")
def db_current() -> None:
    """Show the database's revision."""
    from filmstudio.studio.db import migrate as migrations

    typer.echo(migrations.current(_settings().resolved_database_url) or "base (empty)")


@db_app.command("check")
def db_check() -> None:
    """Fail if the models have changes no migration covers."""
    from alembic.util.exc import CommandError

    from filmstudio.studio.db import migrate as migrations

    try:
        migrations.check(_settings().resolved_database_url)
    except CommandError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    typer.echo("No changes: the migrations match the models.")


@admin_app.command("create")
def admin_create(
    email: Annotated[str, typer.Argument(help="The admin's e-mail address.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, help="At least 8 characters."
        ),
    ],
    name: Annotated[str, typer.Option(help="Display name.")] = "",
) -> None:
    """Create an administrator (or make an existing account one, with this password)."""
    from email_validator import EmailNotValidError, validate_email

    from filmstudio.studio.accounts.admin import create_admin

    try:
        address = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(2) from error
    if not 8 <= len(password) <= 128:
        typer.echo("Error: the password must have 8–128 characters.", err=True)
        raise typer.Exit(2)
    settings = _settings()
    _prepare_database(settings, None)
    created = create_admin(settings, address, password, name)
    typer.echo(f"{'Created' if created else 'Promoted'} admin {address.lower()}.")


@admin_app.command("reset-mfa")
def admin_reset_mfa(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
) -> None:
    """Reset two-step login for an account that lost its authenticator and codes.

    Its logins end, and its next login sets two-step login up again (admins must)."""
    from filmstudio.studio.accounts.admin import reset_mfa

    settings = _settings()
    _prepare_database(settings, None)
    if not reset_mfa(settings, email):
        typer.echo(f"Error: no account has the address {email}.", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"Two-step login reset for {email.strip().lower()}: its logins ended, and the next "
        "login sets two-step login up again."
    )


def register(app: typer.Typer) -> None:
    """Add the studio's commands to the `filmstudio` CLI."""
    app.command()(serve)
    app.command()(worker)
    app.add_typer(db_app, name="db")
    app.add_typer(admin_app, name="admin")


def main() -> None:
    """``python -m filmstudio.studio``: the studio's commands without the engine's."""
    app = typer.Typer(
        name="filmstudio-studio",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    register(app)
    app()
