"""The metrics the blueprint's alerts and dashboards need, beyond the HTTP ones in
``studio/observe.py``.

Two kinds, because the studio runs as many processes on many machines:

* figures read from the database (or the disk, or ``nvidia-smi``) when Prometheus scrapes:
  queue depth per priority, stalled jobs, credits spent, accounts and films per tier, database
  up, disk use, GPU use. Any API replica reports the same truth, whichever worker did the work.
* instruments a worker process updates as it works (:class:`WorkMetrics`): job durations and
  outcomes, its heartbeat, cache hits and misses. A worker without an HTTP server exposes them
  with :func:`serve_worker_metrics`.

Wiring (for ``studio/app.py`` and the worker command)::

    # app.py (API):  work = install(metrics.registry, metrics.add_collector,
    #                               studio.db.read_session, {"data": settings.data_dir})
    # worker command: work = start_worker_metrics({"data": settings.data_dir})

The worker (``jobs/worker.py``) updates the instruments `install` made last in its process
(or the ones it is given): ``job_finished`` where an attempt ends, ``beat`` from its heartbeat
and idle loops, ``attempts_lost`` from the recovery sweep; a renderer reports its stage-cache
lookups with :func:`record_cache_lookups`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess  # nosec B404 - runs nvidia-smi only, fixed arguments
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from filmstudio.studio.accounts.models import User
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.queue import PRIORITIES

# One source for every name the alerts and dashboards use (the HTTP two come from observe.py).
HTTP_REQUESTS = "filmstudio_http_requests_total"
HTTP_LATENCY = "filmstudio_http_request_duration_seconds"
JOBS = "filmstudio_jobs"
QUEUE_DEPTH = "filmstudio_queue_depth"
JOBS_STALLED = "filmstudio_jobs_stalled"
JOB_DURATION = "filmstudio_job_duration_seconds"
JOB_OUTCOMES = "filmstudio_job_outcomes_total"
HEARTBEAT = "filmstudio_worker_heartbeat_timestamp_seconds"
CACHE_REQUESTS = "filmstudio_cache_requests_total"
CREDITS_SPENT = "filmstudio_credits_spent_total"
USERS_BY_TIER = "filmstudio_users_by_tier"
FILMS_COMPLETED = "filmstudio_films_completed_total"
DATABASE_UP = "filmstudio_database_up"
DISK_USED_RATIO = "filmstudio_disk_used_ratio"
DISK_USED_BYTES = "filmstudio_disk_used_bytes"
GPU_UTILISATION = "filmstudio_gpu_utilization_ratio"
GPU_MEMORY = "filmstudio_gpu_memory_used_ratio"

TIERS = ("free", "pro", "enterprise")
#: Ledger kinds that spend credits (a film's charge, an API deduction) or give them back.
SPENDING_KINDS = ("job", "deduct", "refund")
OUTCOMES = ("completed", "failed", "cancelled", "retried")
#: A processing job whose worker has not written a heartbeat for this long is stalled.
STALL_SECONDS = 60
#: Buckets from a one-line 30 s preview to a 10-minute (timeout) film.
JOB_BUCKETS = (5, 15, 30, 60, 120, 180, 300, 450, 600, 900)

SessionFactory = Callable[[], AbstractContextManager[Session]]


def worker_name() -> str:
    """This process's name in the heartbeat metric (host and pid: pods restart, pids repeat)."""
    return f"{socket.gethostname()}-{os.getpid()}"


