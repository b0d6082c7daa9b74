"""The operations metrics: scrape-time figures from a real (SQLite) database, the worker
instruments, the disk and GPU readers, and the exposition Prometheus receives."""

from __future__ import annotations

import socket
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from filmstudio.studio.accounts.models import User
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.db.engine import Database
from filmstudio.studio.db.models import metadata
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.observe import Metrics
from filmstudio.studio.projects.models import Project
from filmstudio.studio.telemetry import metrics as m

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _samples(registry: CollectorRegistry) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = generate_latest(registry).decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(f"sqlite:///{tmp_path / 'studio.db'}")
    metadata.create_all(database.engine)
    return database


def _user(session: object, tier: str, deleted: bool = False) -> User:
    user = User(email=f"{uuid.uuid4().hex}@example.com", tier=tier, credit_reset_date=NOW)
    if deleted:
        user.deleted_at = NOW
    session.add(user)  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    return user


def _job(
    session: object, user: User, status: str, priority: str = "normal", **fields: object
) -> Job:
    project = Project(
        owner_id=user.id, title="t", script="s", style="cartoon", duration=30, voice="v", music="m"
    )
    session.add(project)  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    job = Job(
        user_id=user.id,
        project_id=project.id,
        project_version=1,
        status=status,
        priority=priority,
        request={},
        **fields,
    )
    session.add(job)  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    return job


def test_database_figures_count_queue_stalls_credits_tiers(db: Database) -> None:
    with db.transaction() as session:
        free, pro = _user(session, "free"), _user(session, "pro")
        _user(session, "pro", deleted=True)
        for priority in ("high", "normal", "normal", "low"):
            _job(session, free, "queued", priority)
        _job(session, pro, "processing", heartbeat_at=NOW - timedelta(seconds=5))
        _job(session, pro, "processing", heartbeat_at=NOW - timedelta(seconds=300))
        _job(session, pro, "processing", started_at=NOW - timedelta(seconds=90))
        done = _job(session, pro, "completed")
        _job(session, free, "completed")
        _job(session, free, "failed")
        for amount, kind in ((-3, "deduct"), (-2, "deduct"), (2, "refund"), (100, "grant")):
            session.add(
                CreditTransaction(
                    user_id=pro.id, amount=amount, balance_after=0, kind=kind, job_id=done.id
                )
            )
    metrics = Metrics()
    metrics.add_collector(lambda: m.database_figures(db.read_session, now=NOW))
    got = _samples(metrics.registry)
    assert got[(m.DATABASE_UP, ())] == 1
    assert got[(m.QUEUE_DEPTH, (("priority", "high"),))] == 1
    assert got[(m.QUEUE_DEPTH, (("priority", "normal"),))] == 2
    assert got[(m.QUEUE_DEPTH, (("priority", "low"),))] == 1
    assert got[(m.JOBS_STALLED, ())] == 2  # the 300 s-old heartbeat and the silent start
    assert got[(m.CREDITS_SPENT, ())] == 3  # 5 deducted, 2 refunded; grants are not spending
    assert got[(m.USERS_BY_TIER, (("tier", "pro"),))] == 1  # the deleted one is not counted
    assert got[(m.USERS_BY_TIER, (("tier", "enterprise"),))] == 0
    assert got[(m.FILMS_COMPLETED, (("tier", "free"),))] == 1
    assert got[(m.FILMS_COMPLETED, (("tier", "pro"),))] == 1


def test_database_down_reports_only_up_zero(tmp_path: Path) -> None:
    missing = Database(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'x.db'}")
    families = list(m.database_figures(missing.read_session))
    assert [f.name for f in families] == [m.DATABASE_UP]
    assert families[0].samples[0].value == 0


def test_work_metrics_durations_outcomes_heartbeat_cache() -> None:
    registry = CollectorRegistry()
    work = m.WorkMetrics(registry, pool="gpu")
    work.job_finished("completed", 42.0)
    work.job_finished("completed", 400.0)
    work.job_finished("failed", 3.0)
    work.beat(now=1_800_000_000.0)
    for hit in (True, True, True, False):
        work.cache_lookup("stage", hit)
    got = _samples(registry)
    done = (("outcome", "completed"), ("pool", "gpu"))
    assert got[(m.JOB_OUTCOMES, done)] == 2
    assert got[(m.JOB_DURATION + "_sum", done)] == 442.0
    assert got[(m.JOB_DURATION + "_bucket", (("le", "60.0"), *done))] == 1
    assert got[(m.HEARTBEAT, (("pool", "gpu"), ("worker", work.worker)))] == 1_800_000_000.0
    assert got[(m.CACHE_REQUESTS, (("cache", "stage"), ("result", "miss")))] == 1
    assert got[(m.CACHE_REQUESTS, (("cache", "stage"), ("result", "hit")))] == 3
    with pytest.raises(ValueError, match="Unknown job outcome"):
        work.job_finished("exploded", 1.0)


def test_disk_figures_report_the_share_in_use(tmp_path: Path) -> None:
    ratio, used = m.disk_figures({"data": tmp_path, "gone": tmp_path / "missing"})
    assert [s.labels["volume"] for s in ratio.samples] == ["data"]
    assert 0 < ratio.samples[0].value < 1
    assert used.samples[0].value > 0


def test_nvidia_smi_output_is_parsed_and_no_gpu_means_no_figures(tmp_path: Path) -> None:
    out = "0, 87, 20480, 81920\n1, [N/A], 0, 81920\n"
    assert m.parse_nvidia_smi(out) == [("0", 0.87, 0.25)]
    fake = tmp_path / "nvidia-smi"
    fake.write_text("#!/bin/sh\nprintf '0, 50, 1024, 4096\\n'\n")
    fake.chmod(0o755)
    util, memory = m.gpu_figures(str(fake))
    assert util.samples[0].value == 0.5 and memory.samples[0].value == 0.25
    assert list(m.gpu_figures(str(tmp_path / "absent"))) == []


def test_install_registers_everything_on_the_apps_metrics(db: Database, tmp_path: Path) -> None:
    metrics = Metrics()
    work = m.install(
        metrics.registry, metrics.add_collector, db.read_session, {"data": tmp_path}, pool="cpu"
    )
    work.beat()
    names = {name for name, _ in _samples(metrics.registry)}
    for name in (m.DATABASE_UP, m.QUEUE_DEPTH, m.DISK_USED_RATIO, m.HEARTBEAT):
        assert name in names


def test_a_worker_serves_its_own_metrics_with_its_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("FILMSTUDIO_WORKER_METRICS_PORT", str(port))
    monkeypatch.setenv("FILMSTUDIO_WORKER_POOL", "gpu")
    work = m.start_worker_metrics({"data": tmp_path})
    work.job_finished("failed", 12.0)
    work.beat()
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    assert f'{m.JOB_OUTCOMES}{{outcome="failed",pool="gpu"}} 1.0' in text
    assert f'{m.DISK_USED_RATIO}{{volume="data"}}' in text
    assert m.QUEUE_DEPTH not in text  # database figures are the API's to report
