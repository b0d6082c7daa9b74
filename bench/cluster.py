"""Benchmark: a multi-machine rehearsal on one machine.

nginx (``deploy/rehearsal/nginx.conf``) in front of 2 API processes (``filmstudio serve
--no-worker``), 2 render workers (``filmstudio worker``), PostgreSQL (a database of its own,
dropped afterwards), Redis (a db number and key prefix of its own, deleted afterwards) and an
S3 server (moto) on 127.0.0.1. Then:

1. 1,000 job submissions through nginx while no worker runs: the time to accept them (and
   then cancel them all, which refunds their credits);
2. the workers start; one film renders alone (the cold render, which fills the shared stage
   cache);
3. a bounded load: browsing clients (project lists, a project, jobs, balance) as fast as
   the cluster answers, plus a film submission every few seconds; a worker is SIGKILLed a
   third of the way in and an API process two thirds of the way in (each restarted a second
   later, as an orchestrator would);
4. every accepted film must complete; then the checks: no job lost or doubled, every user's
   ledger adds up to their balance and only completed films are paid for, every completed
   film's files are in S3, no scratch folder is left, no ffmpeg outlives its worker.

It prints requests/s and p50/p99 per kind of request, jobs/minute, the time to recover from
each kill, the 1,000-submission time and the checks. Workers render with the real engine
(``--renderer fake`` for a quick run); films are 30 s at 360p so the run stays bounded.
The rate limit is raised for the load users (one client address, nginx's, sends everything).

Run: ``.venv/bin/python bench/cluster.py`` (``--help`` for the options; needs ``nginx``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api import SCRIPT, Connection, forget_redis_keys, free_port, fresh_database, users

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "deploy" / "rehearsal" / "nginx.conf"
STUDIO = [sys.executable, "-m", "filmstudio.studio"]
FILM = {"title": "Rehearsal", "script": SCRIPT, "duration": 30, "settings": {"quality": "360p"}}
BUCKET = "rehearsal"


@dataclass
class Sample:
    kind: str
    started: float
    latency: float
    status: int


@dataclass
class Record:
    """Every request the load made, and when each kill happened."""

    samples: list[Sample] = field(default_factory=list)
    events: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def report(self, kinds: tuple[str, ...] | None = None, seconds: float | None = None) -> str:
        lines = []
        for kind in kinds or sorted({s.kind for s in self.samples}):
            chosen = [s for s in self.samples if s.kind == kind]
            if not chosen:
                continue
            ordered = sorted(s.latency for s in chosen)
            span = seconds or (max(s.started + s.latency for s in chosen) - chosen[0].started)
            codes: dict[int, int] = {}
            for sample in chosen:
                codes[sample.status] = codes.get(sample.status, 0) + 1
            shown = ", ".join(f"{code or 'no answer'}×{n}" for code, n in sorted(codes.items()))
            lines.append(
                f"  {kind:<10} {len(chosen):>6} requests {len(chosen) / span:>7.1f} req/s  "
                f"p50 {statistics.median(ordered) * 1000:7.1f} ms  "
                f"p99 {ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000:7.1f} ms  "
                f"[{shown}]"
            )
        return "\n".join(lines)


class Cluster:
    """The processes of the rehearsal, their settings and how to kill and restart them."""

    def __init__(self, folder: Path, database_url: str, args: argparse.Namespace) -> None:
        self.folder = folder
        self.args = args
        self.data = folder / "data"
        self.data.mkdir()
        self.port = free_port()
        self.api_ports = {"api-1": free_port(), "api-2": free_port()}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.prefix = f"cluster{os.getpid()}:"
        self.s3: Any = None
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("FILMSTUDIO_")}
        self.env.update(
            {
                "FILMSTUDIO_DATA_DIR": str(self.data),
                "FILMSTUDIO_DATABASE_URL": database_url,
                "FILMSTUDIO_QUEUE_URL": args.redis_url,
                "FILMSTUDIO_CACHE_URL": args.redis_url,
                "FILMSTUDIO_REDIS_PREFIX": self.prefix,
                "FILMSTUDIO_STORAGE_URL": f"s3://{BUCKET}",
                "FILMSTUDIO_SECRET_KEY": uuid.uuid4().hex * 2,
                "FILMSTUDIO_RENDERER": args.renderer,
                "FILMSTUDIO_FAKE_RENDER_SECONDS": str(args.fake_seconds),
                "FILMSTUDIO_CACHE_DIR": str(folder / "stage-cache"),
                "FILMSTUDIO_RATE_LIMIT": "100000/minute",
                "FILMSTUDIO_ARGON2_TIME_COST": "1",
                "FILMSTUDIO_ARGON2_MEMORY_KIB": "1024",
                "FILMSTUDIO_ARGON2_PARALLELISM": "1",
                "FILMSTUDIO_HEARTBEAT_SECONDS": "1",
                "FILMSTUDIO_STALE_AFTER_SECONDS": str(args.stale_seconds),
                "FILMSTUDIO_REAPER_INTERVAL_SECONDS": "2",
                "FILMSTUDIO_QUEUE_POLL_SECONDS": "0.2",
                "FILMSTUDIO_JOB_RETRY_DELAY_SECONDS": "1",
                "FILMSTUDIO_LOG_LEVEL": "WARNING",
                "AWS_ACCESS_KEY_ID": "rehearsal",
                "AWS_SECRET_ACCESS_KEY": "rehearsal",
            }
        )

    # -- starting -------------------------------------------------------------------------

    def start_s3(self) -> None:
        import logging

        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # a line per S3 request

        self.s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.s3.start()
        host, port = self.s3.get_host_and_port()
        self.env["FILMSTUDIO_S3_ENDPOINT_URL"] = f"http://{host}:{port}"
        self.s3_client().create_bucket(Bucket=BUCKET)

    def s3_client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.env["FILMSTUDIO_S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="rehearsal",
            aws_secret_access_key="rehearsal",
        )

    def migrate(self) -> None:
        subprocess.run([*STUDIO, "db", "upgrade"], env=self.env, check=True, capture_output=True)

    def _spawn(self, name: str, command: list[str]) -> None:
        log = (self.folder / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def start_api(self, name: str) -> None:
        port = self.api_ports[name]
        self._spawn(name, [*STUDIO, "serve", "--port", str(port), "--no-worker", "--no-migrate"])

    def start_worker(self, name: str) -> None:
        self._spawn(name, [*STUDIO, "worker"])

    def start_nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        prefix = self.folder / "nginx"
        prefix.mkdir()
        conf = NGINX_CONF.read_text()
        for token, value in (
            ("@PREFIX@", str(prefix)),
            ("@PORT@", str(self.port)),
            ("@API1@", str(self.api_ports["api-1"])),
            ("@API2@", str(self.api_ports["api-2"])),
        ):
            conf = conf.replace(token, value)
        (prefix / "nginx.conf").write_text(conf)
        for path in (self.folder, prefix):  # nginx's workers run as an unprivileged user
            path.chmod(0o755)
        self._spawn(
            "nginx", [nginx, "-e", str(prefix / "error.log"), "-p", str(prefix), "-c", "nginx.conf"]
        )

    def wait_healthy(self, port: int, timeout: float = 60) -> float:
        """Seconds until ``/health`` on `port` answers 200."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"nothing healthy on port {port}; see the logs in {self.folder}")

    # -- killing --------------------------------------------------------------------------

    def kill(self, name: str) -> None:
        """SIGKILL the process (not its children: a killed worker's ffmpeg must die by itself)."""
        process = self.processes[name]
        process.send_signal(signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is None:
                process.send_signal(signal.SIGINT if name == "nginx" else signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.s3 is not None:
            self.s3.stop()


# -- the studio's own view (its database, as the studio library reads it) -------------------


@contextlib.contextmanager
def studio_of(env: dict[str, str]) -> Iterator[Any]:
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from filmstudio.studio.context import build_studio

        studio = build_studio()
        try:
            yield studio
        finally:
            studio.close()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def job_rows(env: dict[str, str], ids: list[str]) -> dict[str, Any]:
    from sqlalchemy import select

    from filmstudio.studio.jobs.models import Job

    with studio_of(env) as studio, studio.db.read_session() as session:
        rows = session.scalars(select(Job).where(Job.id.in_([uuid.UUID(i) for i in ids]))).all()
        return {str(row.id): row for row in rows}


def processing_ids(env: dict[str, str]) -> list[str]:
    from sqlalchemy import select

    from filmstudio.studio.jobs.models import Job

    with studio_of(env) as studio, studio.db.read_session() as session:
        return [str(i) for i in session.scalars(select(Job.id).where(Job.status == "processing"))]


def credit_check(env: dict[str, str], user_ids: list[str]) -> list[str]:
    """Problems with credits: a ledger that does not add up to the balance, or a user charged
    for anything but completed films (failed and cancelled ones are refunded)."""
    from sqlalchemy import func, select

    from filmstudio.studio.accounts.models import User
    from filmstudio.studio.credits.models import CreditTransaction
    from filmstudio.studio.jobs.models import Job

    problems = []
    with studio_of(env) as studio, studio.db.read_session() as session:
        for user_id in map(uuid.UUID, user_ids):
            ledger = session.scalar(
                select(func.coalesce(func.sum(CreditTransaction.amount), 0)).where(
                    CreditTransaction.user_id == user_id
                )
            )
            balance = session.scalar(select(User.credits).where(User.id == user_id))
            added = session.scalar(
                select(func.coalesce(func.sum(CreditTransaction.amount), 0)).where(
                    CreditTransaction.user_id == user_id,
                    CreditTransaction.amount > 0,
                    CreditTransaction.kind != "refund",
                )
            )
            completed = session.scalar(
                select(func.count()).where(Job.user_id == user_id, Job.status == "completed")
            )
            if ledger != balance:
                problems.append(f"user {user_id}: ledger {ledger} but balance {balance}")
            elif balance != added - completed:
                problems.append(
                    f"user {user_id}: balance {balance}, expected {added} - {completed} films"
                )
    return problems


def ffmpeg_orphans(folder: Path) -> list[str]:
    """ffmpeg processes working for this rehearsal (their command names its folder) whose
    parent is gone (adopted by init, or by a subreaper)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if "ffmpeg" in command.split(" ", 1)[0] and str(folder) in command:
            alive = Path(f"/proc/{parent}/cmdline").exists()
            names = Path(f"/proc/{parent}/cmdline").read_bytes() if alive else b""
            if parent == 1 or b"filmstudio" not in names:
                found.append(f"pid {proc.name} (parent {parent}): {command[:120]}")
    return found


def descendants(pid: int) -> dict[int, str]:
    """Every process below `pid`, with its command line."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            parents[int(proc.name)] = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            commands[int(proc.name)] = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError, UnicodeDecodeError):
            continue
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found[child] = commands.get(child, "")
                todo.append(child)
    return found


# -- the load -------------------------------------------------------------------------------


class Client:
    """One keep-alive connection through nginx that records every request."""

    def __init__(self, port: int, record: Record, origin: float) -> None:
        self.connection = Connection("127.0.0.1", port)
        self.port = port
        self.record = record
        self.origin = origin

    async def call(
        self, kind: str, method: str, path: str, headers: dict[str, str], body: Any = None
    ) -> tuple[int, Any]:
        started = time.monotonic()
        try:
            status, raw = await asyncio.wait_for(
                self.connection.request(method, path, headers, body), timeout=60
            )
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
            self.record.errors.append(f"{kind}: {type(error).__name__} {error}"[:120])
            self.connection.close()
            self.connection = Connection("127.0.0.1", self.port)
            status, raw = 0, b""
        self.record.samples.append(
            Sample(kind, started - self.origin, time.monotonic() - started, status)
        )
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, None

    def close(self) -> None:
        self.connection.close()


async def make_projects(port: int, accounts: list[dict[str, Any]]) -> list[str]:
    client = Client(port, Record(), time.monotonic())
    made = []
    for account in accounts:
        status, project = await client.call(
            "setup", "POST", "/api/v1/projects", account["headers"], FILM
        )
        assert status == 201, project
        made.append(project["id"])
    client.close()
    return made


async def submit_many(
    port: int, writers: list[dict[str, Any]], projects: list[str], count: int, concurrency: int
) -> tuple[Record, float, list[tuple[str, int]]]:
    """`count` submissions spread over the writers; returns the record, the seconds, and each
    accepted job's id with its writer's index."""
    record = Record()
    origin = time.monotonic()
    todo = list(range(count))
    accepted: list[tuple[str, int]] = []

    async def one_client() -> None:
        client = Client(port, record, origin)
        while todo:
            n = todo.pop()
            writer = n % len(writers)
            headers = {**writers[writer]["headers"], "Idempotency-Key": f"burst-{n}"}
            body = {"project_id": projects[writer]}
            status, job = await client.call("submit", "POST", "/api/v1/jobs/submit", headers, body)
            if status == 202:
                accepted.append((job["id"], writer))
        client.close()

    await asyncio.gather(*(one_client() for _ in range(concurrency)))
    return record, time.monotonic() - origin, accepted


async def cancel_all(
    port: int, writers: list[dict[str, Any]], jobs: list[tuple[str, int]], concurrency: int
) -> Record:
    record = Record()
    origin = time.monotonic()
    todo = list(jobs)

    async def one_client() -> None:
        client = Client(port, record, origin)
        while todo:
            job, writer = todo.pop()
            path = f"/api/v1/jobs/{job}/cancel"
            await client.call("cancel", "DELETE", path, writers[writer]["headers"])
        client.close()

    await asyncio.gather(*(one_client() for _ in range(concurrency)))
    return record


@dataclass
class Film:
    key: str
    writer: int
    job_id: str | None = None
    answers: list[int] = field(default_factory=list)


async def load(
    cluster: Cluster,
    readers: list[dict[str, Any]],
    reader_projects: list[str],
    writers: list[dict[str, Any]],
    writer_projects: list[str],
) -> tuple[Record, list[Film]]:
    """Browsing plus film submissions for args.seconds; kills a worker and an API on the way."""
    args = cluster.args
    record = Record()
    origin = time.monotonic()
    films: list[Film] = []
    stop = asyncio.Event()

    async def browse(n: int) -> None:
        client = Client(cluster.port, record, origin)
        account = readers[n % len(readers)]
        mine = reader_projects[n % len(readers)]
        pages = [
            ("list", "/api/v1/projects"),
            ("project", f"/api/v1/projects/{mine}"),
            ("jobs", "/api/v1/jobs"),
            ("balance", "/api/v1/credits/balance"),
        ]
        while not stop.is_set():
            kind, path = random.choice(pages)
            await client.call(kind, "GET", path, account["headers"])
        client.close()

    async def submitter() -> None:
        client = Client(cluster.port, record, origin)
        n = 0
        while not stop.is_set():
            writer = n % len(writers)
            film = Film(f"film-{n}", writer)
            films.append(film)
            headers = {**writers[writer]["headers"], "Idempotency-Key": film.key}
            body = {"project_id": writer_projects[writer]}
            for _ in range(5):  # a client retries with the same key until it gets an answer
                status, job = await client.call(
                    "submit", "POST", "/api/v1/jobs/submit", headers, body
                )
                film.answers.append(status)
                if status == 202:
                    film.job_id = job["id"]
                    break
                await asyncio.sleep(0.5)
            n += 1
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), args.submit_every)
        client.close()

    async def chaos() -> None:
        await asyncio.sleep(args.seconds / 3)
        record.events["busy_at_worker_kill"] = len(processing_ids(cluster.env))
        record.events["worker_killed"] = time.monotonic() - origin
        record.events["worker_killed_wall"] = time.time()
        children = descendants(cluster.processes["worker-1"].pid)
        cluster.kill("worker-1")
        await asyncio.sleep(1)
        record.events["children_at_kill"] = len(children)
        record.events["ffmpeg_at_kill"] = sum("ffmpeg" in c for c in children.values())
        record.events["children_alive"] = sum(Path(f"/proc/{c}").exists() for c in children)
        record.events["orphans_after_kill"] = len(ffmpeg_orphans(cluster.folder))
        cluster.start_worker("worker-1")
        await asyncio.sleep(args.seconds / 3 - 1)
        record.events["api_killed"] = time.monotonic() - origin
        cluster.kill("api-1")
        await asyncio.sleep(1)
        cluster.start_api("api-1")
        healthy = await asyncio.to_thread(cluster.wait_healthy, cluster.api_ports["api-1"])
        record.events["api_restarted"] = record.events["api_killed"] + 1 + healthy

    async def timer() -> None:
        await asyncio.sleep(args.seconds)
        stop.set()

    await asyncio.gather(timer(), chaos(), submitter(), *(browse(n) for n in range(args.browsers)))
    record.events["load_seconds"] = time.monotonic() - origin
    return record, films