class WorkMetrics:
    """Instruments a worker (or an API with an embedded worker) updates while it works."""

    def __init__(self, registry: CollectorRegistry, pool: str = "cpu") -> None:
        self.pool = pool
        self.worker = worker_name()
        self.duration = Histogram(
            JOB_DURATION,
            "Wall time of one render attempt, by outcome and worker pool.",
            ["outcome", "pool"],
            buckets=JOB_BUCKETS,
            registry=registry,
        )
        self.outcomes = Counter(
            JOB_OUTCOMES,
            "Render attempts finished, by outcome (retried = failed and queued again).",
            ["outcome", "pool"],
            registry=registry,
        )
        self.heartbeat = Gauge(
            HEARTBEAT,
            "Unix time of the worker's last heartbeat.",
            ["worker", "pool"],
            registry=registry,
        )
        self.cache = Counter(
            CACHE_REQUESTS,
            "Cache lookups, by cache and result (hit or miss).",
            ["cache", "result"],
            registry=registry,
        )

    def job_finished(self, outcome: str, seconds: float) -> None:
        """Count one finished render attempt (call once per attempt, whatever happened)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"Unknown job outcome {outcome!r}: use one of {', '.join(OUTCOMES)}.")
        self.duration.labels(outcome, self.pool).observe(max(seconds, 0.0))
        self.outcomes.labels(outcome, self.pool).inc()

    def beat(self, now: float | None = None) -> None:
        """Say this worker is alive (the heartbeat thread calls it every round)."""
        self.heartbeat.labels(self.worker, self.pool).set(time.time() if now is None else now)

    def cache_lookup(self, cache: str, hit: bool) -> None:
        """Count one lookup in `cache` (``stage``, ``api``...)."""
        self.cache.labels(cache, "hit" if hit else "miss").inc()

    def cache_lookups(self, cache: str, hits: int, misses: int) -> None:
        """Count a render's lookups in `cache` at once (the engine counts them as it goes)."""
        if hits:
            self.cache.labels(cache, "hit").inc(hits)
        if misses:
            self.cache.labels(cache, "miss").inc(misses)

    def attempts_lost(self, outcome: str, count: int = 1) -> None:
        """Count attempts the recovery sweep settled for a worker that died (no duration:
        nobody saw them end)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"Unknown job outcome {outcome!r}: use one of {', '.join(OUTCOMES)}.")
        if count:
            self.outcomes.labels(outcome, self.pool).inc(count)


#: The instruments `install` last made in this process (what a worker updates by default).
_active: WorkMetrics | None = None
#: The instruments of the job running in this thread (set by the worker around a render).
_job_metrics: ContextVar[WorkMetrics | None] = ContextVar("job_metrics", default=None)


def active() -> WorkMetrics | None:
    """The instruments `install` (or `start_worker_metrics`) last made in this process."""
    return _active


@contextlib.contextmanager
def job_metrics(metrics: WorkMetrics | None) -> Iterator[None]:
    """Make `metrics` the ones `record_cache_lookups` updates while a job runs here."""
    token = _job_metrics.set(metrics)
    try:
        yield
    finally:
        _job_metrics.reset(token)


def record_cache_lookups(cache: str, hits: int, misses: int) -> None:
    """A renderer reports its cache lookups (``FilmResult.cache_hits``/``cache_misses``) to the
    running job's worker metrics; nothing happens where no metrics are installed."""
    metrics = _job_metrics.get() or _active
    if metrics is not None:
        metrics.cache_lookups(cache, hits, misses)


def _labelled(family: GaugeMetricFamily | CounterMetricFamily, values: Mapping[str, float]) -> Any:
    for key, value in values.items():
        family.add_metric([key], value)
    return family


def database_figures(sessions: SessionFactory, now: datetime | None = None) -> Iterable[Metric]:
    """Queue depth per priority, stalled jobs, credits spent, users and films per tier, and
    whether the database answers at all (then nothing else is reported)."""
    up = GaugeMetricFamily(DATABASE_UP, "1 when the database answers a query, else 0.")
    try:
        with sessions() as session:
            session.execute(text("SELECT 1"))
            rows = _database_rows(session, now or datetime.now(UTC))
    except Exception:
        up.add_metric([], 0)
        return [up]
    up.add_metric([], 1)
    queued, stalled, spent, users, films = rows
    depth = GaugeMetricFamily(
        QUEUE_DEPTH, "Jobs waiting to render, by priority.", labels=["priority"]
    )
    tiers = GaugeMetricFamily(USERS_BY_TIER, "Accounts (not deleted) by tier.", labels=["tier"])
    done = CounterMetricFamily(FILMS_COMPLETED, "Films rendered, by tier.", labels=["tier"])
    stalled_family = GaugeMetricFamily(
        JOBS_STALLED, f"Processing jobs without a heartbeat for {STALL_SECONDS} s."
    )
    stalled_family.add_metric([], stalled)
    credits = CounterMetricFamily(CREDITS_SPENT, "Credits spent on renders, net of refunds.")
    credits.add_metric([], spent)
    return [
        up,
        _labelled(depth, {p: queued.get(p, 0) for p in PRIORITIES}),
        stalled_family,
        credits,
        _labelled(tiers, {t: users.get(t, 0) for t in TIERS}),
        _labelled(done, {t: films.get(t, 0) for t in TIERS}),
    ]


def _database_rows(
    session: Session, now: datetime
) -> tuple[dict[str, int], int, int, dict[str, int], dict[str, int]]:
    queued = dict(
        session.execute(
            select(Job.priority, func.count()).where(Job.status == "queued").group_by(Job.priority)
        ).all()
    )
    stale = now - timedelta(seconds=STALL_SECONDS)
    beat = func.coalesce(Job.heartbeat_at, Job.started_at)
    stalled = session.scalar(select(func.count()).where(Job.status == "processing", beat < stale))
    spent = session.scalar(
        select(func.coalesce(func.sum(CreditTransaction.amount), 0)).where(
            CreditTransaction.kind.in_(SPENDING_KINDS)
        )
    )
    users = dict(
        session.execute(
            select(User.tier, func.count()).where(User.deleted_at.is_(None)).group_by(User.tier)
        ).all()
    )
    films = dict(
        session.execute(
            select(User.tier, func.count())
            .join(Job, Job.user_id == User.id)
            .where(Job.status == "completed")
            .group_by(User.tier)
        ).all()
    )
    return queued, int(stalled or 0), -int(spent or 0), users, films


def disk_figures(volumes: Mapping[str, Path]) -> Iterable[Metric]:
    """How full each named volume is (the data folder, the render scratch)."""
    ratio = GaugeMetricFamily(DISK_USED_RATIO, "Share of the volume in use.", labels=["volume"])
    used = GaugeMetricFamily(DISK_USED_BYTES, "Bytes in use on the volume.", labels=["volume"])
    for name, path in volumes.items():
        try:
            usage = shutil.disk_usage(path)
        except OSError:
            continue
        ratio.add_metric([name], usage.used / usage.total if usage.total else 0.0)
        used.add_metric([name], usage.used)
    return [ratio, used]


def parse_nvidia_smi(output: str) -> list[tuple[str, float, float]]:
    """``index, utilization.gpu, memory.used, memory.total`` lines -> (gpu, util, memory)."""
    gpus = []
    for line in output.strip().splitlines():
        fields = [part.strip() for part in line.split(",")]
        if len(fields) != 4:
            continue
        try:
            util, used, total = (float(value) for value in fields[1:])
        except ValueError:
            continue  # "[N/A]" on some boards
        gpus.append((fields[0], util / 100, used / total if total else 0.0))
    return gpus


def gpu_figures(smi: str | None = None) -> Iterable[Metric]:
    """GPU and GPU memory use from ``nvidia-smi``; nothing at all where there is no GPU."""
    smi = smi or shutil.which("nvidia-smi")
    if not smi:
        return []
    query = "--query-gpu=index,utilization.gpu,memory.used,memory.total"
    try:
        done = subprocess.run(  # nosec B603 - fixed arguments, no shell
            [smi, query, "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    util = GaugeMetricFamily(GPU_UTILISATION, "GPU busy share.", labels=["gpu"])
    memory = GaugeMetricFamily(GPU_MEMORY, "GPU memory in use, share.", labels=["gpu"])
    for gpu, busy, used in parse_nvidia_smi(done.stdout):
        util.add_metric([gpu], busy)
        memory.add_metric([gpu], used)
    return [util, memory]


def install(
    registry: CollectorRegistry,
    add_collector: Callable[[Callable[[], Iterable[Metric]]], None],
    sessions: SessionFactory | None,
    volumes: Mapping[str, Path],
    pool: str = "cpu",
) -> WorkMetrics:
    """Register the scrape-time figures and the worker instruments; returns the instruments.

    Pass `sessions` in the API only: every API replica then reports the same database
    figures (the alerts and dashboards take their max, never their sum); workers pass None
    and report what is theirs (jobs, heartbeat, their disk and GPU)."""
    global _active
    if sessions is not None:
        add_collector(lambda: database_figures(sessions))
    add_collector(lambda: [*disk_figures(volumes), *gpu_figures()])
    _active = WorkMetrics(registry, pool)
    return _active


class WorkerTelemetrySettings(BaseSettings):
    """A worker's pool label and metrics port (the Helm chart sets both)."""

    model_config = SettingsConfigDict(env_prefix="FILMSTUDIO_WORKER_", extra="ignore")

    pool: str = "cpu"
    metrics_port: int | None = None


def start_worker_metrics(volumes: Mapping[str, Path]) -> WorkMetrics:
    """The worker command's metrics: its own registry with the disk/GPU figures and the job
    instruments, served on ``FILMSTUDIO_WORKER_METRICS_PORT`` when that is set."""
    settings = WorkerTelemetrySettings()
    registry = CollectorRegistry()

    def add(collect: Callable[[], Iterable[Metric]]) -> None:
        registry.register(_Figures(collect))

    work = install(registry, add, None, volumes, settings.pool)
    if settings.metrics_port is not None:
        start_http_server(settings.metrics_port, addr="0.0.0.0", registry=registry)  # nosec B104
    return work


class _Figures(Collector):
    """Figures computed at scrape time, as a prometheus_client collector."""

    def __init__(self, collect: Callable[[], Iterable[Metric]]) -> None:
        self._collect = collect

    def collect(self) -> Iterable[Metric]:
        return self._collect()