def wait_for_films(
    env: dict[str, str], ids: list[str], timeout: float
) -> tuple[dict[str, Any], float]:
    """Poll the database until every job has finished; returns the rows and when."""
    started = time.monotonic()
    while True:
        rows = job_rows(env, ids)
        if all(row.status in ("completed", "failed", "cancelled") for row in rows.values()):
            return rows, time.monotonic() - started
        if time.monotonic() - started > timeout:
            return rows, time.monotonic() - started
        time.sleep(1)


# -- the run --------------------------------------------------------------------------------


def rehearse(cluster: Cluster) -> int:
    args = cluster.args
    env = cluster.env
    problems: list[str] = []
    print(f"setting up in {cluster.folder} (renderer: {args.renderer}, {os.cpu_count()} CPUs)")
    cluster.start_s3()
    cluster.migrate()
    for name in cluster.api_ports:
        cluster.start_api(name)
    cluster.start_nginx()
    for port in cluster.api_ports.values():
        cluster.wait_healthy(port)
    cluster.wait_healthy(cluster.port)

    # 1. 1,000 submissions accepted through nginx (no worker yet), then cancelled
    burst_writers = users(env, -(-args.jobs // 25), "burst", tier="pro")
    burst_projects = asyncio.run(make_projects(cluster.port, burst_writers))
    record, seconds, accepted = asyncio.run(
        submit_many(cluster.port, burst_writers, burst_projects, args.jobs, args.concurrency)
    )
    print(
        f"\n1. {len(accepted)} of {args.jobs} job submissions accepted in {seconds:.2f} s "
        f"through nginx (2 API processes, PostgreSQL, Redis):"
    )
    print(record.report(("submit",), seconds))
    cancels = asyncio.run(cancel_all(cluster.port, burst_writers, accepted, args.concurrency))
    print(cancels.report(("cancel",)))
    rows = job_rows(env, [job for job, _ in accepted])
    if len(rows) != len(accepted) or any(r.status != "cancelled" for r in rows.values()):
        problems.append("burst: not every accepted job exists and was cancelled")
    problems += credit_check(env, [w["id"] for w in burst_writers])

    if args.seconds <= 0:  # the burst only
        print(
            "\nchecks: " + ("all passed" if not problems else "FAILED\n  " + "\n  ".join(problems))
        )
        return 1 if problems else 0

    # 2. workers; one film alone (cold: fills the shared stage cache)
    for name in ("worker-1", "worker-2"):
        cluster.start_worker(name)
    readers = users(env, args.browsers, "browse")
    reader_projects = asyncio.run(make_projects(cluster.port, readers))
    writers = users(env, 10, "film", tier="pro")
    writer_projects = asyncio.run(make_projects(cluster.port, writers))
    record, _, first = asyncio.run(
        submit_many(cluster.port, writers[:1], writer_projects[:1], 1, 1)
    )
    rows, cold = wait_for_films(env, [job for job, _ in first], args.film_timeout)
    print(f"\n2. one film alone (cold stage cache): {rows[first[0][0]].status} in {cold:.1f} s")

    # 3. the load, with a worker and an API process killed on the way
    record, films = asyncio.run(load(cluster, readers, reader_projects, writers, writer_projects))
    ev = record.events
    print(
        f"\n3. {ev['load_seconds']:.0f} s of load through nginx: {args.browsers} browsing "
        f"clients, a film every {args.submit_every:g} s; worker-1 SIGKILLed at "
        f"{ev['worker_killed']:.1f} s ({ev['busy_at_worker_kill']:.0f} films rendering), "
        f"api-1 at {ev['api_killed']:.1f} s"
    )
    print(record.report(("list", "project", "jobs", "balance", "submit"), ev["load_seconds"]))
    browse = [s for s in record.samples if s.kind != "submit"]
    ordered = sorted(s.latency for s in browse)
    print(
        f"  all browsing: {len(browse) / ev['load_seconds']:.1f} req/s, "
        f"p50 {statistics.median(ordered) * 1000:.1f} ms, "
        f"p99 {ordered[int(len(ordered) * 0.99)] * 1000:.1f} ms"
    )
    failed = [s for s in record.samples if s.status == 0 or s.status >= 500]
    near = [s for s in failed if abs(s.started - ev["api_killed"]) < 5]
    shown = ", ".join(
        f"{s.kind} {s.status or 'no answer'} at {s.started:.1f} s after {s.latency:.2f} s"
        for s in failed
    )
    print(
        f"  failed requests: {len(failed)} of {len(record.samples)} ({shown or 'none'}); "
        f"{len(near)} within 5 s of the api-1 kill (a request in flight on api-1 when it died; "
        f"nginx retries only what never reached it); api-1 healthy again "
        f"{ev['api_restarted'] - ev['api_killed']:.1f} s after the kill (its start-up)"
    )
    for error in record.errors:
        print(f"    no answer: {error}")

    # 4. every accepted film completes; then the checks
    ids = [f.job_id for f in films if f.job_id]
    unanswered = [f.key for f in films if f.job_id is None]
    rows, waited = wait_for_films(env, ids, args.film_timeout)
    done = [r for r in rows.values() if r.status == "completed"]
    span = max(r.finished_at for r in done) - min(r.created_at for r in done) if done else None
    minutes = span.total_seconds() / 60 if span else 0
    retried = [r for r in rows.values() if r.attempts > 1]
    killed = ev["worker_killed_wall"]
    taken = [r.started_at.timestamp() - killed for r in retried if r.started_at]
    recover = [r.finished_at.timestamp() - killed for r in retried if r.finished_at]
    print(
        f"\n4. {len(done)} of {len(ids)} accepted films completed "
        f"({len(films)} submitted, {len(unanswered)} never accepted after 5 tries); "
        f"all finished {waited:.0f} s after the load ended; "
        f"{len(done) / minutes if minutes else 0:.1f} films/minute over {minutes * 60:.0f} s"
    )
    if retried:
        print(
            f"  worker-1 kill: {len(retried)} film(s) rendered again by another attempt; "
            f"taken up again {max(taken):.1f} s after the kill (a job is retried "
            f"{args.stale_seconds:g} s after its last heartbeat, then waits its turn in the "
            f"queue), finished {max(recover):.1f} s after it"
        )
    print(
        f"  worker-1 had {ev['children_at_kill']:.0f} child processes at the kill "
        f"({ev['ffmpeg_at_kill']:.0f} ffmpeg); {ev['children_alive']:.0f} still alive a "
        "second later"
    )
    if len(rows) != len(ids):
        problems.append(f"{len(ids) - len(rows)} accepted jobs are missing from the database")
    problems += [
        f"job {i}: {r.status} ({r.error})" for i, r in rows.items() if r.status != "completed"
    ]
    problems += credit_check(env, [w["id"] for w in writers])
    with studio_of(env) as studio, studio.db.read_session() as session:
        from sqlalchemy import func, select

        from filmstudio.studio.jobs.models import Job

        per_key = session.execute(
            select(Job.idempotency_key, func.count())
            .where(Job.idempotency_key.like("film-%"))
            .group_by(Job.idempotency_key)
        ).all()
    problems += [f"key {key}: {n} jobs" for key, n in per_key if n != 1]
    s3 = cluster.s3_client()
    missing = 0
    for row in done:
        for key in row.outputs.values():
            try:
                s3.head_object(Bucket=BUCKET, Key=key)
            except Exception:
                missing += 1
    if missing:
        problems.append(f"{missing} output files of completed films are missing from S3")
    time.sleep(5)  # a sweep or two of the workers' recovery loop
    left = sorted(p.name for p in (cluster.data / "work").glob("job-*"))
    orphans = ffmpeg_orphans(cluster.folder)
    print(
        f"  files: every output of the {len(done)} completed films "
        f"{'is' if not missing else 'is NOT'} in S3; scratch folders left: {len(left)}; "
        f"ffmpeg orphans: {ev['orphans_after_kill']:.0f} a second after the kill, "
        f"{len(orphans)} now"
    )
    problems += [f"scratch folder left: {name}" for name in left]
    problems += [f"orphaned ffmpeg: {o}" for o in orphans]
    print("\nchecks: " + ("all passed" if not problems else "FAILED\n  " + "\n  ".join(problems)))
    return 1 if problems else 0


# -- one film across 1 and 2 workers ---------------------------------------------------------


def cpu_of_tree(pid: int) -> float:
    """CPU seconds of a process and of its children it has waited for (ffmpeg, encoders)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / os.sysconf("SC_CLK_TCK")


def one_film(cluster: Cluster, workers: int, script: str) -> dict[str, Any]:
    """Render one film with `workers` worker processes sharing a cold stage cache; returns
    its wall time, the workers' CPU and when each stage started (the job's progress)."""
    from filmstudio.studio.deps import user_for
    from filmstudio.studio.jobs import service as jobs
    from filmstudio.studio.projects import service as projects
    from filmstudio.studio.projects.schemas import ProjectCreate

    args = cluster.args
    cluster.env["FILMSTUDIO_CACHE_DIR"] = str(cluster.folder / f"stage-cache-{workers}")
    names = [f"scale{workers}-{n}" for n in range(workers)]
    for name in names:
        cluster.start_worker(name)
    time.sleep(args.worker_start_seconds)  # each has imported the engine and polls the queue
    (account,) = users(cluster.env, 1, f"scale{workers}", tier="pro")
    with studio_of(cluster.env) as studio:
        user = user_for(studio, {"sub": account["id"]})
        fields = {"title": "Scaling", "script": script, "duration": args.film_seconds}
        project = projects.create(
            studio, user, ProjectCreate(**fields, settings={"quality": args.quality})
        )
        started = time.monotonic()
        job_id = jobs.submit(studio, user, project.id, None).id
    steps: list[tuple[float, str]] = []
    while True:
        (row,) = job_rows(cluster.env, [str(job_id)]).values()
        if not steps or steps[-1][1] != row.current_step:
            steps.append((time.monotonic() - started, row.current_step))
        if row.status in ("completed", "failed", "cancelled"):
            break
        time.sleep(0.5)
    wall = time.monotonic() - started
    claimed = next((at for at, step in steps if step not in ("queued",)), 0.0)
    cpu = sum(cpu_of_tree(cluster.processes[name].pid) for name in names)
    for name in names:
        cluster.processes[name].send_signal(signal.SIGTERM)
        cluster.processes[name].wait(timeout=120)
    return {
        "status": row.status,
        "wall": wall - claimed,  # from the claim: a worker's start-up is not the render
        "cpu": cpu,
        "steps": steps,
        "error": row.error,
    }


def film_scaling(cluster: Cluster) -> int:
    args = cluster.args
    cluster.start_s3()
    cluster.migrate()
    cluster.env["FILMSTUDIO_JOB_TIMEOUT_SECONDS"] = "7200"  # a loaded machine is slow
    script = Path(args.script).read_text()
    results = {}
    for workers in (1, 2):
        print(f"load before {workers} worker(s): {os.getloadavg()}", flush=True)
        results[workers] = one_film(cluster, workers, script)
        done = results[workers]
        stages = ", ".join(f"{step} {at:.0f}s" for at, step in done["steps"])
        print(
            f"{workers} worker process(es): {done['status']} in {done['wall']:.1f} s wall "
            "from the claim, "
            f"{done['cpu']:.1f} CPU-s in the workers; load after {os.getloadavg()}\n"
            f"  stages (job's progress, seconds from submit): {stages}",
            flush=True,
        )
    one, two = results[1]["wall"], results[2]["wall"]
    print(
        f"\n{args.film_seconds:g} s {args.quality} film, {Path(args.script).name}: speed-up "
        f"{one / two:.2f}x with 2 workers, efficiency {one / (2 * two):.0%} "
        f"(CPU-s {results[1]['cpu']:.0f} vs {results[2]['cpu']:.0f})"
    )
    return 0 if all(r["status"] == "completed" for r in results.values()) else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432/test",
        help="a PostgreSQL server; the rehearsal makes (and drops) a database there",
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/12",
        help="a Redis database of the rehearsal's own (its keys are deleted)",
    )
    parser.add_argument("--renderer", choices=("engine", "fake"), default="engine")
    parser.add_argument("--fake-seconds", type=float, default=4.0, help="a fake render's length")
    parser.add_argument("--jobs", type=int, default=1000, help="submissions in the burst")
    parser.add_argument("--concurrency", type=int, default=16, help="connections of the burst")
    parser.add_argument(
        "--seconds", type=float, default=90, help="length of the load (0: the burst only)"
    )
    parser.add_argument("--browsers", type=int, default=6, help="browsing clients")
    parser.add_argument("--submit-every", type=float, default=3.0, help="seconds between films")
    parser.add_argument(
        "--stale-seconds",
        type=float,
        default=10.0,
        help="a job without a heartbeat this long is retried",
    )
    parser.add_argument("--film-timeout", type=float, default=600.0)
    parser.add_argument("--keep", action="store_true", help="keep the folder (logs) afterwards")
    parser.add_argument(
        "--film-scaling",
        action="store_true",
        help="instead: one film rendered by 1, then 2 worker processes (real engine)",
    )
    parser.add_argument(
        "--script", default=str(ROOT / "bench" / "scripts" / "night-ferry.fountain")
    )
    parser.add_argument("--film-seconds", type=float, default=300)
    parser.add_argument("--quality", default="720p")
    parser.add_argument("--worker-start-seconds", type=float, default=20)
    args = parser.parse_args()
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        raise SystemExit("nginx is not installed (Debian: apt-get install nginx-light)")
    folder = Path(tempfile.mkdtemp(prefix="filmstudio-cluster-"))
    code = 1
    try:
        with fresh_database(args.postgres) as database_url:
            assert database_url is not None
            cluster = Cluster(folder, database_url, args)
            try:
                code = film_scaling(cluster) if args.film_scaling else rehearse(cluster)
            finally:
                cluster.stop()
                forget_redis_keys(args.redis_url, cluster.prefix)
    finally:
        if args.keep:
            print(f"logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
